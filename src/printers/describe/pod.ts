/** describe pod, and the container / volume / pod-template pieces other describers share. */
import type { KubeObject } from '../../api/types.js';
import { formatLabelSelector } from '../../api/labels.js';
import { cmp, controllerOf, describeEvents, goList, printAnnotations, printBool, printLabels, printTolerations, rfc1123z, since, stringOrNone } from './common.js';
import { addQuantity, canonical, compareQuantity, formatQuantity, parseQuantity, type Quantity } from './quantity.js';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, tabbedString, type PrefixWriter } from './writer.js';

export function describePod(pod: KubeObject, events: KubeObject[] | undefined, now: Date): string {
  return tabbedString((w) => {
    const spec = pod.spec ?? {};
    const status = pod.status ?? {};
    w.write(LEVEL_0, `Name:\t${pod.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${pod.metadata.namespace ?? ''}\n`);
    if (spec.priority !== undefined && spec.priority !== null) w.write(LEVEL_0, `Priority:\t${spec.priority}\n`);
    if (spec.priorityClassName) w.write(LEVEL_0, `Priority Class Name:\t${spec.priorityClassName}\n`);
    if (spec.runtimeClassName) w.write(LEVEL_0, `Runtime Class Name:\t${spec.runtimeClassName}\n`);
    if (spec.serviceAccountName) w.write(LEVEL_0, `Service Account:\t${spec.serviceAccountName}\n`);
    w.write(LEVEL_0, spec.nodeName ? `Node:\t${spec.nodeName}/${status.hostIP ?? ''}\n` : 'Node:\t<none>\n');
    if (status.startTime) w.write(LEVEL_0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
    printLabels(w, 'Labels', pod.metadata.labels);
    printAnnotations(w, 'Annotations', pod.metadata.annotations);
    if (pod.metadata.deletionTimestamp && status.phase !== 'Failed' && status.phase !== 'Succeeded') {
      w.write(LEVEL_0, `Status:\tTerminating (lasts ${since(pod.metadata.deletionTimestamp, now)})\n`);
      w.write(LEVEL_0, `Termination Grace Period:\t${pod.metadata.deletionGracePeriodSeconds ?? 0}s\n`);
    } else {
      w.write(LEVEL_0, `Status:\t${status.phase ?? ''}\n`);
    }
    if (status.reason) w.write(LEVEL_0, `Reason:\t${status.reason}\n`);
    if (status.message) w.write(LEVEL_0, `Message:\t${status.message}\n`);
    const seccomp = spec.securityContext?.seccompProfile;
    if (seccomp) {
      w.write(LEVEL_0, `SeccompProfile:\t${seccomp.type ?? ''}\n`);
      if (seccomp.type === 'Localhost') w.write(LEVEL_0, `LocalhostProfile:\t${seccomp.localhostProfile ?? ''}\n`);
    }
    w.write(LEVEL_0, `IP:\t${status.podIP ?? ''}\n`);
    const ips: Array<{ ip: string }> = status.podIPs ?? [];
    if (ips.length === 0) w.write(LEVEL_0, 'IPs:\t<none>\n');
    else {
      w.write(LEVEL_0, 'IPs:\n');
      for (const ip of ips) w.write(LEVEL_1, `IP:\t${ip.ip}\n`);
    }
    const controlledBy = controllerOf(pod);
    if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
    if (status.nominatedNodeName) w.write(LEVEL_0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
    if (spec.resources) {
      w.write(LEVEL_0, 'Resources:\n');
      describeResources(spec.resources, w, LEVEL_1);
    }
    const resolve = envValueRetriever(pod);
    if (spec.initContainers?.length) describeContainers('Init Containers', spec.initContainers, status.initContainerStatuses, resolve, w, '');
    describeContainers('Containers', spec.containers ?? [], status.containerStatuses, resolve, w, '');
    if (spec.ephemeralContainers?.length) describeContainers('Ephemeral Containers', spec.ephemeralContainers, status.ephemeralContainerStatuses, resolve, w, '');
    const conditions: any[] = status.conditions ?? [];
    if (spec.readinessGates?.length) {
      w.write(LEVEL_0, 'Readiness Gates:\n  Type\tStatus\n');
      for (const g of spec.readinessGates) {
        const c = conditions.find((c) => c.type === g.conditionType);
        w.write(LEVEL_1, `${g.conditionType} \t${c ? c.status : '<none>'} \n`);
      }
    }
    if (conditions.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\n');
      for (const c of conditions) w.write(LEVEL_1, `${c.type} \t${c.status} \n`);
    }
    describeVolumes(spec.volumes, w, '');
    w.write(LEVEL_0, `QoS Class:\t${podQOS(pod)}\n`);
    printLabels(w, 'Node-Selectors', spec.nodeSelector);
    printTolerations(w, 'Tolerations', spec.tolerations);
    describeTopologySpreadConstraints(spec.topologySpreadConstraints, w, '');
    if (events) describeEvents(events, w, now);
  });
}

type EnvResolver = ((env: any) => string) | undefined;

function describeTopologySpreadConstraints(tscs: any[] | undefined, w: PrefixWriter, space: string): void {
  if (!tscs?.length) return;
  const sorted = [...tscs].sort((a, b) => cmp(a.topologyKey ?? '', b.topologyKey ?? ''));
  w.write(LEVEL_0, `${space}Topology Spread Constraints:\t`);
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, `${space}\t`);
    let s = `${t.topologyKey}:${t.whenUnsatisfiable} when max skew ${t.maxSkew} is exceeded`;
    if (t.labelSelector) s += ` for selector ${formatLabelSelector(t.labelSelector)}`;
    w.write(LEVEL_0, s + '\n');
  });
}

