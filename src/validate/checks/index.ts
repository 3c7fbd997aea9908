/**
 * The checks of what the Kubernetes API server refuses (or warns about) that
 * a JSON schema cannot say, in the order their findings are documented:
 * those of one object, then the one across the objects of an input.
 */
import { annotationSyntax } from './annotation-syntax.ts';
import type { ApiServerCheck, ApiServerInputCheck } from './check.ts';
import { containerName } from './container-name.ts';
import { containerPortDuplicate } from './container-port-duplicate.ts';
import { containerPortName } from './container-port-name.ts';
import { cronjobSchedule } from './cronjob-schedule.ts';
import { envDuplicate } from './env-duplicate.ts';
import { ingressPath } from './ingress-path.ts';
import { labelSyntax } from './label-syntax.ts';
import { objectName } from './object-name.ts';
import { resourceRequirements } from './resource-requirements.ts';
import { selectorMatch } from './selector-match.ts';
import { servicePorts } from './service-ports.ts';
import { serviceTargetPort } from './service-target-port.ts';
import { volumeMount } from './volume-mount.ts';

export type { ApiServerCheck, ApiServerInputCheck } from './check.ts';

export const API_SERVER_CHECKS: readonly (ApiServerCheck | ApiServerInputCheck)[] = [
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
  ingressPath,
  cronjobSchedule,
  serviceTargetPort,
];
