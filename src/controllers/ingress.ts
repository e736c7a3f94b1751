/**
 * The ingress-nginx controller's status side, as kind runs it (`--publish-status-address=localhost`,
 * `--watch-ingress-without-class=true`): each Ingress it serves gets `status.loadBalancer.ingress`
 * = [{hostname: localhost}] (the ADDRESS column) and a `Sync` event; an Ingress of another class
 * gets no address (and loses one it had from us). It acts only while its Deployment has an
 * available replica: a controller that is not running updates nothing.
 *
 * Work-queue shaped: `keys` lists the Ingresses to look at, and `reconcileKey` works out one key
 * from that key's whole current state (level-triggered), so a queue fed by changes can call it
 * for just the keys a write touched.
 */
import type { ApiServer } from '../api/server.js';
import { deepClone, type KubeObject } from '../api/types.js';
import { INGRESS_NAMESPACE, INGRESS_SERVICE, INGRESS_STATUS_ADDRESS, servedByIngressNginx } from '../dataplane/ingress-class.js';
import type { Controller } from './types.js';

const SOURCE = { component: 'nginx-ingress-controller' };

function ingressType(api: ApiServer) {
  return api.registry.forKind('networking.k8s.io/v1', 'Ingress')!;
}

/** The controller runs: its Deployment has an available replica. */
function controllerRunning(api: ApiServer): boolean {
  const d = api.tryGet(api.registry.forKind('apps/v1', 'Deployment')!, INGRESS_NAMESPACE, INGRESS_SERVICE);
  return (d?.status?.availableReplicas ?? 0) > 0;
}

function hasOurAddress(ing: KubeObject): boolean {
  return ((ing.status?.loadBalancer?.ingress ?? []) as Array<{ hostname?: string }>).some((i) => i.hostname === INGRESS_STATUS_ADDRESS);
}

/** Every Ingress key (`namespace/name`): the queue's full resync. */
export function ingressKeys(api: ApiServer): string[] {
  return api.list(ingressType(api)).map((i) => `${i.metadata.namespace}/${i.metadata.name}`);
}

/** Reconciles one Ingress from its current state. */
export function reconcileIngressKey(api: ApiServer, key: string): void {
  const slash = key.indexOf('/');
  const ing = api.tryGet(ingressType(api), key.slice(0, slash), key.slice(slash + 1));
  if (!ing) return;
  const want = servedByIngressNginx(ing) && !ing.metadata.deletionTimestamp;
  const has = hasOurAddress(ing);
  if (want === has) return;
  const next = deepClone(ing);
  next.status = { ...(next.status ?? {}), loadBalancer: want ? { ingress: [{ hostname: INGRESS_STATUS_ADDRESS }] } : {} };
  if (want) api.recordEvent(ing, 'Normal', 'Sync', 'Scheduled for sync', SOURCE);
  api.put(next);
}

export const ingressController: Controller = {
  name: 'ingress-nginx',
  reconcile(api: ApiServer): void {
    const keys = ingressKeys(api);
    if (keys.length === 0 || !controllerRunning(api)) return;
    for (const key of keys) reconcileIngressKey(api, key);
  },
  // An Ingress is its own key; the controller's own Deployment (whether it runs) concerns them all.
  keysFor(change, api) {
    if (change.collection === 'networking.k8s.io/ingresses') return [change.key];
    if (change.collection === 'apps/deployments') return change.key === `${INGRESS_NAMESPACE}/${INGRESS_SERVICE}` ? ingressKeys(api) : [];
    if (change.collection === 'core/events') return [];
    return undefined;
  },
  reconcileKey(api, key) {
    if (controllerRunning(api)) reconcileIngressKey(api, key);
  },
};
