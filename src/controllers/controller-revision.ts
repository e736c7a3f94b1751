/**
 * ControllerRevisions (pkg/controller/history): the template history of StatefulSets and
 * DaemonSets. A revision is named <owner>-<hash of its data>, numbered one above the
 * highest, and labelled with the owner's selector labels plus controller.kubernetes.io/hash.
 */
import type { ApiServer } from '../api/server.js';
import { jsonEqual } from '../api/server.js';
import { deepClone, type KubeObject } from '../api/types.js';
import { sortKeys } from '../api/merge/json.js';
import { computeHash } from './hash.js';
import { controllerRef, deleteIfPresent } from './pod-template.js';

export const HASH_KEY = 'controller.kubernetes.io/hash';

/**
 * The patch a StatefulSet/DaemonSet revision stores: its pod template, written as the controllers
 * marshal it (through a map: every key sorted), so that kubectl's rollback, which compares the
 * workload's own patch with the revision's bytes, finds the revision that matches it.
 */
export function revisionData(owner: KubeObject): Record<string, unknown> {
  // sortKeys copies as it sorts: the owner's template is not shared.
  return sortKeys({ spec: { template: { ...(owner.spec?.template ?? {}), $patch: 'replace' } } }) as Record<string, unknown>;
}

/**
 * Finds the revision holding the owner's current template, creating it (or renumbering an
 * older equal one) when needed. Returns it and the full owned history, oldest first.
 */
export function syncRevisions(api: ApiServer, owner: KubeObject, owned: KubeObject[]): { update: KubeObject; history: KubeObject[] } {
  const type = api.registry.forKind('apps/v1', 'ControllerRevision')!;
  const data = revisionData(owner);
  let history = [...owned].sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0));
  const maxRevision = Math.max(0, ...history.map((r) => r.revision ?? 0));
  const equal = history.find((r) => jsonEqual(r.data, data));
  if (equal) {
    if (equal.revision === maxRevision) return { update: equal, history };
    const renumbered = api.put({ ...deepClone(equal), revision: maxRevision + 1 });
    history = [...history.filter((r) => r !== equal), renumbered];
    return { update: renumbered, history };
  }
  const hash = computeHash(data, owner.status?.collisionCount);
  const revision: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: `${owner.metadata.name}-${hash}`,
      namespace: owner.metadata.namespace,
      labels: { ...(owner.spec?.selector?.matchLabels ?? {}), [HASH_KEY]: hash },
      ownerReferences: [controllerRef(owner)],
    },
    data,
    revision: maxRevision + 1,
  };
  const existing = api.tryGet(type, owner.metadata.namespace, revision.metadata.name!);
  const created = existing ?? api.create(revision, { trusted: true });
  history = [...history, created];
  return { update: created, history };
}

/** Deletes the oldest revisions no live pod uses, beyond revisionHistoryLimit. */
export function truncateHistory(api: ApiServer, owner: KubeObject, history: KubeObject[], live: Set<string>): void {
  const type = api.registry.forKind('apps/v1', 'ControllerRevision')!;
  const limit = owner.spec?.revisionHistoryLimit ?? 10;
  const idle = history.filter((r) => !live.has(r.metadata.name!));
  for (const r of idle.slice(0, Math.max(0, idle.length - limit))) deleteIfPresent(api, type, r);
}
