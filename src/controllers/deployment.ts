/**
 * Deployment controller (pkg/controller/deployment): owns ReplicaSets named
 * <deployment>-<pod-template-hash>, rolls between them (RollingUpdate within
 * maxSurge/maxUnavailable, or Recreate), scales proportionally, keeps revisions and
 * history, and reports status and the Available/Progressing conditions.
 */
import { labelSelectorMatches } from '../api/labels.js';
import type { ResourceType } from '../api/registry.js';
import type { ApiServer } from '../api/server.js';
import { jsonEqual } from '../api/server.js';
import { deepClone, type KubeObject } from '../api/types.js';
import { computeHash } from './hash.js';
import {
  claim, controllerRef, createOwned, deleteIfPresent, earliest, getCondition, indexByController, podType, type Condition,
  type OwnerIndex,
} from './pod-template.js';
import { byIndex } from './informer.js';
import { collectionKeys, EVENTS, labelChangeIgnoredByOwner, ownerIndexFor, ownerKeysForPod, PODS, splitKey } from './queues.js';
import type { Controller } from './types.js';

const COMPONENT = { component: 'deployment-controller' };
export const REVISION = 'deployment.kubernetes.io/revision';
const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
const HASH_LABEL = 'pod-template-hash';
const NOT_COPIED = new Set([
  'kubectl.kubernetes.io/last-applied-configuration', REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS,
  'deprecated.deployment.rollback.to',
]);
const NO_DEADLINE = 2147483647;

export const deploymentController: Controller = {
  name: 'deployment',
  reconcile(api: ApiServer): number | void {
    const dType = api.registry.forKind('apps/v1', 'Deployment')!;
    const deployments = api.list(dType);
    if (deployments.length === 0) return;
    const rsType = api.registry.forKind('apps/v1', 'ReplicaSet')!;
    const index = indexByController(api.list(rsType));
    let pods: OwnerIndex | undefined;
    const podIndex = (): OwnerIndex => (pods ??= indexByController(api.list(podType(api))));
    let next: number | undefined;
    for (const d of deployments) {
      if (d.metadata.deletionTimestamp) continue;
      next = earliest(next, new DeploymentSync(api, rsType, d, index, podIndex).run());
    }
    return next;
  },
  // A Deployment is its own key; a ReplicaSet goes to its owner (or, orphaned, to those that may
  // adopt it); a pod to the Deployment owning its ReplicaSet (old pods hold up a Recreate rollout).
  firstChangeOnly: true,
  keysFor(change, api) {
    const dType = api.registry.forKind('apps/v1', 'Deployment')!;
    const rsType = api.registry.forKind('apps/v1', 'ReplicaSet')!;
    const matcher = (d: KubeObject) => (rs: KubeObject) => labelSelectorMatches(d.spec?.selector, rs.metadata.labels);
    if (change.collection === DEPLOYMENTS) return [change.key];
    if (change.collection === REPLICASETS) return ownerKeysForPod(api, dType, change.old as KubeObject | undefined, api.store.get(REPLICASETS, change.key) as KubeObject | undefined, matcher);
    if (change.collection === EVENTS) return [];
    if (change.collection !== PODS) return undefined;
    if (labelChangeIgnoredByOwner(api, rsType, change.old as KubeObject | undefined, api.store.get(PODS, change.key) as KubeObject | undefined)) return [];
    const keys: string[] = [];
    for (const pod of [change.old, api.store.get(PODS, change.key)] as Array<KubeObject | undefined>) {
      const ref = pod?.metadata.ownerReferences?.find((r) => r.controller);
      if (!ref || ref.kind !== 'ReplicaSet') continue;
      const rs = api.tryGet(rsType, pod!.metadata.namespace, ref.name);
      if (!rs || rs.metadata.uid !== ref.uid) return undefined;
      const owner = rs.metadata.ownerReferences?.find((r) => r.controller);
      if (owner?.kind === 'Deployment') keys.push(`${rs.metadata.namespace}/${owner.name}`);
    }
    return keys;
  },
  allKeys: (api) => collectionKeys(api, DEPLOYMENTS),
  reconcileKey(api, key) {
    const [namespace, name] = splitKey(key);
    const d = api.tryGet(api.registry.forKind('apps/v1', 'Deployment')!, namespace, name);
    if (!d || d.metadata.deletionTimestamp) return;
    const rsType = api.registry.forKind('apps/v1', 'ReplicaSet')!;
    // The pods of one ReplicaSet at a time, from the informer's index, as the whole-cluster index gives them.
    const pods = { byOwner: { get: (uid: string) => byIndex(api, PODS, 'controller', uid) } } as unknown as OwnerIndex;
    return new DeploymentSync(api, rsType, d, ownerIndexFor(api, rsType, d), () => pods).run();
  },
};

