/** `why`: picks the explanation for an object's kind. */
import type { ApiServer } from '../api/server.js';
import type { KubeObject } from '../api/types.js';
import { CliError } from '../errors.js';
import { explainPod } from './pod.js';
import { explainService } from './service.js';
import type { Explanation } from './types.js';
import { explainDeployment, explainHPA, explainIngress, explainPVC, explainWorkload } from './workloads.js';

const BY_KIND: Record<string, (api: ApiServer, obj: KubeObject) => Explanation> = {
  Pod: explainPod,
  Service: explainService,
  Deployment: explainDeployment,
  ReplicaSet: explainWorkload,
  StatefulSet: explainWorkload,
  DaemonSet: explainWorkload,
  PersistentVolumeClaim: explainPVC,
  Ingress: explainIngress,
  HorizontalPodAutoscaler: explainHPA,
};

export const EXPLAINED_KINDS = Object.keys(BY_KIND);

/** Splits `TYPE/NAME` or `TYPE NAME`. */
export function parseTarget(args: string[]): { type: string; name: string } {
  if (args.length === 1 && args[0]!.includes('/')) {
    const [type, ...rest] = args[0]!.split('/');
    if (type && rest.join('/')) return { type, name: rest.join('/') };
  }
  if (args.length === 2 && !args[0]!.includes('/')) return { type: args[0]!, name: args[1]! };
  throw new CliError('you must specify one resource as TYPE/NAME or TYPE NAME (for example pod/web or svc web)');
}

export function explain(api: ApiServer, typeArg: string, name: string, namespace: string): Explanation {
  const type = api.registry.resolve(typeArg);
  const fn = BY_KIND[type.kind];
  if (!fn) throw new CliError(`why explains ${EXPLAINED_KINDS.map((k) => k.toLowerCase()).join(', ')}; not ${type.plural}`);
  const obj = api.get(type, type.namespaced ? namespace : undefined, name);
  return fn(api, obj);
}