/**
 * The pod describer's answer for a pod it cannot get when Events name it (of whatever kind: it
 * selects them by name and namespace only): the error, then those Events. What `describe -f` shows
 * for a pod deleted since, while its Events last.
 */
export function describeMissingPod(name: string, error: string, events: KubeObject[], now: Date): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Pod '${name}': error '${error}', but found events.\n`);
    describeEvents(events, w, now);
  });
}

export function describeContainers(label: string, containers: any[], statuses: any[] | undefined, resolve: EnvResolver, w: PrefixWriter, space: string): void {
  const byName = new Map<string, any>((statuses ?? []).map((s) => [s.name, s]));
  w.write(LEVEL_0, `${space}${label}:${containers.length === 0 ? ' <none>' : ''}\n`);
  for (const c of containers) {
    const status = byName.get(c.name);
    describeContainerBasicInfo(c, status, space, w);
    describeContainerCommand(c, w);
    if (status) describeContainerState(status, w);
    describeResources(c.resources, w, LEVEL_2);
    describeContainerProbes(c, w);
    if (c.envFrom?.length) describeEnvFrom(c, w);
    describeEnvVars(c, resolve, w);
    describeContainerMounts(c, w);
  }
}

function describeContainerBasicInfo(c: any, status: any, space: string, w: PrefixWriter): void {
  w.write(LEVEL_1, `${space ? ' ' : ''}${c.name}:\n`);
  if (status) w.write(LEVEL_2, `Container ID:\t${status.containerID ?? ''}\n`);
  w.write(LEVEL_2, `Image:\t${c.image ?? ''}\n`);
  if (status) w.write(LEVEL_2, `Image ID:\t${status.imageID ?? ''}\n`);
  const ports: any[] = c.ports ?? [];
  const portString = ports.map((p) => `${p.containerPort}/${p.protocol ?? ''}`).join(', ');
  if (portString.includes(',')) w.write(LEVEL_2, `Ports:\t${portString}\n`);
  else w.write(LEVEL_2, `Port:\t${stringOrNone(portString)}\n`);
  const hostPorts = ports.map((p) => `${p.hostPort ?? 0}/${p.protocol ?? ''}`).join(', ');
  if (hostPorts.includes(',')) w.write(LEVEL_2, `Host Ports:\t${hostPorts}\n`);
  else w.write(LEVEL_2, `Host Port:\t${stringOrNone(hostPorts)}\n`);
  const seccomp = c.securityContext?.seccompProfile;
  if (seccomp) {
    w.write(LEVEL_2, `SeccompProfile:\t${seccomp.type ?? ''}\n`);
    if (seccomp.type === 'Localhost') w.write(LEVEL_3, `LocalhostProfile:\t${seccomp.localhostProfile ?? ''}\n`);
  }
}

function describeContainerCommand(c: any, w: PrefixWriter): void {
  for (const [title, items] of [['Command', c.command], ['Args', c.args]] as const) {
    if (!items?.length) continue;
    w.write(LEVEL_2, `${title}:\n`);
    for (const item of items as string[]) for (const s of String(item).split('\n')) w.write(LEVEL_3, `${s}\n`);
  }
}

function describeContainerState(status: any, w: PrefixWriter): void {
  describeState('State', status.state ?? {}, w);
  if (status.lastState?.terminated) describeState('Last State', status.lastState, w);
  w.write(LEVEL_2, `Ready:\t${printBool(status.ready)}\n`);
  w.write(LEVEL_2, `Restart Count:\t${status.restartCount ?? 0}\n`);
}

function describeState(name: string, state: any, w: PrefixWriter): void {
  if (state.running) {
    w.write(LEVEL_2, `${name}:\tRunning\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(state.running.startedAt)}\n`);
  } else if (state.waiting) {
    w.write(LEVEL_2, `${name}:\tWaiting\n`);
    if (state.waiting.reason) w.write(LEVEL_3, `Reason:\t${state.waiting.reason}\n`);
  } else if (state.terminated) {
    const t = state.terminated;
    w.write(LEVEL_2, `${name}:\tTerminated\n`);
    if (t.reason) w.write(LEVEL_3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(LEVEL_3, `Message:\t${t.message}\n`);
    w.write(LEVEL_3, `Exit Code:\t${t.exitCode ?? 0}\n`);
    if ((t.signal ?? 0) > 0) w.write(LEVEL_3, `Signal:\t${t.signal}\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(t.startedAt)}\n`);
    w.write(LEVEL_3, `Finished:\t${rfc1123z(t.finishedAt)}\n`);
  } else {
    w.write(LEVEL_2, `${name}:\tWaiting\n`);
  }
}

export function describeResources(resources: any, w: PrefixWriter, level: number): void {
  if (!resources) return;
  for (const [title, list] of [['Limits', resources.limits], ['Requests', resources.requests]] as const) {
    const names = Object.keys(list ?? {}).sort();
    if (names.length > 0) w.write(level, `${title}:\n`);
    for (const n of names) w.write(level + 1, `${n}:\t${canonical(list[n])}\n`);
  }
}

function describeContainerProbes(c: any, w: PrefixWriter): void {
  if (c.livenessProbe) w.write(LEVEL_2, `Liveness:\t${describeProbe(c.livenessProbe)}\n`);
  if (c.readinessProbe) w.write(LEVEL_2, `Readiness:\t${describeProbe(c.readinessProbe)}\n`);
  if (c.startupProbe) w.write(LEVEL_2, `Startup:\t${describeProbe(c.startupProbe)}\n`);
}

export function describeProbe(p: any): string {
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 0}s period=${p.periodSeconds ?? 0}s #success=${p.successThreshold ?? 0} #failure=${p.failureThreshold ?? 0}`;
  if (p.exec) return `exec ${goList(p.exec.command)} ${attrs}`;
  if (p.httpGet) {
    const g = p.httpGet;
    const port = g.port === undefined || g.port === null ? '' : String(g.port);
    const host = g.host ?? '';
    const hostPort = port ? `${host.includes(':') ? `[${host}]` : host}:${port}` : host;
    let path = g.path ?? '';
    if (path && !path.startsWith('/') && hostPort) path = '/' + path;
    const scheme = String(g.scheme ?? '').toLowerCase();
    const url = `${scheme ? `${scheme}:` : ''}${hostPort || scheme ? '//' : ''}${hostPort}${encodeURI(path).replace(/%25/g, '%').replace(/\?/g, '%3F')}`;
    return `http-get ${url} ${attrs}`;
  }
  if (p.tcpSocket) return `tcp-socket ${p.tcpSocket.host ?? ''}:${p.tcpSocket.port ?? ''} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port} ${p.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

function describeEnvFrom(c: any, w: PrefixWriter): void {
  w.write(LEVEL_2, 'Environment Variables from:\n');
  for (const e of c.envFrom as any[]) {
    let from = '';
    let name = '';
    let optional = false;
    if (e.configMapRef) {
      from = 'ConfigMap';
      name = e.configMapRef.name ?? '';
      optional = e.configMapRef.optional === true;
    } else if (e.secretRef) {
      from = 'Secret';
      name = e.secretRef.name ?? '';
      optional = e.secretRef.optional === true;
    }
    if (e.prefix) w.write(LEVEL_3, `${name}\t${from} with prefix '${e.prefix}'\tOptional: ${optional}\n`);
    else w.write(LEVEL_3, `${name}\t${from}\tOptional: ${optional}\n`);
  }
}

function describeEnvVars(c: any, resolve: EnvResolver, w: PrefixWriter): void {
  const env: any[] = c.env ?? [];
  w.write(LEVEL_2, `Environment:${env.length === 0 ? '\t<none>' : ''}\n`);
  for (const e of env) {
    const from = e.valueFrom;
    if (!from) {
      String(e.value ?? '')
        .split('\n')
        .forEach((s, i) => w.write(LEVEL_3, i === 0 ? `${e.name}:\t${s}\n` : `\t${s}\n`));
    } else if (from.fieldRef) {
      const v = resolve ? resolve(e) : '';
      w.write(LEVEL_3, `${e.name}:\t${v} (${from.fieldRef.apiVersion ?? ''}:${from.fieldRef.fieldPath})\n`);
    } else if (from.resourceFieldRef) {
      const resource = from.resourceFieldRef.resource;
      let v = containerResourceValue(from.resourceFieldRef, c);
      if (v === '0' && (resource === 'limits.cpu' || resource === 'limits.memory')) v = 'node allocatable';
      w.write(LEVEL_3, `${e.name}:\t${v} (${resource})\n`);
    } else if (from.secretKeyRef) {
      const r = from.secretKeyRef;
      w.write(LEVEL_3, `${e.name}:\t<set to the key '${r.key}' in secret '${r.name ?? ''}'>\tOptional: ${r.optional === true}\n`);
    } else if (from.configMapKeyRef) {
      const r = from.configMapKeyRef;
      w.write(LEVEL_3, `${e.name}:\t<set to the key '${r.key}' of config map '${r.name ?? ''}'>\tOptional: ${r.optional === true}\n`);
    }
  }
}

/** resourcehelper.ExtractContainerResourceValue: the value divided by the divisor, rounded up. */
function containerResourceValue(ref: any, c: any): string {
  const [kind, name] = String(ref.resource).split('.') as [string, string];
  const list = kind === 'limits' ? c.resources?.limits : kind === 'requests' ? c.resources?.requests : undefined;
  if (!list || !name) return '';
  const q = parseQuantity(list[name]);
  const divisor = parseQuantity(ref.divisor ?? '0');
  const d = divisor.n === 0n ? parseQuantity('1') : divisor;
  // ceil(q / d) computed exactly at nano scale.
  const scale = 9;
  const qn = q.n * 10n ** BigInt(scale - q.scale);
  const dn = d.n * 10n ** BigInt(scale - d.scale);
  if (name === 'cpu' || name === 'memory' || name === 'ephemeral-storage' || name.startsWith('hugepages-')) {
    const r = qn / dn + (qn % dn > 0n ? 1n : 0n);
    return String(r);
  }
  return '';
}

function describeContainerMounts(c: any, w: PrefixWriter): void {
  const mounts: any[] = c.volumeMounts ?? [];
  const none = mounts.length === 0 ? '\t<none>' : '';
  w.write(LEVEL_2, `Mounts:${none}\n`);
  for (const m of [...mounts].sort((a, b) => cmp(a.mountPath, b.mountPath))) {
    const flags = [m.readOnly ? 'ro' : 'rw'];
    if (m.subPath) flags.push(`path=${JSON.stringify(m.subPath)}`);
    w.write(LEVEL_3, `${m.mountPath} from ${m.name} (${flags.join(',')})\n`);
  }
  const devices: any[] = c.volumeDevices ?? [];
  if (devices.length > 0) {
    w.write(LEVEL_2, `Devices:${none}\n`);
    for (const d of [...devices].sort((a, b) => cmp(a.devicePath, b.devicePath))) w.write(LEVEL_3, `${d.devicePath} from ${d.name}\n`);
  }
}

/**
 * EnvValueRetriever: kubectl converts the field path with a scheme that only knows
 * metadata.name and metadata.namespace, so every other field resolves to ''.
 */
function envValueRetriever(pod: KubeObject): EnvResolver {
  return (e) => {
    const path: string = e.valueFrom.fieldRef.fieldPath ?? '';
    if (path === 'metadata.name') return pod.metadata.name ?? '';
    if (path === 'metadata.namespace') return pod.metadata.namespace ?? '';
    return '';
  };
}

// ---- volumes ----

/** Prints one volume source; `ref` renders its secretRef (a LocalObjectReference in pods, a SecretReference in PVs). */
type VolumePrinter = (v: any, w: PrefixWriter, ref: (r: any) => string) => void;

/** Writes `Type:\t<title>` then `    Field:\tvalue` lines at LEVEL_2 (kubectl's one-format-string style). */
function fields(w: PrefixWriter, title: string, rows: Array<[string, unknown]>): void {
  w.write(LEVEL_2, `Type:\t${title}\n` + rows.map(([k, v]) => `    ${k}\t${goValue(v)}\n`).join(''));
}

/** Go's %v for the scalar and slice values volumes print. */
function goValue(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return goList(v);
  if (typeof v === 'object') return '&' + goStruct(v as Record<string, unknown>);
  return String(v);
}

function goStruct(o: Record<string, unknown>): string {
  return `{${Object.values(o).map((x) => goValue(x)).join(' ')}}`;
}

/** %v of a *LocalObjectReference, whose generated String() prints `nil` for a nil pointer. */
function localRef(v: { name?: string } | undefined | null): string {
  return v ? `&LocalObjectReference{Name:${v.name ?? ''},}` : 'nil';
}

/** %v of a *SecretReference (PersistentVolume sources). */
function secretReference(v: { name?: string; namespace?: string } | undefined | null): string {
  return v ? `&SecretReference{Name:${v.name ?? ''},Namespace:${v.namespace ?? ''},}` : 'nil';
}

/** %v of an optional pointer: `<nil>` when unset. */
function ptr(v: unknown): string {
  if (v === undefined || v === null) return '<nil>';
  return typeof v === 'object' ? '&' + goStruct(v as Record<string, unknown>) : String(v);
}

const VOLUME_PRINTERS: Array<[string, VolumePrinter]> = [
  ['hostPath', (v, w, ref) => fields(w, 'HostPath (bare host directory volume)', [['Path:', v.path], ['HostPathType:', v.type ?? '<none>']])],
  [
    'emptyDir',
    (v, w, ref) => {
      const size = v.sizeLimit && parseQuantity(v.sizeLimit).n > 0n ? canonical(v.sizeLimit) : '<unset>';
      fields(w, "EmptyDir (a temporary directory that shares a pod's lifetime)", [['Medium:', v.medium ?? ''], ['SizeLimit:', size]]);
    },
  ],
  ['gcePersistentDisk', (v, w, ref) => fields(w, 'GCEPersistentDisk (a Persistent Disk resource in Google Compute Engine)', [['PDName:', v.pdName], ['FSType:', v.fsType ?? ''], ['Partition:', v.partition ?? 0], ['ReadOnly:', v.readOnly ?? false]])],
  ['awsElasticBlockStore', (v, w, ref) => fields(w, 'AWSElasticBlockStore (a Persistent Disk resource in AWS)', [['VolumeID:', v.volumeID], ['FSType:', v.fsType ?? ''], ['Partition:', v.partition ?? 0], ['ReadOnly:', v.readOnly ?? false]])],
  ['gitRepo', (v, w, ref) => fields(w, 'GitRepo (a volume that is pulled from git when the pod is created)', [['Repository:', v.repository], ['Revision:', v.revision ?? '']])],
  ['secret', (v, w, ref) => fields(w, 'Secret (a volume populated by a Secret)', [['SecretName:', v.secretName ?? ''], ['Optional:', v.optional === true]])],
  ['configMap', (v, w, ref) => fields(w, 'ConfigMap (a volume populated by a ConfigMap)', [['Name:', v.name ?? ''], ['Optional:', v.optional === true]])],
  ['nfs', (v, w, ref) => fields(w, 'NFS (an NFS mount that lasts the lifetime of a pod)', [['Server:', v.server], ['Path:', v.path], ['ReadOnly:', v.readOnly ?? false]])],
  [
    'iscsi',
    (v, w, ref) =>
      fields(w, "ISCSI (an ISCSI Disk resource that is attached to a kubelet's host machine and then exposed to the pod)", [
        ['TargetPortal:', v.targetPortal],
        ['IQN:', v.iqn],
        ['Lun:', v.lun ?? 0],
        ['ISCSIInterface', v.iscsiInterface ?? ''],
        ['FSType:', v.fsType ?? ''],
        ['ReadOnly:', v.readOnly ?? false],
        ['Portals:', v.portals ?? []],
        ['DiscoveryCHAPAuth:', v.chapAuthDiscovery ?? false],
        ['SessionCHAPAuth:', v.chapAuthSession ?? false],
        ['SecretRef:', ref(v.secretRef)],
        ['InitiatorName:', v.initiatorName ?? '<none>'],
      ]),
  ],
  ['glusterfs', (v, w, ref) => fields(w, "Glusterfs (a Glusterfs mount on the host that shares a pod's lifetime)", [['EndpointsName:', v.endpoints], ['Path:', v.path], ['ReadOnly:', v.readOnly ?? false]])],
  ['persistentVolumeClaim', (v, w, ref) => fields(w, 'PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)', [['ClaimName:', v.claimName], ['ReadOnly:', v.readOnly ?? false]])],
  [
    'ephemeral',
    (v, w, ref) => {
      w.write(LEVEL_2, 'Type:\tEphemeralVolume (an inline specification for a volume that gets created and deleted with the pod)\n');
      if (v.volumeClaimTemplate) printClaimTemplate(w, v.volumeClaimTemplate);
    },
  ],
  [
    'rbd',
    (v, w, ref) =>
      fields(w, "RBD (a Rados Block Device mount on the host that shares a pod's lifetime)", [
        ['CephMonitors:', v.monitors ?? []],
        ['RBDImage:', v.image],
        ['FSType:', v.fsType ?? ''],
        ['RBDPool:', v.pool ?? ''],
        ['RadosUser:', v.user ?? ''],
        ['Keyring:', v.keyring ?? ''],
        ['SecretRef:', ref(v.secretRef)],
        ['ReadOnly:', v.readOnly ?? false],
      ]),
  ],
  ['quobyte', (v, w, ref) => fields(w, "Quobyte (a Quobyte mount on the host that shares a pod's lifetime)", [['Registry:', v.registry], ['Volume:', v.volume], ['ReadOnly:', v.readOnly ?? false]])],
  [
    'downwardAPI',
    (v, w, ref) => {
      w.write(LEVEL_2, 'Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n');
      for (const item of v.items ?? []) {
        if (item.fieldRef) w.write(LEVEL_3, `${item.fieldRef.fieldPath} -> ${item.path}\n`);
        if (item.resourceFieldRef) w.write(LEVEL_3, `${item.resourceFieldRef.resource} -> ${item.path}\n`);
      }
    },
  ],
  [
    'azureDisk',
    (v, w, ref) =>
      fields(w, 'AzureDisk (an Azure Data Disk mount on the host and bind mount to the pod)', [
        ['DiskName:', v.diskName],
        ['DiskURI:', v.diskURI],
        ['Kind: ', v.kind ?? ''],
        ['FSType:', v.fsType ?? ''],
        ['CachingMode:', v.cachingMode ?? ''],
        ['ReadOnly:', v.readOnly ?? false],
      ]),
  ],
  ['vsphereVolume', (v, w, ref) => fields(w, 'vSphereVolume (a Persistent Disk resource in vSphere)', [['VolumePath:', v.volumePath], ['FSType:', v.fsType ?? ''], ['StoragePolicyName:', v.storagePolicyName ?? '']])],
  ['cinder', (v, w, ref) => fields(w, 'Cinder (a Persistent Disk resource in OpenStack)', [['VolumeID:', v.volumeID], ['FSType:', v.fsType ?? ''], ['ReadOnly:', v.readOnly ?? false], ['SecretRef:', ref(v.secretRef)]])],
  ['photonPersistentDisk', (v, w, ref) => fields(w, 'PhotonPersistentDisk (a Persistent Disk resource in photon platform)', [['PdID:', v.pdID], ['FSType:', v.fsType ?? '']])],
  ['portworxVolume', (v, w, ref) => fields(w, 'PortworxVolume (a Portworx Volume resource)', [['VolumeID:', v.volumeID]])],
  [
    'scaleIO',
    (v, w, ref) =>
      fields(w, 'ScaleIO (a persistent volume backed by a block device in ScaleIO)', [
        ['Gateway:', v.gateway],
        ['System:', v.system],
        ['Protection Domain:', v.protectionDomain ?? ''],
        ['Storage Pool:', v.storagePool ?? ''],
        ['Storage Mode:', v.storageMode ?? ''],
        ['VolumeName:', v.volumeName ?? ''],
        ['FSType:', v.fsType ?? ''],
        ['ReadOnly:', v.readOnly ?? false],
      ]),
  ],
  [
    'cephfs',
    (v, w, ref) =>
      fields(w, "CephFS (a CephFS mount on the host that shares a pod's lifetime)", [
        ['Monitors:', v.monitors ?? []],
        ['Path:', v.path ?? ''],
        ['User:', v.user ?? ''],
        ['SecretFile:', v.secretFile ?? ''],
        ['SecretRef:', ref(v.secretRef)],
        ['ReadOnly:', v.readOnly ?? false],
      ]),
  ],
  ['storageos', (v, w, ref) => fields(w, 'StorageOS (a StorageOS Persistent Disk resource)', [['VolumeName:', v.volumeName ?? ''], ['VolumeNamespace:', v.volumeNamespace ?? ''], ['FSType:', v.fsType ?? ''], ['ReadOnly:', v.readOnly ?? false]])],
  ['fc', (v, w, ref) => fields(w, 'FC (a Fibre Channel disk)', [['TargetWWNs:', (v.targetWWNs ?? []).join(', ')], ['LUN:', v.lun ?? '<none>'], ['FSType:', v.fsType ?? ''], ['ReadOnly:', v.readOnly ?? false]])],
  ['azureFile', (v, w, ref) => fields(w, 'AzureFile (an Azure File Service mount on the host and bind mount to the pod)', [['SecretName:', v.secretName], ['ShareName:', v.shareName], ['ReadOnly:', v.readOnly ?? false]])],
  [
    'flexVolume',
    (v, w, ref) =>
      fields(w, 'FlexVolume (a generic volume resource that is provisioned/attached using an exec based plugin)', [
        ['Driver:', v.driver],
        ['FSType:', v.fsType ?? ''],
        ['SecretRef:', ref(v.secretRef)],
        ['ReadOnly:', v.readOnly ?? false],
        ['Options:', goMap(v.options)],
      ]),
  ],
  ['flocker', (v, w, ref) => fields(w, 'Flocker (a Flocker volume mounted by the Flocker agent)', [['DatasetName:', v.datasetName ?? ''], ['DatasetUUID:', v.datasetUUID ?? '']])],
  ['projected', (v, w, ref) => printProjected(v, w)],
  [
    'csi',
    (v, w, ref) => {
      fields(w, 'CSI (a Container Storage Interface (CSI) volume source)', [['Driver:', v.driver], ['FSType:', v.fsType ?? ''], ['ReadOnly:', v.readOnly === true]]);
      printCSIAttributes(w, v.volumeAttributes);
    },
  ],
  ['image', (v, w, ref) => fields(w, 'Image (a container image or OCI artifact)', [['Reference:', v.reference ?? ''], ['PullPolicy:', v.pullPolicy ?? '']])],
];

function goMap(m: Record<string, string> | undefined): string {
  const keys = Object.keys(m ?? {}).sort();
  return `map[${keys.map((k) => `${k}:${m![k]}`).join(' ')}]`;
}

function printProjected(v: any, w: PrefixWriter): void {
  w.write(LEVEL_2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
  for (const s of v.sources ?? []) {
    if (s.secret) w.write(LEVEL_2, `SecretName:\t${s.secret.name ?? ''}\n    SecretOptionalName:\t${ptr(s.secret.optional)}\n`);
    else if (s.downwardAPI) w.write(LEVEL_2, 'DownwardAPI:\ttrue\n');
    else if (s.configMap) w.write(LEVEL_2, `ConfigMapName:\t${s.configMap.name ?? ''}\n    ConfigMapOptional:\t${ptr(s.configMap.optional)}\n`);
    else if (s.serviceAccountToken) w.write(LEVEL_2, `TokenExpirationSeconds:\t${s.serviceAccountToken.expirationSeconds ?? 0}\n`);
  }
}

export function printCSIAttributes(w: PrefixWriter, attrs: Record<string, string> | undefined): void {
  w.write(LEVEL_2, 'VolumeAttributes:\t');
  const keys = Object.keys(attrs ?? {}).sort();
  if (keys.length === 0) {
    w.line('<none>');
    return;
  }
  keys.forEach((k, i) => {
    if (i !== 0) {
      w.write(LEVEL_2, '');
      w.write(LEVEL_2, '\t');
    }
    const line = `${k}=${attrs![k]}`;
    w.write(LEVEL_2, line.length > 140 ? `${line.slice(0, 140)}...\n` : `${line}\n`);
  });
}

/** Sources whose PersistentVolume form prints differently from the pod volume form. */
const PV_ONLY: Record<string, VolumePrinter> = {
  glusterfs: (v, w) =>
    fields(w, "Glusterfs (a Glusterfs mount on the host that shares a pod's lifetime)", [['EndpointsName:', v.endpoints], ['EndpointsNamespace:', v.endpointsNamespace ?? '<unset>'], ['Path:', v.path], ['ReadOnly:', v.readOnly ?? false]]),
  azureFile: (v, w) =>
    fields(w, 'AzureFile (an Azure File Service mount on the host and bind mount to the pod)', [['SecretName:', v.secretName], ['SecretNamespace:', v.secretNamespace ?? ''], ['ShareName:', v.shareName], ['ReadOnly:', v.readOnly ?? false]]),
  scaleIO: (v, w) =>
    fields(w, 'ScaleIO (a persistent volume backed by a block device in ScaleIO)', [
      ['Gateway:', v.gateway],
      ['System:', v.system],
      ['Protection Domain:', v.protectionDomain ?? ''],
      ['Storage Pool:', v.storagePool ?? ''],
      ['Storage Mode:', v.storageMode ?? ''],
      ['VolumeName:', v.volumeName ?? ''],
      ['SecretName:', v.secretRef?.name ?? ''],
      ['SecretNamespace:', v.secretRef?.namespace ?? ''],
      ['FSType:', v.fsType ?? ''],
      ['ReadOnly:', v.readOnly ?? false],
    ]),
};

const PV_SOURCES = ['hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'nfs', 'iscsi', 'glusterfs', 'rbd', 'quobyte', 'vsphereVolume', 'cinder', 'azureDisk', 'photonPersistentDisk', 'portworxVolume', 'scaleIO', 'cephfs', 'storageos', 'fc', 'azureFile', 'flexVolume', 'flocker'];

/** The `Source:` body of a PersistentVolume (local and CSI are handled by the caller); false if none. */
export function describePVSource(spec: any, w: PrefixWriter): boolean {
  const key = PV_SOURCES.find((k) => spec[k] !== undefined && spec[k] !== null);
  if (!key) return false;
  const printer = PV_ONLY[key] ?? VOLUME_PRINTERS.find(([k]) => k === key)![1];
  printer(spec[key], w, secretReference);
  return true;
}

export function describeVolumes(volumes: any[] | undefined, w: PrefixWriter, space: string): void {
  if (!volumes?.length) {
    w.write(LEVEL_0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(LEVEL_0, `${space}Volumes:\n`);
  for (const v of volumes) {
    w.write(LEVEL_1, `${space ? ' ' : ''}${v.name}:\n`);
    const printer = VOLUME_PRINTERS.find(([key]) => v[key] !== undefined && v[key] !== null);
    if (printer) printer[1](v[printer[0]], w, localRef);
    else w.write(LEVEL_1, '<unknown>\n');
  }
}

/** printPersistentVolumeClaim for an ephemeral volume's template, nested two levels. */
function printClaimTemplate(w: PrefixWriter, t: any): void {
  const nested = (text: string) => w.write(LEVEL_2, text);
  nested(`StorageClass:\t${t.spec?.storageClassName ?? ''}\n`);
  nested(`Volume:\t${t.spec?.volumeName ?? ''}\n`);
  printLabelsNested(w, 'Labels', t.metadata?.labels);
  printLabelsNested(w, 'Annotations', t.metadata?.annotations);
  nested('Capacity:\t\n');
  nested('Access Modes:\t\n');
  if (t.spec?.volumeMode) nested(`VolumeMode:\t${t.spec.volumeMode}\n`);
}

/** printLabelsMultiline through kubectl's nested writer, which indents the values too. */
function printLabelsNested(w: PrefixWriter, title: string, labels: Record<string, string> | undefined): void {
  const indent = '    ';
  w.write(LEVEL_2, `${title}:\t`);
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) {
    w.write(LEVEL_2, '<none>\n');
    return;
  }
  keys.forEach((k, i) => {
    if (i !== 0) w.write(LEVEL_0, `${indent}${indent}\t`);
    w.write(LEVEL_2, `${k}=${labels![k]}\n`);
  });
}

// ---- pod template (deployments, replica sets, jobs...) ----

export function describePodTemplate(template: any, w: PrefixWriter): void {
  w.write(LEVEL_0, 'Pod Template:\n');
  if (!template) {
    w.write(LEVEL_1, '<unset>');
    return;
  }
  const spec = template.spec ?? {};
  printLabels(w, '  Labels', template.metadata?.labels);
  if (Object.keys(template.metadata?.annotations ?? {}).length > 0) printAnnotations(w, '  Annotations', template.metadata.annotations);
  if (spec.serviceAccountName) w.write(LEVEL_1, `Service Account:\t${spec.serviceAccountName}\n`);
  if (spec.initContainers?.length) describeContainers('Init Containers', spec.initContainers, undefined, undefined, w, '  ');
  describeContainers('Containers', spec.containers ?? [], undefined, undefined, w, '  ');
  describeVolumes(spec.volumes, w, '  ');
  describeTopologySpreadConstraints(spec.topologySpreadConstraints, w, '  ');
  if (spec.priorityClassName) w.write(LEVEL_1, `Priority Class Name:\t${spec.priorityClassName}\n`);
  printLabels(w, '  Node-Selectors', spec.nodeSelector);
  printTolerations(w, '  Tolerations', spec.tolerations);
}

// ---- QoS and pod resource totals (computed client-side) ----

const QOS_RESOURCES = new Set(['cpu', 'memory']);

/** qos.GetPodQOS: status.qosClass when set, else computed from the containers. */
export function podQOS(pod: KubeObject): string {
  if (pod.status?.qosClass) return pod.status.qosClass;
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  for (const c of containers) {
    for (const [name, raw] of Object.entries<any>(c.resources?.requests ?? {})) {
      const q = parseQuantity(raw);
      if (QOS_RESOURCES.has(name) && q.n !== 0n) requests.set(name, requests.has(name) ? addQuantity(requests.get(name)!, q) : q);
    }
    const found = new Set<string>();
    for (const [name, raw] of Object.entries<any>(c.resources?.limits ?? {})) {
      const q = parseQuantity(raw);
      if (QOS_RESOURCES.has(name) && q.n !== 0n) {
        found.add(name);
        limits.set(name, limits.has(name) ? addQuantity(limits.get(name)!, q) : q);
      }
    }
    if (!(found.has('cpu') && found.has('memory'))) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, req] of requests) {
      const lim = limits.get(name);
      if (!lim || compareQuantity(lim, req) !== 0) guaranteed = false;
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}

export type ResourceTotals = Map<string, Quantity>;

function addInto(total: ResourceTotals, list: Record<string, unknown> | undefined): void {
  for (const [name, raw] of Object.entries(list ?? {})) {
    const q = parseQuantity(raw as string);
    total.set(name, total.has(name) ? addQuantity(total.get(name)!, q) : q);
  }
}

function maxInto(total: ResourceTotals, list: Record<string, unknown> | undefined): void {
  for (const [name, raw] of Object.entries(list ?? {})) {
    const q = parseQuantity(raw as string);
    const cur = total.get(name);
    if (!cur || compareQuantity(q, cur) > 0) total.set(name, q);
  }
}

/** resourcehelper.PodRequestsAndLimits: containers summed, init containers as a floor, plus overhead. */
export function podRequestsAndLimits(pod: KubeObject): { requests: ResourceTotals; limits: ResourceTotals } {
  const out = { requests: new Map() as ResourceTotals, limits: new Map() as ResourceTotals };
  for (const key of ['requests', 'limits'] as const) {
    const total = out[key];
    for (const c of pod.spec?.containers ?? []) addInto(total, c.resources?.[key]);
    const sidecars: ResourceTotals = new Map();
    for (const c of pod.spec?.initContainers ?? []) {
      if (c.restartPolicy === 'Always') {
        addInto(total, c.resources?.[key]);
        addInto(sidecars, c.resources?.[key]);
      } else {
        const withSidecars: ResourceTotals = new Map(sidecars);
        addInto(withSidecars, c.resources?.[key]);
        maxInto(total, Object.fromEntries([...withSidecars].map(([k, v]) => [k, formatQuantity(v)])));
      }
    }
    if (pod.spec?.overhead) addInto(total, pod.spec.overhead);
  }
  return out;
}
