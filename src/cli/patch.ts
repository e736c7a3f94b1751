/**
 * `patch`: a strategic merge, JSON merge (RFC 7386) or JSON (RFC 6902) patch applied to
 * objects named by arguments or -f, on the server (through api.update, as the API server's
 * PATCH does) or on the file's content with --local / on the live object with --dry-run=client.
 */
import { parseJson } from '../api/json-numbers.js';
import { goJsonSyntaxError } from '../api/go-json-scan.js';
import { goQuote } from '../printers/go-values.js';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { goYamlMessage, GoYamlValueError, loadGoYaml } from '../api/yaml-documents.js';
import {
  applyJsonPatch,
  applyMergePatch,
  applyStrategicPatch,
  deepEqual,
  goJson,
  isMap,
  JsonPatchError,
  strategyForKind,
  type Json,
  type JsonMap,
} from '../api/merge/index.js';
import { kindPrefix, type ResourceType } from '../api/registry.js';
import type { ApiServer } from '../api/server.js';
import { deepClone, type KubeObject } from '../api/types.js';
import { patchScale, requireSubresource, scaleFor } from '../api/subresources.js';
import { ApiError, CliError, notFound } from '../errors.js';
import type { Context, FlagValues, VerbSpec } from './framework.js';
import { DRY_RUN_FLAG, dryRunOf, filenameFlags, hasManifestInput, OUTPUT_FLAG, printResults, readDocuments, resolveDoc, type DryRun } from './manifest-objects.js';
import { fetchSelection, parseResourceArgs, pathsWithArgumentsError, PROVIDE_RESOURCES } from './resource-args.js';
import { BuilderErrorList, failAggregate, isMappingError } from './aggregate-errors.js';
import { NO_NAME } from './file-targets.js';
import { outputOf, printerError } from './print-flags.js';

export type PatchType = 'strategic' | 'merge' | 'json';
const PATCH_TYPES: PatchType[] = ['json', 'merge', 'strategic'];

/**
 * The patch text as kubectl sends it: JSON (text starting with `{`) is passed on untouched,
 * anything else is read as YAML and converted to JSON.
 */
export function patchBody(text: string): string {
  if (/^\s*\{/.test(text)) return text;
  let value: unknown;
  try {
    value = loadGoYaml(text);
  } catch (e) {
    throw new CliError(`unable to parse ${goQuote(text)}: ${e instanceof GoYamlValueError ? e.reason : `yaml: ${goYamlMessage(e, text)}`}`);
  }
  return JSON.stringify(value ?? null);
}

function goTypeName(v: Json): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  return 'object';
}

const UNSUPPORTED_MEDIA =
  'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml';

/**
 * The API server's PATCH handler: decodes the body for the patch type and applies it to
 * `live`. Errors are the server's (BadRequest for undecodable bodies, 422 for failed JSON patches).
 */
export function serverPatch(live: KubeObject, type: ResourceType, patchType: PatchType, body: string): KubeObject {
  if (patchType === 'strategic' && type.custom) throw new ApiError('UnsupportedMediaType', 415, UNSUPPORTED_MEDIA);
  const syntax = goJsonSyntaxError(body);
  if (syntax) throw new ApiError('BadRequest', 400, patchType === 'merge' ? 'Invalid JSON Patch' : syntax);
  const patch = parseJson(body) as Json;
  const doc = live as unknown as JsonMap;
  let result: Json;
  if (patchType === 'json') {
    if (!Array.isArray(patch)) throw new ApiError('BadRequest', 400, `json: cannot unmarshal ${goTypeName(patch)} into Go value of type jsonpatch.Patch`);
    try {
      result = applyJsonPatch(doc, patch);
    } catch (e) {
      if (e instanceof JsonPatchError) throw new ApiError('Invalid', 422, 'the server rejected our request due to an error in our request');
      throw e;
    }
  } else if (patchType === 'merge') {
    if (patch === null) throw new ApiError('BadRequest', 400, 'Invalid JSON Patch');
    result = applyMergePatch(doc, patch);
  } else {
    if (patch !== null && !isMap(patch)) {
      throw new ApiError('BadRequest', 400, `json: cannot unmarshal ${goTypeName(patch)} into Go value of type map[string]interface {}`);
    }
    result = patch === null ? doc : applyStrategicPatch(doc, patch, strategyForKind(type.kind));
  }
  return checkPatched(result, live);
}

