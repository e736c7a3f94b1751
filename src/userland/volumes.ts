/**
 * A container's mount table, computed from the pod and the store: the writable layer over
 * the image's skeleton, the pod's volumes as the kubelet fills them (ConfigMap, Secret,
 * projected and downward API volumes the way its atomic writer lays them out, with `..data`
 * and a timestamped directory), emptyDirs, PVCs and hostPaths kept in the store's `sim/files`,
 * and the files the kubelet writes (/etc/hosts, /etc/hostname, /etc/resolv.conf). Lines a
 * container writes over simulated time (src/sim/writer.ts) are added to the files they go to.
 */
import { DEFAULT_AUDIENCE, signToken } from '../api/token-request.js';
import type { KubeObject } from '../api/types.js';
import { hmacSha256 } from '../util/digest.js';
import { knownRuns, runLines, writerOf } from '../sim/writer.js';
import type { Snapshot } from '../store/types.js';
import { formatResolvConf, kubeletHostsFile, resolverConfig } from '../dataplane/dns.js';
import { configMap, fieldRefValue, podHostname, resourceFieldValue, secret } from './env.js';
import type { Entries, Entry, Mount, Volume } from './fs.js';

export const FILES_COLLECTION = 'sim/files';

export interface StoredVolume {
  entries: Entries;
}

export function storedEntries(snap: Snapshot, key: string): Entries {
  return { ...((snap.get(FILES_COLLECTION, key) as StoredVolume | undefined)?.entries ?? {}) };
}

/** The directories every image has; what else an image holds is not known to the simulation. */
const SKELETON = ['bin', 'dev', 'etc', 'home', 'lib', 'mnt', 'opt', 'proc', 'root', 'run', 'sbin', 'srv', 'sys', 'tmp', 'usr', 'usr/bin', 'usr/lib', 'usr/local', 'usr/local/bin', 'usr/sbin', 'var', 'var/log', 'var/tmp'];

function status(pod: KubeObject, name: string): any {
  return [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])].find((s: any) => s.name === name);
}

export function podContainers(pod: KubeObject): any[] {
  return [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []), ...(pod.spec?.ephemeralContainers ?? [])];
}

/** Store key of a container instance's writable layer: a restart starts a new one. */
export function layerKey(pod: KubeObject, container: string): string {
  const m = pod.metadata;
  return `layer/${m.namespace}/${m.name}/${m.uid}/${container}/${status(pod, container)?.restartCount ?? 0}`;
}

/** Store key of a persistent volume's data, or undefined for volumes computed from objects. */
export function volumeKey(snap: Snapshot, pod: KubeObject, vol: any): string | undefined {
  const m = pod.metadata;
  if (vol.emptyDir || (!vol.configMap && !vol.secret && !vol.projected && !vol.downwardAPI && !vol.persistentVolumeClaim && !vol.hostPath && !vol.ephemeral)) {
    return `emptydir/${m.namespace}/${m.name}/${m.uid}/${vol.name}`;
  }
  if (vol.persistentVolumeClaim) {
    const claim = snap.get('core/persistentvolumeclaims', `${m.namespace}/${vol.persistentVolumeClaim.claimName}`) as KubeObject | undefined;
    return claim?.spec?.volumeName ? `pv/${claim.spec.volumeName}` : `pvc/${m.namespace}/${vol.persistentVolumeClaim.claimName}`;
  }
  if (vol.ephemeral) return `emptydir/${m.namespace}/${m.name}/${m.uid}/${vol.name}`;
  if (vol.hostPath) return `hostpath/${pod.spec?.nodeName ?? ''}${String(vol.hostPath.path).replace(/\/+$/, '')}`;
  return undefined;
}

function startMs(pod: KubeObject, now: number): number {
  const t = pod.status?.startTime ?? pod.metadata.creationTimestamp;
  return t ? Date.parse(t) : now;
}

/** The kubelet's atomic-writer layout of `files` (path → content, mode). */
function atomicVolume(files: Array<{ path: string; data: string; mode: number }>, at: number, version: string): Volume {
  const d = new Date(at);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const stamp = `..${d.getUTCFullYear()}_${p(d.getUTCMonth() + 1)}_${p(d.getUTCDate())}_${p(d.getUTCHours())}_${p(d.getUTCMinutes())}_${p(d.getUTCSeconds())}.${version}`;
  const entries: Entries = { [stamp]: { t: 'd', m: 0o755, at }, '..data': { t: 'l', d: stamp, m: 0o777, at } };
  for (const f of files) {
    const parts = f.path.split('/').filter(Boolean);
    for (let i = 1; i < parts.length; i++) entries[`${stamp}/${parts.slice(0, i).join('/')}`] = { t: 'd', m: 0o755, at };
    entries[`${stamp}/${parts.join('/')}`] = { t: 'f', d: f.data, m: f.mode, at };
    entries[parts[0]!] = { t: 'l', d: `..data/${parts[0]}`, m: 0o777, at };
  }
  return { readonly: true, entries, at, mode: 0o1777 };
}

