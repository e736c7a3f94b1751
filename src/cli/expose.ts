import type { KubeObject } from '../api/types.js';
import { atoi } from '../util/atoi.js';
import { CliError } from '../errors.js';
import type { Context, FlagValues, VerbSpec } from './framework.js';
import { createGenerated, GENERATOR_FLAGS_UNVALIDATED, newObjectMeta } from './generated.js';
import { setKey } from '../util/own.js';
import { generateForEach } from './file-targets.js';
import { filenameFlags } from './manifest-objects.js';
import { checkPrintFlags } from './print-flags.js';
import { recordChangeCause } from './record.js';

const INTROSPECTION = "couldn't retrieve selectors via --selector flag or introspection";

/** kubectl's CanBeExposed: pods, services and replication controllers, deployments and replica sets. */
function checkExposable(obj: KubeObject): void {
  const apiVersion = String(obj.apiVersion ?? '');
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const core = group === '' && ['Pod', 'Service', 'ReplicationController'].includes(obj.kind);
  const apps = (group === 'apps' || group === 'extensions') && ['Deployment', 'ReplicaSet'].includes(obj.kind);
  if (!core && !apps) throw new CliError(`cannot expose a ${group ? `${obj.kind}.${group}` : obj.kind}`);
}

/** Go's %+v of a selector's match expressions: `[{Key:a Operator:In Values:[x y]}]`. */
function goExpressions(expressions: Array<{ key?: string; operator?: string; values?: string[] }>): string {
  return `[${expressions.map((e) => `{Key:${e.key ?? ''} Operator:${e.operator ?? ''} Values:[${(e.values ?? []).join(' ')}]}`).join(' ')}]`;
}

/** The selector a new Service should use to reach what `obj` runs (kubectl's MapBasedSelectorForObject). */
function selectorFor(obj: KubeObject): Record<string, string> {
  const introspected = (why: string) => new CliError(`${INTROSPECTION}: ${why}`);
  switch (obj.kind) {
    case 'Pod':
      if (!obj.metadata.labels || Object.keys(obj.metadata.labels).length === 0) throw introspected('the pod has no labels and cannot be exposed');
      return obj.metadata.labels;
    case 'Service':
      if (!obj.spec?.selector) throw introspected('the service has no pod selector set');
      return obj.spec.selector;
    case 'ReplicationController':
      return obj.spec?.selector ?? {};
    default: {
      // Deployments and ReplicaSets: their matchLabels, which they must have; expressions a Service cannot hold.
      const selector = obj.spec?.selector;
      if (!selector?.matchLabels || Object.keys(selector.matchLabels).length === 0) throw introspected(`invalid ${obj.kind.toLowerCase()}: no selectors, therefore cannot be exposed`);
      if (selector.matchExpressions?.length) throw introspected(`couldn't convert expressions - "${goExpressions(selector.matchExpressions)}" to map-based selector format`);
      return selector.matchLabels;
    }
  }
}

/** Container ports of what `obj` runs, for a Service without --port. */
function portsOf(obj: KubeObject): Array<{ port: number; protocol: string }> {
  if (obj.kind === 'Service') return (obj.spec?.ports ?? []).map((p: any) => ({ port: p.port, protocol: p.protocol ?? 'TCP' }));
  const spec = obj.kind === 'Pod' ? obj.spec : obj.spec?.template?.spec;
  return (spec?.containers ?? []).flatMap((c: any) => (c.ports ?? []).map((p: any) => ({ port: p.containerPort, protocol: p.protocol ?? 'TCP' })));
}

/**
 * What kubectl's expose keeps from the first object that gives it (its options, set once for the
 * whole command): the selector, the ports and the labels each later object's Service gets too,
 * unless flags give them. Only the protocols are each object's own.
 */
interface Introspected {
  selector?: Record<string, string>;
  ports?: number[];
  labels?: Record<string, string>;
}

/** The protocols this object gives each of its ports, in the order it lists them. */
function protocolsByPort(obj: KubeObject): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const p of portsOf(obj)) {
    const list = out.get(p.port) ?? [];
    if (!list.includes(p.protocol)) list.push(p.protocol);
    out.set(p.port, list);
  }
  return out;
}

/**
 * The Service's ports as kubectl makes them: several are named port-1, port-2, ...; a port this
 * object serves over several protocols (without --protocol) becomes one port each, port-N-<protocol>.
 */
function servicePorts(numbers: number[], flags: FlagValues, protocols: Map<number, string[]>): Array<Record<string, unknown>> {
  const targetPort = (port: number) => (flags['target-port'] === undefined ? port : /^\d+$/.test(flags['target-port']) ? Number(flags['target-port']) : flags['target-port']);
  return numbers.flatMap((port, i) => {
    const own = protocols.get(port) ?? [];
    if (!flags.protocol && own.length > 1) return own.map((protocol) => ({ name: `port-${i + 1}-${protocol.toLowerCase()}`, port, protocol, targetPort: targetPort(port) }));
    return [{ ...(numbers.length > 1 ? { name: `port-${i + 1}` } : {}), port, protocol: flags.protocol || own[0] || 'TCP', targetPort: targetPort(port) }];
  });
}

/** expose's parseLabels: `k=v` pairs, comma-separated, equality only (`--selector` and `--labels`). */
function parseLabelSpec(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const item of text.split(',')) {
    const parts = item.split('=');
    if (parts.length !== 2) throw new CliError(`unexpected label spec: ${item}`);
    if (parts[0] === '') throw new CliError('unexpected empty label key');
    setKey(labels, parts[0]!, parts[1]!);
  }
  return labels;
}