/** The patched document must still be an object of the same kind and name. */
function checkPatched(result: Json, live: KubeObject): KubeObject {
  if (!isMap(result)) throw new ApiError('BadRequest', 400, `json: cannot unmarshal ${goTypeName(result)} into Go value of type map[string]interface {}`);
  const obj = result as unknown as KubeObject;
  const name = isMap(obj.metadata) ? obj.metadata.name : undefined;
  if (name !== live.metadata.name) {
    throw new ApiError('BadRequest', 400, `the name of the object (${name ?? ''}) does not match the name on the URL (${live.metadata.name})`);
  }
  return obj;
}

/** kubectl's own (client-side) patching for --local and --dry-run=client: its errors are plain `error: ...`. */
export function localPatch(obj: KubeObject, type: ResourceType | undefined, patchType: PatchType, body: string): KubeObject {
  // kubectl looks the object's own apiVersion and kind up in its scheme (none: not a built-in type).
  if (patchType === 'strategic' && (!type || type.custom || !obj.apiVersion)) {
    const gv = obj.apiVersion ?? '';
    const gvk = gv.includes('/') ? `${gv}, Kind=${obj.kind}` : `/${gv}, Kind=${obj.kind}`;
    throw new CliError(`strategic merge patch is not supported for ${gvk} locally, try --type merge`);
  }
  const doc = obj as unknown as JsonMap;
  let patch: Json;
  try {
    patch = parseJson(body) as Json;
  } catch {
    throw new CliError(patchType === 'merge' ? 'Invalid JSON Patch' : patchType === 'json' ? goJsonSyntaxError(body)! : 'invalid JSON document');
  }
  try {
    if (patchType === 'json') {
      if (!Array.isArray(patch)) throw new CliError(`json: cannot unmarshal ${goTypeName(patch)} into Go value of type jsonpatch.Patch`);
      return withKind(applyJsonPatch(doc, patch, 'v4'));
    }
    if (patchType === 'merge') {
      if (!isMap(patch)) throw new CliError(`json: cannot unmarshal ${goTypeName(patch)} into Go value of type unstructured.detector`);
      return applyMergePatch(doc, patch) as unknown as KubeObject;
    }
    if (patch === null) return deepClone(obj);
    if (!isMap(patch)) throw new CliError('invalid JSON document');
    return applyStrategicPatch(doc, patch, strategyForKind(obj.kind ?? '')) as unknown as KubeObject;
  } catch (e) {
    if (e instanceof JsonPatchError) throw new CliError(missingField(e.message));
    throw e;
  }
}

/** kubectl's own rewording of json-patch's `doc is missing key: K` (an array index past the end). */
function missingField(message: string): string {
  const at = message.indexOf('doc is missing key');
  return at < 0 ? message : `Object to be patched is missing field (${message.slice(message.indexOf('key:', at) + 5)})`;
}

/** kubectl decodes the patched document: one left without a kind is refused as its decoder words it. */
function withKind(patched: Json): KubeObject {
  if (!isMap(patched) || typeof patched.kind !== 'string' || patched.kind === '') throw new CliError(`Object 'Kind' is missing in '${goJson(patched)}'`);
  return patched as unknown as KubeObject;
}

interface Target {
  type: ResourceType;
  object: KubeObject;
}

interface PatchSettings {
  patchType: PatchType;
  body: string;
  dryRun: DryRun;
  subresource: string | undefined;
  fieldManager: string;
}

