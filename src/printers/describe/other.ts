/** describe for networking, RBAC, storage and scheduling kinds, and the generic fallback. */
import type { KubeObject } from '../../api/types.js';
import { formatLabels, formatLabelSelector } from '../../api/labels.js';
import { cmp, describeEvents, goList, printAnnotations, printBoolPtr, printLabels, rfc1123z } from './common.js';
import { formatEndpointSlices } from './core.js';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, LEVEL_4, tabbedString, type PrefixWriter } from './writer.js';
import { goNumber } from '../go-values.js';

/** What an ingress backend needs from the cluster: its service (or the error) and slices. */
export interface BackendLookup {
  service(name: string): KubeObject | string;
  slices(name: string): KubeObject[];
}

function describeBackend(b: any, lookup: BackendLookup): string {
  if (b?.service) {
    const s = b.service;
    const port = s.port?.number ? String(s.port.number) : (s.port?.name ?? '');
    const sb = `${s.name}:${port}`;
    const svc = lookup.service(s.name);
    if (typeof svc === 'string') return `${sb} (<error: ${svc}>)`;
    let spName = '';
    for (const sp of svc.spec?.ports ?? []) {
      if (s.port?.number && s.port.number === sp.port) spName = sp.name ?? '';
      else if (s.port?.name && s.port.name === sp.name) spName = sp.name ?? '';
    }
    return `${sb} (${formatEndpointSlices(lookup.slices(s.name), spName)})`;
  }
  if (b?.resource) return `APIGroup: ${b.resource.apiGroup ?? '<none>'}, Kind: ${b.resource.kind}, Name: ${b.resource.name}`;
  return '';
}

export function describeIngress(ing: KubeObject, lookup: BackendLookup, events: KubeObject[] | undefined, now: Date): string {
  return tabbedString((w) => {
    const spec = ing.spec ?? {};
    w.write(LEVEL_0, `Name:\t${ing.metadata.name}\n`);
    printLabels(w, 'Labels', ing.metadata.labels);
    w.write(LEVEL_0, `Namespace:\t${ing.metadata.namespace}\n`);
    const addrs = new Set<string>();
    for (const i of ing.status?.loadBalancer?.ingress ?? []) if (i.ip || i.hostname) addrs.add(i.ip || i.hostname);
    w.write(LEVEL_0, `Address:\t${[...addrs].sort().join(',')}\n`);
    w.write(LEVEL_0, `Ingress Class:\t${spec.ingressClassName ?? '<none>'}\n`);
    const def = spec.defaultBackend ? describeBackend(spec.defaultBackend, lookup) : '<default>';
    w.write(LEVEL_0, `Default backend:\t${def}\n`);
    if (spec.tls?.length) {
      w.write(LEVEL_0, 'TLS:\n');
      for (const t of spec.tls) {
        const hosts = (t.hosts ?? []).join(',');
        w.write(LEVEL_1, t.secretName ? `${t.secretName} terminates ${hosts}\n` : `SNI routes ${hosts}\n`);
      }
    }
    w.write(LEVEL_0, 'Rules:\n  Host\tPath\tBackends\n');
    w.write(LEVEL_1, '----\t----\t--------\n');
    let count = 0;
    for (const rule of spec.rules ?? []) {
      if (!rule.http) continue;
      count++;
      w.write(LEVEL_1, `${rule.host || '*'}\t\n`);
      for (const p of rule.http.paths ?? []) w.write(LEVEL_2, `\t${p.path ?? ''} \t${describeBackend(p.backend, lookup)}\n`);
    }
    if (count === 0) w.write(LEVEL_1, `*\t*\t${def}\n`);
    printAnnotations(w, 'Annotations', ing.metadata.annotations);
    if (events) describeEvents(events, w, now);
  });
}

