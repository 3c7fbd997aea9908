/**
 * An ExternalSecret says how often it re-reads its store. Left out, External
 * Secrets Operator defaults to an hour without anyone having decided so; "0s"
 * reads once and never again, which is what refreshPolicy: CreatedOnce says
 * explicitly. A rotation in Parameter Store only reaches the pods (through
 * Reloader) if the Secret is refreshed.
 */
import type { ObjectPolicy } from './policy.ts';
import { mappingAt } from './policy.ts';

// Go's time.ParseDuration: one or more decimal numbers each with a unit, or a bare 0.
const GO_DURATION = /^[-+]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$|^[-+]?0$/;

export const externalSecretRefresh: ObjectPolicy = {
  id: 'externalsecret-refresh',
  summary: 'an ExternalSecret sets spec.refreshInterval to a non-zero Go duration (unless its refreshPolicy is CreatedOnce or OnChange)',
  check({ apiVersion, kind, value, partial }) {
    if (kind !== 'ExternalSecret' || !apiVersion.startsWith('external-secrets.io/')) return [];
    const spec = mappingAt(value, 'spec');
    const policy = spec?.['refreshPolicy'];
    if (policy === 'CreatedOnce' || policy === 'OnChange') return [];
    const interval = spec?.['refreshInterval'];
    if (interval === undefined || interval === null) {
      // A patch leaves the interval to the ExternalSecret it patches.
      if (partial) return [];
      return [{
        path: spec === undefined ? ['spec'] : ['spec', 'refreshInterval'],
        message: 'missing spec.refreshInterval: say how often the secret is re-read, such as 1h (or set refreshPolicy: CreatedOnce to read it once)',
      }];
    }
    if (typeof interval !== 'string' || !GO_DURATION.test(interval)) {
      return [{ path: ['spec', 'refreshInterval'], message: `must be a Go duration such as 1h, 15m or 1h30m, got ${JSON.stringify(interval)}` }];
    }
    if (interval.startsWith('-')) {
      return [{ path: ['spec', 'refreshInterval'], message: `must not be negative, got "${interval}"` }];
    }
    if (!/[1-9]/.test(interval)) {
      return [{ path: ['spec', 'refreshInterval'], message: `"${interval}" reads the secret once and never refreshes it; set a duration such as 1h, or say so with refreshPolicy: CreatedOnce` }];
    }
    return [];
  },
};