/** A number that changes when the source objects change, for the timestamped directory's name. */
function versionOf(objs: Array<KubeObject | undefined>): string {
  let n = 0;
  for (const o of objs) n = n * 31 + Number(o?.metadata.resourceVersion ?? 0);
  return String(Math.abs(n) % 10_000_000_000).padStart(10, '0');
}

function keyed(data: Record<string, string> | undefined, items: any[] | undefined, defaultMode: number): Array<{ path: string; data: string; mode: number }> {
  if (!data) return [];
  if (items?.length) return items.filter((i) => data[i.key] !== undefined).map((i) => ({ path: i.path, data: data[i.key]!, mode: i.mode ?? defaultMode }));
  return Object.keys(data)
    .sort()
    .map((k) => ({ path: k, data: data[k]!, mode: defaultMode }));
}

function downwardFiles(pod: KubeObject, container: any, items: any[] | undefined, defaultMode: number, node: KubeObject | undefined): Array<{ path: string; data: string; mode: number }> {
  return (items ?? []).map((i) => ({
    path: i.path,
    data: i.fieldRef ? (fieldRefValue(pod, i.fieldRef.fieldPath) ?? '') : i.resourceFieldRef ? resourceFieldValue(pod, container, i.resourceFieldRef, node) : '',
    mode: i.mode ?? defaultMode,
  }));
}

/** The kubelet asks for 3607 s; the API server then issues a year (--service-account-extend-token-expiration) and warns after 3607 s. */
const KUBELET_TOKEN_SECONDS = 3607;
const EXTENDED_SECONDS = 365 * 24 * 3600;

/**
 * A projected service-account token: the JWT the API server issues the kubelet for the pod (a
 * TokenRequest bound to the pod, see src/api/token-request.ts), signed as `create token` signs, so
 * it is a credential for as long as the pod and its service account live. Its jti is derived from
 * the pod and the issue time, so every read of the file until the kubelet refreshes it is the same.
 */
export function serviceAccountToken(snap: Snapshot, pod: KubeObject, node: KubeObject | undefined, expirationSeconds: number, audience: string | undefined, issuedAt: number): string {
  const iat = Math.floor(issuedAt / 1000);
  const ns = pod.metadata.namespace!;
  const sa = pod.spec?.serviceAccountName ?? 'default';
  const saUid = (snap.get('core/serviceaccounts', `${ns}/${sa}`) as KubeObject | undefined)?.metadata.uid;
  const key = (snap.get('core/namespaces', 'kube-system') as KubeObject | undefined)?.metadata.uid ?? 'kubectl-lite';
  const extended = expirationSeconds === KUBELET_TOKEN_SECONDS;
  const id = hmacSha256(key, `${pod.metadata.uid}/${iat}`).toString('hex');
  const claims = {
    aud: [audience ?? DEFAULT_AUDIENCE],
    exp: iat + (extended ? EXTENDED_SECONDS : expirationSeconds),
    iat,
    iss: DEFAULT_AUDIENCE,
    jti: `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20, 32)}`,
    'kubernetes.io': {
      namespace: ns,
      node: { name: pod.spec?.nodeName, ...(node?.metadata.uid ? { uid: node.metadata.uid } : {}) },
      pod: { name: pod.metadata.name, uid: pod.metadata.uid },
      serviceaccount: { name: sa, ...(saUid ? { uid: saUid } : {}) },
      ...(extended ? { warnafter: iat + KUBELET_TOKEN_SECONDS } : {}),
    },
    nbf: iat,
    sub: `system:serviceaccount:${ns}:${sa}`,
  };
  return signToken(claims, key, hmacSha256);
}

