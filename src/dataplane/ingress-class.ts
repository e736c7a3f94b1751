/**
 * Which Ingresses the cluster's ingress-nginx serves, and its names: a module with nothing else in
 * it, so that the controller and the bootstrap do not load the dataplane.
 */
import type { KubeObject } from '../api/types.js';

const ANN_CLASS = 'kubernetes.io/ingress.class';

/** The class the simulated controller serves (`--ingress-class=nginx`) and its controller name. */
export const INGRESS_CLASS = 'nginx';
export const INGRESS_CONTROLLER = 'k8s.io/ingress-nginx';
/** As kind's ingress-nginx runs (`--publish-status-address=localhost`): the ADDRESS column shows it. */
export const INGRESS_STATUS_ADDRESS = 'localhost';
export const INGRESS_NAMESPACE = 'ingress-nginx';
export const INGRESS_SERVICE = 'ingress-nginx-controller';

/** The class an Ingress asks for: `spec.ingressClassName`, else the deprecated annotation; undefined: none. */
export function ingressClassOf(ing: KubeObject): string | undefined {
  return ing.spec?.ingressClassName || ing.metadata.annotations?.[ANN_CLASS] || undefined;
}

/**
 * Whether ingress-nginx, as kind installs it, handles this Ingress: its class is `nginx`, or it
 * names no class (kind's manifest runs the controller with `--watch-ingress-without-class=true`).
 */
export function servedByIngressNginx(ing: KubeObject): boolean {
  const cls = ingressClassOf(ing);
  return cls === undefined || cls === INGRESS_CLASS;
}
