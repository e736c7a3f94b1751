/**
 * `edit`: the objects are written as YAML (or JSON with -o json) to a temp file, the user's
 * editor ($KUBE_EDITOR, $EDITOR, else vi) runs on it, and each changed object is patched on
 * the server with the two-way patch between what was shown and what was saved, as kubectl
 * does. Refused or unparsable edits re-open the editor with the reasons in the header.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { loadYamlSupport, parseManifest } from '../api/manifest.js';
import { loadGoYaml } from '../api/yaml-documents.js';
import { createMergePatch, createStrategicPatch, goJson, sortedJson, strategyForKind, type JsonMap } from '../api/merge/index.js';
import { kindPrefix, type ResourceType } from '../api/registry.js';
import { deepClone, type KubeObject } from '../api/types.js';
import { ApiError, CliError, ExitError, renderError } from '../errors.js';
import { fetchFailure } from './aggregate-errors.js';
import { LAST_APPLIED, lastAppliedText } from './apply.js';
import type { Context, FlagValues, VerbSpec } from './framework.js';
import { fieldValidationOf, filenameFlags, hasManifestInput, printResults, printWarnings, readDocuments, resolveDoc } from './manifest-objects.js';
import { serverPatch } from './patch.js';
import { PROVIDE_RESOURCES } from './resource-args.js';
import { fetchSelection, parseResourceArgs } from './resource-args.js';
import { servedAt } from '../api/hpa-versions.js';

export const HEADER =
  "# Please edit the object below. Lines beginning with a '#' will be ignored,\n" +
  '# and an empty file will abort the edit. If an error occurs while saving this file will be\n' +
  '# reopened with the relevant failures.\n#\n';

interface Reason {
  head: string;
  other: string[];
}

/** Continuation lines of a reason stay comments. */
function hashOnLineBreak(s: string): string {
  return s.replace(/\n(?!#)/g, '\n# ');
}

export function editHeader(reasons: Reason[], header = HEADER): string {
  let out = header;
  for (const r of reasons) {
    out += `# ${hashOnLineBreak(r.head)}${r.other.length ? ':' : ''}\n`;
    for (const o of r.other) out += `# * ${hashOnLineBreak(o)}\n`;
    out += '#\n';
  }
  return out;
}

/** kubectl's ManualStrip: drops comment lines (not `#!`). */
export function manualStrip(text: string): string {
  return text
    .split('\n')
    .filter((line) => {
      const t = line.trim();
      return !(t.startsWith('#') && !t.startsWith('#!'));
    })
    .join('\n');
}

/** kubectl's StripComments: the content as JSON when it parses, else without comment lines. */
export function stripComments(text: string): string {
  try {
    return sortedJson(loadGoYaml(text.replace(/\r\n/g, '\n')) ?? null);
  } catch {
    return manualStrip(text);
  }
}

function hasLines(text: string): boolean {
  return text.split('\n').some((l) => {
    const t = l.trim();
    return t.length > 0 && t[0] !== '#';
  });
}

interface Editor {
  args: string[];
  shell: boolean;
}

/** $KUBE_EDITOR, then $EDITOR, else vi; words split on spaces unless quoting asks for a shell. */
export function editorFromEnv(env: NodeJS.ProcessEnv): Editor {
  const editor = env.KUBE_EDITOR || env.EDITOR || 'vi';
  if (!editor.includes(' ')) return { args: [editor], shell: false };
  if (!/["'\\]/.test(editor)) return { args: editor.split(' '), shell: false };
  return { args: [env.SHELL || 'sh', '-c', editor], shell: true };
}

export function launchEditor(ctx: Context, editor: Editor, path: string): void {
  const args = editor.shell ? [...editor.args.slice(0, -1), `${editor.args[editor.args.length - 1]} ${JSON.stringify(path)}`] : [...editor.args, path];
  const interactive = Boolean(ctx.io.stdin && ctx.io.stdout);
  const r = spawnSync(args[0]!, args.slice(1), { env: ctx.env, cwd: ctx.cwd, stdio: interactive ? 'inherit' : 'pipe', encoding: 'utf8' });
  if (!interactive) {
    if (r.stdout) ctx.io.out.write(r.stdout);
    if (r.stderr) ctx.io.err.write(r.stderr);
  }
  const shown = editor.args.join(' ');
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') throw new CliError(`unable to launch the editor "${shown}"`);
  if (r.error || r.status !== 0) throw new CliError(`there was a problem with the editor "${shown}"`);
}

/** Go's os.CreateTemp(dir, "<prog>-edit-*<ext>"). */
export function tempFile(ctx: Context, ext: string, content: string): string {
  for (;;) {
    const path = join(tmpdir(), `${basename(ctx.programName)}-edit-${Math.floor(Math.random() * 4294967295)}${ext}`);
    if (existsSync(path)) continue;
    writeFileSync(path, content, { mode: 0o600 });
    return path;
  }
}

export interface Original {
  type: ResourceType;
  object: KubeObject;
}

/** What goes in the file: the object, or a v1 List of them, without managedFields. */
function documentOf(originals: Original[]): unknown {
  const strip = (o: KubeObject) => {
    const c = deepClone(o);
    delete (c.metadata as Record<string, unknown>).managedFields;
    return c;
  };
  if (originals.length === 1) return strip(originals[0]!.object);
  return { apiVersion: 'v1', kind: 'List', metadata: {}, items: originals.map((o) => strip(o.object)) };
}

export interface Results {
  reasons: Reason[];
  retryable: number;
  notfound: number;
  /** Objects refused as invalid: the editor opens again. */
  invalid: number;
}

function resourceString(t: ResourceType): string {
  return t.group ? `${t.plural}.${t.group}` : t.plural;
}

/** kubectl's addError: the stderr line, and a header reason for invalid objects. */
export function addError(results: Results, err: unknown, type: ResourceType, name: string): string {
  const res = resourceString(type);
  if (err instanceof ApiError && err.reason === 'Invalid') {
    results.invalid++;
    results.reasons.push({ head: `${res} "${name}" was not valid`, other: (err.details.causes ?? []).map((c) => `${c.field}: ${c.message}`) });
    return `error: ${res} "${name}" is invalid`;
  }
  if (err instanceof ApiError && err.reason === 'NotFound') {
    results.notfound++;
    return `error: ${res} "${name}" could not be found on the server`;
  }
  results.retryable++;
  const text = err instanceof ApiError ? err.message : renderError(err).replace(/^error: /, '');
  return `error: ${res} "${name}" could not be patched: ${text}`;
}

/** The two-way patch kubectl sends: strategic for built-in kinds, JSON merge patch for custom ones. */
function editPatch(type: ResourceType, original: KubeObject, edited: KubeObject): { patchType: 'strategic' | 'merge'; patch: JsonMap } {
  const a = original as unknown as JsonMap;
  const b = edited as unknown as JsonMap;
  const changed = (k: string) => sortedJson(a[k] ?? null) !== sortedJson(b[k] ?? null);
  if (changed('apiVersion') || changed('kind') || original.metadata.name !== edited.metadata?.name) {
    throw new CliError('At least one of apiVersion, kind and name was changed');
  }
  if (type.custom) return { patchType: 'merge', patch: createMergePatch(a, b) };
  return { patchType: 'strategic', patch: createStrategicPatch(a, b, strategyForKind(type.kind)) };
}

/** A copy of the user's work is kept when something goes wrong. */
function preserved(ctx: Context, file: string | undefined): void {
  if (file && existsSync(file)) ctx.io.err.write(`A copy of your changes has been stored to "${file}"\n`);
}

async function loadOriginals(ctx: Context, args: string[], flags: FlagValues, sub?: Subresources): Promise<Original[]> {
  const hasFiles = hasManifestInput(flags);
  if (!hasFiles && args.length === 0) throw new CliError(PROVIDE_RESOURCES);
  const docs = hasFiles ? await readDocuments(ctx, flags, 'edit') : [];
  const session = ctx.session();
  return session.read((api) => {
    // --subresource reads each object through GET .../NAME/<subresource>: a type without it is the server's 404.
    const subresource = flags.subresource as string | undefined;
    const read = (type: ResourceType, namespace: string | undefined, name: string) =>
      deepClone(sub && subresource ? sub.getSubresource(api, type, namespace, name, subresource) : api.get(type, namespace, name));
    const out: Original[] = [];
    if (hasFiles) {
      for (const doc of docs) {
        const r = resolveDoc(api, session, doc, { latest: true });
        out.push({ type: r.type, object: read(r.type, r.namespace, r.name) });
      }
      return out;
    }
    const sel = parseResourceArgs(args, api.registry);
    // The GET goes to .../NAME/<subresource>: a type without it is not found, whether or not the object is.
    if (sub && subresource) for (const n of sel.named) sub.requireSubresource(api, n.type, subresource);
    const { found, missing } = fetchSelection(api, sel, { namespace: session.namespace, labelSelector: flags.selector, allNamespaces: flags['all-namespaces'] });
    if (missing.length) throw fetchFailure(missing);
    return found.map((f) => ({ type: f.type, object: sub ? read(f.type, f.object.metadata.namespace, f.object.metadata.name!) : deepClone(f.object) }));
  });
}

type Subresources = typeof import('../api/subresources.js');

/** edit's printer takes json or yaml only (the format of the file being edited). */
export function editPrinterRefusal(output: string | undefined): CliError | undefined {
  if (!output || ['yaml', 'json'].includes(output)) return undefined;
  return new CliError(`unable to match a printer suitable for the output format "${output}", allowed formats are: json,yaml`);
}

async function runEdit(ctx: Context, args: string[], flags: FlagValues): Promise<void> {
  await loadYamlSupport(); // the edited text is parsed with parseManifest
  const output = flags.output as string | undefined;
  const subresource = flags.subresource as string | undefined;
  const sub = subresource ? await import('../api/subresources.js') : undefined;
  const originals = await loadOriginals(ctx, args, flags, sub);
  // -o is the format of the file being edited: kubectl checks it once it has read the objects.
  const refused = editPrinterRefusal(output);
  if (refused) throw refused;
  if (originals.length === 0) throw new CliError('edit cancelled, no objects found');
  await editLoop(ctx, flags, originals, { header: HEADER, apply: (updated, results) => applyEdits(ctx, originals, updated, results, flags, sub) });
}

/** What one round of the edit loop does with the saved objects: the lines to print and the objects for -o. */
export type EditApply = (updated: KubeObject[], results: Results) => { lines: string[]; printed: Array<{ object: KubeObject; type: ResourceType }> };

/**
 * The editor loop (shared with `apply edit-last-applied`): write the originals to a temp file, run
 * the editor, parse what was saved, hand it to `apply`, and re-open with the reasons while some
 * objects are refused as invalid.
 */
export async function editLoop(ctx: Context, flags: FlagValues, originals: Original[], mode: { header: string; apply: EditApply; emptied?: 'invalid' }): Promise<void> {
  const output = flags.output as string | undefined;
  const asJson = output === 'json';
  const ext = asJson ? '.json' : '.yaml';
  const crlf = flags['windows-line-endings'] === true;
  const editor = editorFromEnv(ctx.env);
  const { toYaml } = await import('../printers/yaml.js');
  const serialise = (doc: unknown) => (asJson ? JSON.stringify(doc, null, 4) + '\n' : toYaml(doc));

  let reasons: Reason[] = [];
  let containsError = false;
  let original = '';
  let edited = '';
  let previousFile: string | undefined;
  for (;;) {
    let content = editHeader(reasons, mode.header);
    if (asJson) content = '';
    if (!containsError) {
      content += serialise(documentOf(originals));
      original = content;
    } else {
      content += manualStrip(edited);
    }
    if (crlf) content = content.replace(/\r?\n/g, '\r\n');
    const file = tempFile(ctx, ext, content);
    try {
      launchEditor(ctx, editor, file);
    } catch (err) {
      preserved(ctx, previousFile);
      throw err;
    }
    const before = edited;
    edited = readFileSync(file, 'utf8');
    if (containsError && stripComments(before) === stripComments(edited)) {
      preserved(ctx, file);
      throw new CliError('Edit cancelled, no valid changes were saved.');
    }
    if (previousFile) rmSync(previousFile, { force: true });
    previousFile = file;
    if (stripComments(original) === stripComments(edited)) {
      rmSync(file, { force: true });
      ctx.io.err.write('Edit cancelled, no changes made.\n');
      return;
    }
    if (!hasLines(edited) && mode.emptied) {
      // Before a create, kubectl finds the emptied object invalid and opens the file again.
      const { type, object } = originals[0]!;
      ctx.io.err.write(`error: ${resourceString(type)} "${object.metadata.name}" is invalid\n`);
      reasons = [{ head: `${resourceString(type)} "${object.metadata.name}" was not valid`, other: [] }];
      containsError = true;
      continue;
    }
    if (!hasLines(edited)) {
      rmSync(file, { force: true });
      ctx.io.err.write('Edit cancelled, saved file was empty.\n');
      return;
    }
    reasons = [];
    let updated: KubeObject[];
    try {
      const docs = parseManifest({ source: 'edited-file', text: edited.replace(/\r\n/g, '\n') });
      // kubectl's builder maps what was saved: a kind the server does not serve is the file's error too.
      const session = ctx.session();
      session.read((api) => docs.forEach((d) => resolveDoc(api, session, d)));
      updated = docs.map((d) => d.object);
    } catch (err) {
      containsError = true;
      reasons.push({ head: `The edited file had a syntax error: ${renderError(err).replace(/^error: /, '')}`, other: [] });
      continue;
    }
    containsError = false;
    const results: Results = { reasons, retryable: 0, notfound: 0, invalid: 0 };
    let lines: string[];
    let printed: Array<{ object: KubeObject; type: ResourceType }>;
    try {
      ({ lines, printed } = mode.apply(updated, results));
    } catch (err) {
      preserved(ctx, file);
      throw err;
    }
    for (const l of lines) ctx.io.out.write(l);
    if (output && printed.length) await printResults(ctx, output, printed, 'separate', flags);
    if (results.retryable > 0) {
      ctx.io.err.write(`You can run \`${basename(ctx.programName)} replace -f ${file}\` to try this update again.\n`);
      throw new ExitError(1);
    }
    if (results.notfound > 0) {
      ctx.io.err.write(`The edits you made on deleted resources have been saved to "${file}"\n`);
      throw new ExitError(1);
    }
    if (results.invalid === 0) {
      rmSync(file, { force: true });
      return;
    }
    containsError = reasons.length > 0;
  }
}

/** Patches every changed object (inside one store write); errors are collected as kubectl does. */
function applyEdits(
  ctx: Context,
  originals: Original[],
  updated: KubeObject[],
  results: Results,
  flags: FlagValues,
  sub?: Subresources,
): { lines: string[]; printed: Array<{ object: KubeObject; type: ResourceType }> } {
  const lines: string[] = [];
  const printed: Array<{ object: KubeObject; type: ResourceType }> = [];
  const session = ctx.session();
  session.write((api) => {
    for (const obj of updated) {
      if (flags['save-config'] === true) {
        obj.metadata = { ...(obj.metadata ?? {}) };
        obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}), [LAST_APPLIED]: lastAppliedText(obj) };
      }
      const match = originals.find((o) => o.object.metadata.uid === obj.metadata?.uid);
      if (!match) throw new CliError(`no original object found for ${obj.kind ?? 'object'} "${obj.metadata?.name ?? ''}"`);
      const { type, object: orig } = match;
      const ref = `${kindPrefix(type)}/${orig.metadata.name}`;
      const shownOriginal = deepClone(orig);
      delete (shownOriginal.metadata as Record<string, unknown>).managedFields;
      if (sortedJson(shownOriginal) === sortedJson(obj)) {
        if (flags.output) printed.push({ object: orig, type });
        else lines.push(`${ref} skipped\n`);
        continue;
      }
      const { patchType, patch } = editPatch(type, shownOriginal, obj);
      if (flags['output-patch'] === true) lines.push(`Patch: ${goJson(patch)}\n`);
      try {
        // The patch is applied at the version the object was shown at (an events.k8s.io Event, an autoscaling/v1 HPA).
        // --subresource PATCHes .../NAME/<subresource>: only the status, or the Scale's replicas, is written.
        const subresource = flags.subresource as string | undefined;
        const live = sub && subresource === 'scale'
          ? sub.getSubresource(api, type, orig.metadata.namespace, orig.metadata.name!, 'scale')
          : servedAt(api.get(type, orig.metadata.namespace, orig.metadata.name!), orig.apiVersion);
        const warnings: string[] = [];
        const patched = serverPatch(live, type, patchType, JSON.stringify(patch));
        const opts = { fieldManager: (flags['field-manager'] as string | undefined) || 'kubectl-edit', fieldValidation: fieldValidationOf(flags), warnings };
        const result = sub && subresource ? sub.replaceSubresource(api, type, patched, subresource, opts) : api.update(patched, opts);
        printWarnings(ctx, warnings);
        if (flags.output) printed.push({ object: result, type });
        else lines.push(`${ref} edited\n`);
      } catch (err) {
        ctx.io.err.write(addError(results, err, type, orig.metadata.name!) + '\n');
      }
    }
  });
  return { lines, printed };
}

export const verb: VerbSpec = {
  name: 'edit',
  summary: 'Edit a resource on the server',
  usage: '(RESOURCE/NAME | -f FILENAME)',
  examples: '  # Edit the service named \'registry\'\n  kubectl-lite edit svc/registry\n\n  # Use an alternative editor\n  KUBE_EDITOR="nano" kubectl-lite edit svc/registry',
  flags: [
    ...filenameFlags('to use to edit the resource'),
    { name: 'output', short: 'o', type: 'string', arg: 'string', description: 'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).' },
    { name: 'output-patch', type: 'bool', description: 'Output the patch if the resource is edited.' },
    { name: 'save-config', type: 'bool', description: 'If true, the configuration of current object will be saved in its annotation.' },
    { name: 'windows-line-endings', type: 'bool', description: 'Defaults to the line ending native to your platform.' },
    { name: 'subresource', type: 'string', arg: 'string', description: 'If specified, edit will operate on the subresource of the requested object. Must be one of [status].' },
    { name: 'field-manager', type: 'string', arg: 'string', default: 'kubectl-edit', description: 'Name of the manager used to track field ownership.' },
    { name: 'validate', type: 'string', arg: 'string', default: 'strict', description: 'Must be one of: strict (or true), warn, ignore (or false).' },
    { name: 'show-managed-fields', type: 'bool', description: 'If true, keep the managedFields when printing objects in JSON or YAML format.' },
    { name: 'allow-missing-template-keys', type: 'bool', default: true, description: 'If true, ignore any errors in templates when a field or map key is missing in the template.' },
    { name: 'template', type: 'string', arg: 'string', description: 'Template string or path to template file to use when -o=go-template, -o=go-template-file.' },
    { name: 'record', type: 'bool', hidden: true, description: 'Record current kubectl command in the resource annotation.' },
  ],
  run: runEdit,
};

