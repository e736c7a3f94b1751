/**
 * The service controller with a simulated load-balancer provider (as MetalLB or
 * cloud-provider-kind on kind): LoadBalancer Services get an ingress IP from the pool,
 * and lose it when they stop being LoadBalancers.
 */
import type { ApiServer } from '../api/server.js';
import { deepClone, type KubeObject } from '../api/types.js';
import { allocateLoadBalancerIP, inLoadBalancerPool } from '../sim/ipam.js';
import type { Controller } from './types.js';

const SOURCE = { component: 'service-controller' };

function ingressIPs(svc: KubeObject): string[] {
  return ((svc.status?.loadBalancer?.ingress ?? []) as Array<{ ip?: string }>).map((i) => i.ip).filter((ip): ip is string => !!ip);
}

export const serviceLoadBalancerController: Controller = {
  name: 'service-lb',
  reconcile(api: ApiServer): void {
    const services = api.list(api.registry.forKind('v1', 'Service')!);
    const used = new Set<string>();
    for (const svc of services) if (svc.spec?.type === 'LoadBalancer') for (const ip of ingressIPs(svc)) used.add(ip);
    for (const svc of services) {
      const isLB = svc.spec?.type === 'LoadBalancer' && !svc.metadata.deletionTimestamp;
      const has = ingressIPs(svc).length > 0;
      if (isLB && !has) ensure(api, svc, used);
      else if (!isLB && has) release(api, svc);
    }
  },
};

function ensure(api: ApiServer, svc: KubeObject, used: Set<string>): void {
  const requested: string | undefined = svc.spec?.loadBalancerIP || undefined;
  const ip = requested && inLoadBalancerPool(requested) && !used.has(requested) ? requested : requested ? undefined : allocateLoadBalancerIP(used);
  if (!ip) return; // Pool exhausted or the requested address is unavailable: EXTERNAL-IP stays <pending>.
  used.add(ip);
  api.recordEvent(svc, 'Normal', 'EnsuringLoadBalancer', 'Ensuring load balancer', SOURCE);
  const next = deepClone(svc);
  next.status = { ...(next.status ?? {}), loadBalancer: { ingress: [{ ip, ipMode: 'VIP' }] } };
  api.put(next);
  api.recordEvent(next, 'Normal', 'EnsuredLoadBalancer', 'Ensured load balancer', SOURCE);
}

function release(api: ApiServer, svc: KubeObject): void {
  api.recordEvent(svc, 'Normal', 'DeletingLoadBalancer', 'Deleting load balancer', SOURCE);
  const next = deepClone(svc);
  next.status = { ...(next.status ?? {}), loadBalancer: {} };
  api.put(next);
  api.recordEvent(next, 'Normal', 'DeletedLoadBalancer', 'Deleted load balancer', SOURCE);
}