export function describeIngressClass(ic: KubeObject, events: KubeObject[] | undefined, now: Date): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ic.metadata.name}\n`);
    printLabels(w, 'Labels', ic.metadata.labels);
    printAnnotations(w, 'Annotations', ic.metadata.annotations);
    w.write(LEVEL_0, `Controller:\t${ic.spec?.controller ?? ''}\n`);
    const p = ic.spec?.parameters;
    if (p) {
      w.write(LEVEL_0, 'Parameters:\n');
      if (p.apiGroup !== undefined) w.write(LEVEL_1, `APIGroup:\t${p.apiGroup}\n`);
      w.write(LEVEL_1, `Kind:\t${p.kind}\n`);
      w.write(LEVEL_1, `Name:\t${p.name}\n`);
    }
    if (events) describeEvents(events, w, now);
  });
}

/** Go's %s of a metav1.Time value: `2006-01-02 15:04:05 -0700 MST` in local time. */
function goTimeString(ts: string | undefined | null): string {
  const t = ts ? Date.parse(ts) : NaN;
  if (Number.isNaN(t)) return '0001-01-01 00:00:00 +0000 UTC';
  const d = new Date(t);
  const p = (n: number) => String(n).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  const zone = `${off < 0 ? '-' : '+'}${p(Math.trunc(Math.abs(off) / 60))}${p(Math.abs(off) % 60)}`;
  const name = off === 0 ? 'UTC' : zone.slice(0, 3);
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())} ${zone} ${name}`;
}

export function describeNetworkPolicy(np: KubeObject): string {
  return tabbedString((w) => {
    const spec = np.spec ?? {};
    w.write(LEVEL_0, `Name:\t${np.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${np.metadata.namespace}\n`);
    w.write(LEVEL_0, `Created on:\t${goTimeString(np.metadata.creationTimestamp)}\n`);
    printLabels(w, 'Labels', np.metadata.labels);
    printAnnotations(w, 'Annotations', np.metadata.annotations);
    w.write(LEVEL_0, 'Spec:\n');
    w.write(LEVEL_1, 'PodSelector: ');
    const ps = spec.podSelector ?? {};
    if (Object.keys(ps.matchLabels ?? {}).length === 0 && !(ps.matchExpressions ?? []).length) w.write(LEVEL_2, '<none> (Allowing the specific traffic to all pods in this namespace)\n');
    else w.write(LEVEL_2, `${formatLabelSelector(ps)}\n`);
    const types: string[] = spec.policyTypes ?? [];
    if (types.includes('Ingress')) {
      w.write(LEVEL_1, 'Allowing ingress traffic:\n');
      printPolicyRules(spec.ingress ?? [], 'from', w);
    } else w.write(LEVEL_1, 'Not affecting ingress traffic\n');
    if (types.includes('Egress')) {
      w.write(LEVEL_1, 'Allowing egress traffic:\n');
      printPolicyRules(spec.egress ?? [], 'to', w);
    } else w.write(LEVEL_1, 'Not affecting egress traffic\n');
    w.write(LEVEL_1, `Policy Types: ${types.length ? types.join(', ') : '<none>'}\n`);
  });
}

function printPolicyRules(rules: any[], dir: 'from' | 'to', w: PrefixWriter): void {
  const indent = '    ';
  if (rules.length === 0) {
    w.write(LEVEL_0, `${indent}<none> (Selected pods are isolated for ${dir === 'from' ? 'ingress' : 'egress'} connectivity)\n`);
    return;
  }
  rules.forEach((rule, i) => {
    const ports: any[] = rule.ports ?? [];
    if (ports.length === 0) w.write(LEVEL_0, `${indent}To Port: <any> (traffic allowed to all ports)\n`);
    for (const p of ports) {
      const proto = p.protocol ?? 'TCP';
      const port = p.port === undefined ? '<nil>' : String(p.port);
      if (p.endPort === undefined) w.write(LEVEL_0, `${indent}To Port: ${port}/${proto}\n`);
      else w.write(LEVEL_0, `${indent}To Port Range: ${port}-${p.endPort}/${proto}\n`);
    }
    const peers: any[] = rule[dir] ?? [];
    const label = dir === 'from' ? 'From' : 'To';
    if (peers.length === 0) w.write(LEVEL_0, `${indent}${label}: <any> (traffic not restricted by ${dir === 'from' ? 'source' : 'destination'})\n`);
    for (const peer of peers) {
      w.write(LEVEL_0, `${indent}${label}:\n`);
      if (peer.podSelector && peer.namespaceSelector) {
        w.write(LEVEL_1, `${indent}NamespaceSelector: ${formatLabelSelector(peer.namespaceSelector)}\n`);
        w.write(LEVEL_1, `${indent}PodSelector: ${formatLabelSelector(peer.podSelector)}\n`);
      } else if (peer.podSelector) w.write(LEVEL_1, `${indent}PodSelector: ${formatLabelSelector(peer.podSelector)}\n`);
      else if (peer.namespaceSelector) w.write(LEVEL_1, `${indent}NamespaceSelector: ${formatLabelSelector(peer.namespaceSelector)}\n`);
      else if (peer.ipBlock) {
        w.write(LEVEL_1, `${indent}IPBlock:\n`);
        w.write(LEVEL_2, `${indent}CIDR: ${peer.ipBlock.cidr}\n`);
        w.write(LEVEL_2, `${indent}Except: ${(peer.ipBlock.except ?? []).join(', ')}\n`);
      }
    }
    if (i !== rules.length - 1) w.write(LEVEL_0, `${indent}----------\n`);
  });
}

