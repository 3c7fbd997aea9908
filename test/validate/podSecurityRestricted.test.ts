/**
 * pod-security-restricted: each control of the Pod Security Standards
 * (restricted, baseline included) on a pod that meets it and one that does
 * not, the inheritance of pod-level settings, the Windows exemptions, and the
 * kinds and containers it judges.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkManifestText, type FileRole } from '../../src/validate/manifests.ts';
import { POLICIES } from '../../src/validate/policies/index.ts';
import { podSecurityRestricted } from '../../src/validate/policies/pod-security-restricted.ts';
import { formatPath } from '../../src/vocabulary/issue.ts';
import { targetSchemas } from '../support/schemas.ts';

type Json = Record<string, unknown>;

/** A Pod that meets restricted, as scaffold's skeletons write it. */
function restrictedPod(): Json {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web' },
    spec: {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{ name: 'web', image: 'nginx', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
      volumes: [{ name: 'config', configMap: { name: 'web' } }],
    },
  };
}

function judge(value: Json, partial = false): { path: string; message: string }[] {
  return podSecurityRestricted.check({ apiVersion: String(value['apiVersion']), kind: String(value['kind']), value, partial }).map((f) => ({ path: formatPath(f.path), message: f.message }));
}
const paths = (value: Json) => judge(value).map((f) => f.path);

const spec = (pod: Json) => pod['spec'] as Json;
const container = (pod: Json, index = 0) => (spec(pod)['containers'] as Json[])[index]!;
const security = (pod: Json, index = 0) => container(pod, index)['securityContext'] as Json;
const capabilities = (pod: Json) => security(pod)['capabilities'] as Json;
const seLinuxOf = (securityContext: Json) => (securityContext['seLinuxOptions'] ??= {}) as Json;

/** One departure from restricted for each control: what it changes, and where the finding must be. */
interface Departure {
  control: string;
  apply(pod: Json): void;
  path: string;
}

