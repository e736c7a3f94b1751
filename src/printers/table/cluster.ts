/** Networking, storage, scheduling, RBAC, certificates, admission and API-server kinds. */
import { formatLabelSelector } from '../../api/labels.js';
import type { KubeObject } from '../../api/types.js';
import { humanDuration } from '../../util/duration.js';
import type { TableHandler } from '../types.js';
import { AGE, NAME, ageOf, col, condition, listWithMore, nameOf, wide } from './common.js';
import { loadBalancerAddresses } from './core.js';

function ingressHosts(rules: any[] | undefined): string {
  const list: string[] = [];
  let more = false;
  for (const r of rules ?? []) {
    if (list.length === 3) more = true;
    if (!more && r?.host) list.push(r.host);
  }
  if (list.length === 0) return '*';
  return more ? `${list.join(',')} + ${(rules ?? []).length - 3} more...` : list.join(',');
}

export const ingressHandler: TableHandler = {
  columns: [NAME, col('Class', 'The name of the IngressClass resource used by this Ingress.'), col('Hosts', 'Hosts that incoming requests are matched against before the ingress rule'), col('Address', 'Address is a list containing ingress points for the load-balancer'), col('Ports', 'Ports of TLS configurations that open'), AGE],
  row(ing, now) {
    const ports = (ing.spec?.tls ?? []).length ? '80, 443' : '80';
    return [nameOf(ing), ing.spec?.ingressClassName ?? '<none>', ingressHosts(ing.spec?.rules), loadBalancerAddresses(ing.status), ports, ageOf(ing, now)];
  },
};

export const ingressClassHandler: TableHandler = {
  columns: [NAME, col('Controller', 'Controller that is responsible for handling this class'), col('Parameters', 'A reference to a resource with additional parameters'), AGE],
  row(ic, now) {
    const p = ic.spec?.parameters;
    const params = p ? `${p.kind}${p.apiGroup ? `.${p.apiGroup}` : ''}/${p.name}` : '<none>';
    return [nameOf(ic), ic.spec?.controller ?? '', params, ageOf(ic, now)];
  },
};

export const networkPolicyHandler: TableHandler = {
  columns: [NAME, col('Pod-Selector', 'Selects the pods to which this NetworkPolicy object applies.'), AGE],
  row: (np, now) => [nameOf(np), formatLabelSelector(np.spec?.podSelector ?? {}), ageOf(np, now)],
};

export const endpointSliceHandler: TableHandler = {
  columns: [NAME, col('AddressType', 'Type of address carried by this EndpointSlice'), col('Ports', 'Ports advertised by this EndpointSlice'), col('Endpoints', 'Endpoints included in this EndpointSlice'), AGE],
  row(es, now) {
    const ports: any[] = es.ports ?? [];
    const portsCell = ports.length ? listWithMore(ports.map((p) => (typeof p?.port === 'number' ? String(p.port) : '*'))) : '<unset>';
    const addresses: string[] = (es.endpoints ?? []).flatMap((e: any) => e?.addresses ?? []);
    const endpointsCell = (es.endpoints ?? []).length ? listWithMore(addresses) : '<unset>';
    return [nameOf(es), es.addressType ?? '', portsCell, endpointsCell, ageOf(es, now)];
  },
};

const DEFAULT_CLASS_ANNOTATIONS = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];

export const storageClassHandler: TableHandler = {
  columns: [NAME, col('Provisioner', 'Indicates the type of the provisioner.'), col('ReclaimPolicy', 'Indicates the type of the reclaim policy.'), col('VolumeBindingMode', 'Indicates how PersistentVolumeClaims should be provisioned and bound.'), col('AllowVolumeExpansion', 'Indicates whether the storage class allow volume expand.'), AGE],
  row(sc, now) {
    const ann = sc.metadata?.annotations ?? {};
    const isDefault = DEFAULT_CLASS_ANNOTATIONS.some((k) => ann[k] === 'true');
    return [`${nameOf(sc)}${isDefault ? ' (default)' : ''}`, sc.provisioner ?? '', sc.reclaimPolicy ?? 'Delete', sc.volumeBindingMode ?? 'Immediate', sc.allowVolumeExpansion === true, ageOf(sc, now)];
  },
};