function volumeFiles(snap: Snapshot, pod: KubeObject, container: any, vol: any, now: number): Volume | undefined {
  const ns = pod.metadata.namespace!;
  const at = startMs(pod, now);
  const node = pod.spec?.nodeName ? (snap.get('core/nodes', pod.spec.nodeName) as KubeObject | undefined) : undefined;
  if (vol.configMap) {
    const obj = snap.get('core/configmaps', `${ns}/${vol.configMap.name}`) as KubeObject | undefined;
    return atomicVolume(keyed(configMap(snap, ns, vol.configMap.name), vol.configMap.items, vol.configMap.defaultMode ?? 0o644), at, versionOf([obj]));
  }
  if (vol.secret) {
    const obj = snap.get('core/secrets', `${ns}/${vol.secret.secretName}`) as KubeObject | undefined;
    return atomicVolume(keyed(secret(snap, ns, vol.secret.secretName), vol.secret.items, vol.secret.defaultMode ?? 0o644), at, versionOf([obj]));
  }
  if (vol.downwardAPI) return atomicVolume(downwardFiles(pod, container, vol.downwardAPI.items, vol.downwardAPI.defaultMode ?? 0o644, node), at, versionOf([pod]));
  if (vol.projected) {
    const mode = vol.projected.defaultMode ?? 0o644;
    const files: Array<{ path: string; data: string; mode: number }> = [];
    const objs: Array<KubeObject | undefined> = [];
    for (const src of vol.projected.sources ?? []) {
      if (src.configMap) {
        objs.push(snap.get('core/configmaps', `${ns}/${src.configMap.name}`) as KubeObject | undefined);
        files.push(...keyed(configMap(snap, ns, src.configMap.name), src.configMap.items, mode));
      } else if (src.secret) {
        objs.push(snap.get('core/secrets', `${ns}/${src.secret.name}`) as KubeObject | undefined);
        files.push(...keyed(secret(snap, ns, src.secret.name), src.secret.items, mode));
      } else if (src.downwardAPI) files.push(...downwardFiles(pod, container, src.downwardAPI.items, mode, node));
      else if (src.serviceAccountToken) {
        const exp = src.serviceAccountToken.expirationSeconds ?? 3607;
        // The kubelet refreshes the token at 80% of its life: the current one was issued then.
        const life = exp * 1000 * 0.8;
        const issued = at + Math.floor(Math.max(0, now - at) / life) * life;
        files.push({ path: src.serviceAccountToken.path, data: serviceAccountToken(snap, pod, node, exp, src.serviceAccountToken.audience, issued), mode: 0o600 === mode ? 0o600 : mode });
      }
    }
    return atomicVolume(files, at, versionOf(objs));
  }
  return undefined;
}

/** /etc/hosts: the kubelet's managed file, or for a hostNetwork pod the node's own. */
function hostsFile(snap: Snapshot, pod: KubeObject): string {
  if (!pod.spec?.hostNetwork) return kubeletHostsFile(pod);
  const node = snap.get('core/nodes', pod.spec.nodeName ?? '') as KubeObject | undefined;
  const ip = (node?.status?.addresses ?? []).find((a: any) => a.type === 'InternalIP')?.address ?? '';
  return `127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n${ip}\t${pod.spec.nodeName}\n`;
}

function fileVolume(data: string, at: number, mode = 0o644): Volume {
  return { readonly: true, entries: { file: { t: 'f', d: data, m: mode, at } }, at };
}

/** Follows symlinks inside one volume (a subPath naming a ConfigMap key reaches the file behind `..data`). */
function resolveSub(vol: Volume, sub: string): string {
  let path = sub.split('/').filter(Boolean).join('/');
  for (let i = 0; i < 10; i++) {
    const parts = path.split('/');
    let changed = false;
    for (let j = 1; j <= parts.length; j++) {
      const e = vol.entries[parts.slice(0, j).join('/')];
      if (e?.t === 'l') {
        const dir = parts.slice(0, j - 1).join('/');
        path = [dir, e.d, ...parts.slice(j)].filter(Boolean).join('/');
        changed = true;
        break;
      }
    }
    if (!changed) return path;
  }
  return path;
}

export interface MountOptions {
  now: number;
}

/** Lines the pod's containers wrote by `now` into a file of a shared volume (or of this container's layer). */
function generatedInto(pod: KubeObject, target: { volume?: string; layerOf?: string }, rel: string, now: number, mountsOf: (c: any) => Array<{ path: string; volume?: string; sub: string }>): { text: string; at: number } | undefined {
  let text = '';
  let at = 0;
  for (const c of podContainers(pod)) {
    const w = writerOf(pod, c.name);
    if (!w || w.path === '/dev/stdout') continue;
    // Where the writer's path lands in this container's mounts.
    const mounts = mountsOf(c).sort((a, b) => b.path.length - a.path.length);
    const m = mounts.find((x) => x.path === '/' || w.path === x.path || w.path.startsWith(x.path + '/'));
    if (!m) continue;
    const inner = m.path === '/' ? w.path.slice(1) : w.path.slice(m.path.length + 1);
    const key = m.sub ? (inner ? `${m.sub}/${inner}` : m.sub) : inner;
    if (key !== rel) continue;
    if (m.volume === undefined ? target.layerOf !== c.name : target.volume !== m.volume) continue;
    const runs = knownRuns(pod, c.name).filter((r) => m.volume !== undefined || r.current);
    for (const r of runs) {
      for (const l of runLines(w, pod, c.name, r.startedAt, r.finishedAt, now)) {
        text += l.text + '\n';
        at = Math.max(at, l.at);
      }
    }
  }
  return text ? { text, at } : undefined;
}

