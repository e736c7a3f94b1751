/**
 * PATCH with `application/apply-patch+yaml`: the API server's server-side apply over the
 * ApiServer's create and update, with the managedFields applyConfig computes. As the API
 * server's last-applied updater does, an object that carries kubectl's last-applied annotation
 * gets it rewritten to the applied configuration.
 */
import { requireSubresource } from '../subresources.js';
import { ApiError, conflict, notFound } from '../../errors.js';
import { goJson } from '../merge/json.js';
import type { FieldValidation } from '../crd/resources.js';
import type { ApiServer } from '../server.js';
import { deepClone, type KubeObject } from '../types.js';
import { applyConfig, upgradeClientSideApply } from './index.js';
import { servedAt } from '../hpa-versions.js';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export interface ServerSideApplyOptions {
  fieldManager: string;
  force: boolean;
  subresource?: 'status';
  dryRun?: boolean;
  /** What unknown fields of a custom resource do (see WriteOptions). */
  fieldValidation?: FieldValidation;
  warnings?: string[];
}

export interface ServerSideApplied {
  object: KubeObject;
  created: boolean;
}

export function serverSideApply(api: ApiServer, config: KubeObject, opts: ServerSideApplyOptions): ServerSideApplied {
  const type = api.typeOf(config);
  // A type without the subresource has no such path on the API server.
  if (opts.subresource) requireSubresource(api, type, opts.subresource);
  const meta = (config.metadata ??= {});
  if (type.namespaced) meta.namespace ||= 'default';
  const name = meta.name ?? '';
  // Applied at the version the configuration names (an autoscaling/v1 HPA, an events.k8s.io Event): the live object converted to it.
  const stored = api.tryGet(type, meta.namespace, name);
  const live = stored && servedAt(stored, config.apiVersion);
  const writer = { manager: opts.fieldManager, subresource: opts.subresource, apiVersion: config.apiVersion, time: api.now() };
  const target = { kind: type.kind, custom: type.custom === true, statusReset: type.custom !== true };
  if (!live) {
    if (opts.subresource) throw notFound(type.plural, type.group, name);
    const r = applyConfig(target, undefined, config as unknown as Record<string, unknown>, { writer, force: opts.force });
    const object = api.create(r.object as unknown as KubeObject, { dryRun: opts.dryRun, managedFields: r.managedFields ?? null, fieldValidation: opts.fieldValidation, warnings: opts.warnings });
    return { object, created: true };
  }
  if (meta.resourceVersion && meta.resourceVersion !== live.metadata.resourceVersion) throw conflict(type.plural, type.group, name);
  const r = applyConfig(target, live as unknown as Record<string, unknown>, config as unknown as Record<string, unknown>, { writer, force: opts.force });
  const next = r.object as unknown as KubeObject;
  // Synced only for kubectl's own manager (another manager opts out), when the result still has it.
  if (opts.fieldManager === 'kubectl' && next.metadata.annotations?.[LAST_APPLIED] !== undefined && !opts.subresource) {
    next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [LAST_APPLIED]: appliedText(config) };
  }
  next.metadata.resourceVersion = live.metadata.resourceVersion;
  const object = api.update(next, { dryRun: opts.dryRun, managedFields: r.managedFields ?? null, subresource: opts.subresource, fieldValidation: opts.fieldValidation, warnings: opts.warnings });
  return { object, created: false };
}

/** The annotation the API server writes: the applied configuration as JSON, its own last-applied annotation left out. */
function appliedText(config: KubeObject): string {
  const copy = deepClone(config);
  if (copy.metadata.annotations) {
    const annotations = { ...copy.metadata.annotations };
    delete annotations[LAST_APPLIED];
    copy.metadata.annotations = annotations;
  }
  return goJson(copy) + '\n';
}

/**
 * kubectl's steps after a server-side apply by the default `kubectl` manager: the last-applied
 * annotation saved under the `kubectl-last-applied` applier, then the client-side apply
 * managers' fields moved to the applier (csaupgrade). `migrated` when a migration happened, after
 * which kubectl applies once more so that dropped fields go. A step the server refuses is not
 * fatal to kubectl: `warning` is what it prints, and the next step is not taken. Under a server dry
 * run each request is a dry run, made from what the dry-run apply returned (`applied`).
 */
export function migrateClientSideApply(api: ApiServer, applied: KubeObject, fieldManager: string, dryRun = false): { migrated: boolean; warning?: string } {
  const type = api.typeOf(applied);
  const ns = applied.metadata.namespace;
  const name = applied.metadata.name!;
  let live = dryRun ? applied : api.get(type, ns, name);
  const annotation = live.metadata.annotations?.[LAST_APPLIED];
  if (fieldManager === 'kubectl' && annotation !== undefined) {
    const owners = (live.metadata.managedFields ?? []) as Array<{ operation?: string; fieldsV1?: unknown }>;
    const applyOwned = owners.some((e) => e.operation === 'Apply' && ownsLastApplied(e.fieldsV1));
    if (!applyOwned) {
      const justAnnotation = {
        apiVersion: applied.apiVersion, kind: applied.kind,
        metadata: { name, ...(ns ? { namespace: ns } : {}), annotations: { [LAST_APPLIED]: annotation } },
      } as KubeObject;
      try {
        live = serverSideApply(api, justAnnotation, { fieldManager: 'kubectl-last-applied', force: false, dryRun }).object;
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        return { migrated: false, warning: `failed to migrate ${LAST_APPLIED} for Server-Side Apply. ${RETRIED} Error: ${err.message}` };
      }
    }
  }
  const upgraded = upgradeClientSideApply(live.metadata.managedFields, fieldManager, api.now());
  if (!upgraded) return { migrated: false };
  const copy = deepClone(live);
  copy.metadata.managedFields = upgraded;
  try {
    api.update(copy, { fieldManager: 'kubectl', dryRun });
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    return { migrated: false, warning: `server rejected managed fields migration to Server-Side Apply. ${RETRIED} Error: ${err.message}` };
  }
  return { migrated: true };
}

/** kubectl's reassurance after a migration step the server refused. */
export const RETRIED = 'This is non-fatal and will be retried next time you apply.';

function ownsLastApplied(fieldsV1: unknown): boolean {
  const a = (fieldsV1 as Record<string, Record<string, Record<string, unknown>>> | undefined)?.['f:metadata']?.['f:annotations'];
  return a !== undefined && `f:${LAST_APPLIED}` in a;
}
