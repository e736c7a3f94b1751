/**
 * Simulated servers other than the default one, by the name a pod gives in its
 * `sim.kubectl-lite.io/server` annotation. Add a behaviour with one line here.
 */
import { ingressNginx } from './ingress.js';
import { kubeApiserver } from './kube-apiserver.js';
import type { ServerBehaviour } from './types.js';

export const SERVERS: Record<string, ServerBehaviour> = {
  // A getter: ingress.ts uses http.ts, which uses this table (an import cycle resolved at call time).
  get 'ingress-nginx'() {
    return ingressNginx;
  },
  get 'kube-apiserver'() {
    return kubeApiserver;
  },
};