// ---- RBAC ----

interface PolicyRule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
}

/** rbac.BreakdownRule then CompactRules, sorted as SortableRuleSlice (by the rule's String()). */
export function compactRules(rules: any[]): PolicyRule[] {
  const broken: PolicyRule[] = [];
  for (const r of rules) {
    const verbs: string[] = r.verbs ?? [];
    for (const g of r.apiGroups ?? []) {
      for (const res of r.resources ?? []) {
        if (r.resourceNames?.length) for (const n of r.resourceNames) broken.push({ verbs, apiGroups: [g], resources: [res], resourceNames: [n], nonResourceURLs: [] });
        else broken.push({ verbs, apiGroups: [g], resources: [res], resourceNames: [], nonResourceURLs: [] });
      }
    }
    for (const u of r.nonResourceURLs ?? []) broken.push({ verbs, apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: [u] });
  }
  const compacted: PolicyRule[] = [];
  const simple = new Map<string, PolicyRule>();
  for (const r of broken) {
    if (r.nonResourceURLs.length === 0 && r.apiGroups.length === 1 && r.resources.length === 1 && r.resourceNames.length <= 1) {
      const key = JSON.stringify([r.apiGroups[0], r.resources[0], r.resourceNames.length, r.resourceNames[0] ?? '']);
      const existing = simple.get(key);
      if (existing) existing.verbs = [...existing.verbs, ...r.verbs];
      else simple.set(key, { ...r, verbs: [...r.verbs] });
    } else compacted.push(r);
  }
  compacted.push(...simple.values());
  const str = (r: PolicyRule) =>
    `&PolicyRule{Verbs:${goList(r.verbs)},APIGroups:${goList(r.apiGroups)},Resources:${goList(r.resources)},ResourceNames:${goList(r.resourceNames)},NonResourceURLs:${goList(r.nonResourceURLs)},}`;
  return compacted.map((r) => [str(r), r] as const).sort((a, b) => cmp(a[0], b[0])).map(([, r]) => r);
}

function combineResourceGroup(resources: string[], groups: string[]): string {
  if (resources.length === 0) return '';
  const [res, sub] = resources[0]!.split(/\/(.*)/s) as [string, string | undefined];
  let out = res;
  if (groups.length > 0 && groups[0] !== '') out += `.${groups[0]}`;
  if (sub !== undefined) out += `/${sub}`;
  return out;
}

