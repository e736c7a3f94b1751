/**
 * The serviceaccount controller and the root-CA publisher: every active namespace has a
 * `default` ServiceAccount and the `kube-root-ca.crt` ConfigMap. Recreated if deleted.
 */
import type { ApiServer } from '../api/server.js';
import type { KubeObject } from '../api/types.js';
import { createUnlessForbidden } from './endpoints.js';
import type { Controller } from './types.js';

export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';
const ROOT_CA_DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

/** The simulated cluster CA (not a usable certificate: nothing here speaks TLS). */
export const CLUSTER_CA_PEM = [
  '-----BEGIN CERTIFICATE-----',
  'MIIDBTCCAe2gAwIBAgIIa2luZC1saXRlMA0GCSqGSIb3DQEBCwUAMBUxEzARBgNVBAMTCmt1YmVybmV0',
  'ZXMwHhcNMjUwMTAxMDAwMDAwWhcNMzUwMTAxMDAwMDAwWjAVMRMwEQYDVQQDEwprdWJlcm5ldGVzMIIB',
  'IjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAsimulatedclusterCAsimulatedclusterCAsimul',
  '-----END CERTIFICATE-----',
  '',
].join('\n');

export const serviceAccountController: Controller = {
  name: 'serviceaccount',
  reconcile(api: ApiServer): void {
    const saType = api.registry.forKind('v1', 'ServiceAccount')!;
    const cmType = api.registry.forKind('v1', 'ConfigMap')!;
    const haveSA = new Set(api.list(saType).filter((s) => s.metadata.name === 'default').map((s) => s.metadata.namespace));
    const published = api.list(cmType).filter((c) => c.metadata.name === ROOT_CA_CONFIGMAP);
    const haveCA = new Set(published.map((c) => c.metadata.namespace));
    // Every namespace gets the same bundle: the one already published (by the bootstrap), else ours.
    const ca: string = published.find((c) => c.data?.['ca.crt'])?.data['ca.crt'] ?? CLUSTER_CA_PEM;
    for (const ns of api.list(api.registry.forKind('v1', 'Namespace')!)) {
      if (ns.metadata.deletionTimestamp || ns.status?.phase === 'Terminating') continue;
      const name = ns.metadata.name!;
      if (!haveSA.has(name)) createUnlessForbidden(api, defaultServiceAccount(name));
      if (!haveCA.has(name)) createUnlessForbidden(api, rootCAConfigMap(name, ca));
    }
  },
};

function defaultServiceAccount(namespace: string): KubeObject {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace } };
}

function rootCAConfigMap(namespace: string, ca: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: ROOT_CA_CONFIGMAP, namespace, annotations: { 'kubernetes.io/description': ROOT_CA_DESCRIPTION } },
    data: { 'ca.crt': ca },
  };
}
