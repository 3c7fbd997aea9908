import { Option } from 'commander';
import { bundledMinor, newestMinor } from '../schemas/kubernetesVersions.ts';
import { UsageError } from './exit.ts';

/** Commander's accumulator for an option that may be given several times (`--env a --env b`). */
export function repeatable(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/**
 * `--kubernetes-version`, listing the bundled minors (read from the bundle,
 * so a regenerated bundle needs no change here). No commander default: a
 * command must know whether it was given, since it then wins over each
 * environment's kubernetesVersion. `otherwise` says what is used without it.
 */
export function kubernetesVersionOption(bundled: readonly string[], otherwise: string): Option {
  return new Option(
    '--kubernetes-version <version>',
    `Kubernetes version whose schemas and APIs to use, one of the bundled ${bundled.join(', ')} (written 1.34, v1.34 or v1.34.2). Default: ${otherwise.replaceAll('NEWEST', newestMinor(bundled))}`,
  );
}

/** The bundled minor `--kubernetes-version` names; undefined when not given. Anything else is a usage error naming the bundled minors. */
export function checkedKubernetesVersion(given: string | undefined, bundled: readonly string[]): string | undefined {
  if (given === undefined) return undefined;
  const chosen = bundledMinor(given, bundled);
  if ('problem' in chosen) {
    throw new UsageError(
      `--kubernetes-version: ${chosen.problem}. For another version, import its OpenAPI document (scaffold schemas import --openapi FILE --out DIR) and pass --schemas DIR`,
    );
  }
  return chosen.version;
}
