/**
 * Pod Security Standards, level "restricted" (which includes "baseline"), as
 * https://kubernetes.io/docs/concepts/security/pod-security-standards/ defines
 * it for the latest policy version and Pod Security Admission enforces it: a
 * namespace labelled `pod-security.kubernetes.io/enforce: restricted` refuses
 * the pods of a template that breaks it, and the workload then runs no pod at
 * all, which only shows in its events. Every manifest scaffold generates meets
 * it; this holds a user patch, or an adopted or hand-written manifest, to it too.
 *
 * Each finding names the field that breaks a control (or the securityContext
 * where a required field is missing), the control, and what it allows. A
 * Windows pod (`spec.os.name: windows`) is exempt from the Linux-only controls
 * (privilege escalation, seccomp, capabilities), as the standard says since v1.25.
 */
import type { PathSegment } from '../../vocabulary/issue.ts';
import { isMapping } from '../../yamlSource/mapping.ts';
import { mappingAt, type ObjectPolicy, type PolicyFinding } from './policy.ts';
import { podMetadataOf, podSpecOf } from './podTemplates.ts';

/** What baseline lets a container add beyond the runtime's default set (restricted: NET_BIND_SERVICE alone). */
const BASELINE_CAPABILITIES = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);
const RESTRICTED_CAPABILITY = 'NET_BIND_SERVICE';
/** The safe sysctls: namespaced, and isolated from other pods on the node (the list of policy version 1.32 on). */
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
]);
const SELINUX_TYPES = new Set(['container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
/** Restricted's volume sources: the core ones, and those an administrator defines through PersistentVolumes. */
const RESTRICTED_VOLUMES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret']);
const SECCOMP_TYPES = new Set(['RuntimeDefault', 'Localhost']);
const APPARMOR_TYPES = new Set(['RuntimeDefault', 'Localhost']);
const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';
const CONTAINER_LISTS = [
  ['initContainers', 'init container'],
  ['containers', 'container'],
  ['ephemeralContainers', 'ephemeral container'],
] as const;
const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const LIFECYCLE_HOOKS = ['postStart', 'preStop'] as const;
const HANDLER_ACTIONS = ['httpGet', 'tcpSocket'] as const;

interface Container {
  /** `container "app"`, for messages. */
  who: string;
  path: PathSegment[];
  value: Record<string, unknown>;
  security: Record<string, unknown> | undefined;
}

export const podSecurityRestricted: ObjectPolicy = {
  id: 'pod-security-restricted',
  summary:
    'every pod template meets the Pod Security Standards "restricted" level (baseline included): no host namespaces, privileged containers, hostPath volumes, host ports or probe hosts; capabilities drop ALL and add at most NET_BIND_SERVICE; runAsNonRoot, and no runAsUser 0; no privilege escalation; RuntimeDefault or Localhost seccomp; only safe sysctls, restricted volume types and the allowed AppArmor, SELinux and /proc mount settings',
  check({ kind, value, partial }) {
    // A patch changes some fields of a pod template; the merged result is judged where the resource is defined.
    if (partial) return [];
    const pod = podSpecOf(kind, value);
    if (pod === undefined) return [];
    const spec = pod.spec;
    const podSecurity = mappingAt(spec, 'securityContext');
    const containers = containersOf(spec, pod.path);
    const linux = mappingAt(spec, 'os')?.['name'] !== 'windows';
    const subject: Subject = { podPath: pod.path, podSecurity, containers };
    return [
      ...hostProcessFindings(subject),
      ...hostNamespaceFindings(spec, pod.path),
      ...containers.flatMap(privilegedFindings),
      ...(linux ? containers.flatMap(capabilityFindings) : []),
      ...volumeFindings(spec, pod.path),
      ...containers.flatMap(hostPortFindings),
      ...containers.flatMap(handlerHostFindings),
      ...appArmorFindings(subject, podMetadataOf(kind, value)),
      ...seLinuxFindings(subject),
      ...containers.flatMap(procMountFindings),
      ...sysctlFindings(subject),
      ...(linux ? containers.flatMap(privilegeEscalationFindings) : []),
      ...(linux ? seccompFindings(subject) : []),
      ...nonRootFindings(subject),
      ...rootUserFindings(subject),
    ];
  },
};

const HOST_NAMESPACES = { hostNetwork: 'network', hostPID: 'process ID', hostIPC: 'IPC' } as const;

/** The pod spec's securityContext and containers, which most controls read together. */
interface Subject {
  podPath: readonly PathSegment[];
  podSecurity: Record<string, unknown> | undefined;
  containers: readonly Container[];
}

/** A finding that says what breaks a control, the control, and what restricted requires instead. */
function breaks(path: readonly PathSegment[], what: string, control: string, requirement: string): PolicyFinding {
  return { path: [...path], message: `${what}; Pod Security "restricted" (${control}) requires ${requirement}` };
}

function containersOf(spec: Record<string, unknown>, podPath: readonly PathSegment[]): Container[] {
  return CONTAINER_LISTS.flatMap(([list, noun]) => {
    const items = spec[list];
    if (!Array.isArray(items)) return [];
    return items.flatMap((item: unknown, index): Container[] => {
      if (!isMapping(item)) return [];
      const name = item['name'];
      return [{ who: `${noun} ${typeof name === 'string' ? `"${name}"` : index}`, path: [...podPath, list, index], value: item, security: mappingAt(item, 'securityContext') }];
    });
  });
}

/** Where a field the container must set belongs: its securityContext, or the container when it has none. */
function securityContextPath(c: Container): PathSegment[] {
  return c.security === undefined ? c.path : [...c.path, 'securityContext'];
}

const isSet = (value: unknown) => value !== undefined && value !== null;

function hostProcessFindings({ podPath, podSecurity, containers }: Subject): PolicyFinding[] {
  const setters = [{ who: 'the pod', path: podPath, security: podSecurity }, ...containers];
  return setters
    .filter((s) => mappingAt(s.security, 'windowsOptions')?.['hostProcess'] === true)
    .map((s) => breaks([...s.path, 'securityContext', 'windowsOptions', 'hostProcess'], `${s.who} runs as a Windows HostProcess`, 'HostProcess', 'windowsOptions.hostProcess unset or false'));
}

function hostNamespaceFindings(spec: Record<string, unknown>, podPath: readonly PathSegment[]): PolicyFinding[] {
  return (Object.keys(HOST_NAMESPACES) as (keyof typeof HOST_NAMESPACES)[])
    .filter((field) => spec[field] === true)
    .map((field) => breaks([...podPath, field], `the pod shares the node's ${HOST_NAMESPACES[field]} namespace`, 'Host Namespaces', `${field} unset or false`));
}

function privilegedFindings(c: Container): PolicyFinding[] {
  if (c.security?.['privileged'] !== true) return [];
  return [breaks([...c.path, 'securityContext', 'privileged'], `${c.who} is privileged`, 'Privileged Containers', 'securityContext.privileged unset or false')];
}

function capabilityFindings(c: Container): PolicyFinding[] {
  const findings: PolicyFinding[] = [];
  const capabilities = mappingAt(c.security, 'capabilities');
  const drop = capabilities?.['drop'];
  if (!Array.isArray(drop) || !drop.includes('ALL')) {
    const where = capabilities === undefined ? securityContextPath(c) : [...c.path, 'securityContext', 'capabilities', ...(isSet(drop) ? ['drop'] : [])];
    findings.push(breaks(where, `${c.who} does not drop ALL capabilities`, 'Capabilities', 'securityContext.capabilities.drop to include ALL'));
  }
  const add = capabilities?.['add'];
  if (Array.isArray(add)) {
    add.forEach((capability: unknown, index) => {
      if (capability === RESTRICTED_CAPABILITY) return;
      const baseline = typeof capability === 'string' && BASELINE_CAPABILITIES.has(capability) ? 'baseline allows it' : 'baseline forbids it too';
      findings.push(breaks([...c.path, 'securityContext', 'capabilities', 'add', index], `${c.who} adds capability ${String(capability)} (${baseline})`, 'Capabilities', `capabilities.add to hold at most ${RESTRICTED_CAPABILITY}`));
    });
  }
  return findings;
}

function volumeFindings(spec: Record<string, unknown>, podPath: readonly PathSegment[]): PolicyFinding[] {
  const volumes = Array.isArray(spec['volumes']) ? spec['volumes'] : [];
  return volumes.flatMap((volume: unknown, index) => {
    if (!isMapping(volume)) return [];
    const name = typeof volume['name'] === 'string' ? `"${volume['name']}"` : index;
    const path = [...podPath, 'volumes', index];
    return Object.keys(volume)
      .filter((source) => source !== 'name' && !RESTRICTED_VOLUMES.has(source) && isSet(volume[source]))
      .map((source) =>
        source === 'hostPath'
          ? breaks([...path, source], `volume ${name} mounts a path of the node`, 'HostPath Volumes', 'no hostPath volume (baseline forbids them too: only a namespace at level privileged admits one)')
          : breaks([...path, source], `volume ${name} is a ${source} volume`, 'Volume Types', `every volume to be one of ${[...RESTRICTED_VOLUMES].join(', ')}`),
      );
  });
}

function hostPortFindings(c: Container): PolicyFinding[] {
  const ports = Array.isArray(c.value['ports']) ? c.value['ports'] : [];
  return ports.flatMap((port: unknown, index) => {
    const hostPort = isMapping(port) ? port['hostPort'] : undefined;
    if (!isSet(hostPort) || hostPort === 0) return [];
    return [breaks([...c.path, 'ports', index, 'hostPort'], `${c.who} opens port ${String(hostPort)} on the node`, 'Host Ports', 'hostPort unset or 0')];
  });
}

/** Host Probes / Lifecycle Hooks (policy version 1.34 on): a probe or hook reaches its own pod, never another host. */
function handlerHostFindings(c: Container): PolicyFinding[] {
  const lifecycle = mappingAt(c.value, 'lifecycle');
  const handlers: [PathSegment[], unknown][] = [...PROBES.map((probe): [PathSegment[], unknown] => [[probe], c.value[probe]]), ...LIFECYCLE_HOOKS.map((hook): [PathSegment[], unknown] => [['lifecycle', hook], lifecycle?.[hook]])];
  return handlers.flatMap(([where, handler]) =>
    HANDLER_ACTIONS.flatMap((action) => {
      const host = mappingAt(handler, action)?.['host'];
      if (typeof host !== 'string' || host === '') return [];
      return [breaks([...c.path, ...where, action, 'host'], `${c.who}'s ${where.join('.')} goes to host ${JSON.stringify(host)}`, 'Host Probes / Lifecycle Hooks', `${action}.host unset or empty`)];
    }),
  );
}

function appArmorFindings({ podPath, podSecurity, containers }: Subject, metadata: { path: PathSegment[]; metadata: Record<string, unknown> } | undefined): PolicyFinding[] {
  const setters = [{ who: 'the pod', path: podPath, security: podSecurity }, ...containers];
  const findings = setters.flatMap((s) => {
    const type = mappingAt(s.security, 'appArmorProfile')?.['type'];
    if (typeof type !== 'string' || APPARMOR_TYPES.has(type)) return [];
    return [breaks([...s.path, 'securityContext', 'appArmorProfile', 'type'], `${s.who} runs under the AppArmor profile ${type}`, 'AppArmor', 'appArmorProfile.type unset, RuntimeDefault or Localhost')];
  });
  for (const [key, profile] of Object.entries(mappingAt(metadata?.metadata, 'annotations') ?? {})) {
    if (!key.startsWith(APPARMOR_ANNOTATION) || !isSet(profile) || profile === '' || profile === 'runtime/default' || (typeof profile === 'string' && profile.startsWith('localhost/'))) continue;
    findings.push(breaks([...metadata!.path, 'annotations', key], `the annotation sets the AppArmor profile ${JSON.stringify(profile)}`, 'AppArmor', 'runtime/default or localhost/<profile>'));
  }
  return findings;
}

function seLinuxFindings({ podPath, podSecurity, containers }: Subject): PolicyFinding[] {
  const setters = [{ who: 'the pod', path: podPath, security: podSecurity }, ...containers];
  return setters.flatMap((s) => {
    const options = mappingAt(s.security, 'seLinuxOptions');
    const at = [...s.path, 'securityContext', 'seLinuxOptions'];
    const findings: PolicyFinding[] = [];
    const type = options?.['type'];
    if (typeof type === 'string' && type !== '' && !SELINUX_TYPES.has(type)) findings.push(breaks([...at, 'type'], `${s.who} sets the SELinux type ${type}`, 'SELinux', `seLinuxOptions.type unset or one of ${[...SELINUX_TYPES].join(', ')}`));
    for (const field of ['user', 'role'] as const) {
      const set = options?.[field];
      if (typeof set === 'string' && set !== '') findings.push(breaks([...at, field], `${s.who} sets the SELinux ${field} ${set}`, 'SELinux', `seLinuxOptions.${field} unset`));
    }
    return findings;
  });
}

function procMountFindings(c: Container): PolicyFinding[] {
  const procMount = c.security?.['procMount'];
  if (typeof procMount !== 'string' || procMount === 'Default') return [];
  return [breaks([...c.path, 'securityContext', 'procMount'], `${c.who} mounts /proc ${procMount}`, '/proc Mount Type', 'procMount unset or Default')];
}

function sysctlFindings({ podPath, podSecurity }: Subject): PolicyFinding[] {
  const sysctls = Array.isArray(podSecurity?.['sysctls']) ? podSecurity['sysctls'] : [];
  return sysctls.flatMap((sysctl: unknown, index) => {
    const name = isMapping(sysctl) ? sysctl['name'] : undefined;
    if (typeof name !== 'string' || SAFE_SYSCTLS.has(name)) return [];
    return [breaks([...podPath, 'securityContext', 'sysctls', index, 'name'], `the pod sets sysctl ${name}`, 'Sysctls', `only safe sysctls: ${[...SAFE_SYSCTLS].join(', ')}`)];
  });
}

function privilegeEscalationFindings(c: Container): PolicyFinding[] {
  const allowed = c.security?.['allowPrivilegeEscalation'];
  if (allowed === false) return [];
  const where = isSet(allowed) ? [...c.path, 'securityContext', 'allowPrivilegeEscalation'] : securityContextPath(c);
  return [breaks(where, `${c.who} ${isSet(allowed) ? 'allows' : 'does not forbid'} privilege escalation`, 'Privilege Escalation', 'securityContext.allowPrivilegeEscalation: false')];
}

/** Seccomp: RuntimeDefault or Localhost, on the pod (which a container without its own inherits) or on every container. */
function seccompFindings({ podPath, podSecurity, containers }: Subject): PolicyFinding[] {
  const requirement = 'seccompProfile.type RuntimeDefault or Localhost';
  const findings: PolicyFinding[] = [];
  const podType = mappingAt(podSecurity, 'seccompProfile')?.['type'];
  if (isSet(podType) && !SECCOMP_TYPES.has(String(podType))) findings.push(breaks([...podPath, 'securityContext', 'seccompProfile', 'type'], `the pod sets the seccomp profile ${String(podType)}`, 'Seccomp', requirement));
  for (const c of containers) {
    const profile = mappingAt(c.security, 'seccompProfile');
    if (profile !== undefined) {
      const type = profile['type'];
      if (!SECCOMP_TYPES.has(String(type))) findings.push(breaks([...c.path, 'securityContext', 'seccompProfile', 'type'], `${c.who} sets the seccomp profile ${String(type)}`, 'Seccomp', requirement));
    } else if (!isSet(podType)) {
      // A container without a profile of its own under a pod with a bad one is already named by the pod's finding.
      findings.push(breaks(securityContextPath(c), `neither the pod nor ${c.who} sets a seccomp profile`, 'Seccomp', `${requirement} on the pod or on every container`));
    }
  }
  return findings;
}

/** Running as non-root: runAsNonRoot true on the pod (which a container that says nothing inherits) or on every container, false nowhere. */
function nonRootFindings({ podPath, podSecurity, containers }: Subject): PolicyFinding[] {
  const requirement = 'runAsNonRoot: true';
  const findings: PolicyFinding[] = [];
  const podNonRoot = podSecurity?.['runAsNonRoot'];
  if (podNonRoot === false) findings.push(breaks([...podPath, 'securityContext', 'runAsNonRoot'], 'the pod sets runAsNonRoot: false', 'Running as Non-root', requirement));
  for (const c of containers) {
    const nonRoot = c.security?.['runAsNonRoot'];
    if (nonRoot === false) findings.push(breaks([...c.path, 'securityContext', 'runAsNonRoot'], `${c.who} sets runAsNonRoot: false`, 'Running as Non-root', requirement));
    // Under a pod that says false, a container that says nothing is already named by the pod's finding.
    else if (!isSet(nonRoot) && !isSet(podNonRoot)) findings.push(breaks(securityContextPath(c), `neither the pod nor ${c.who} sets runAsNonRoot: true`, 'Running as Non-root', `${requirement} on the pod or on every container`));
  }
  return findings;
}

function rootUserFindings({ podPath, podSecurity, containers }: Subject): PolicyFinding[] {
  const setters = [{ who: 'the pod', path: podPath, security: podSecurity }, ...containers];
  return setters
    .filter((s) => s.security?.['runAsUser'] === 0)
    .map((s) => breaks([...s.path, 'securityContext', 'runAsUser'], `${s.who} runs as user 0 (root)`, 'Running as Non-root user', 'runAsUser unset or not 0'));
}