export function describeRole(role: KubeObject): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${role.metadata.name}\n`);
    printLabels(w, 'Labels', role.metadata.labels);
    printAnnotations(w, 'Annotations', role.metadata.annotations);
    w.write(LEVEL_0, 'PolicyRule:\n');
    w.write(LEVEL_1, 'Resources\tNon-Resource URLs\tResource Names\tVerbs\n');
    w.write(LEVEL_1, '---------\t-----------------\t--------------\t-----\n');
    for (const r of compactRules(role.rules ?? [])) {
      w.write(LEVEL_1, `${combineResourceGroup(r.resources, r.apiGroups)}\t${goList(r.nonResourceURLs)}\t${goList(r.resourceNames)}\t${goList(r.verbs)}\n`);
    }
  });
}

export function describeRoleBinding(b: KubeObject): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${b.metadata.name}\n`);
    printLabels(w, 'Labels', b.metadata.labels);
    printAnnotations(w, 'Annotations', b.metadata.annotations);
    w.write(LEVEL_0, 'Role:\n');
    w.write(LEVEL_1, `Kind:\t${b.roleRef?.kind ?? ''}\n`);
    w.write(LEVEL_1, `Name:\t${b.roleRef?.name ?? ''}\n`);
    w.write(LEVEL_0, 'Subjects:\n');
    w.write(LEVEL_1, 'Kind\tName\tNamespace\n');
    w.write(LEVEL_1, '----\t----\t---------\n');
    for (const s of b.subjects ?? []) w.write(LEVEL_1, `${s.kind}\t${s.name}\t${s.namespace ?? ''}\n`);
  });
}

// ---- storage / scheduling ----

export function describeStorageClass(sc: KubeObject, events: KubeObject[] | undefined, now: Date): string {
  return tabbedString((w) => {
    const ann = sc.metadata.annotations ?? {};
    const isDefault = ann['storageclass.kubernetes.io/is-default-class'] === 'true' || ann['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
    w.write(LEVEL_0, `Name:\t${sc.metadata.name}\n`);
    w.write(LEVEL_0, `IsDefaultClass:\t${isDefault ? 'Yes' : 'No'}\n`);
    w.write(LEVEL_0, `Annotations:\t${formatLabels(sc.metadata.annotations)}\n`);
    w.write(LEVEL_0, `Provisioner:\t${sc.provisioner ?? ''}\n`);
    w.write(LEVEL_0, `Parameters:\t${formatLabels(sc.parameters)}\n`);
    w.write(LEVEL_0, `AllowVolumeExpansion:\t${printBoolPtr(sc.allowVolumeExpansion)}\n`);
    if (!sc.mountOptions?.length) w.write(LEVEL_0, 'MountOptions:\t<none>\n');
    else {
      w.write(LEVEL_0, 'MountOptions:\n');
      for (const o of sc.mountOptions) w.write(LEVEL_1, `${o}\n`);
    }
    if (sc.reclaimPolicy) w.write(LEVEL_0, `ReclaimPolicy:\t${sc.reclaimPolicy}\n`);
    if (sc.volumeBindingMode) w.write(LEVEL_0, `VolumeBindingMode:\t${sc.volumeBindingMode}\n`);
    if (sc.allowedTopologies) {
      w.write(LEVEL_0, 'AllowedTopologies:\t');
      if (sc.allowedTopologies.length === 0) w.line('<none>');
      else {
        w.line('');
        sc.allowedTopologies.forEach((term: any, i: number) => {
          w.write(LEVEL_1, `Term ${i}:\t`);
          const reqs: any[] = term.matchLabelExpressions ?? [];
          if (reqs.length === 0) w.line('<none>');
          reqs.forEach((r, j) => {
            if (j !== 0) w.write(LEVEL_1, '\t');
            w.write(LEVEL_0, `${r.key} in${r.values?.length ? ` [${r.values.join(', ')}]` : ''}\n`);
          });
        });
      }
    }
    if (events) describeEvents(events, w, now);
  });
}

export function describePriorityClass(pc: KubeObject, events: KubeObject[] | undefined, now: Date): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${pc.metadata.name}\n`);
    w.write(LEVEL_0, `Value:\t${pc.value ?? 0}\n`);
    w.write(LEVEL_0, `GlobalDefault:\t${pc.globalDefault === true}\n`);
    w.write(LEVEL_0, `PreemptionPolicy:\t${pc.preemptionPolicy ?? ''}\n`);
    w.write(LEVEL_0, `Description:\t${pc.description ?? ''}\n`);
    w.write(LEVEL_0, `Annotations:\t${formatLabels(pc.metadata.annotations)}\n`);
    if (events) describeEvents(events, w, now);
  });
}

export function describeCSINode(csi: KubeObject, events: KubeObject[] | undefined, now: Date): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${csi.metadata.name}\n`);
    printLabels(w, 'Labels', csi.metadata.labels);
    printAnnotations(w, 'Annotations', csi.metadata.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(csi.metadata.creationTimestamp)}\n`);
    w.write(LEVEL_0, 'Spec:\n');
    const drivers: any[] | undefined = csi.spec?.drivers;
    if (drivers) {
      w.write(LEVEL_1, 'Drivers:\n');
      for (const d of drivers) {
        w.write(LEVEL_2, `${d.name}:\n`);
        w.write(LEVEL_3, `Node ID:\t${d.nodeID ?? ''}\n`);
        if (d.allocatable?.count !== undefined && d.allocatable?.count !== null) {
          w.write(LEVEL_3, 'Allocatables:\n');
          w.write(LEVEL_4, `Count:\t${d.allocatable.count}\n`);
        }
        if (d.topologyKeys) w.write(LEVEL_3, `Topology Keys:\t${goList(d.topologyKeys)}\n`);
      }
    }
    if (events) describeEvents(events, w, now);
  });
}

// ---- generic ----

const GENERIC_SKIP = new Set(['.metadata.managedFields', '.metadata.name', '.metadata.namespace', '.metadata.labels', '.metadata.annotations']);

/** The generic describer for kinds kubectl has no describer for (and custom resources). */
export function describeGeneric(obj: KubeObject, events: KubeObject[] | undefined, now: Date): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${obj.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${obj.metadata.namespace ?? ''}\n`);
    printLabels(w, 'Labels', obj.metadata.labels);
    printAnnotations(w, 'Annotations', obj.metadata.annotations);
    printUnstructured(w, LEVEL_0, obj, '');
    if (events) describeEvents(events, w, now);
  });
}

