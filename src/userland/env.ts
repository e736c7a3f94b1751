/**
 * A container's environment as the kubelet builds it (kubelet_pods.go makeEnvironmentVariables):
 * the image's PATH, HOSTNAME, `envFrom` (with prefixes), `env` (values with `$(VAR)` references,
 * ConfigMap and Secret keys, fieldRef, resourceFieldRef), the Service link variables of the
 * Services that existed when the container started (unless `enableServiceLinks: false`; the
 * `kubernetes` Service's are always there), and HOME. The kubelet emits them in Go map order
 * (random); here the order is fixed: PATH, HOSTNAME, the container's own in declaration order,
 * the Services' sorted, HOME.
 */
import type { KubeObject } from '../api/types.js';
import { parseQuantity } from '../sim/quantity.js';
import type { Snapshot } from '../store/types.js';

export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

function getObj(snap: Snapshot, collection: string, ns: string, name: string): KubeObject | undefined {
  return snap.get(collection, `${ns}/${name}`) as KubeObject | undefined;
}

function decode(b64: string): string {
  return Buffer.from(b64, 'base64').toString('utf8');
}

/** ConfigMap data (and binaryData decoded) or Secret data decoded. */
export function sourceData(obj: KubeObject | undefined, kind: 'ConfigMap' | 'Secret'): Record<string, string> | undefined {
  if (!obj) return undefined;
  const out: Record<string, string> = {};
  if (kind === 'Secret') {
    for (const [k, v] of Object.entries((obj as any).data ?? {})) out[k] = decode(String(v));
    for (const [k, v] of Object.entries((obj as any).stringData ?? {})) out[k] = String(v);
  } else {
    for (const [k, v] of Object.entries((obj as any).data ?? {})) out[k] = String(v);
    for (const [k, v] of Object.entries((obj as any).binaryData ?? {})) out[k] = decode(String(v));
  }
  return out;
}

export function configMap(snap: Snapshot, ns: string, name: string): Record<string, string> | undefined {
  return sourceData(getObj(snap, 'core/configmaps', ns, name), 'ConfigMap');
}

export function secret(snap: Snapshot, ns: string, name: string): Record<string, string> | undefined {
  return sourceData(getObj(snap, 'core/secrets', ns, name), 'Secret');
}

/** The pod's hostname as its containers see it: spec.hostname, else the pod name (at most 63 characters). */
export function podHostname(pod: KubeObject): string {
  return (pod.spec?.hostname || pod.metadata.name || '').slice(0, 63);
}

/** fieldRef values (downward API): metadata, spec and status fields a pod may read. */
export function fieldRefValue(pod: KubeObject, path: string): string | undefined {
  const meta = pod.metadata;
  const m = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
  if (m) return (meta as any)[m[1]!]?.[m[2]!] ?? '';
  switch (path) {
    case 'metadata.name':
      return meta.name;
    case 'metadata.namespace':
      return meta.namespace;
    case 'metadata.uid':
      return meta.uid;
    case 'metadata.labels':
      return formatMap(meta.labels);
    case 'metadata.annotations':
      return formatMap(meta.annotations);
    case 'spec.nodeName':
      return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? '';
    case 'status.hostIP':
      return pod.status?.hostIP ?? '';
    case 'status.hostIPs':
      return (pod.status?.hostIPs ?? []).map((i: any) => i.ip).join(',');
    case 'status.podIP':
      return pod.status?.podIP ?? '';
    case 'status.podIPs':
      return (pod.status?.podIPs ?? []).map((i: any) => i.ip).join(',');
  }
  return undefined;
}

/** The downward API's `key="value"` lines, sorted, as a volume file shows labels and annotations. */
export function formatMap(m: Record<string, string> | undefined): string {
  return Object.keys(m ?? {})
    .sort()
    .map((k) => `${k}=${JSON.stringify(m![k])}`)
    .join('\n');
}

/** resourceFieldRef: the container's limit or request in units of the divisor, rounded up; an unset limit is the node's allocatable. */
export function resourceFieldValue(pod: KubeObject, container: any, ref: any, node: KubeObject | undefined): string {
  const target = ref.containerName ? [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((c: any) => c.name === ref.containerName) : container;
  const [kind, resource] = String(ref.resource).split('.') as [string, string];
  let value = target?.resources?.[kind]?.[resource];
  if (value === undefined && kind === 'limits') value = node?.status?.allocatable?.[resource];
  if (value === undefined) value = '0';
  const divisor = parseQuantity(ref.divisor ?? (resource === 'cpu' ? '1' : '1')) || 1;
  return String(Math.ceil(parseQuantity(value) / divisor - 1e-12));
}

/** `$(VAR)` references resolved against the variables defined so far; `$$(VAR)` escapes. */
function expandRefs(value: string, defined: Map<string, string>): string {
  return value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (whole, name: string | undefined) => {
    if (whole === '$$') return '$';
    return defined.has(name!) ? defined.get(name!)! : whole;
  });
}

