/**
 * ingress-nginx as people install it on kind (its `provider/kind` manifest, on a control-plane node
 * labelled `ingress-ready=true`): namespace `ingress-nginx`, the controller's ServiceAccount,
 * ConfigMap, NodePort Service and Deployment (hostPorts 80/443, kind's flags
 * `--watch-ingress-without-class=true --publish-status-address=localhost`), and the IngressClass
 * `nginx`, which, as in that manifest, is not marked default. The admission webhook (its Jobs,
 * Service and certificate volume) is left out: the simulation has no webhooks.
 */
import type { ApiServer } from '../api/server.js';
import { deepClone, type KubeObject } from '../api/types.js';
import { INGRESS_CLASS, INGRESS_CONTROLLER, INGRESS_NAMESPACE, INGRESS_SERVICE } from '../dataplane/ingress-class.js';
import { TAINT_CONTROL_PLANE } from './taints.js';

const VERSION = '1.15.1';
const SELECTOR = { 'app.kubernetes.io/component': 'controller', 'app.kubernetes.io/instance': 'ingress-nginx', 'app.kubernetes.io/name': 'ingress-nginx' };
const LABELS = { ...SELECTOR, 'app.kubernetes.io/part-of': 'ingress-nginx', 'app.kubernetes.io/version': VERSION };
/** The pod annotation that gives the controller's pod the ingress-nginx server behaviour (src/dataplane/ingress.ts). */
export const SERVER_ANNOTATION = 'sim.kubectl-lite.io/server';

function objects(): KubeObject[] {
  const md = (name: string, namespaced = true) => ({ labels: { ...LABELS }, name, ...(namespaced ? { namespace: INGRESS_NAMESPACE } : {}) });
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { labels: { 'app.kubernetes.io/instance': 'ingress-nginx', 'app.kubernetes.io/name': 'ingress-nginx' }, name: INGRESS_NAMESPACE } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: md('ingress-nginx'), automountServiceAccountToken: true },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: md(INGRESS_SERVICE), data: {} },
    {
      apiVersion: 'v1', kind: 'Service', metadata: md(INGRESS_SERVICE),
      spec: {
        ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', type: 'NodePort', selector: { ...SELECTOR },
        ports: [
          { appProtocol: 'http', name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' },
          { appProtocol: 'https', name: 'https', port: 443, protocol: 'TCP', targetPort: 'https' },
        ],
      },
    },
    {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: md(INGRESS_SERVICE),
      spec: {
        replicas: 1, minReadySeconds: 0, revisionHistoryLimit: 10, progressDeadlineSeconds: 600, selector: { matchLabels: { ...SELECTOR } },
        strategy: { rollingUpdate: { maxUnavailable: 1 }, type: 'RollingUpdate' },
        template: {
          metadata: { annotations: { [SERVER_ANNOTATION]: 'ingress-nginx' }, labels: { ...LABELS } },
          spec: {
            containers: [{
              name: 'controller',
              image: `registry.k8s.io/ingress-nginx/controller:v${VERSION}`,
              imagePullPolicy: 'IfNotPresent',
              args: [
                '/nginx-ingress-controller', '--election-id=ingress-nginx-leader', `--controller-class=${INGRESS_CONTROLLER}`,
                `--ingress-class=${INGRESS_CLASS}`, '--configmap=$(POD_NAMESPACE)/ingress-nginx-controller',
                '--watch-ingress-without-class=true', '--publish-status-address=localhost',
              ],
              env: [
                { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
                { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
              ],
              livenessProbe: { failureThreshold: 5, httpGet: { path: '/healthz', port: 10254, scheme: 'HTTP' }, initialDelaySeconds: 10, periodSeconds: 10, successThreshold: 1, timeoutSeconds: 1 },
              readinessProbe: { failureThreshold: 3, httpGet: { path: '/healthz', port: 10254, scheme: 'HTTP' }, periodSeconds: 10, successThreshold: 1, timeoutSeconds: 1 },
              ports: [
                { containerPort: 80, hostPort: 80, name: 'http', protocol: 'TCP' },
                { containerPort: 443, hostPort: 443, name: 'https', protocol: 'TCP' },
              ],
              resources: { requests: { cpu: '100m', memory: '90Mi' } },
            }],
            dnsPolicy: 'ClusterFirst',
            nodeSelector: { 'ingress-ready': 'true', 'kubernetes.io/os': 'linux' },
            serviceAccountName: 'ingress-nginx',
            terminationGracePeriodSeconds: 0,
            tolerations: [
              { effect: 'NoSchedule', key: 'node-role.kubernetes.io/master', operator: 'Equal' },
              { effect: 'NoSchedule', key: TAINT_CONTROL_PLANE, operator: 'Equal' },
            ],
          },
        },
      },
    },
    { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: md(INGRESS_CLASS, false), spec: { controller: INGRESS_CONTROLLER } },
  ];
}

/** Labels the control-plane node `ingress-ready=true` (kind's node-labels) and installs ingress-nginx on it. */
export function installIngressNginx(api: ApiServer, controlPlane: KubeObject, fieldManager: string): void {
  const node = deepClone(controlPlane);
  node.metadata.labels = { ...(node.metadata.labels ?? {}), 'ingress-ready': 'true' };
  api.put(node);
  for (const obj of objects()) api.create(obj, { fieldManager });
}
