/**
 * The kinds kubectl's typed scheme knows (client-go's, which kubectl decodes -f documents into for
 * `rollout`, `expose` and `set`): a document of any other kind is refused as it is read, `unable to
 * decode "<file>": no kind "Widget" is registered for version "example.com/v1" in scheme
 * "pkg/scheme/scheme.go:28"`, where a kind the scheme knows but the cluster does not serve is the
 * cluster's mapping error. Facts from kubectl v1.32: the older versions below were asked of it one
 * by one (`rollout history -f` of a document of each: a mapping error, or this decode error).
 */
import { CliError, RawError } from '../errors.js';
import type { ManifestDoc } from './manifest.js';
import type { Registry } from './registry.js';
import { decode, schemaNameFor, stripNulls } from './validation/decode.js';

/** Groups the cluster serves whose kinds client-go's scheme leaves out. */
const OUTSIDE_SCHEME = new Set(['apiextensions.k8s.io', 'apiregistration.k8s.io', 'metrics.k8s.io', 'admission.k8s.io', 'imagepolicy.k8s.io']);

/** Older versions client-go still carries that the cluster no longer serves (or does not yet), with their kinds. */
const OLDER_VERSIONS: Record<string, string[]> = {
  'v1': ['Status'],
  'apps/v1beta1': ['Deployment', 'StatefulSet', 'ControllerRevision', 'DeploymentRollback', 'Scale'],
  'apps/v1beta2': ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ControllerRevision', 'Scale'],
  'extensions/v1beta1': ['Deployment', 'DaemonSet', 'ReplicaSet', 'Ingress', 'NetworkPolicy', 'DeploymentRollback', 'Scale'],
  'batch/v1beta1': ['CronJob'],
  'autoscaling/v2beta1': ['HorizontalPodAutoscaler'],
  'autoscaling/v2beta2': ['HorizontalPodAutoscaler'],
  'policy/v1beta1': ['PodDisruptionBudget', 'Eviction'],
  'networking.k8s.io/v1beta1': ['Ingress', 'IngressClass', 'IPAddress', 'ServiceCIDR'],
  'networking.k8s.io/v1alpha1': ['IPAddress', 'ServiceCIDR'],
  'rbac.authorization.k8s.io/v1beta1': ['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'],
  'rbac.authorization.k8s.io/v1alpha1': ['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'],
  'storage.k8s.io/v1beta1': ['StorageClass', 'VolumeAttachment', 'CSIDriver', 'CSINode', 'CSIStorageCapacity', 'VolumeAttributesClass'],
  'storage.k8s.io/v1alpha1': ['VolumeAttachment', 'CSIStorageCapacity', 'VolumeAttributesClass'],
  'scheduling.k8s.io/v1beta1': ['PriorityClass'],
  'scheduling.k8s.io/v1alpha1': ['PriorityClass'],
  'discovery.k8s.io/v1beta1': ['EndpointSlice'],
  'events.k8s.io/v1beta1': ['Event'],
  'node.k8s.io/v1beta1': ['RuntimeClass'],
  'node.k8s.io/v1alpha1': ['RuntimeClass'],
  'coordination.k8s.io/v1beta1': ['Lease'],
  'coordination.k8s.io/v1alpha2': ['LeaseCandidate'],
  'certificates.k8s.io/v1beta1': ['CertificateSigningRequest'],
  'certificates.k8s.io/v1alpha1': ['ClusterTrustBundle'],
  'admissionregistration.k8s.io/v1beta1': ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'],
  'admissionregistration.k8s.io/v1alpha1': ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'MutatingAdmissionPolicy'],
  'flowcontrol.apiserver.k8s.io/v1beta1': ['FlowSchema', 'PriorityLevelConfiguration'],
  'flowcontrol.apiserver.k8s.io/v1beta2': ['FlowSchema', 'PriorityLevelConfiguration'],
  'flowcontrol.apiserver.k8s.io/v1beta3': ['FlowSchema', 'PriorityLevelConfiguration'],
  'resource.k8s.io/v1alpha3': ['ResourceClaim', 'ResourceClaimTemplate', 'DeviceClass', 'ResourceSlice'],
  'resource.k8s.io/v1beta1': ['ResourceClaim', 'ResourceClaimTemplate', 'DeviceClass', 'ResourceSlice'],
  'internal.apiserver.k8s.io/v1alpha1': ['StorageVersion'],
  'storagemigration.k8s.io/v1alpha1': ['StorageVersionMigration'],
};

/** Whether kubectl's typed scheme can decode a document of `kind` at `apiVersion`. */
export function inKubectlScheme(registry: Registry, apiVersion: unknown, kind: unknown): boolean {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return false;
  const served = registry.forKind(apiVersion, kind);
  if (served) return !served.custom && !OUTSIDE_SCHEME.has(served.group);
  return OLDER_VERSIONS[apiVersion]?.includes(kind) ?? false;
}

/** kubectl's words for a document its typed scheme cannot decode. */
export function notInSchemeMessage(source: string, apiVersion: unknown, kind: unknown): string {
  return `unable to decode "${source}": no kind "${String(kind ?? '')}" is registered for version "${String(apiVersion ?? '')}" in scheme "pkg/scheme/scheme.go:28"`;
}

/**
 * What kubectl says when it cannot decode a document into its typed scheme: a kind it does not
 * know, or a field of the wrong JSON type (`json: cannot unmarshal bool into Go struct field ...`);
 * undefined when the document decodes. The error is the builder's (see aggregate-errors.ts).
 */
export function typedDecodeFailure(registry: Registry, doc: ManifestDoc): CliError | RawError | undefined {
  const { apiVersion, kind } = doc.object;
  if (!inKubectlScheme(registry, apiVersion, kind)) {
    // A List's item of such a kind stays the decoder's runtime.Unknown; the List's errors are an
    // aggregate of their own, printed bare.
    if (doc.fromList) return new RawError(LIST_ITEM_NOT_IN_SCHEME);
    return new CliError(notInSchemeMessage(doc.source, apiVersion, kind));
  }
  // An older version the cluster does not serve has no schema here: the cluster's mapping error follows.
  if (!registry.forKind(apiVersion, kind)) return undefined;
  const { decodeError } = decode(schemaNameFor(apiVersion, kind), stripNulls(doc.object));
  if (!decodeError) return undefined;
  return doc.fromList ? new RawError(decodeError) : new CliError(`unable to decode "${doc.source}": ${decodeError}`);
}

const LIST_ITEM_NOT_IN_SCHEME = 'unable to get type info from the object "*runtime.Unknown": no kind is registered for the type runtime.Unknown in scheme "pkg/scheme/scheme.go:28"';