/** The `{NAME}_SERVICE_HOST`, `{NAME}_PORT_...` variables of one Service (docker links style). */
export function serviceLinkVars(svc: KubeObject): Array<[string, string]> {
  const ip = svc.spec?.clusterIP;
  if (!ip || ip === 'None') return [];
  const ports: any[] = svc.spec?.ports ?? [];
  const name = svc.metadata.name!.toUpperCase().replace(/-/g, '_');
  const out: Array<[string, string]> = [[`${name}_SERVICE_HOST`, ip]];
  if (!ports.length) return out;
  const first = ports[0];
  out.push([`${name}_SERVICE_PORT`, String(first.port)]);
  for (const p of ports) if (p.name) out.push([`${name}_SERVICE_PORT_${String(p.name).toUpperCase().replace(/-/g, '_')}`, String(p.port)]);
  out.push([`${name}_PORT`, `${String(first.protocol ?? 'TCP').toLowerCase()}://${ip}:${first.port}`]);
  for (const p of ports) {
    const proto = String(p.protocol ?? 'TCP');
    const base = `${name}_PORT_${p.port}_${proto.toUpperCase()}`;
    out.push([base, `${proto.toLowerCase()}://${ip}:${p.port}`]);
    out.push([`${base}_PROTO`, proto.toLowerCase()]);
    out.push([`${base}_PORT`, String(p.port)]);
    out.push([`${base}_ADDR`, ip]);
  }
  return out;
}

function containerStartedAt(pod: KubeObject, name: string): number | undefined {
  const s = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])].find((c: any) => c.name === name);
  const t = s?.state?.running?.startedAt ?? s?.state?.terminated?.startedAt;
  return t ? Date.parse(t) : undefined;
}

export interface EnvOptions {
  /** `exec -t`: the runtime sets TERM. */
  tty?: boolean;
  now: number;
}

/** The container's environment, in the order `env` prints it. */
export function containerEnv(snap: Snapshot, pod: KubeObject, container: any, opts: EnvOptions): Array<[string, string]> {
  const ns = pod.metadata.namespace ?? 'default';
  const own = new Map<string, string>();
  for (const from of container.envFrom ?? []) {
    const prefix: string = from.prefix ?? '';
    const data = from.configMapRef ? configMap(snap, ns, from.configMapRef.name) : from.secretRef ? secret(snap, ns, from.secretRef.name) : undefined;
    for (const [k, v] of Object.entries(data ?? {}).sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      // Keys that are not valid variable names are skipped (the kubelet records an event).
      if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(prefix + k)) continue;
      own.set(prefix + k, v);
    }
  }
  const node = pod.spec?.nodeName ? (snap.get('core/nodes', pod.spec.nodeName) as KubeObject | undefined) : undefined;
  // Service variables first, so `$(WEB_SERVICE_HOST)` resolves in env values.
  const services = serviceEnv(snap, pod, container.name, opts.now);
  const defined = new Map<string, string>([...services, ...own]);
  for (const e of container.env ?? []) {
    let v: string | undefined;
    if (e.valueFrom) {
      const f = e.valueFrom;
      if (f.configMapKeyRef) v = configMap(snap, ns, f.configMapKeyRef.name)?.[f.configMapKeyRef.key];
      else if (f.secretKeyRef) v = secret(snap, ns, f.secretKeyRef.name)?.[f.secretKeyRef.key];
      else if (f.fieldRef) v = fieldRefValue(pod, f.fieldRef.fieldPath);
      else if (f.resourceFieldRef) v = resourceFieldValue(pod, container, f.resourceFieldRef, node);
      // An optional key that is absent leaves the variable out.
      if (v === undefined) continue;
    } else {
      v = expandRefs(String(e.value ?? ''), defined);
    }
    own.delete(e.name);
    own.set(e.name, v);
    defined.set(e.name, v);
  }
  const out: Array<[string, string]> = [];
  const seen = new Set<string>();
  const add = (k: string, v: string) => {
    if (seen.has(k)) return;
    seen.add(k);
    out.push([k, v]);
  };
  // The container's own PATH wins over the image's.
  add('PATH', own.get('PATH') ?? DEFAULT_PATH);
  add('HOSTNAME', podHostname(pod));
  for (const [k, v] of own) add(k, v);
  for (const [k, v] of services) add(k, v);
  if (opts.tty) add('TERM', 'xterm');
  add('HOME', '/root');
  return out;
}

/** The Service link variables a container got when it started. */
function serviceEnv(snap: Snapshot, pod: KubeObject, container: string, now: number): Array<[string, string]> {
  const ns = pod.metadata.namespace ?? 'default';
  const started = containerStartedAt(pod, container) ?? now;
  const existed = (s: KubeObject) => !s.metadata.creationTimestamp || Date.parse(s.metadata.creationTimestamp) <= started;
  const chosen = new Map<string, KubeObject>();
  if (pod.spec?.enableServiceLinks !== false) {
    for (const [key, v] of snap.list('core/services')) {
      if (!key.startsWith(`${ns}/`)) continue;
      const svc = v as KubeObject;
      if (existed(svc)) chosen.set(svc.metadata.name!, svc);
    }
  }
  // The API server's own Service, always (from the default namespace).
  const master = snap.get('core/services', 'default/kubernetes') as KubeObject | undefined;
  if (master && (ns === 'default' || !chosen.has('kubernetes'))) chosen.set('kubernetes', master);
  const vars: Array<[string, string]> = [];
  for (const name of [...chosen.keys()].sort()) vars.push(...serviceLinkVars(chosen.get(name)!));
  return vars.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}