function nonEmpty<T extends object>(v: T | undefined): T | undefined {
  return v && Object.keys(v).length ? v : undefined;
}

export const verb: VerbSpec = {
  name: 'expose',
  summary: 'Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service',
  usage: '(-f FILENAME | TYPE NAME) [--port=port] [--protocol=TCP|UDP|SCTP] [--target-port=number-or-name] [--name=name] [--external-ip=external-ip-of-service] [--type=type]',
  flags: [
    { name: 'port', type: 'string', description: 'The port that the service should serve on.' },
    { name: 'target-port', type: 'string', description: 'Name or number for the port on the container that the service should direct traffic to.' },
    { name: 'protocol', type: 'string', description: 'The network protocol for the service to be created. Default is \'TCP\'.' },
    { name: 'name', type: 'string', description: 'The name for the newly created object.' },
    { name: 'type', type: 'string', description: "Type for this service: ClusterIP, NodePort, LoadBalancer, or ExternalName. Default is 'ClusterIP'." },
    { name: 'selector', type: 'string', description: 'A label selector to use for this service. Only equality-based selector requirements are supported.' },
    { name: 'labels', short: 'l', type: 'string', description: 'Labels to apply to the service created by this call.' },
    { name: 'external-ip', type: 'string', description: 'Additional external IP address (not managed by Kubernetes) to accept for the service.' },
    { name: 'cluster-ip', type: 'string', description: 'ClusterIP to be assigned to the service. Leave empty to auto-allocate, or set to \'None\' to create a headless service.' },
    { name: 'load-balancer-ip', type: 'string', description: 'IP to assign to the LoadBalancer. If empty, an ephemeral IP will be created and used (cloud-provider specific).' },
    { name: 'override-type', type: 'string', default: 'merge', description: 'The method used to override the generated object: json, merge, or strategic.' },
    { name: 'overrides', type: 'string', description: 'An inline JSON override for the generated object. If this is non-empty, it is used to override the generated object. Requires that the object supply a valid apiVersion field.' },
    { name: 'session-affinity', type: 'string', description: "If non-empty, set the session affinity for the service to this; legal values: 'None', 'ClientIP'" },
    ...GENERATOR_FLAGS_UNVALIDATED,
    ...filenameFlags('identifying the resource to expose a service'),
    { name: 'record', type: 'bool', hidden: true, description: 'Record current kubectl command in the resource annotation.' },
  ],
  async run(ctx, args, flags) {
    await checkPrintFlags(ctx.cwd, flags);
    const kept: Introspected = {};
    await generateForEach(ctx, flags, args, 'expose', (target, printed) => exposeOne(ctx, target, flags, printed, kept), true);
  },
};

async function exposeOne(ctx: Context, target: KubeObject, flags: FlagValues, printed: { count: number }, kept: Introspected): Promise<void> {
  checkExposable(target);
  const introspectedSelector = flags.selector ? undefined : (kept.selector ??= nonEmpty(selectorFor(target))) ?? {};
  let portText: string | undefined;
  if (flags.port !== undefined && flags.port !== '') portText = String(flags.port);
  else {
    kept.ports ??= nonEmpty([...new Set(portsOf(target).map((p) => p.port))]);
    if (!kept.ports) throw new CliError(`couldn't find port via --port flag or introspection`);
  }
  // What kubectl's createService does with them, in its order.
  const selector = introspectedSelector ?? parseLabelSpec(String(flags.selector));
  if (Object.keys(selector).length === 0) throw new CliError('selector must be specified');
  // --name, else the object's own (a nameless -f document has none).
  const name = (flags.name as string | undefined) || target.metadata.name;
  if (!name) throw new CliError('name must be specified');
  const labels = flags.labels ? parseLabelSpec(String(flags.labels)) : (kept.labels ??= nonEmpty(target.metadata.labels));
  // Several ports, comma-separated (each parsed as Go's Atoi).
  const numbers = portText === undefined ? kept.ports! : portText.split(',').map(atoi);
  const ports = servicePorts(numbers, flags, protocolsByPort(target));
  const spec: Record<string, unknown> = { ports, selector };
  if (flags.type) spec.type = flags.type;
  if (flags['external-ip']) spec.externalIPs = [flags['external-ip']];
  if (flags['cluster-ip']) spec.clusterIP = flags['cluster-ip'];
  if (flags['session-affinity']) {
    if (flags['session-affinity'] !== 'None' && flags['session-affinity'] !== 'ClientIP') throw new CliError(`unknown session affinity: ${flags['session-affinity']}`);
    spec.sessionAffinity = flags['session-affinity'];
  }
  // Only a LoadBalancer takes the address.
  if (flags['load-balancer-ip'] && flags.type === 'LoadBalancer') spec.loadBalancerIP = flags['load-balancer-ip'];
  let svc: KubeObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: newObjectMeta(name, labels && Object.keys(labels).length ? { ...labels } : undefined),
    spec,
    status: { loadBalancer: {} },
  };
  if (flags.overrides) {
    const { withOverrides } = await import('./overrides.js');
    const { typedRoundTrip } = await import('./typed-objects.js');
    svc = typedRoundTrip(await withOverrides(svc, flags.overrides, flags['override-type'] ?? 'merge', 'expose'));
  }
  if (flags.record === true) recordChangeCause(ctx, svc);
  await createGenerated(ctx, svc, flags, { verb: 'exposed', fieldManager: 'kubectl-expose', printed });
}
