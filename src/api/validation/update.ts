/** Update-only validation (the strategies' ValidateUpdate): fields that may not change once set. */
import type { StatusCause } from '../../errors.js';
import type { KubeObject } from '../types.js';
import { isObj } from './semantic.js';

type Obj = Record<string, any>;

/** Structural equality of JSON values, key order ignored. */
function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => jsonEqual(a[k], b[k]));
  }
  return false;
}

const goString = (s: unknown): string => JSON.stringify(String(s ?? ''));

function goStringSlice(v: unknown): string {
  return Array.isArray(v) ? `[]string{${v.map(goString).join(', ')}}` : '[]string(nil)';
}

function goStringMap(v: unknown): string {
  if (!isObj(v)) return 'map[string]string(nil)';
  const entries = Object.keys(v)
    .sort()
    .map((k) => `${goString(k)}:${goString(v[k])}`);
  return `map[string]string{${entries.join(', ')}}`;
}

/** Go's %#v of a metav1.LabelSelector, as field errors print it. */
export function goLabelSelector(sel: unknown): string {
  const s = isObj(sel) ? sel : {};
  const exprs = Array.isArray(s.matchExpressions)
    ? `[]v1.LabelSelectorRequirement{${s.matchExpressions
        .filter(isObj)
        .map((e) => `v1.LabelSelectorRequirement{Key:${goString(e.key)}, Operator:${goString(e.operator)}, Values:${goStringSlice(e.values)}}`)
        .join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${goStringMap(s.matchLabels)}, MatchExpressions:${exprs}}`;
}

const IMMUTABLE = 'field is immutable';

function checkImmutableSelector(out: StatusCause[], obj: KubeObject, old: KubeObject): void {
  const sel = obj.spec?.selector;
  if (!jsonEqual(sel, old.spec?.selector)) {
    out.push({ field: 'spec.selector', message: `Invalid value: ${goLabelSelector(sel)}: ${IMMUTABLE}` });
  }
}

const POD_UPDATE_FORBIDDEN =
  'Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

/** The old spec with what a pod update may change taken from the new one (ValidatePodUpdate). */
function podSpecWithMutableFields(oldSpec: Obj, newSpec: Obj): Obj {
  const merged: Obj = structuredClone(oldSpec);
  for (const list of ['containers', 'initContainers']) {
    if (!Array.isArray(merged[list]) || !Array.isArray(newSpec[list])) continue;
    merged[list].forEach((c: Obj, i: number) => {
      const n = newSpec[list][i];
      if (isObj(c) && isObj(n)) c.image = n.image;
    });
  }
  merged.activeDeadlineSeconds = newSpec.activeDeadlineSeconds;
  const oldTolerations: unknown[] = Array.isArray(oldSpec.tolerations) ? oldSpec.tolerations : [];
  const newTolerations: unknown[] = Array.isArray(newSpec.tolerations) ? newSpec.tolerations : [];
  if (oldTolerations.every((t) => newTolerations.some((n) => jsonEqual(n, t)))) merged.tolerations = newSpec.tolerations;
  if (typeof oldSpec.terminationGracePeriodSeconds === 'number' && oldSpec.terminationGracePeriodSeconds < 0 && newSpec.terminationGracePeriodSeconds === 1) {
    merged.terminationGracePeriodSeconds = 1;
  }
  return merged;
}

const STATEFULSET_MUTABLE = ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];

function withoutKeys(o: unknown, keys: string[]): Obj {
  const out: Obj = isObj(o) ? { ...o } : {};
  for (const k of keys) delete out[k];
  return out;
}

/** Causes for changes the API server refuses on update of `old` into `obj` (both defaulted). */
export function updateCauses(obj: KubeObject, old: KubeObject): StatusCause[] {
  const out: StatusCause[] = [];
  switch (obj.kind) {
    case 'Deployment':
    case 'ReplicaSet':
    case 'DaemonSet':
    case 'StatefulSet':
      checkImmutableSelector(out, obj, old);
      if (obj.kind === 'StatefulSet' && !jsonEqual(withoutKeys(obj.spec, STATEFULSET_MUTABLE), withoutKeys(old.spec, STATEFULSET_MUTABLE))) {
        out.push({
          field: 'spec',
          message:
            "Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
        });
      }
      break;
    case 'Secret':
    case 'ConfigMap':
      if (obj.kind === 'Secret' && (obj.type ?? 'Opaque') !== (old.type ?? 'Opaque')) {
        out.push({ field: 'type', message: `Invalid value: ${JSON.stringify(obj.type ?? '')}: ${IMMUTABLE}` });
      }
      if (old.immutable === true) {
        if (obj.immutable !== true) out.push({ field: 'immutable', message: 'Forbidden: field is immutable when `immutable` is set' });
        for (const field of ['data', 'binaryData']) {
          if (!jsonEqual(obj[field] ?? {}, old[field] ?? {})) out.push({ field, message: 'Forbidden: field is immutable when `immutable` is set' });
        }
      }
      break;
    case 'Pod':
      if (isObj(obj.spec) && isObj(old.spec) && !jsonEqual(podSpecWithMutableFields(old.spec, obj.spec), obj.spec)) {
        out.push({ field: 'spec', message: POD_UPDATE_FORBIDDEN });
      }
      break;
  }
  return out;
}