function declaredMounts(pod: KubeObject, c: any): Array<{ path: string; volume?: string; sub: string }> {
  return [{ path: '/', sub: '' }, ...(c.volumeMounts ?? []).map((vm: any) => ({ path: String(vm.mountPath).replace(/\/+$/, '') || '/', volume: vm.name, sub: vm.subPath ?? '' }))];
}

function addGenerated(vol: Volume, pod: KubeObject, target: { volume?: string; layerOf?: string }, now: number): void {
  const rels = new Set<string>();
  for (const c of podContainers(pod)) {
    const w = writerOf(pod, c.name);
    if (!w || w.path === '/dev/stdout') continue;
    for (const m of declaredMounts(pod, c)) {
      if (m.path === '/' || w.path === m.path || w.path.startsWith(m.path + '/')) {
        const inner = m.path === '/' ? w.path.slice(1) : w.path.slice(m.path.length + 1);
        rels.add(m.sub ? (inner ? `${m.sub}/${inner}` : m.sub) : inner);
      }
    }
  }
  for (const rel of rels) {
    const g = generatedInto(pod, target, rel, now, (c) => declaredMounts(pod, c));
    if (!g) continue;
    const old = vol.entries[rel];
    if (old && old.t !== 'f' && old.t !== 'w') continue;
    const stored = old?.t === 'f' ? (old.d ?? '') : '';
    vol.entries[rel] = { t: 'f', d: stored + g.text, m: old?.t === 'f' ? old.m : 0o644, at: Math.max(old?.at ?? 0, g.at) };
    // Its directories exist too.
    const parts = rel.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (!vol.entries[dir]) vol.entries[dir] = { t: 'd', m: 0o755, at: g.at };
    }
  }
}

/** Every mount of `container` in `pod`, with what the store and the objects say they hold at `now`. */
export function containerMounts(snap: Snapshot, pod: KubeObject, container: any, opts: MountOptions): Mount[] {
  const now = opts.now;
  const started = status(pod, container.name)?.state?.running?.startedAt;
  const at = started ? Date.parse(started) : startMs(pod, now);
  const rootEntries: Entries = {};
  for (const d of SKELETON) rootEntries[d] = { t: 'd', m: d === 'tmp' || d === 'var/tmp' ? 0o1777 : d === 'root' ? 0o700 : 0o755, at };
  const lkey = layerKey(pod, container.name);
  for (const [k, e] of Object.entries(storedEntries(snap, lkey))) rootEntries[k] = e as Entry;
  const root: Volume = { key: lkey, readonly: false, entries: rootEntries, at };
  addGenerated(root, pod, { layerOf: container.name }, now);
  const mounts: Mount[] = [{ path: '/', vol: root, sub: '', readonly: false }];
  const volumes = new Map<string, Volume>();
  for (const vm of container.volumeMounts ?? []) {
    const spec = (pod.spec?.volumes ?? []).find((v: any) => v.name === vm.name);
    if (!spec) continue;
    let vol = volumes.get(vm.name);
    if (!vol) {
      const key = volumeKey(snap, pod, spec);
      if (key) {
        vol = { key, readonly: false, entries: storedEntries(snap, key), at: startMs(pod, now), mode: spec.emptyDir || spec.ephemeral ? 0o777 : 0o755 };
        addGenerated(vol, pod, { volume: vm.name }, now);
      } else {
        vol = volumeFiles(snap, pod, container, spec, now) ?? { readonly: true, entries: {}, at: startMs(pod, now) };
      }
      volumes.set(vm.name, vol);
    }
    const sub = vm.subPath ? resolveSub(vol, vm.subPath) : '';
    mounts.push({ path: String(vm.mountPath).replace(/\/+$/, '') || '/', vol, sub, readonly: Boolean(vm.readOnly) });
  }
  // What the kubelet writes into every container (unless a volume is mounted there).
  const taken = new Set(mounts.map((m) => m.path));
  const kubeletFiles: Array<[string, string]> = [
    ['/etc/hosts', hostsFile(snap, pod)],
    ['/etc/hostname', `${pod.spec?.hostNetwork ? pod.spec.nodeName : podHostname(pod)}\n`],
    ['/etc/resolv.conf', formatResolvConf(resolverConfig(pod))],
    ['/dev/termination-log', ''],
  ];
  for (const [path, data] of kubeletFiles) if (!taken.has(path)) mounts.push({ path, vol: fileVolume(data, startMs(pod, now), path === '/dev/termination-log' ? 0o666 : 0o644), sub: 'file', readonly: false });
  return mounts;
}