/** Patches one live object on the server; returns the object the server answers with. */
function patchOnServer(api: ApiServer, t: Target, s: PatchSettings): KubeObject {
  const live = t.object;
  const dryRun = s.dryRun === 'server';
  if (s.subresource === 'scale') {
    return patchScale(api, t.type, live, (scale) => serverPatch(scale, { ...t.type, kind: 'Scale', custom: false }, s.patchType, s.body), { dryRun, fieldManager: s.fieldManager });
  }
  if (s.subresource) requireSubresource(api, t.type, s.subresource);
  const patched = unsupportedAs(t, s.patchType, () => serverPatch(live, t.type, s.patchType, s.body));
  // kubectl patch sends no fieldValidation: the API server's default, Warn, drops unknown fields and says so.
  if (s.subresource === 'status') return api.update(patched, { dryRun, subresource: 'status', fieldManager: s.fieldManager, fieldValidation: 'Warn' });
  // The PATCH keeps the live resourceVersion unless the patch set one (then a stale one conflicts).
  return api.update(patched, { dryRun, fieldManager: s.fieldManager, fieldValidation: 'Warn' });
}

/** kubectl wraps the server's 415 with the patch type and the object's kind (`... is not supported by cert-manager.io/v1, Kind=Certificate: ...`). */
function unsupportedAs<T>(t: Target, patchType: PatchType, patch: () => T): T {
  try {
    return patch();
  } catch (err) {
    if (!(err instanceof ApiError) || err.reason !== 'UnsupportedMediaType') throw err;
    const media = patchType === 'strategic' ? 'application/strategic-merge-patch+json' : patchType === 'merge' ? 'application/merge-patch+json' : 'application/json-patch+json';
    const gv = t.object.apiVersion.includes('/') ? t.object.apiVersion : `/${t.object.apiVersion}`;
    throw new CliError(`${media} is not supported by ${gv}, Kind=${t.object.kind}: ${err.message}`);
  }
}

