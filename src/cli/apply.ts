/**
 * `apply -f`: client-side apply as kubectl does it. A new object is created with the
 * last-applied-configuration annotation; an existing one gets the three-way strategic
 * patch (last applied / manifest / live), so fields dropped from the manifest are removed.
 * Also `--prune` and `apply view-last-applied`.
 */
import { servedAt } from '../api/hpa-versions.js';
import { matches, parseSelector, SelectorParseError } from '../api/labels.js';
import { applyStrategicPatch, atomicLists, goJson, isMap, strategyForKind, threeWayPatch, type JsonMap } from '../api/merge/index.js';
import { apiVersionOf, kindPrefix, qualifiedName, type ResourceType } from '../api/registry.js';
import { isApplyConflict } from '../api/managed-fields/index.js';
import { migrateClientSideApply, serverSideApply } from '../api/managed-fields/server-side-apply.js';
import type { ApiServer } from '../api/server.js';
import { deepClone, type KubeObject } from '../api/types.js';
import { ApiError, CliError, RawError } from '../errors.js';
import type { FieldValidation } from '../api/crd/resources.js';
import type { Context, FlagValues, VerbSpec } from './framework.js';
import { klogPrefix } from './index.js';
import {
  checkRequestSize,
  DRY_RUN_FLAG,
  dryRunOf,
  dryRunSuffix,
  errorWhen,
  filenameFlags,
  OUTPUT_FLAG,
  printResults,
  readDocuments,
  VALIDATE_FLAG,
  fieldValidationOf,
  printWarnings,
  resolveDocs,
  type DryRun,
  type ResolvedDoc,
} from './manifest-objects.js';
import type { Session } from './session.js';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** Kinds `--prune` considers when no --prune-allowlist is given (kubectl's default list). */
const PRUNE_DEFAULTS: Array<[apiVersion: string, kind: string]> = [
  ['v1', 'ConfigMap'], ['v1', 'Endpoints'], ['v1', 'Namespace'], ['v1', 'PersistentVolumeClaim'], ['v1', 'PersistentVolume'],
  ['v1', 'Pod'], ['v1', 'ReplicationController'], ['v1', 'Secret'], ['v1', 'Service'], ['batch/v1', 'Job'],
  ['batch/v1', 'CronJob'], ['networking.k8s.io/v1', 'Ingress'], ['apps/v1', 'DaemonSet'], ['apps/v1', 'Deployment'],
  ['apps/v1', 'ReplicaSet'], ['apps/v1', 'StatefulSet'],
];

/** The annotation's value: the manifest as compact sorted JSON, `annotations: {}` present, namespace filled. */
export function lastAppliedText(object: KubeObject): string {
  const copy = deepClone(object);
  const annotations = { ...(copy.metadata.annotations ?? {}) };
  delete annotations[LAST_APPLIED];
  copy.metadata.annotations = annotations;
  return goJson(copy) + '\n';
}

/** The manifest as kubectl sends it: with the new last-applied annotation. */
export function withLastApplied(object: KubeObject): KubeObject {
  const modified = deepClone(object);
  modified.metadata.annotations = { ...(modified.metadata.annotations ?? {}), [LAST_APPLIED]: lastAppliedText(object) };
  return modified;
}

export function parseLastApplied(live: KubeObject): JsonMap | undefined {
  const text = live.metadata.annotations?.[LAST_APPLIED];
  if (!text) return undefined;
  try {
    const v = JSON.parse(text) as unknown;
    return isMap(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

interface ApplySettings {
  dryRun: DryRun;
  serverSide: boolean;
  fieldValidation?: FieldValidation;
  warnings?: string[];
  /** `kubectl` for --server-side, `kubectl-client-side-apply` otherwise, unless --field-manager says. */
  fieldManager: string;
  force: boolean;
  subresource?: 'status';
}

/** kubectl's words after a refused server-side apply. */
export const CONFLICT_HINT = `Please review the fields above--they currently have other managers. Here
are the ways you can resolve this warning:
* If you intend to manage all of these fields, please re-run the apply
  command with the \`--force-conflicts\` flag.
* If you do not intend to manage all of the fields, please edit your
  manifest to remove references to the fields that should keep their
  current managers.
* You may co-own fields by updating your manifest to match the existing
  value; in this case, you'll become the manager if the other manager(s)
  stop managing the field (remove it from their configuration).
See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts`;

/** `apply --server-side` of one document: the apply patch, then kubectl v1.32's client-side to server-side migration. */
function applyServerSideOne(api: ApiServer, r: ResolvedDoc, s: ApplySettings): Applied {
  const config = deepClone(r.object);
  if (r.type.namespaced) config.metadata.namespace = r.namespace;
  const opts = { fieldManager: s.fieldManager, force: s.force, subresource: s.subresource, dryRun: s.dryRun === 'server', fieldValidation: s.fieldValidation, warnings: s.warnings };
  try {
    checkRequestSize(config);
    let { object } = serverSideApply(api, deepClone(config), opts);
    if (!opts.dryRun && !opts.subresource && migrateClientSideApply(api, object, s.fieldManager)) {
      object = serverSideApply(api, deepClone(config), opts).object;
    }
    return { object, type: r.type, outcome: 'serverside-applied' };
  } catch (err) {
    if (isApplyConflict(err)) throw new CliError(`${err.message}\n${CONFLICT_HINT}`);
    throw err;
  }
}

type Outcome = 'created' | 'configured' | 'unchanged' | 'serverside-applied';

interface Applied {
  object: KubeObject;
  type: ResourceType;
  outcome: Outcome;
}

/** Applies one document; returns what happened, or throws the error kubectl would print. */
function applyOne(ctx: Context, api: ApiServer, r: ResolvedDoc, s: ApplySettings): Applied {
  const { type, object, doc } = r;
  if (!r.name) {
    const generateName = object.metadata.generateName;
    if (generateName) throw new CliError(`from ${generateName}: cannot use generate name with apply`);
    throw new CliError(
      `error when retrieving current configuration of:\nResource: "${resourceString(type)}", GroupVersionKind: "${gvkString(type)}"\n` +
        `Name: "", Namespace: "${r.namespace ?? ''}"\nfrom server for: "${doc.source}": resource name may not be empty`,
    );
  }
  if (s.serverSide) return applyServerSideOne(api, r, s);
  const writeOpts = { dryRun: s.dryRun === 'server', fieldManager: s.fieldManager, fieldValidation: s.fieldValidation, warnings: s.warnings };
  const modified = withLastApplied(object);
  const stored = api.tryGet(type, r.namespace, r.name);
  // The live object as the server serves it at the manifest's version (a v1 HPA is stored as v2).
  const live = stored && servedAt(stored, object.apiVersion);
  if (!live) {
    if (s.dryRun === 'client') return { object: modified, type, outcome: 'created' };
    try {
      checkRequestSize(modified);
      return { object: api.create(modified, writeOpts), type, outcome: s.serverSide ? 'serverside-applied' : 'created' };
    } catch (err) {
      throw errorWhen(err, 'creating', doc.source);
    }
  }
  const strategy = type.custom ? atomicLists : strategyForKind(type.kind);
  if (!s.serverSide && !live.metadata.annotations?.[LAST_APPLIED]) {
    ctx.io.err.write(
      `Warning: resource ${qualifiedName(type)}/${r.name} is missing the ${LAST_APPLIED} annotation which is required by kubectl apply. ` +
        'kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. ' +
        'The missing annotation will be patched automatically.\n',
    );
  }
  const original = s.serverSide ? undefined : parseLastApplied(live);
  const patch = threeWayPatch(original, modified as unknown as JsonMap, live as unknown as JsonMap, strategy);
  const outcome: Outcome = s.serverSide ? 'serverside-applied' : 'configured';
  if (s.dryRun === 'client') {
    return { object: applyStrategicPatch(live as unknown as JsonMap, patch, strategy) as unknown as KubeObject, type, outcome };
  }
  if (Object.keys(patch).length === 0) return { object: live, type, outcome: s.serverSide ? outcome : 'unchanged' };
  // The live resourceVersion is kept unless the manifest names one: then a stale one is a Conflict.
  const patched = applyStrategicPatch(live as unknown as JsonMap, patch, strategy) as unknown as KubeObject;
  try {
    checkRequestSize(patched);
    return { object: api.update(patched, writeOpts), type, outcome };
  } catch (err) {
    throw patchError(err, patch, r);
  }
}

function resourceString(t: ResourceType): string {
  return `${t.group}/${t.version}, Resource=${t.plural}`;
}

function gvkString(t: ResourceType): string {
  return `${t.group}/${t.version}, Kind=${t.kind}`;
}

/** kubectl's multi-line error for a refused apply patch (Invalid errors print from their details). */
function patchError(err: unknown, patch: JsonMap, r: ResolvedDoc): unknown {
  if (!(err instanceof ApiError) || err.reason === 'Invalid') return err;
  const src = r.doc.source;
  return err.withMessage(
    `error when applying patch:\n${goJson(patch)}\nto:\nResource: "${resourceString(r.type)}", GroupVersionKind: "${gvkString(r.type)}"\n` +
      `Name: "${r.name}", Namespace: "${r.namespace ?? ''}"\nfor: "${src}": error when patching "${src}": ${err.message}`,
  );
}

export interface PruneSettings {
  selector: ReturnType<typeof parseSelector> | undefined;
  allowlist: ResourceType[];
  /** No --prune-allowlist: kubectl warns that non-namespaced kinds will stop being pruned. */
  defaultAllowlist: boolean;
  dryRun: DryRun;
}

/** Objects of the prunable kinds, in the namespaces applied to, made by apply and absent from the manifests. */
export function pruneCandidates(api: ApiServer, applied: ResolvedDoc[], p: PruneSettings): Array<{ type: ResourceType; obj: KubeObject }> {
  const namespaces = [...new Set(applied.map((r) => r.namespace).filter((n): n is string => n !== undefined))];
  const keep = new Set(applied.map((r) => `${apiVersionOf(r.type)}|${r.type.kind}|${r.namespace ?? ''}|${r.name}`));
  const out: Array<{ type: ResourceType; obj: KubeObject }> = [];
  for (const type of p.allowlist) {
    const objects = type.namespaced ? namespaces.flatMap((ns) => api.list(type, ns)) : api.list(type);
    for (const obj of objects) {
      if (!obj.metadata.annotations?.[LAST_APPLIED]) continue;
      if (p.selector && !matches(p.selector, obj.metadata.labels)) continue;
      if (obj.metadata.deletionTimestamp) continue;
      if (keep.has(`${apiVersionOf(type)}|${type.kind}|${obj.metadata.namespace ?? ''}|${obj.metadata.name}`)) continue;
      out.push({ type, obj });
    }
  }
  return out;
}

export function pruneSettings(api: ApiServer, flags: FlagValues, dryRun: DryRun): PruneSettings {
  let selector: PruneSettings['selector'];
  if (flags.selector !== undefined) {
    try {
      selector = parseSelector(flags.selector as string);
    } catch (e) {
      if (e instanceof SelectorParseError) throw new CliError(e.message);
      throw e;
    }
  } else if (flags.all !== true) {
    throw new CliError(
      'all resources selected for prune without explicitly passing --all. To prune all resources, pass the --all flag. If you did not mean to prune all resources, specify a label selector',
    );
  }
  const names = (flags['prune-allowlist'] as string[] | undefined) ?? [];
  const allowlist = names.length
    ? names.map((gvk) => {
        const [group, version, kind] = gvk.split('/');
        const t = api.typeFor({ apiVersion: group && group !== 'core' ? `${group}/${version}` : String(version), kind: String(kind) });
        if (!t) throw new CliError(`invalid GroupVersionKind format: ${gvk}, please follow <group/version/kind>`);
        return t;
      })
    : PRUNE_DEFAULTS.map(([apiVersion, kind]) => api.typeFor({ apiVersion, kind })!).filter(Boolean);
  return { selector, allowlist, dryRun, defaultAllowlist: names.length === 0 };
}

/** kubectl's klog warning (prune.go) when pruning with the default allowlist in a namespace. */
export function warnDefaultPruneAllowlist(ctx: Context, settings: PruneSettings): void {
  if (!settings.defaultAllowlist) return;
  ctx.io.err.write(
    `${klogPrefix(ctx, 'W')} prune.go:71] Deprecated: kubectl apply will no longer prune non-namespaced resources by default when used with the --namespace flag in a future release. To preserve the current behaviour, list the resources you want to target explicitly in the --prune-allowlist flag.\n`,
  );
}

async function runApply(ctx: Context, args: string[], flags: FlagValues): Promise<void> {
  // `apply view-last-applied` is parsed with apply's own flags (-o, -f, -R): as a commander
  // subcommand its -o would be taken by apply's.
  if (args[0] === 'view-last-applied') return runViewLastApplied(ctx, args.slice(1), flags);
  if (args.length > 0) throw new RawError(`error: Unexpected args: [${args.join(' ')}]\nSee '${ctx.programName} apply -h' for help and examples`);
  const dryRun = dryRunOf(flags);
  const output = (flags.output as string | undefined) ?? '';
  const serverSide = flags['server-side'] === true;
  const subresource = (flags.subresource as string | undefined) || undefined;
  if (flags['force-conflicts'] === true && !serverSide) throw new CliError('--force-conflicts only works with --server-side');
  if (subresource !== undefined && !serverSide) throw new CliError('--subresource can only be specified for --server-side');
  if (subresource !== undefined && subresource !== 'status' && subresource !== 'scale') {
    throw new CliError(`invalid subresource value: "${subresource}". Must be one of [status scale]`);
  }
  const settings: ApplySettings = {
    dryRun,
    serverSide,
    fieldManager: (flags['field-manager'] as string | undefined) || (serverSide ? 'kubectl' : 'kubectl-client-side-apply'),
    force: flags['force-conflicts'] === true,
    subresource: subresource as 'status' | undefined,
    fieldValidation: fieldValidationOf(flags),
    warnings: [],
  };
  if (settings.serverSide && dryRun === 'client') throw new CliError("--dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)");
  if (flags.prune === true && settings.serverSide) throw new CliError('--prune is in alpha and doesn\'t currently work on objects created by server-side apply');
  const docs = await readDocuments(ctx, flags, 'apply', { selects: true });
  const session: Session = ctx.session();
  const printed: Applied[] = [];
  const suffix = dryRunSuffix(dryRun);
  const lines: string[] = [];
  session.write((api) => {
    const prune = flags.prune === true ? pruneSettings(api, flags, dryRun) : undefined;
    if (prune) warnDefaultPruneAllowlist(ctx, prune);
    const resolved = resolveDocs(ctx, api, session, docs);
    const applied: ResolvedDoc[] = [];
    for (const r of resolved) {
      try {
        const result = applyOne(ctx, api, r, settings);
        printWarnings(ctx, settings.warnings!);
        applied.push(r);
        printed.push(result);
        if (!output) ctx.io.out.write(`${r.ref} ${result.outcome}${suffix}\n`);
      } catch (err) {
        printWarnings(ctx, settings.warnings!);
        ctx.fail(err);
      }
    }
    if (!prune) return;
    for (const { type, obj } of pruneCandidates(api, resolved, prune)) {
      try {
        if (dryRun !== 'client') api.delete(type, obj.metadata.namespace, obj.metadata.name!, { dryRun: dryRun === 'server', propagationPolicy: 'Background' });
        lines.push(`${kindPrefix(type)}/${obj.metadata.name} pruned${suffix}\n`);
      } catch (err) {
        ctx.fail(err);
      }
    }
  });
  for (const l of lines) ctx.io.out.write(l);
  if (output) await printResults(ctx, output, printed.map(({ object, type }) => ({ object, type })), 'apply-list');
}

async function runViewLastApplied(ctx: Context, args: string[], flags: FlagValues): Promise<void> {
  const output = (flags.output as string | undefined) ?? 'yaml';
  if (output !== 'yaml' && output !== 'json') throw new CliError(`Unexpected -o output mode: ${output}, the flag 'output' must be one of yaml|json`);
  const session = ctx.session();
  const refs = await viewTargets(ctx, session, args, flags);
  const texts = session.read((api) =>
    refs.map(({ type, name }) => {
      const obj = api.get(type, type.namespaced ? session.namespace : undefined, name);
      const text = obj.metadata.annotations?.[LAST_APPLIED];
      if (!text) throw new CliError(`no last-applied-configuration annotation found on resource: ${name}`);
      return text;
    }),
  );
  for (const text of texts) {
    if (output === 'json') {
      ctx.io.out.write(indentJson(text.trimEnd()) + '\n');
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new CliError(`error converting JSON to YAML: ${(e as Error).message}`);
    }
    const { toYaml } = await import('../printers/yaml.js');
    ctx.io.out.write(toYaml(value));
  }
}

/** Go's json.Indent with two spaces: the text re-indented as it is (key order and escapes kept). */
export function indentJson(text: string): string {
  let out = '';
  let depth = 0;
  const newline = () => '\n' + '  '.repeat(depth);
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
    } else if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      let j = i + 1;
      while (' \t\r\n'.includes(text[j] ?? '')) j++;
      if (text[j] === close) {
        out += c + close;
        i = j;
      } else {
        depth++;
        out += c + newline();
      }
    } else if (c === '}' || c === ']') {
      depth--;
      out += newline() + c;
    } else if (c === ',') {
      out += ',' + newline();
    } else if (c === ':') {
      out += ': ';
    } else if (!' \t\r\n'.includes(c)) {
      out += c;
    }
  }
  return out;
}

async function viewTargets(ctx: Context, session: Session, args: string[], flags: FlagValues): Promise<Array<{ type: ResourceType; name: string }>> {
  if ((flags.filename as string[] | undefined)?.length) {
    const docs = await readDocuments(ctx, flags, 'view-last-applied');
    return session.read((api) => resolveDocs(ctx, api, session, docs).map((r) => ({ type: r.type, name: r.name })));
  }
  const registry = session.read((api) => api.registry);
  if (args.length === 1 && args[0]!.includes('/')) {
    const [t, name] = args[0]!.split('/', 2) as [string, string];
    return [{ type: registry.resolve(t), name }];
  }
  if (args.length < 2) throw new CliError('You must provide one or more resources by argument or filename.');
  const type = registry.resolve(args[0]!);
  return args.slice(1).map((name) => ({ type, name }));
}

export const verb: VerbSpec = {
  name: 'apply',
  summary: 'Apply a configuration to a resource by file name or stdin',
  usage: '(-f FILENAME | -k DIRECTORY) [flags]\n  kubectl-lite apply view-last-applied (TYPE [NAME | -l label] | TYPE/NAME | -f FILENAME) [-o yaml|json]',
  examples: '  # Apply the configuration in pod.json to a pod\n  kubectl-lite apply -f ./pod.json\n\n  # Apply resources from a directory\n  kubectl-lite apply -f ./dir -R',
  flags: [
    ...filenameFlags('that contains the configuration to apply'),
    DRY_RUN_FLAG,
    OUTPUT_FLAG,
    { name: 'prune', type: 'bool', description: 'Automatically delete resource objects, that do not appear in the configs and are created by either apply or create --save-config. Should be used with either -l or --all.' },
    { name: 'prune-allowlist', type: 'strings', arg: 'stringArray', description: 'Overwrite the default allowlist with <group/version/kind> for --prune' },
    { name: 'selector', short: 'l', type: 'string', arg: 'string', description: 'Selector (label query) to filter on, supports \'=\', \'==\', \'!=\', \'in\', \'notin\'.' },
    { name: 'all', type: 'bool', description: 'Select all resources in the namespace of the specified resource types.' },
    { name: 'server-side', type: 'bool', description: 'If true, apply runs in the server instead of the client.' },
    { name: 'force-conflicts', type: 'bool', description: 'If true, server-side apply will force the changes against conflicts.' },
    { name: 'field-manager', type: 'string', arg: 'string', description: 'Name of the manager used to track field ownership.' },
    { name: 'subresource', type: 'string', arg: 'string', description: 'If specified, apply will operate on the subresource of the requested object.  Only allowed when using --server-side. This flag is beta and may change in the future.' },
    VALIDATE_FLAG,
    { name: 'overwrite', type: 'bool', default: true, description: 'Automatically resolve conflicts between the modified and live configuration by using values from the modified configuration' },
    { name: 'force', type: 'bool', description: 'If true, immediately remove resources from API and bypass graceful deletion.' },
    { name: 'wait', type: 'bool', description: 'If true, wait for resources to be gone before returning. This waits for finalizers.' },
    { name: 'record', type: 'bool', hidden: true, description: 'Record current kubectl command in the resource annotation (deprecated).' },
  ],
  run: runApply,
};
