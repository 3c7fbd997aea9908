/**
 * The checks of what the Kubernetes API server refuses (or warns about) that
 * a JSON schema cannot say, in the order their findings are documented.
 * Each is a Policy, so they run where the policies run; the check across
 * objects (service-target-port) judges a whole input and is separate.
 */
import { annotationSyntax } from './annotation-syntax.ts';
import type { ApiServerCheck } from './check.ts';
import { containerName } from './container-name.ts';
import { containerPortDuplicate } from './container-port-duplicate.ts';
import { containerPortName } from './container-port-name.ts';
import { cronjobSchedule } from './cronjob-schedule.ts';
import { envDuplicate } from './env-duplicate.ts';
import { labelSyntax } from './label-syntax.ts';
import { objectName } from './object-name.ts';
import { resourceRequirements } from './resource-requirements.ts';
import { selectorMatch } from './selector-match.ts';
import { servicePorts } from './service-ports.ts';
import { volumeMount } from './volume-mount.ts';

export type { ApiServerCheck } from './check.ts';
export { SERVICE_TARGET_PORT, serviceTargetPortFindings, type CrossObjectFinding, type InputObject } from './service-target-port.ts';

export const API_SERVER_CHECKS: readonly ApiServerCheck[] = [
  objectName,
  labelSyntax,
  annotationSyntax,
  selectorMatch,
  containerName,
  containerPortName,
  containerPortDuplicate,
  envDuplicate,
  volumeMount,
  resourceRequirements,
  servicePorts,
  cronjobSchedule,
];
