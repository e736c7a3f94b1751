/**
 * Files that outlive one command, in the store's internal collection `sim/files` (invisible
 * to the API): a container instance's writable layer (`layer/<ns>/<pod>/<uid>/<container>/<restartCount>`,
 * so a restart starts from the image again), an emptyDir (`emptydir/<ns>/<pod>/<uid>/<volume>`: it
 * lives as long as the pod), a PersistentVolume's data (`pv/<name>`, or `pvc/<ns>/<claim>` before
 * binding: it outlives pods), a hostPath (`hostpath/<node><path>`). What a command changed is
 * replayed on the current copy under the store's lock, and what belongs to pods, containers and
 * volumes that are gone is dropped then.
 */
import type { KubeObject } from '../api/types.js';
import type { Transaction } from '../store/types.js';
import { applyOps, type Entries, type FileOp } from './fs.js';
import { FILES_COLLECTION, storedEntries, type StoredVolume } from './volumes.js';

export function commitOps(tx: Transaction, ops: FileOp[]): void {
  const byKey = new Map<string, FileOp[]>();
  for (const o of ops) {
    const list = byKey.get(o.key) ?? [];
    list.push(o);
    byKey.set(o.key, list);
  }
  for (const [key, list] of byKey) {
    const entries: Entries = applyOps(storedEntries(tx, key), list);
    tx.put(FILES_COLLECTION, key, { entries } satisfies StoredVolume);
  }
  collectGarbage(tx);
}

/** Whether the owner of a stored volume still exists. */
function alive(tx: Transaction, key: string): boolean {
  const parts = key.split('/');
  if (parts[0] === 'layer' || parts[0] === 'emptydir') {
    const pod = tx.get('core/pods', `${parts[1]}/${parts[2]}`) as KubeObject | undefined;
    if (!pod || pod.metadata.uid !== parts[3]) return false;
    if (parts[0] === 'emptydir') return true;
    const st = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])].find((s: any) => s.name === parts[4]);
    return String(st?.restartCount ?? 0) === parts[5];
  }
  if (parts[0] === 'pv') return tx.get('core/persistentvolumes', parts.slice(1).join('/')) !== undefined;
  if (parts[0] === 'pvc') return tx.get('core/persistentvolumeclaims', `${parts[1]}/${parts[2]}`) !== undefined;
  return true;
}

export function collectGarbage(tx: Transaction): void {
  for (const [key] of tx.list(FILES_COLLECTION)) if (!alive(tx, key)) tx.delete(FILES_COLLECTION, key);
}