const DEPLOYMENTS = 'apps/deployments';
const REPLICASETS = 'apps/replicasets';

/** One syncDeployment: the deployment, its ReplicaSets, and a working copy of its metadata and status. */
class DeploymentSync {
  private dep: KubeObject;
  private rsList: KubeObject[];
  private readonly nowIso: string;

  constructor(
    private readonly api: ApiServer,
    private readonly rsType: ResourceType,
    private readonly live: KubeObject,
    index: OwnerIndex,
    private readonly podIndex: () => OwnerIndex,
  ) {
    this.dep = deepClone(live);
    this.dep.status ??= {};
    this.nowIso = api.now();
    const selector = live.spec?.selector;
    const empty = !selector || (!Object.keys(selector.matchLabels ?? {}).length && !(selector.matchExpressions ?? []).length);
    this.rsList = empty ? [] : claim(api, live, index, (rs) => labelSelectorMatches(selector, rs.metadata.labels));
  }

  get spec() {
    return this.dep.spec ?? {};
  }

  get replicas(): number {
    return this.spec.replicas ?? 1;
  }

  run(): number | undefined {
    const selector = this.spec.selector;
    if (!selector || (!Object.keys(selector.matchLabels ?? {}).length && !(selector.matchExpressions ?? []).length)) return undefined;
    this.checkPausedConditions();
    if (this.spec.paused) {
      this.sync();
    } else if (this.isScalingEvent()) {
      this.sync();
    } else if (this.spec.strategy?.type === 'Recreate') {
      this.rolloutRecreate();
    } else {
      this.rolloutRolling();
    }
    this.api.put(this.dep);
    return this.deadline();
  }

  // ---- ReplicaSets and revisions ----

  private byCreation(list: KubeObject[]): KubeObject[] {
    return [...list].sort((a, b) => {
      const ta = a.metadata.creationTimestamp ?? '';
      const tb = b.metadata.creationTimestamp ?? '';
      return ta === tb ? (a.metadata.name! < b.metadata.name! ? -1 : 1) : ta < tb ? -1 : 1;
    });
  }

  // uid of the RS whose template is the deployment's (templates do not change during one sync).
  private newUid?: string | null;

  private findNewReplicaSet(): KubeObject | undefined {
    if (this.newUid === undefined) {
      const found = this.byCreation(this.rsList).find((rs) => templatesEqualIgnoringHash(rs.spec?.template, this.spec.template));
      this.newUid = found?.metadata.uid ?? null;
    }
    return this.newUid === null ? undefined : this.rsList.find((rs) => rs.metadata.uid === this.newUid);
  }

  /** getAllReplicaSetsAndSyncRevision: the new RS (created when asked) and the old ones. */
  private getAll(create: boolean): { newRS?: KubeObject; oldRSs: KubeObject[] } {
    let newRS = this.findNewReplicaSet();
    const oldRSs = this.rsList.filter((rs) => rs !== newRS);
    const maxOld = Math.max(0, ...oldRSs.map(revisionOf));
    const newRevision = String(maxOld + 1);
    if (newRS) {
      newRS = this.syncNewReplicaSetAnnotations(newRS, newRevision);
      this.setDeploymentRevision(newRS.metadata.annotations?.[REVISION] ?? newRevision);
      if (hasDeadline(this.dep) && !getCondition(this.dep.status, 'Progressing')) {
        this.setCondition('Progressing', 'True', 'FoundNewReplicaSet', `Found new replica set "${newRS.metadata.name}"`);
      }
    } else if (create) {
      newRS = this.createNewReplicaSet(newRevision);
    }
    return { newRS, oldRSs };
  }