const DEPARTURES: Departure[] = [
  { control: 'HostProcess', apply: (p) => Object.assign(security(p), { windowsOptions: { hostProcess: true } }), path: 'spec.containers[0].securityContext.windowsOptions.hostProcess' },
  { control: 'Host Namespaces', apply: (p) => Object.assign(spec(p), { hostNetwork: true }), path: 'spec.hostNetwork' },
  { control: 'Host Namespaces', apply: (p) => Object.assign(spec(p), { hostPID: true }), path: 'spec.hostPID' },
  { control: 'Host Namespaces', apply: (p) => Object.assign(spec(p), { hostIPC: true }), path: 'spec.hostIPC' },
  { control: 'Privileged Containers', apply: (p) => Object.assign(security(p), { privileged: true }), path: 'spec.containers[0].securityContext.privileged' },
  { control: 'Capabilities', apply: (p) => Object.assign(capabilities(p), { add: ['SYS_ADMIN'] }), path: 'spec.containers[0].securityContext.capabilities.add[0]' },
  { control: 'Capabilities', apply: (p) => Object.assign(capabilities(p), { drop: ['NET_RAW'] }), path: 'spec.containers[0].securityContext.capabilities.drop' },
  { control: 'HostPath Volumes', apply: (p) => (spec(p)['volumes'] as Json[]).push({ name: 'logs', hostPath: { path: '/var/log' } }), path: 'spec.volumes[1].hostPath' },
  { control: 'Volume Types', apply: (p) => (spec(p)['volumes'] as Json[]).push({ name: 'share', nfs: { server: 'nfs', path: '/' } }), path: 'spec.volumes[1].nfs' },
  { control: 'Host Ports', apply: (p) => Object.assign(container(p), { ports: [{ containerPort: 80, hostPort: 8080 }] }), path: 'spec.containers[0].ports[0].hostPort' },
  { control: 'Host Probes / Lifecycle Hooks', apply: (p) => Object.assign(container(p), { livenessProbe: { httpGet: { port: 80, host: '10.0.0.1' } } }), path: 'spec.containers[0].livenessProbe.httpGet.host' },
  { control: 'Host Probes / Lifecycle Hooks', apply: (p) => Object.assign(container(p), { lifecycle: { preStop: { tcpSocket: { port: 80, host: 'node' } } } }), path: 'spec.containers[0].lifecycle.preStop.tcpSocket.host' },
  { control: 'AppArmor', apply: (p) => Object.assign(security(p), { appArmorProfile: { type: 'Unconfined' } }), path: 'spec.containers[0].securityContext.appArmorProfile.type' },
  { control: 'AppArmor', apply: (p) => Object.assign(p['metadata'] as Json, { annotations: { 'container.apparmor.security.beta.kubernetes.io/web': 'unconfined' } }), path: 'metadata.annotations["container.apparmor.security.beta.kubernetes.io/web"]' },
  { control: 'SELinux', apply: (p) => Object.assign(spec(p)['securityContext'] as Json, { seLinuxOptions: { type: 'spc_t' } }), path: 'spec.securityContext.seLinuxOptions.type' },
  { control: 'SELinux', apply: (p) => Object.assign(seLinuxOf(security(p)), { user: 'system_u' }), path: 'spec.containers[0].securityContext.seLinuxOptions.user' },
  { control: 'SELinux', apply: (p) => Object.assign(seLinuxOf(security(p)), { role: 'sysadm_r' }), path: 'spec.containers[0].securityContext.seLinuxOptions.role' },
  { control: '/proc Mount Type', apply: (p) => Object.assign(security(p), { procMount: 'Unmasked' }), path: 'spec.containers[0].securityContext.procMount' },
  { control: 'Sysctls', apply: (p) => Object.assign(spec(p)['securityContext'] as Json, { sysctls: [{ name: 'net.core.somaxconn', value: '1024' }] }), path: 'spec.securityContext.sysctls[0].name' },
  { control: 'Seccomp', apply: (p) => Object.assign(spec(p)['securityContext'] as Json, { seccompProfile: { type: 'Unconfined' } }), path: 'spec.securityContext.seccompProfile.type' },
  { control: 'Privilege Escalation', apply: (p) => Object.assign(security(p), { allowPrivilegeEscalation: true }), path: 'spec.containers[0].securityContext.allowPrivilegeEscalation' },
  { control: 'Running as Non-root', apply: (p) => Object.assign(spec(p)['securityContext'] as Json, { runAsNonRoot: false }), path: 'spec.securityContext.runAsNonRoot' },
  { control: 'Running as Non-root user', apply: (p) => Object.assign(security(p), { runAsUser: 0 }), path: 'spec.containers[0].securityContext.runAsUser' },
];