export const priorityClassHandler: TableHandler = {
  columns: [NAME, col('Value', 'The value of this priority class.', 'integer'), col('Global-Default', 'globalDefault specifies whether this PriorityClass should be considered as the default priority.', 'boolean'), AGE, col('PreemptionPolicy', 'PreemptionPolicy is the Policy for preempting pods with lower priority.')],
  row: (pc, now) => [nameOf(pc), pc.value ?? 0, pc.globalDefault === true, ageOf(pc, now), pc.preemptionPolicy ?? ''],
};

export const leaseHandler: TableHandler = {
  columns: [NAME, col('Holder', 'The holder of the lease'), AGE],
  row: (l, now) => [nameOf(l), l.spec?.holderIdentity ?? '', ageOf(l, now)],
};

function subjects(binding: KubeObject): [string, string, string] {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const s of binding.subjects ?? []) {
    if (s.kind === 'User') users.push(s.name);
    else if (s.kind === 'Group') groups.push(s.name);
    else if (s.kind === 'ServiceAccount') sas.push(`${s.namespace ?? ''}/${s.name}`);
  }
  return [users.join(', '), groups.join(', '), sas.join(', ')];
}

export const roleBindingHandler: TableHandler = {
  columns: [NAME, col('Role', 'RoleRef is the Role or ClusterRole to which this binding refers.'), AGE, wide('Users', 'Users in the roleBinding'), wide('Groups', 'Groups in the roleBinding'), wide('ServiceAccounts', 'ServiceAccounts in the roleBinding')],
  row(rb, now) {
    const ref = rb.roleRef ?? {};
    return [nameOf(rb), `${ref.kind ?? ''}/${ref.name ?? ''}`, ageOf(rb, now), ...subjects(rb)];
  },
};

function csrCondition(csr: KubeObject): string {
  const parts: string[] = [];
  for (const c of csr.status?.conditions ?? []) {
    if (['Approved', 'Denied', 'Failed'].includes(c?.type)) parts.push(c.type);
  }
  if (csr.status?.certificate) parts.push('Issued');
  return parts.length ? parts.join(',') : 'Pending';
}

export const certificateSigningRequestHandler: TableHandler = {
  columns: [NAME, AGE, col('SignerName', 'Name of the signer'), col('Requestor', 'Request originator'), col('RequestedDuration', 'Requested duration of the issued certificate'), col('Condition', 'State of the request')],
  row(csr, now) {
    const secs = csr.spec?.expirationSeconds;
    const requested = typeof secs === 'number' ? humanDuration(secs * 1000) : '<none>';
    return [nameOf(csr), ageOf(csr, now), csr.spec?.signerName ?? '', csr.spec?.username ?? '', requested, csrCondition(csr)];
  },
};

export const runtimeClassHandler: TableHandler = {
  columns: [NAME, col('Handler', 'Handler is the underlying runtime and configuration that the CRI implementation will use'), AGE],
  row: (rc, now) => [nameOf(rc), rc.handler ?? '', ageOf(rc, now)],
};

export const volumeAttachmentHandler: TableHandler = {
  columns: [NAME, col('Attacher', 'Attacher indicates the name of the volume driver'), col('PV', 'Name of the persistent volume to attach'), col('Node', 'The node that the volume should be attached to'), col('Attached', 'Indicates the volume is successfully attached', 'boolean'), AGE],
  row: (va, now) => [nameOf(va), va.spec?.attacher ?? '', va.spec?.source?.persistentVolumeName ?? '', va.spec?.nodeName ?? '', va.status?.attached === true, ageOf(va, now)],
};

export const csiDriverHandler: TableHandler = {
  columns: [NAME, col('AttachRequired', '', 'boolean'), col('PodInfoOnMount', '', 'boolean'), col('StorageCapacity', '', 'boolean'), col('TokenRequests'), col('RequiresRepublish', '', 'boolean'), col('Modes'), AGE],
  row(d, now) {
    const s = d.spec ?? {};
    const tokens: any[] | undefined = s.tokenRequests;
    const modes: string[] = s.volumeLifecycleModes ?? [];
    return [nameOf(d), s.attachRequired !== false, s.podInfoOnMount === true, s.storageCapacity === true, tokens?.length ? tokens.map((t) => t.audience ?? '').join(',') : '<unset>', s.requiresRepublish === true, modes.length ? modes.join(',') : '<none>', ageOf(d, now)];
  },
};

