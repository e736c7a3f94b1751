/**
 * The scale subresource of a custom resource: replicas read and written at the paths the CRD
 * version's `subresources.scale` names (`.spec.replicas`, `.status.replicas`, `.status.selector`).
 */
import type { KubeObject } from '../types.js';
import { versionSpec } from './resources.js';
import { scaleSpec } from '../scale-replicas.js';

export interface ScalePaths {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

/** The version's scale paths; undefined when it serves no scale subresource. */
export function scalePaths(crd: KubeObject | undefined, apiVersion: string): ScalePaths | undefined {
  if (!crd) return undefined;
  const scale = versionSpec(crd, apiVersion.slice(apiVersion.indexOf('/') + 1))?.subresources?.scale;
  return scale && typeof scale.specReplicasPath === 'string' ? scale : undefined;
}

const steps = (path: string): string[] => path.replace(/^\./, '').split('.');

export function readPath(obj: KubeObject, path: string | undefined): unknown {
  if (!path) return undefined;
  let cur: any = obj;
  for (const s of steps(path)) cur = cur && typeof cur === 'object' ? cur[s] : undefined;
  return cur;
}

export function writePath(obj: KubeObject, path: string, value: unknown): void {
  const parts = steps(path);
  let cur: any = obj;
  for (const s of parts.slice(0, -1)) {
    if (!cur[s] || typeof cur[s] !== 'object') cur[s] = {};
    cur = cur[s];
  }
  cur[parts[parts.length - 1]!] = value;
}

/** The autoscaling/v1 Scale the API server answers for a custom resource. */
export function customScale(obj: KubeObject, paths: ScalePaths): KubeObject {
  const selector = readPath(obj, paths.labelSelectorPath);
  const status: Record<string, unknown> = { replicas: readPath(obj, paths.statusReplicasPath) ?? 0 };
  if (typeof selector === 'string') status.selector = selector;
  const { name, namespace, uid, resourceVersion, creationTimestamp } = obj.metadata;
  return {
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: scaleSpec(readPath(obj, paths.specReplicasPath)),
    status,
  } as KubeObject;
}