describe('pod-security-restricted', () => {
  it('accepts a pod that meets restricted, and what each control allows', () => {
    expect(judge(restrictedPod())).toEqual([]);
    const allowed = restrictedPod();
    Object.assign(spec(allowed), { hostNetwork: false, hostPID: false, hostIPC: false });
    Object.assign(spec(allowed)['securityContext'] as Json, {
      runAsUser: 1000,
      seLinuxOptions: { type: 'container_t', level: 's0:c1,c2' },
      appArmorProfile: { type: 'RuntimeDefault' },
      sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }, { name: 'net.ipv4.tcp_keepalive_time', value: '600' }],
      windowsOptions: { hostProcess: false },
    });
    Object.assign(security(allowed), { privileged: false, procMount: 'Default', capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] }, seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' }, appArmorProfile: { type: 'Localhost', localhostProfile: 'p' } });
    Object.assign(container(allowed), { ports: [{ containerPort: 80, hostPort: 0 }], readinessProbe: { httpGet: { port: 80, host: '' } } });
    Object.assign(allowed['metadata'] as Json, { annotations: { 'container.apparmor.security.beta.kubernetes.io/web': 'localhost/p', 'container.apparmor.security.beta.kubernetes.io/x': 'runtime/default' } });
    (spec(allowed)['volumes'] as Json[]).push(
      { name: 'a', secret: { secretName: 's' } },
      { name: 'b', emptyDir: {} },
      { name: 'c', projected: { sources: [] } },
      { name: 'd', downwardAPI: {} },
      { name: 'e', persistentVolumeClaim: { claimName: 'c' } },
      { name: 'f', ephemeral: { volumeClaimTemplate: { spec: {} } } },
      { name: 'g', csi: { driver: 'd' } },
      { name: 'h', image: { reference: 'r' } },
    );
    expect(judge(allowed)).toEqual([]);
  });

  for (const departure of DEPARTURES) {
    it(`${departure.control}: finds ${departure.path}`, () => {
      const pod = restrictedPod();
      departure.apply(pod);
      const found = judge(pod);
      expect(found.map((f) => f.path)).toEqual([departure.path]);
      expect(found[0]!.message).toContain(`Pod Security "restricted" (${departure.control}) requires`);
    });
  }

  it('finds each departure, and only those, whichever of them a pod combines', () => {
    fc.assert(
      // The volume departures each add the second volume: one of them at a time.
      fc.property(fc.subarray(DEPARTURES.filter((d) => !d.path.startsWith('spec.volumes')), { minLength: 1 }), (chosen) => {
        const pod = restrictedPod();
        for (const d of chosen) d.apply(pod);
        expect(new Set(paths(pod))).toEqual(new Set(chosen.map((d) => d.path)));
      }),
    );
  });

  it('says which added capability baseline would allow, and requires drop ALL where the securityContext is missing', () => {
    const pod = restrictedPod();
    Object.assign(security(pod), { capabilities: { drop: ['ALL'], add: ['CHOWN', 'NET_ADMIN', 'NET_BIND_SERVICE'] } });
    expect(judge(pod).map((f) => f.message)).toEqual([
      'container "web" adds capability CHOWN (baseline allows it); Pod Security "restricted" (Capabilities) requires capabilities.add to hold at most NET_BIND_SERVICE',
      'container "web" adds capability NET_ADMIN (baseline forbids it too); Pod Security "restricted" (Capabilities) requires capabilities.add to hold at most NET_BIND_SERVICE',
    ]);
    delete container(pod)['securityContext'];
    expect(judge(pod)).toEqual([
      { path: 'spec.containers[0]', message: 'container "web" does not drop ALL capabilities; Pod Security "restricted" (Capabilities) requires securityContext.capabilities.drop to include ALL' },
      { path: 'spec.containers[0]', message: 'container "web" does not forbid privilege escalation; Pod Security "restricted" (Privilege Escalation) requires securityContext.allowPrivilegeEscalation: false' },
    ]);
  });

  it('takes seccomp and runAsNonRoot from the pod or from every container, and names a container that has neither', () => {
    const onContainers = restrictedPod();
    delete spec(onContainers)['securityContext'];
    Object.assign(security(onContainers), { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(judge(onContainers)).toEqual([]);
    (spec(onContainers)['initContainers'] as unknown) = [{ name: 'init', image: 'busybox', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }];
    expect(judge(onContainers)).toEqual([
      { path: 'spec.initContainers[0].securityContext', message: 'neither the pod nor init container "init" sets a seccomp profile; Pod Security "restricted" (Seccomp) requires seccompProfile.type RuntimeDefault or Localhost on the pod or on every container' },
      { path: 'spec.initContainers[0].securityContext', message: 'neither the pod nor init container "init" sets runAsNonRoot: true; Pod Security "restricted" (Running as Non-root) requires runAsNonRoot: true on the pod or on every container' },
    ]);
    const overridden = restrictedPod();
    Object.assign(security(overridden), { runAsNonRoot: false, seccompProfile: { type: 'Unconfined' } });
    expect(paths(overridden)).toEqual(['spec.containers[0].securityContext.seccompProfile.type', 'spec.containers[0].securityContext.runAsNonRoot']);
  });

  it('names a bad pod-level value once, not again on each container that inherits it', () => {
    const pod = restrictedPod();
    Object.assign(spec(pod)['securityContext'] as Json, { runAsNonRoot: false, runAsUser: 0 });
    expect(paths(pod)).toEqual(['spec.securityContext.runAsNonRoot', 'spec.securityContext.runAsUser']);
  });

  it('judges init and ephemeral containers as the containers', () => {
    const pod = restrictedPod();
    Object.assign(spec(pod), {
      initContainers: [{ name: 'init', image: 'i', securityContext: { privileged: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
      ephemeralContainers: [{ name: 'debug', image: 'd', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: ['SYS_PTRACE'] } } }],
    });
    expect(judge(pod).map((f) => f.message.split(';')[0])).toEqual(['init container "init" is privileged', 'ephemeral container "debug" adds capability SYS_PTRACE (baseline forbids it too)']);
  });

  it('exempts a Windows pod from capabilities, privilege escalation and seccomp, and from nothing else', () => {
    const pod = restrictedPod();
    Object.assign(spec(pod), { os: { name: 'windows' }, hostNetwork: true });
    delete spec(pod)['securityContext'];
    delete container(pod)['securityContext'];
    expect(paths(pod)).toEqual(['spec.hostNetwork', 'spec.containers[0]']);
    expect(judge(pod)[1]!.message).toContain('(Running as Non-root)');
    Object.assign(spec(pod), { os: { name: 'linux' } });
    expect(judge(pod).map((f) => /\(([^)]+)\) requires/.exec(f.message)![1])).toEqual(['Host Namespaces', 'Capabilities', 'Privilege Escalation', 'Seccomp', 'Running as Non-root']);
  });

  it('judges the pod template of every workload kind, and leaves patches to the resource they patch', () => {
    const template = { metadata: { labels: { app: 'web' } }, spec: spec(restrictedPod()) };
    const privileged = (value: Json) => JSON.parse(JSON.stringify(value).replace('"allowPrivilegeEscalation":false', '"allowPrivilegeEscalation":false,"privileged":true')) as Json;
    const kinds: [string, string, Json][] = [
      ['apps/v1', 'Deployment', { spec: { selector: {}, template } }],
      ['apps/v1', 'StatefulSet', { spec: { selector: {}, template } }],
      ['apps/v1', 'DaemonSet', { spec: { selector: {}, template } }],
      ['apps/v1', 'ReplicaSet', { spec: { selector: {}, template } }],
      ['v1', 'ReplicationController', { spec: { template } }],
      ['batch/v1', 'Job', { spec: { template } }],
      ['batch/v1', 'CronJob', { spec: { schedule: '* * * * *', jobTemplate: { spec: { template } } } }],
      ['v1', 'PodTemplate', { template }],
    ];
    for (const [apiVersion, kind, rest] of kinds) {
      const object = { apiVersion, kind, metadata: { name: 'web' }, ...rest };
      expect(judge(object), kind).toEqual([]);
      expect(paths(privileged(object)), kind).toEqual([expect.stringMatching(/containers\[0\]\.securityContext\.privileged$/)]);
      expect(judge(privileged(object), true), kind).toEqual([]);
    }
    expect(judge({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { hostNetwork: true } })).toEqual([]);
  });

  it('reports through validate with its id, at the line of the offending field', () => {
    const { registry, kubernetes } = targetSchemas();
    const role: FileRole = { kustomizationFile: false, discovered: false };
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}\n  containers:\n    - name: a\n      image: a\n      resources: {limits: {cpu: 100m, memory: 64Mi}}\n      securityContext:\n        allowPrivilegeEscalation: false\n        capabilities: {drop: [ALL]}\n        privileged: true\n';
    const issues = checkManifestText(text, 'p.yaml', role, { registry, kubernetes, policies: POLICIES, ignoreMissingSchemas: false, skipKinds: new Set() }).flatMap((r) => r.issues);
    expect(issues.map((i) => [i.rule, i.severity, i.path, i.line])).toEqual([['pod-security-restricted', 'error', 'spec.containers[0].securityContext.privileged', 13]]);
  });
});
