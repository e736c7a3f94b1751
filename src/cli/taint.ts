/** `kubectl taint nodes NAME KEY[=VALUE]:EFFECT ... [KEY[:EFFECT]-]`: add, update or remove node taints. */
import { goTypeName, type ResourceType } from '../api/registry.js';
import type { ApiServer } from '../api/server.js';
import { labelValueErrors, matches, parseSelector, qualifiedNameErrors } from '../api/labels.js';
import { deepClone, type KubeObject } from '../api/types.js';
import { CliError, RawError } from '../errors.js';
import type { Taint } from '../sim/taints.js';
import { rfc3339 } from '../util/duration.js';
import { dryRunOf, VALIDATE_FLAG, validationOf } from './manifest-objects.js';
import type { Context, FlagValues, VerbSpec } from './framework.js';
import { outputOf, PRINT_FLAGS, printResults } from './manifest-objects.js';
import { printerError } from './print-flags.js';
import { failAggregate } from './aggregate-errors.js';
import { parseResourceArgs } from './resource-args.js';

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

function validateEffect(effect: string): void {
  if (!EFFECTS.includes(effect)) {
    throw new CliError(`invalid taint effect: ${effect}, unsupported taint effect`);
  }
}

/**
 * `key=value:Effect`, `key:Effect`, or a bare key (only a removal, `key-`, names one). As kubectl
 * parses a taint: the effect is checked before the key, every complaint about the key is given.
 */
export function parseTaint(spec: string): Taint {
  const parts = spec.split(':');
  if (parts.length > 2) throw new CliError(`invalid taint spec: ${spec}`);
  let key = parts[0]!;
  let value = '';
  const effect = parts[1] ?? '';
  if (parts.length === 2) {
    validateEffect(effect);
    const kv = key.split('=');
    if (kv.length > 2) throw new CliError(`invalid taint spec: ${spec}`);
    key = kv[0]!;
    value = kv[1] ?? '';
    const valueErrs = value ? labelValueErrors(value) : [];
    if (valueErrs.length) throw new CliError(`invalid taint spec: ${spec}, ${valueErrs.join('; ')}`);
  }
  const keyErrs = qualifiedNameErrors(key);
  if (keyErrs.length) throw new CliError(`invalid taint spec: ${spec}, ${keyErrs.join('; ')}`);
  return value ? { key, value, effect } : { key, effect };
}

/** A taint as Go's %v prints the struct (Key Value Effect TimeAdded). */
function goTaint(t: Taint): string {
  return `{${t.key} ${t.value ?? ''} ${t.effect} <nil>}`;
}

/**
 * Splits taint specs into additions and removals, with kubectl's duplicate checks. A spec that does
 * not parse is a usage error (`usage` wraps its message); a taint both added and removed is not.
 */
export function parseTaintSpecs(specs: string[], usage: (msg: string) => Error = (msg) => new CliError(msg)): { add: Taint[]; remove: Taint[] } {
  try {
    return checkedSpecs(specs);
  } catch (e) {
    if (e instanceof CliError && !(e instanceof BothError)) throw usage(e.message);
    throw e;
  }
}

class BothError extends CliError {}

function checkedSpecs(specs: string[]): { add: Taint[]; remove: Taint[] } {
  const add: Taint[] = [];
  const remove: Taint[] = [];
  for (const spec of specs) {
    if (spec.endsWith('-')) {
      const { key, effect } = parseTaint(spec.slice(0, -1));
      remove.push({ key, effect });
      continue;
    }
    const taint = parseTaint(spec);
    if (add.some((t) => t.key === taint.key && t.effect === taint.effect)) {
      throw new CliError(`duplicated taints with the same key and effect: ${goTaint(taint)}`);
    }
    add.push(taint);
  }
  // kubectl names each clash as the removal's key=effect, in the order of the additions.
  const clashes = add.flatMap((a) => remove.filter((r) => a.key === r.key && (!r.effect || a.effect === r.effect)).map((r) => `${r.key}=${r.effect ?? ''}`));
  if (clashes.length) {
    throw new BothError(`can not both modify and remove the following taint(s) in the same command: ${clashes.join(', ')}`);
  }
  return { add, remove };
}

