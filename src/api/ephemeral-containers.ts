/**
 * A pod's `ephemeralcontainers` subresource (what `kubectl debug POD --image=...` writes through):
 * the only way to add a container to a pod that exists. As the pod registry's ephemeral-containers
 * strategy does, the write keeps everything of the live pod but `spec.ephemeralContainers`; the
 * ones there may only be added to: an existing one can be neither removed nor changed. A pod
 * cannot be created with any.
 */
import type { StatusCause } from '../errors.js';
import type { KubeObject } from './types.js';

type Obj = Record<string, any>;

/** EphemeralContainerCommon's fields an ephemeral container may not set (validateFieldAllowList). */
const NOT_FOR_EPHEMERAL = ['ports', 'resources', 'resizePolicy', 'lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe', 'restartPolicy'];
const FORBIDDEN = 'Forbidden: cannot be set for an Ephemeral Container';

/** The live pod with the ephemeral containers of `input`, nothing else of it (dropNonEphemeralContainerUpdates). */
export function withEphemeralContainersOf(obj: KubeObject, live: KubeObject): void {
  const ephemeral = (obj.spec as Obj | undefined)?.ephemeralContainers;
  const stored = structuredClone(live);
  // The metadata object is kept (the caller holds it): its fields become the live ones.
  const meta = (obj.metadata ??= {});
  for (const k of Object.keys(obj)) if (k !== 'metadata') delete obj[k];
  for (const [k, v] of Object.entries(stored)) if (k !== 'metadata') obj[k] = v;
  for (const k of Object.keys(meta)) delete (meta as Obj)[k];
  Object.assign(meta, stored.metadata);
  const spec: Obj = (obj.spec ??= {});
  if (Array.isArray(ephemeral) && ephemeral.length) spec.ephemeralContainers = ephemeral;
  else delete spec.ephemeralContainers;
}

/** The Go zero value: absent, empty, or an object with nothing set. */
function isSet(v: unknown): boolean {
  if (v === undefined || v === null || v === '' || v === false) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.values(v as Obj).some(isSet);
  return true;
}

/** Why a pod may not be created with what it has: ephemeral containers come through the subresource only. */
export function ephemeralCreateCauses(obj: KubeObject): StatusCause[] {
  const list = (obj.spec as Obj | undefined)?.ephemeralContainers;
  return Array.isArray(list) && list.length ? [{ field: 'spec.ephemeralContainers', message: 'Forbidden: cannot be set on create' }] : [];
}

/** What the API server refuses in an update of the ephemeral containers of `old` into those of `obj` (both defaulted). */
export function ephemeralUpdateCauses(obj: KubeObject, old: KubeObject): StatusCause[] {
  // A static pod's mirror: the kubelet runs what its manifest file says, so nothing can be added (the field path is empty).
  if (old.metadata?.annotations?.['kubernetes.io/config.mirror'] !== undefined) return [{ field: '', message: 'Forbidden: static pods do not support ephemeral containers' }];
  const out: StatusCause[] = [];
  const spec: Obj = obj.spec ?? {};
  const list: Obj[] = Array.isArray(spec.ephemeralContainers) ? spec.ephemeralContainers : [];
  const others = new Set<string>([...(spec.containers ?? []), ...(spec.initContainers ?? [])].map((c: Obj) => c?.name));
  const names = new Set(others);
  list.forEach((ec, i) => {
    const at = `spec.ephemeralContainers[${i}]`;
    if (!ec?.name) out.push({ field: `${at}.name`, message: 'Required value' });
    else if (names.has(ec.name)) out.push({ field: `${at}.name`, message: `Duplicate value: ${JSON.stringify(ec.name)}` });
    else names.add(ec.name);
    if (!ec?.image) out.push({ field: `${at}.image`, message: 'Required value' });
    if (ec?.targetContainerName && !others.has(ec.targetContainerName)) {
      out.push({ field: `${at}.targetContainerName`, message: `Not found: ${JSON.stringify(ec.targetContainerName)}` });
    }
    for (const field of NOT_FOR_EPHEMERAL) if (isSet(ec?.[field])) out.push({ field: `${at}.${field}`, message: FORBIDDEN });
    (Array.isArray(ec?.volumeMounts) ? ec.volumeMounts : []).forEach((m: Obj, j: number) => {
      for (const field of ['subPath', 'subPathExpr']) if (m?.[field]) out.push({ field: `${at}.volumeMounts[${j}].${field}`, message: FORBIDDEN });
    });
  });
  // Existing ones may not go or change (a patch need not keep their order). The API server's messages
  // end in a newline (kubectl prints no other) and, for a change, Go's diff of the two containers:
  // here the line alone.
  const byName = new Map(list.map((ec) => [ec?.name, ec]));
  for (const was of (old.spec as Obj | undefined)?.ephemeralContainers ?? []) {
    const now = byName.get(was.name);
    if (!now) out.push({ field: 'spec.ephemeralContainers', message: `Forbidden: existing ephemeral containers ${JSON.stringify(was.name)} may not be removed` });
    else if (JSON.stringify(sortedKeys(now)) !== JSON.stringify(sortedKeys(was))) {
      out.push({ field: 'spec.ephemeralContainers', message: `Forbidden: existing ephemeral containers ${JSON.stringify(was.name)} may not be changed` });
    }
  }
  return out;
}

function sortedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedKeys);
  if (typeof v !== 'object' || v === null) return v;
  return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortedKeys((v as Obj)[k])]));
}