  private syncNewReplicaSetAnnotations(rs: KubeObject, newRevision: string): KubeObject {
    const copy = deepClone(rs);
    const ann = (copy.metadata.annotations ??= {});
    this.copyAnnotations(ann);
    const old = ann[REVISION];
    if (old === undefined || Number(old) < Number(newRevision)) {
      if (old !== undefined) ann[REVISION_HISTORY] = ann[REVISION_HISTORY] ? `${ann[REVISION_HISTORY]},${old}` : old;
      ann[REVISION] = newRevision;
    }
    if ((copy.spec.minReadySeconds ?? 0) !== (this.spec.minReadySeconds ?? 0)) copy.spec.minReadySeconds = this.spec.minReadySeconds;
    if (jsonEqual(copy, rs)) return rs;
    return this.replace(rs, this.api.put(copy));
  }

  private copyAnnotations(ann: Record<string, string>): void {
    for (const [k, v] of Object.entries(this.dep.metadata.annotations ?? {})) {
      if (!NOT_COPIED.has(k)) ann[k] = v;
    }
  }

  private createNewReplicaSet(revision: string): KubeObject | undefined {
    const collision = this.dep.status.collisionCount as number | undefined;
    const hash = computeHash(this.spec.template, collision);
    const name = `${this.dep.metadata.name}-${hash}`;
    const existing = this.api.tryGet(this.rsType, this.dep.metadata.namespace, name);
    if (existing) {
      // A hash collision: an RS with this name but another template. Bump collisionCount and retry next pass.
      if (!templatesEqualIgnoringHash(existing.spec?.template, this.spec.template)) this.dep.status.collisionCount = (collision ?? 0) + 1;
      return undefined;
    }
    const template = deepClone(this.spec.template ?? {});
    template.metadata ??= {};
    template.metadata.labels = { ...(template.metadata.labels ?? {}), [HASH_LABEL]: hash };
    const selector = deepClone(this.spec.selector);
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [HASH_LABEL]: hash };
    const annotations: Record<string, string> = {};
    this.copyAnnotations(annotations);
    annotations[DESIRED_REPLICAS] = String(this.replicas);
    annotations[MAX_REPLICAS] = String(this.replicas + this.maxSurge());
    annotations[REVISION] = revision;
    const provisional: KubeObject = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: {}, spec: { replicas: 0 } };
    const replicas = this.newRSNewReplicas(provisional);
    const rs: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name,
        namespace: this.dep.metadata.namespace,
        labels: { ...(this.spec.template?.metadata?.labels ?? {}), [HASH_LABEL]: hash },
        annotations: sortKeys(annotations),
        ownerReferences: [controllerRef(this.live)],
      },
      spec: { replicas, minReadySeconds: this.spec.minReadySeconds, selector, template },
    };
    if (rs.spec.minReadySeconds === undefined) delete rs.spec.minReadySeconds;
    const created = createOwned(this.api, rs, this.live, COMPONENT.component, { trusted: true });
    if (!created) return undefined;
    this.rsList.push(created);
    this.newUid = created.metadata.uid!;
    if (replicas > 0) {
      this.api.recordEvent(this.live, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${name} from 0 to ${replicas}`, COMPONENT);
    }
    this.setDeploymentRevision(revision);
    this.setCondition('Progressing', 'True', 'NewReplicaSetCreated', `Created new replica set "${name}"`);
    return created;
  }

  private setDeploymentRevision(revision: string): void {
    const ann = (this.dep.metadata.annotations ??= {});
    if (ann[REVISION] !== revision) ann[REVISION] = revision;
  }

  private replace(old: KubeObject, updated: KubeObject): KubeObject {
    this.rsList = this.rsList.map((rs) => (rs === old ? updated : rs));
    return updated;
  }

  /** scaleReplicaSetAndRecordEvent; returns the RS as stored. */
  private scaleReplicaSet(rs: KubeObject, newScale: number): KubeObject {
    const copy = deepClone(rs);
    const oldScale = rs.spec?.replicas ?? 0;
    copy.spec.replicas = newScale;
    const ann = (copy.metadata.annotations ??= {});
    ann[DESIRED_REPLICAS] = String(this.replicas);
    ann[MAX_REPLICAS] = String(this.replicas + this.maxSurge());
    if (jsonEqual(copy, rs)) return rs;
    const stored = this.replace(rs, this.api.put(copy));
    if (oldScale !== newScale) {
      const direction = newScale > oldScale ? 'up' : 'down';
      this.api.recordEvent(
        this.live, 'Normal', 'ScalingReplicaSet', `Scaled ${direction} replica set ${rs.metadata.name} from ${oldScale} to ${newScale}`, COMPONENT,
      );
    }
    return stored;
  }

  // ---- strategies ----

  private maxSurge(): number {
    return resolveFenceposts(this.dep).maxSurge;
  }

  private newRSNewReplicas(newRS: KubeObject): number {
    if (this.spec.strategy?.type === 'Recreate') return this.replicas;
    const current = sum(this.rsList.map(specReplicas)) + (this.rsList.includes(newRS) ? 0 : specReplicas(newRS));
    const maxTotal = this.replicas + this.maxSurge();
    if (current >= maxTotal) return specReplicas(newRS);
    const scaleUp = Math.min(maxTotal - current, this.replicas - specReplicas(newRS));
    return specReplicas(newRS) + Math.max(0, scaleUp);
  }

  private rolloutRolling(): void {
    const { newRS, oldRSs } = this.getAll(true);
    if (newRS && this.reconcileNewReplicaSet(newRS)) return this.syncRolloutStatus();
    if (this.reconcileOldReplicaSets(oldRSs)) return this.syncRolloutStatus();
    if (this.isComplete(this.calculateStatus())) this.cleanupOldReplicaSets();
    this.syncRolloutStatus();
  }

  private reconcileNewReplicaSet(newRS: KubeObject): boolean {
    const current = specReplicas(newRS);
    if (current === this.replicas) return false;
    const target = current > this.replicas ? this.replicas : this.newRSNewReplicas(newRS);
    return this.scaleReplicaSet(newRS, target) !== newRS;
  }

  private reconcileOldReplicaSets(oldRSs0: KubeObject[]): boolean {
    const current = (rs: KubeObject) => this.rsList.find((r) => r.metadata.uid === rs.metadata.uid) ?? rs;
    const oldRSs = () => this.byCreation(oldRSs0.map(current));
    if (sum(oldRSs().map(specReplicas)) === 0) return false;
    const newRS = this.findNewReplicaSet();
    const { maxUnavailable } = resolveFenceposts(this.dep);
    const minAvailable = this.replicas - maxUnavailable;
    const newUnavailable = newRS ? specReplicas(newRS) - (newRS.status?.availableReplicas ?? 0) : 0;
    const maxScaledDown = sum(this.rsList.map(specReplicas)) - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) return false;
    let changed = false;
    // cleanupUnhealthyReplicas: unavailable old pods go first, they cost no availability.
    let cleaned = 0;
    for (const rs of oldRSs()) {
      if (cleaned >= maxScaledDown) break;
      const unhealthy = specReplicas(rs) - (rs.status?.availableReplicas ?? 0);
      if (specReplicas(rs) === 0 || unhealthy <= 0) continue;
      const count = Math.min(maxScaledDown - cleaned, unhealthy);
      this.scaleReplicaSet(rs, specReplicas(rs) - count);
      cleaned += count;
      changed = true;
    }
    // scaleDownOldReplicaSetsForRollingUpdate: then as far as availability allows.
    const available = sum(this.rsList.map((rs) => rs.status?.availableReplicas ?? 0));
    if (available > minAvailable) {
      const total = available - minAvailable;
      let done = 0;
      for (const rs of oldRSs()) {
        if (done >= total) break;
        if (specReplicas(rs) === 0) continue;
        const count = Math.min(specReplicas(rs), total - done);
        this.scaleReplicaSet(rs, specReplicas(rs) - count);
        done += count;
        changed = true;
      }
    }
    return changed;
  }

  private rolloutRecreate(): void {
    let { newRS, oldRSs } = this.getAll(false);
    let scaledDown = false;
    for (const rs of oldRSs.filter((r) => specReplicas(r) > 0)) {
      this.scaleReplicaSet(rs, 0);
      scaledDown = true;
    }
    if (scaledDown || this.oldPodsRunning(newRS, oldRSs)) return this.syncRolloutStatus();
    if (!newRS) ({ newRS } = this.getAll(true));
    if (newRS) this.scaleReplicaSet(newRS, this.replicas);
    if (this.isComplete(this.calculateStatus())) this.cleanupOldReplicaSets();
    this.syncRolloutStatus();
  }

  private oldPodsRunning(newRS: KubeObject | undefined, oldRSs: KubeObject[]): boolean {
    if (sum(oldRSs.map((rs) => rs.status?.replicas ?? 0)) > 0) return true;
    const pods = this.podIndex();
    return oldRSs.some(
      (rs) => rs !== newRS && (pods.byOwner.get(rs.metadata.uid!) ?? []).some((p) => p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded'),
    );
  }

  /** sync(): scaling (proportionally while rolling) and status, without rolling forward. */
  private sync(): void {
    const { newRS, oldRSs } = this.getAll(false);
    this.scale(newRS, oldRSs);
    if (this.spec.paused && !this.spec.rollbackTo) this.cleanupOldReplicaSets();
    this.syncDeploymentStatus();
  }

  private isScalingEvent(): boolean {
    return this.rsList.some((rs) => {
      if (specReplicas(rs) === 0) return false;
      const desired = rs.metadata.annotations?.[DESIRED_REPLICAS];
      return desired !== undefined && Number(desired) !== this.replicas;
    });
  }

  private scale(newRS: KubeObject | undefined, oldRSs: KubeObject[]): void {
    const all = newRS ? [newRS, ...oldRSs] : oldRSs;
    const active = all.filter((rs) => specReplicas(rs) > 0);
    if (active.length <= 1) {
      const target = active[0] ?? newRS ?? this.byCreation(oldRSs).at(-1);
      if (target && specReplicas(target) !== this.replicas) this.scaleReplicaSet(target, this.replicas);
      return;
    }
    if (newRS && isSaturated(newRS, this.replicas)) {
      for (const rs of oldRSs.filter((r) => specReplicas(r) > 0)) this.scaleReplicaSet(rs, 0);
      return;
    }
    if (this.spec.strategy?.type === 'Recreate') return;
    const allowed = this.replicas > 0 ? this.replicas + this.maxSurge() : 0;
    const toAdd = allowed - sum(active.map(specReplicas));
    const sorted = [...active].sort((a, b) => {
      const d = toAdd > 0 ? specReplicas(b) - specReplicas(a) : specReplicas(b) - specReplicas(a);
      if (d !== 0) return d;
      const ta = a.metadata.creationTimestamp ?? '';
      const tb = b.metadata.creationTimestamp ?? '';
      return toAdd > 0 ? (ta < tb ? 1 : ta > tb ? -1 : 0) : ta < tb ? -1 : ta > tb ? 1 : 0;
    });
    const sizes = new Map<KubeObject, number>();
    let added = 0;
    for (const rs of sorted) {
      const proportion = toAdd === 0 ? 0 : this.proportion(rs, toAdd, added);
      sizes.set(rs, specReplicas(rs) + proportion);
      added += proportion;
    }
    if (toAdd !== 0 && sorted.length) {
      const first = sorted[0]!;
      sizes.set(first, Math.max(0, sizes.get(first)! + toAdd - added));
    }
    for (const rs of sorted) this.scaleReplicaSet(rs, sizes.get(rs)!);
  }

  private proportion(rs: KubeObject, toAdd: number, added: number): number {
    if (specReplicas(rs) === 0 || toAdd === added) return 0;
    const fraction = this.fraction(rs);
    const allowed = toAdd - added;
    return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
  }

  private fraction(rs: KubeObject): number {
    if (this.replicas === 0) return -specReplicas(rs);
    const deploymentReplicas = this.replicas + this.maxSurge();
    const annotated = Number(rs.metadata.annotations?.[MAX_REPLICAS] ?? this.dep.status.replicas ?? 0);
    if (!annotated) return 0;
    return Math.round((specReplicas(rs) * deploymentReplicas) / annotated) - specReplicas(rs);
  }

  private cleanupOldReplicaSets(): void {
    const limit = this.spec.revisionHistoryLimit ?? 10;
    const newRS = this.findNewReplicaSet();
    const cleanable = this.rsList.filter((rs) => rs !== newRS && !rs.metadata.deletionTimestamp);
    const diff = cleanable.length - limit;
    if (diff <= 0) return;
    const byRevision = [...cleanable].sort((a, b) => revisionOf(a) - revisionOf(b));
    for (const rs of byRevision.slice(0, diff)) {
      if ((rs.status?.replicas ?? 0) !== 0 || specReplicas(rs) !== 0) continue;
      if ((rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
      deleteIfPresent(this.api, this.rsType, rs);
      this.rsList = this.rsList.filter((r) => r !== rs);
    }
  }

  // ---- status ----

  private calculateStatus(): Record<string, any> {
    const newRS = this.findNewReplicaSet();
    const available = sum(this.rsList.map((rs) => rs.status?.availableReplicas ?? 0));
    const status: Record<string, any> = {
      observedGeneration: this.dep.metadata.generation,
      replicas: sum(this.rsList.map((rs) => rs.status?.replicas ?? 0)),
      updatedReplicas: newRS?.status?.replicas ?? 0,
      readyReplicas: sum(this.rsList.map((rs) => rs.status?.readyReplicas ?? 0)),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, this.replicas - available),
      conditions: [...(this.dep.status.conditions ?? [])],
      collisionCount: this.dep.status.collisionCount,
    };
    const { maxUnavailable } = resolveFenceposts(this.dep);
    const withConditions = { ...this.dep.status, conditions: status.conditions };
    if (available >= this.replicas - maxUnavailable) {
      setConditionIn(withConditions, 'Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', this.nowIso);
    } else {
      setConditionIn(withConditions, 'Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.', this.nowIso);
    }
    status.conditions = withConditions.conditions;
    // Zero counts are left out, as omitempty does (a new object rather than deletes, which would make it a slow dictionary).
    return Object.fromEntries(Object.entries(status).filter(([, v]) => v !== 0 && v !== undefined));
  }

  private syncDeploymentStatus(): void {
    this.dep.status = this.calculateStatus();
  }

  private isComplete(status: Record<string, any>): boolean {
    return (
      (status.updatedReplicas ?? 0) === this.replicas &&
      (status.replicas ?? 0) === this.replicas &&
      (status.availableReplicas ?? 0) === this.replicas &&
      (status.observedGeneration ?? 0) >= (this.dep.metadata.generation ?? 0)
    );
  }

  /** syncRolloutStatus: status plus the Progressing condition (complete, progressing or timed out). */
  private syncRolloutStatus(): void {
    const before = this.dep.status;
    const status = this.calculateStatus();
    const newRS = this.findNewReplicaSet();
    const cond = getCondition(status, 'Progressing');
    const completeAlready = (status.replicas ?? 0) === (status.updatedReplicas ?? 0) && cond?.reason === 'NewReplicaSetAvailable';
    if (hasDeadline(this.dep) && !completeAlready && !this.spec.paused) {
      const rsText = newRS ? `ReplicaSet "${newRS.metadata.name}"` : `Deployment "${this.dep.metadata.name}"`;
      if (this.isComplete(status)) {
        setConditionIn(status, 'Progressing', 'True', 'NewReplicaSetAvailable', `${rsText} has successfully progressed.`, this.nowIso);
      } else if (isProgressing(before, status)) {
        setConditionIn(status, 'Progressing', 'True', 'ReplicaSetUpdated', `${rsText} is progressing.`, this.nowIso, true);
      } else if (this.timedOut(cond)) {
        setConditionIn(status, 'Progressing', 'False', 'ProgressDeadlineExceeded', `${rsText} has timed out progressing.`, this.nowIso);
      }
    }
    this.dep.status = status;
  }

  private timedOut(cond: Condition | undefined): boolean {
    if (!cond || cond.reason === 'NewReplicaSetAvailable') return false;
    if (cond.reason === 'ProgressDeadlineExceeded') return true;
    const from = Date.parse(cond.lastUpdateTime ?? '');
    return from + (this.spec.progressDeadlineSeconds ?? 600) * 1000 < this.api.clock.now().getTime();
  }

  /** When the progress deadline will pass for a rollout still in progress. */
  private deadline(): number | undefined {
    const cond = getCondition(this.dep.status, 'Progressing');
    if (!hasDeadline(this.dep) || this.spec.paused || !cond || cond.status !== 'True') return undefined;
    if (cond.reason === 'NewReplicaSetAvailable') return undefined;
    return Date.parse(cond.lastUpdateTime ?? '') + (this.spec.progressDeadlineSeconds ?? 600) * 1000 + 1000;
  }

  private checkPausedConditions(): void {
    if (!hasDeadline(this.dep)) return;
    const cond = getCondition(this.dep.status, 'Progressing');
    if (cond?.reason === 'ProgressDeadlineExceeded') return;
    const pausedNow = cond?.reason === 'DeploymentPaused';
    if (this.spec.paused && !pausedNow) this.setCondition('Progressing', 'Unknown', 'DeploymentPaused', 'Deployment is paused');
    else if (!this.spec.paused && pausedNow) this.setCondition('Progressing', 'Unknown', 'DeploymentResumed', 'Deployment is resumed');
  }

  private setCondition(type: string, status: string, reason: string, message: string): void {
    setConditionIn(this.dep.status, type, status, reason, message, this.nowIso);
  }
}

/**
 * SetDeploymentCondition: an unchanged status+reason is left alone; otherwise the
 * condition moves to the end, keeping lastTransitionTime when the status is the same.
 */
function setConditionIn(status: { conditions?: Condition[] }, type: string, st: string, reason: string, message: string, now: string, force = false): void {
  const conditions = status.conditions ?? [];
  const current = conditions.find((c) => c.type === type);
  if (current && current.status === st && current.reason === reason && !force) {
    if (current.message !== message) status.conditions = conditions.map((c) => (c === current ? { ...c, message } : c));
    return;
  }
  const cond: Condition = { type, status: st, lastUpdateTime: now, lastTransitionTime: now, reason, message };
  if (current && current.status === st) cond.lastTransitionTime = current.lastTransitionTime;
  status.conditions = [...conditions.filter((c) => c.type !== type), cond];
}

function isProgressing(before: Record<string, any>, after: Record<string, any>): boolean {
  const oldOld = (before.replicas ?? 0) - (before.updatedReplicas ?? 0);
  const newOld = (after.replicas ?? 0) - (after.updatedReplicas ?? 0);
  return (
    (after.updatedReplicas ?? 0) > (before.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (after.readyReplicas ?? 0) > (before.readyReplicas ?? 0) ||
    (after.availableReplicas ?? 0) > (before.availableReplicas ?? 0)
  );
}

function hasDeadline(d: KubeObject): boolean {
  const s = d.spec?.progressDeadlineSeconds;
  return s === undefined || s !== NO_DEADLINE;
}

function isSaturated(rs: KubeObject, replicas: number): boolean {
  return (
    specReplicas(rs) === replicas &&
    Number(rs.metadata.annotations?.[DESIRED_REPLICAS]) === replicas &&
    (rs.status?.availableReplicas ?? 0) === replicas
  );
}

export function specReplicas(o: KubeObject): number {
  return o.spec?.replicas ?? 0;
}

function sum(ns: number[]): number {
  return ns.reduce((a, b) => a + b, 0);
}

export function revisionOf(rs: KubeObject): number {
  const v = Number(rs.metadata.annotations?.[REVISION]);
  return Number.isFinite(v) ? v : 0;
}

function sortKeys(o: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** EqualIgnoreHash: templates equal once the pod-template-hash label is dropped. */
export function templatesEqualIgnoringHash(a: any, b: any): boolean {
  const strip = (t: any) => {
    const c = deepClone(t ?? {});
    if (c.metadata?.labels) {
      delete c.metadata.labels[HASH_LABEL];
      if (Object.keys(c.metadata.labels).length === 0) delete c.metadata.labels;
    }
    if (c.metadata && c.metadata.creationTimestamp === null) delete c.metadata.creationTimestamp;
    return c;
  };
  return jsonEqual(strip(a), strip(b));
}

/** intstr.GetScaledValueFromIntOrPercent. */
export function scaledValue(v: number | string | undefined, total: number, roundUp: boolean, fallback: string): number {
  const value = v ?? fallback;
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(value);
  if (!m) return Number(value) || 0;
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/** ResolveFenceposts: maxSurge rounds up, maxUnavailable down, and both zero means one unavailable. */
export function resolveFenceposts(d: KubeObject): { maxSurge: number; maxUnavailable: number } {
  if (d.spec?.strategy?.type === 'Recreate') return { maxSurge: 0, maxUnavailable: 0 };
  const ru = d.spec?.strategy?.rollingUpdate ?? {};
  const replicas = d.spec?.replicas ?? 1;
  const maxSurge = scaledValue(ru.maxSurge, replicas, true, '25%');
  let maxUnavailable = scaledValue(ru.maxUnavailable, replicas, false, '25%');
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable: Math.min(maxUnavailable, replicas) };
}
