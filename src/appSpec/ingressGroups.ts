/**
 * The rules across apps of one ALB IngressGroup. The AWS Load Balancer
 * Controller builds one load balancer per group in a cluster (one
 * environment), so the group has one scheme: it refuses to reconcile Ingresses
 * that ask for two. `ssl-redirect` on any of its Ingresses redirects the whole
 * load balancer, so an app of the group without a certificate would get its
 * HTTP redirected to an HTTPS listener that has none of its hosts: within a
 * group and environment, every app has a certificate or none has.
 */
import type { PathSegment } from '../vocabulary/issue.ts';
import { DEFAULT_INGRESS_SCHEME, ingressGroup } from './effective.ts';
import type { AppSpec, Environment } from './types.ts';

/** An app, its namespace resolved (it may come from the organisation config). */
export interface GroupMember {
  specPath: string;
  spec: Pick<AppSpec['spec'], 'ingress'> & { namespace: string; environments: Record<string, Pick<Environment, 'ingress'>> };
}

/** A conflict: found at one app's field, against another app's. */
export interface GroupConflict {
  at: { specPath: string; path: PathSegment[] };
  other: { specPath: string; path: PathSegment[] };
  message: string;
}

/** Every conflict between apps of a group that share an environment, each reported at the later app against the first it conflicts with. */
export function ingressGroupConflicts(members: readonly GroupMember[]): GroupConflict[] {
  const byGroup = new Map<string, GroupMember[]>();
  for (const member of members) {
    if (member.spec.ingress === undefined) continue;
    const group = ingressGroup(member.spec);
    byGroup.set(group, [...(byGroup.get(group) ?? []), member]);
  }
  const conflicts: GroupConflict[] = [];
  for (const [group, apps] of byGroup) {
    conflicts.push(...schemeConflicts(group, apps), ...certificateConflicts(group, apps));
  }
  return conflicts;
}

function schemeConflicts(group: string, apps: readonly GroupMember[]): GroupConflict[] {
  const conflicts: GroupConflict[] = [];
  apps.forEach((app, i) => {
    const scheme = schemeOf(app);
    for (const first of apps.slice(0, i)) {
      const shared = sharedEnvironments(first, app);
      if (schemeOf(first) === scheme || shared.length === 0) continue;
      conflicts.push({
        at: { specPath: app.specPath, path: schemePath(app) },
        other: { specPath: first.specPath, path: schemePath(first) },
        message: `scheme ${scheme} puts IngressGroup ${group} on a load balancer that ${first.specPath} makes ${schemeOf(first)} in ${shared.join(', ')}; a group is one load balancer with one scheme, and the AWS Load Balancer Controller refuses the group. Give one of the apps its own spec.ingress.group, or the same scheme`,
      });
      break;
    }
  });
  return conflicts;
}

function certificateConflicts(group: string, apps: readonly GroupMember[]): GroupConflict[] {
  const conflicts: GroupConflict[] = [];
  const environments = [...new Set(apps.flatMap((app) => Object.keys(app.spec.environments)))];
  for (const envName of environments) {
    const inEnv = apps.filter((app) => app.spec.environments[envName] !== undefined);
    const first = inEnv[0];
    if (first === undefined) continue;
    const firstHas = hasCertificate(first, envName);
    for (const app of inEnv.slice(1)) {
      if (hasCertificate(app, envName) === firstHas) continue;
      const [withOne, without] = firstHas ? [first, app] : [app, first];
      conflicts.push({
        at: { specPath: app.specPath, path: certificatePath(app, envName) },
        other: { specPath: first.specPath, path: certificatePath(first, envName) },
        message: `${withOne.specPath} has a certificateArn in ${envName} and ${without.specPath} has none, in IngressGroup ${group}: its ssl-redirect sends the HTTP of every app of the group to HTTPS, where ${without.specPath}'s host has no certificate. Give every app of the group in ${envName} a certificate, or none, or give one of them its own spec.ingress.group`,
      });
    }
  }
  return conflicts;
}

function schemeOf(app: GroupMember): string {
  return app.spec.ingress?.scheme ?? DEFAULT_INGRESS_SCHEME;
}

/** Where the scheme is said: the field, or the ingress that takes the default. */
function schemePath(app: GroupMember): PathSegment[] {
  return app.spec.ingress?.scheme === undefined ? ['spec', 'ingress'] : ['spec', 'ingress', 'scheme'];
}

function hasCertificate(app: GroupMember, envName: string): boolean {
  return app.spec.environments[envName]?.ingress?.certificateArn !== undefined;
}

/** The certificate's field, or the environment that has none. */
function certificatePath(app: GroupMember, envName: string): PathSegment[] {
  return hasCertificate(app, envName) ? ['spec', 'environments', envName, 'ingress', 'certificateArn'] : ['spec', 'environments', envName];
}

function sharedEnvironments(a: GroupMember, b: GroupMember): string[] {
  return Object.keys(b.spec.environments).filter((envName) => a.spec.environments[envName] !== undefined);
}