function printUnstructured(w: PrefixWriter, level: number, content: Record<string, unknown>, prefix: string): void {
  for (const field of Object.keys(content).sort()) {
    const value = content[field];
    const path = `${prefix}.${field}`;
    if (GENERIC_SKIP.has(path)) continue;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      w.write(level, `${smartLabel(field)}:\n`);
      printUnstructured(w, level + 1, value as Record<string, unknown>, path);
    } else if (Array.isArray(value)) {
      w.write(level, `${smartLabel(field)}:\n`);
      for (const child of value) {
        if (child !== null && typeof child === 'object' && !Array.isArray(child)) printUnstructured(w, level + 1, child as Record<string, unknown>, path);
        else w.write(level + 1, `${goScalar(child)}\n`);
      }
    } else {
      w.write(level, `${smartLabel(field)}:\t${goScalar(value)}\n`);
    }
  }
}

function goScalar(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goScalar).join(' ')}]`;
  if (typeof v === 'object') return `map[${Object.keys(v as object).sort().map((k) => `${k}:${goScalar((v as any)[k])}`).join(' ')}]`;
  if (typeof v === 'number') return goNumber(v);
  return String(v);
}

const ACRONYMS = new Set(['API', 'URL', 'UID', 'OSB', 'GUID']);

/** smartLabelFor: `apiVersion` → `API Version`; fields with other characters stay as they are. */
export function smartLabel(field: string): string {
  if (/[^\p{L}-]/u.test(field)) return field;
  return camelSplit(field)
    .filter((p) => p !== '_')
    .map((p) => (ACRONYMS.has(p.toUpperCase()) ? p.toUpperCase() : p.charAt(0).toUpperCase() + p.slice(1)))
    .join(' ');
}

/** fatih/camelcase.Split: runs of one character class; an upper run gives its last letter to a following lower run. */
function camelSplit(s: string): string[] {
  const kind = (c: string) => (/\p{Ll}/u.test(c) ? 1 : /\p{Lu}/u.test(c) ? 2 : /\p{N}/u.test(c) ? 3 : 4);
  const runs: string[][] = [];
  let last = 0;
  for (const c of s) {
    const k = kind(c);
    if (k === last) runs[runs.length - 1]!.push(c);
    else runs.push([c]);
    last = k;
  }
  for (let i = 0; i < runs.length - 1; i++) {
    if (kind(runs[i]![0]!) === 2 && kind(runs[i + 1]![0]!) === 1) {
      runs[i + 1]!.unshift(runs[i]!.pop()!);
    }
  }
  return runs.filter((r) => r.length > 0).map((r) => r.join(''));
}