function taintLabel(t: Taint): string {
  return t.effect ? (t.value ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`) : t.key;
}

/** kubectl's ReorganizeTaints: new taints first, then the old ones not replaced, minus removals; and the verb to print. */
export function reorganizeTaints(node: KubeObject, overwrite: boolean, add: Taint[], remove: Taint[], now: string): { operation: string; taints: Taint[] } {
  const old = (node.spec?.taints ?? []) as Taint[];
  if (!overwrite) {
    const existing = add.filter((a) => old.some((o) => o.key === a.key && o.effect === a.effect)).map((t) => t.key);
    if (existing.length) {
      throw new CliError(`node ${node.metadata.name} already has ${existing.join(',')} taint(s) with same effect(s) and --overwrite is false`);
    }
  }
  let taints: Taint[] = add.map((t) => (t.effect === 'NoExecute' ? { ...t, timeAdded: now } : t));
  for (const o of old) if (!taints.some((t) => t.key === o.key && t.effect === o.effect)) taints.push(o);
  const added = taints.length !== old.length;
  const missing: string[] = [];
  let deleted = false;
  for (const r of remove) {
    const before = taints.length;
    taints = taints.filter((t) => !(t.key === r.key && (!r.effect || t.effect === r.effect)));
    if (taints.length === before) missing.push(`taint "${taintLabel(r)}" not found`);
    else deleted = true;
  }
  if (missing.length) throw new CliError(missing.length === 1 ? missing[0]! : `[${missing.join(', ')}]`);
  const operation = (added && deleted) || overwrite ? 'modified' : added ? 'tainted' : 'untainted';
  return { operation, taints };
}

function splitArgs(args: string[]): { resources: string[]; specs: string[] } {
  const resources: string[] = [];
  const specs: string[] = [];
  for (const a of args) {
    const isTaint = a.includes('=') || a.includes(':') || a.endsWith('-');
    if (isTaint) specs.push(a);
    else if (specs.length) throw new CliError(`all resources must be specified before taint changes: ${a}`);
    else resources.push(a);
  }
  return { resources, specs };
}

/**
 * kubectl's check of taint's first argument: always a type (in lower case, what follows a dot
 * ignored, as explain reads it), which must map to nodes.
 */
function checkNodeType(api: ApiServer, first: string): void {
  const typed = first.toLowerCase();
  const resource = typed.split('.')[0]!;
  const type = api.registry.lookup(resource);
  // The mapper's NoMatch, which kubectl prints without `error: `.
  if (!type) throw new RawError(`the server doesn't have a resource type "${resource}"`);
  if (type.kind !== 'Node' || type.group !== '') throw new CliError(`invalid resource type ${typed}, only node types are supported`);
}

/** A node to taint, or the error kubectl's visit meets in its place. */
type NodeVisit = { node: KubeObject } | { error: unknown };

function targetNodes(api: ApiServer, namespace: string, resources: string[], flags: FlagValues): NodeVisit[] {
  const type = api.registry.forKind('v1', 'Node')!;
  if (flags.all) return api.list(type).map((node) => ({ node }));
  if (flags.selector !== undefined) {
    const sel = parseSelector(flags.selector);
    return api.list(type).filter((n) => matches(sel, n.metadata.labels)).map((node) => ({ node }));
  }
  // kubectl's builder takes each name as a node's, or as TYPE/NAME of any type, in order; a type it
  // cannot map ends the command before any is visited.
  const { named } = parseResourceArgs(resources.slice(1).map((n) => (n.includes('/') ? n : `node/${n}`)), api.registry);
  return named.map(({ type: t, name }): NodeVisit => {
    try {
      const obj = api.get(t, t.namespaced ? namespace : undefined, name);
      return t === type ? { node: obj } : { error: new CliError(`unexpected type ${goTypeName(t)}, expected Node`) };
    } catch (error) {
      return { error };
    }
  });
}

export const verb: VerbSpec = {
  name: 'taint',
  summary: 'Update the taints on one or more nodes',
  usage: 'NODE NAME KEY_1=VAL_1:TAINT_EFFECT_1 ... KEY_N=VAL_N:TAINT_EFFECT_N',
  examples: "  # Update node 'foo' with a taint with key 'dedicated' and value 'special-user' and effect 'NoSchedule'\n  kubectl taint nodes foo dedicated=special-user:NoSchedule",
  flags: [
    { name: 'all', type: 'bool', description: 'Select all nodes in the cluster' },
    { name: 'overwrite', type: 'bool', description: 'If true, allow taints to be overwritten, otherwise reject taint updates that overwrite existing taints.' },
    { name: 'selector', short: 'l', type: 'string', description: 'Selector (label query) to filter on, supports \'=\', \'==\', and \'!=\'.(e.g. -l key1=value1,key2=value2).' },
    { name: 'dry-run', type: 'string', description: 'Must be "none", "server", or "client".', default: 'none' },
    { name: 'field-manager', type: 'string', arg: 'string', default: 'kubectl-taint', description: 'Name of the manager used to track field ownership.' },
    { name: 'output', short: 'o', type: 'string', arg: 'string', description: 'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).' },
    ...PRINT_FLAGS,
    VALIDATE_FLAG,
  ],
  async run(ctx, args, flags) {
    // kubectl's Complete reads the dry run and the validation directive before it looks at the arguments.
    const dryRun = dryRunOf(flags);
    validationOf(flags);
    const { resources, specs } = splitArgs(args);
    const usage = (msg: string) => new RawError(`error: ${msg}\nSee '${ctx.programName} taint -h' for help and examples`);
    // kubectl counts the arguments (plain errors), then parses the specs (usage errors), then checks the flags.
    if (resources.length < 1) throw new CliError('one or more resources must be specified as <resource> <name>');
    if (specs.length < 1) throw new CliError('at least one taint update is required');
    const { add, remove } = parseTaintSpecs(specs, usage);
    const session = ctx.session();
    session.read((api) => checkNodeType(api, resources[0]!));
    // Validate's own errors: no usage hint.
    if (flags.all && flags.selector) throw new CliError("setting 'all' parameter with a non empty selector is prohibited");
    if (!flags.all && flags.selector === undefined && resources.length < 2) {
      throw new CliError("at least one resource name must be specified since 'all' parameter is not set");
    }
    const output = outputOf(flags);
    const printed: Array<{ object: KubeObject; type: ResourceType }> = [];
    // kubectl builds each node's printer once its taints are worked out, before the PATCH.
    const printerFailure = output ? await printerError(ctx.cwd, flags) : undefined;
    // Each node's failure, in order: kubectl reports their aggregate at the end.
    const errors: unknown[] = [];
    session.write((api) => {
      const nodeType = api.registry.forKind('v1', 'Node')!;
      for (const visit of targetNodes(api, session.namespace, resources, flags)) {
        if ('error' in visit) {
          errors.push(visit.error);
          continue;
        }
        const node = visit.node;
        try {
          const { operation, taints } = reorganizeTaints(node, flags.overwrite === true, add, remove, rfc3339(api.clock.now()));
          if (printerFailure) throw printerFailure;
          const updated = deepClone(node);
          updated.spec ??= {};
          if (taints.length) updated.spec.taints = taints;
          else delete updated.spec.taints;
          const result = dryRun === 'none' ? api.update(updated, { trusted: true, fieldManager: (flags['field-manager'] as string | undefined) || 'kubectl-taint' }) : updated;
          // -o prints the node as the server returned it (the modified one under --dry-run).
          if (output) printed.push({ object: result, type: nodeType });
          // kubectl's taint names no dry run in its line (it never asks its printer to).
          else ctx.io.out.write(`node/${node.metadata.name} ${operation}\n`);
        } catch (e) {
          errors.push(e);
        }
      }
    });
    // A printer of its own for each node: YAML documents without `---` between them.
    if (output) await printResults(ctx, output, printed, 'separate', flags);
    failAggregate(ctx, errors);
  },
};