async function readPatch(ctx: Context, flags: FlagValues): Promise<string> {
  const text = flags.patch as string | undefined;
  const file = flags['patch-file'] as string | undefined;
  if (text && file) throw new CliError('cannot specify --patch and --patch-file together');
  if (!text && !file) throw new CliError('must specify --patch or --patch-file containing the contents of the patch');
  if (text) return text;
  try {
    return await readFile(resolve(ctx.cwd, file!), 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? 'no such file or directory' : err.code === 'EISDIR' ? 'is a directory' : err.message;
    throw new CliError(`unable to read patch file: open ${file}: ${why}`);
  }
}

function settingsOf(flags: FlagValues, args: string[]): { patchType: PatchType; dryRun: DryRun; local: boolean; subresource: string | undefined } {
  const dryRun = dryRunOf(flags);
  const local = flags.local === true;
  if (local && args.length) throw new CliError('cannot specify --local and server resources');
  if (local && dryRun === 'server') throw new CliError('cannot specify --local and --dry-run=server - did you mean --dry-run=client?');
  const raw = String(flags.type ?? 'strategic');
  const patchType = raw.toLowerCase() as PatchType;
  if (!PATCH_TYPES.includes(patchType)) throw new CliError(`--type must be one of [${PATCH_TYPES.join(' ')}], not "${raw}"`);
  // Any --subresource is asked of the server (kubectl v1.32 checks none): one the type does not have is not found there.
  const subresource = flags.subresource as string | undefined;
  return { patchType, dryRun, local, subresource };
}

function outcome(before: KubeObject, after: KubeObject): string {
  return deepEqual(before, after) ? 'patched (no change)' : 'patched';
}

/** The type of an object whose kind the cluster does not serve, as its apiVersion and kind name it (a custom one to localPatch). */
function unknownType(obj: KubeObject): ResourceType {
  const gv = String(obj.apiVersion ?? '');
  const slash = gv.indexOf('/');
  const [group, version] = slash < 0 ? ['', gv] : [gv.slice(0, slash), gv.slice(slash + 1)];
  const kind = String(obj.kind);
  const lower = kind.toLowerCase();
  return { group, version, versions: [version], kind, plural: lower, singular: lower, shortNames: [], namespaced: true, categories: [], verbs: [], custom: true };
}

async function runPatch(ctx: Context, args: string[], flags: FlagValues): Promise<void> {
  const { patchType, dryRun, local, subresource } = settingsOf(flags, args);
  const body = patchBody(await readPatch(ctx, flags));
  const output = outputOf(flags) || undefined;
  // -f or -k: kubectl's builder visits a kustomization as it visits files.
  const hasFiles = hasManifestInput(flags);
  if (!hasFiles && args.length === 0) throw new CliError(PROVIDE_RESOURCES);
  if (hasFiles && args.length) throw pathsWithArgumentsError(args, flags, ctx.cwd);
  // kubectl's builder goes on past a document it cannot read or map: its errors come after the objects'.
  const unread = new BuilderErrorList();
  const docs = hasFiles ? await readDocuments(ctx, flags, 'patch', { continueOnError: unread.add }) : [];
  // kubectl builds the printer for each object once it is patched: an -o it has no printer for
  // fails for every object, after the PATCH was sent.
  const printerFailure = output ? await printerError(ctx.cwd, flags) : undefined;
  const results: Array<{ line: string; object: KubeObject; type: ResourceType }> = [];
  // Every object's failure, in the order they were visited: kubectl reports their aggregate at the end.
  const errors: unknown[] = [];
  const report = (t: Target, after: KubeObject, line: string) => {
    if (printerFailure) errors.push(printerFailure);
    else results.push({ line, object: after, type: t.type });
  };
  if (local) {
    // --local never talks to the cluster: the file's object is patched as it is.
    const session = ctx.session();
    session.read((api) => {
      for (const doc of docs) {
        // The object as the file has it (no namespace filled in).
        let type: ResourceType;
        try {
          type = resolveDoc(api, session, doc).type;
        } catch (err) {
          if (!isMappingError(err)) {
            errors.push(err);
            continue;
          }
          // --local needs no mapping: a kind the cluster does not serve is patched as one kubectl does not know.
          type = unknownType(doc.object);
        }
        try {
          const after = localPatch(doc.object, type, patchType, body);
          report({ type, object: doc.object }, after, `${kindPrefix(type)}/${doc.object.metadata?.name} ${outcome(doc.object, after)}`);
        } catch (err) {
          errors.push(err);
        }
      }
    });
  } else {
    const session = ctx.session();
    const settings: PatchSettings = { patchType, body, dryRun, subresource, fieldManager: (flags['field-manager'] as string | undefined) || 'kubectl-patch' };
    session.write((api) => {
      // `visited`: the object kubectl's visitor holds, which it compares the result with: the file's
      // own for -f (it is not fetched: a client dry run patches it as it is), else the live one.
      const patchOne = (t: Target, visited: KubeObject = t.object) => {
        // Through the scale subresource kubectl reads and gets back a Scale, and names that: scale.autoscaling/NAME.
        const scaled = subresource === 'scale';
        const shown = scaled ? { ...t.type, kind: 'Scale', group: 'autoscaling' } : t.type;
        const ref = `${kindPrefix(shown)}/${t.object.metadata.name}`;
        try {
          if (subresource) requireSubresource(api, t.type, subresource);
          const before = scaled ? scaleFor(api, t.type, t.object, false) : deepClone(visited);
          const after = dryRun === 'client' ? localPatch(before, scaled ? { ...t.type, kind: 'Scale', custom: false } : t.type, patchType, body) : patchOnServer(api, t, settings);
          // kubectl's patch says `patched` with no dry-run suffix, client or server.
          report({ ...t, type: shown }, after, `${ref} ${outcome(before, after)}`);
        } catch (err) {
          errors.push(err);
        }
      };
      if (hasFiles) {
        for (const doc of docs) {
          let r: ReturnType<typeof resolveDoc>;
          try {
            // kubectl's patch request for a document without apiVersion reaches the core kind.
            r = resolveDoc(api, session, doc, { coreAsV1: true });
          } catch (err) {
            if (isMappingError(err)) unread.add(err, doc.seq ?? 0);
            else errors.push(err);
            continue;
          }
          // client-go refuses the request for an object the document did not name before sending it.
          if (!r.name) {
            errors.push(new CliError(NO_NAME));
            continue;
          }
          const live = dryRun === 'client' && !subresource ? r.object : api.tryGet(r.type, r.namespace, r.name);
          if (live) patchOne({ type: r.type, object: live }, r.object);
          else errors.push(notFound(r.type.plural, r.type.group, r.name));
        }
        return;
      }
      const sel = parseResourceArgs(args, api.registry);
      if (sel.types.length) throw new CliError('resource(s) were provided, but no name was specified');
      // The GET goes to .../NAME/<subresource>: for a type without it, the object is not found, whether or not it is there.
      const unserved = (type: ResourceType) => {
        try {
          if (subresource) requireSubresource(api, type, subresource);
          return undefined;
        } catch (err) {
          return err;
        }
      };
      const served = sel.named.filter((n) => {
        const err = unserved(n.type);
        if (err) errors.push(err);
        return !err;
      });
      const { found, missing } = fetchSelection(api, { ...sel, named: served }, { namespace: session.namespace });
      errors.push(...missing);
      for (const t of found) patchOne(t);
    });
  }
  if (output) await printResults(ctx, output, results, 'separate', flags);
  else for (const r of results) ctx.io.out.write(r.line + '\n');
  failAggregate(ctx, [...errors, ...unread.aggregate()]);
  if (results.length === 0 && errors.length === 0 && unread.length === 0) throw new CliError('no objects passed to patch');
}

export const verb: VerbSpec = {
  name: 'patch',
  summary: 'Update fields of a resource',
  usage: '(-f FILENAME | TYPE NAME) [-p PATCH|--patch-file FILE]',
  examples:
    "  # Partially update a node using a strategic merge patch, specifying the patch as JSON\n  kubectl-lite patch node k8s-node-1 -p '{\"spec\":{\"unschedulable\":true}}'\n\n" +
    "  # Update a container's image using a JSON patch with positional arrays\n  kubectl-lite patch pod valid-pod --type='json' -p='[{\"op\": \"replace\", \"path\": \"/spec/containers/0/image\", \"value\":\"new image\"}]'",
  flags: [
    { name: 'patch', short: 'p', type: 'string', arg: 'string', description: 'The patch to be applied to the resource JSON file.' },
    { name: 'patch-file', type: 'string', arg: 'string', description: 'A file containing a patch to be applied to the resource.' },
    { name: 'type', type: 'string', arg: 'string', default: 'strategic', description: 'The type of patch being provided; one of [json merge strategic]' },
    ...filenameFlags('identifying the resource to update'),
    DRY_RUN_FLAG,
    OUTPUT_FLAG,
    { name: 'local', type: 'bool', description: 'If true, patch will operate on the content of the file, not the server-side resource.' },
    { name: 'subresource', type: 'string', arg: 'string', description: 'If specified, patch will operate on the subresource of the requested object. Must be one of [status scale].' },
    { name: 'field-manager', type: 'string', arg: 'string', default: 'kubectl-patch', description: 'Name of the manager used to track field ownership.' },
    { name: 'allow-missing-template-keys', type: 'bool', default: true, description: 'If true, ignore any errors in templates when a field or map key is missing in the template.' },
    { name: 'show-managed-fields', type: 'bool', description: 'If true, keep the managedFields when printing objects in JSON or YAML format.' },
    { name: 'template', type: 'string', arg: 'string', description: 'Template string or path to template file to use when -o=go-template, -o=go-template-file.' },
    { name: 'record', type: 'bool', hidden: true, description: 'Record current kubectl command in the resource annotation.' },
  ],
  run: runPatch,
};