export const csiNodeHandler: TableHandler = {
  columns: [NAME, col('Drivers', 'Drivers indicates the number of CSI drivers registered on the node', 'integer'), AGE],
  row: (n, now) => [nameOf(n), (n.spec?.drivers ?? []).length, ageOf(n, now)],
};

export const csiStorageCapacityHandler: TableHandler = {
  columns: [NAME, col('StorageClassName', 'Name of the StorageClass this capacity applies to'), col('Capacity', 'Capacity reported by the driver'), AGE],
  row: (c, now) => [nameOf(c), c.storageClassName ?? '', c.capacity === undefined ? '<unset>' : String(c.capacity), ageOf(c, now)],
};

export const webhookConfigurationHandler: TableHandler = {
  columns: [NAME, col('Webhooks', 'Webhooks indicates the number of webhooks in the configuration', 'integer'), AGE],
  row: (w, now) => [nameOf(w), (w.webhooks ?? []).length, ageOf(w, now)],
};

export const validatingAdmissionPolicyHandler: TableHandler = {
  columns: [NAME, col('Validations', 'Validations indicates the number of validation rules', 'integer'), col('ParamKind', 'ParamKind specifies the kind of resources used to parameterize this policy'), AGE],
  row(p, now) {
    const pk = p.spec?.paramKind;
    return [nameOf(p), (p.spec?.validations ?? []).length, pk ? `${pk.apiVersion ?? ''}/${pk.kind ?? ''}` : '<unset>', ageOf(p, now)];
  },
};

export const validatingAdmissionPolicyBindingHandler: TableHandler = {
  columns: [NAME, col('PolicyName', 'PolicyName indicates the policy definition which the policy binding binded to'), col('ParamRef', 'ParamRef indicates the param resource which sets the configration param'), AGE],
  row(b, now) {
    const ref = b.spec?.paramRef;
    let param = '<unset>';
    if (ref?.name) param = ref.namespace ? `${ref.namespace}/${ref.name}` : `*/${ref.name}`;
    return [nameOf(b), b.spec?.policyName ?? '', param, ageOf(b, now)];
  },
};

export const flowSchemaHandler: TableHandler = {
  columns: [NAME, col('PriorityLevel', 'The name of the PriorityLevelConfiguration this FlowSchema refers to'), col('MatchingPrecedence', 'The matching precedence of this FlowSchema', 'integer'), col('DistinguisherMethod', 'The distinguisher method of this FlowSchema'), AGE, col('MissingPL', 'whether the referenced PriorityLevelConfiguration object does not exist')],
  row(fs, now) {
    const dangling = condition(fs, 'Dangling');
    return [nameOf(fs), fs.spec?.priorityLevelConfiguration?.name ?? '', fs.spec?.matchingPrecedence ?? 0, fs.spec?.distinguisherMethod?.type ?? '*', ageOf(fs, now), dangling?.status ?? '?'];
  },
};

export const priorityLevelHandler: TableHandler = {
  columns: [NAME, col('Type', 'The type of the PriorityLevelConfiguration'), col('NominalConcurrencyShares', 'Nominal concurrency shares'), col('Queues', 'Number of queues'), col('HandSize', 'The number of queues a request may be assigned to'), col('QueueLengthLimit', 'The maximum number of requests waiting in one queue'), AGE],
  row(pl, now) {
    const limited = pl.spec?.limited;
    const queuing = limited?.limitResponse?.queuing;
    const show = (v: unknown) => (v === undefined || v === null ? '<none>' : String(v));
    return [nameOf(pl), pl.spec?.type ?? '', show(limited?.nominalConcurrencyShares), show(queuing?.queues), show(queuing?.handSize), show(queuing?.queueLengthLimit), ageOf(pl, now)];
  },
};

export const apiServiceHandler: TableHandler = {
  columns: [NAME, col('Service', 'The reference to the service that hosts this API endpoint.'), col('Available', 'Whether this service is available.'), AGE],
  row(a, now) {
    const svc = a.spec?.service;
    const available = condition(a, 'Available');
    let avail = 'Unknown';
    if (available) avail = available.status === 'True' ? 'True' : `${available.status} (${available.reason ?? ''})`;
    return [nameOf(a), svc ? `${svc.namespace}/${svc.name}` : 'Local', avail, ageOf(a, now)];
  },
};

