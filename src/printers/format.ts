/**
 * Non-table output (-o yaml|json|name|jsonpath=...|jsonpath-file=...|jsonpath-as-json=...|
 * custom-columns=...|custom-columns-file=...|go-template=...|go-template-file=...|
 * template=...|templatefile=...) and --sort-by, as kubectl's printGeneric does them.
 * Each format's module is imported only when that format is used, so printObjects is async.
 * Objects go in, text comes out on the Writer; failures are CliErrors worded as kubectl's
 * (text a format printed before failing, e.g. a go-template's debug dump, is already written).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { kindPrefix, type ResourceType } from '../api/registry.js';
import type { KubeObject } from '../api/types.js';
import type { Writer } from '../cli/framework.js';
import { CliError } from '../errors.js';
import { PRINT_FLAGS_FORMATS, unmatchedFormat } from '../cli/print-flags.js';
import { missingFieldError, sortByJsonPath } from './sort.js';

export interface PrintRequest {
  /** The -o value as given, e.g. `yaml`, `jsonpath={.items[*].metadata.name}`. */
  output: string;
  /** The objects in print order, each with its type. */
  items: Array<{ object: KubeObject; type: ResourceType }>;
  /** True when exactly one object was asked for by name: print it bare, not wrapped in a List. */
  single: boolean;
  /**
   * How several objects are printed (kubectl's verbs differ): `list` (default, get) wraps them in
   * a List; `apply-list` in the metav1.List apply builds (`metadata: {}`, its -o json in Go struct
   * order); `documents` prints them one after another through one printer, so YAML documents get
   * `---` between them (create, replace, annotate, scale, expose, set); `separate` prints each
   * through a printer of its own, with nothing between them (label, patch, autoscale).
   */
  multiple?: MultiplePrinting;
  showManagedFields?: boolean;
  noHeaders?: boolean;
  /** `--template` value: the template when -o is a bare template format (`-o go-template --template=...`). */
  template?: string;
  /** `--allow-missing-template-keys` (default true): false makes jsonpath and go-template fail on a missing key. */
  allowMissingKeys?: boolean;
  /** `--sort-by` value: sorts a List's items (kubectl's SortingPrinter); ignored for a single object. */
  sortBy?: string;
  /** Where -o *-file formats read from. */
  cwd: string;
  /**
   * The object is one kubectl builds or decodes into a typed Go value (a generator's): -o json
   * lists its fields in Go struct order, not sorted.
   */
  typed?: boolean;
  out: Writer;
}

export type MultiplePrinting = 'list' | 'apply-list' | 'documents' | 'separate';

const PLAIN_FORMATS = ['yaml', 'json', 'name'];
const TEMPLATE_FORMATS = [
  'jsonpath',
  'jsonpath-file',
  'jsonpath-as-json',
  'custom-columns',
  'custom-columns-file',
  'go-template',
  'go-template-file',
  'template',
  'templatefile',
];

export const ALLOWED_FORMATS =
  'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml';

/** True when `output` is one of the formats printObjects handles (not '', 'wide'). */
export function isObjectFormat(output: string): boolean {
  return /^(yaml|json|name|jsonpath|jsonpath-file|jsonpath-as-json|custom-columns|custom-columns-file|go-template|go-template-file|template|templatefile)(=|$)/.test(output);
}

interface Format {
  name: string;
  /** The template, spec or file name after `=` (or from --template). */
  value: string;
}

/** Splits `-o` as kubectl's print flags do; unknown formats get kubectl's error, listing `allowed`. */
export function parseOutput(output: string, template?: string, allowed = ALLOWED_FORMATS): Format {
  if (output === '' && template) output = 'go-template';
  if (PLAIN_FORMATS.includes(output)) return { name: output, value: '' };
  if (TEMPLATE_FORMATS.includes(output)) return { name: output, value: template ?? '' };
  if (!template) {
    for (const f of TEMPLATE_FORMATS) if (output.startsWith(`${f}=`)) return { name: f, value: output.slice(f.length + 1) };
  }
  throw unmatchedFormat(output, allowed);
}

/**
 * kubectl's PrintFlags.ToPrinter, which a verb runs before it reads or writes anything: an -o
 * PrintFlags has no printer for, or a template that cannot be read or parsed, fails first.
 */
export async function checkPrinter(output: string, template: string | undefined, cwd: string): Promise<void> {
  const format = parseOutput(output, template, PRINT_FLAGS_FORMATS);
  if (format.name.startsWith('custom-columns')) throw unmatchedFormat(output);
  await makePrinter(format, { output, template, items: [], single: true, cwd, out: { write: () => undefined } });
}

/** Writes `target` (the List or the single object) to `out`; `objects` are the List's items. */
type Printer = (target: unknown, objects: KubeObject[], out: Writer) => void;

export async function printObjects(req: PrintRequest): Promise<void> {
  const format = parseOutput(req.output, req.template);
  const print = await makePrinter(format, req);
  let objects = req.items.map((i) => i.object);
  let types = req.items.map((i) => i.type);
  if (req.sortBy && !req.single && objects.length > 0) {
    const indexed = objects.map((object, i) => ({ object, type: types[i]! }));
    const outcome = sortByJsonPath(indexed, req.sortBy, (x) => x.object);
    if ('missingField' in outcome) {
      throw missingFieldError(outcome.missingField);
    }
    const order = outcome.sorted;
    objects = order.map((x) => x.object);
    types = order.map((x) => x.type);
  }
  if (format.name === 'name') {
    req.out.write(objects.map((o, i) => `${types[i] ? kindPrefix(types[i]!) : kindPrefixOf(o)}/${o.metadata?.name || '<unknown>'}\n`).join(''));
    return;
  }
  if ((format.name === 'json' || format.name === 'yaml') && !req.showManagedFields) objects = objects.map(withoutManagedFields);
  const multiple = req.multiple ?? 'list';
  if (objects.length === 1 && (req.single || multiple !== 'list')) return print(objects[0], objects, req.out);
  if (multiple === 'documents' || multiple === 'separate') {
    objects.forEach((o, i) => {
      if (i > 0 && multiple === 'documents' && format.name === 'yaml') req.out.write('---\n');
      print(o, [o], req.out);
    });
    return;
  }
  if (multiple === 'apply-list') {
    const list = { kind: 'List', apiVersion: 'v1', metadata: {}, items: objects };
    if (format.name !== 'json') return print(list, objects, req.out);
    const { goJsonIndentShaped } = await import('./go-values.js');
    return req.out.write(goJsonIndentShaped(list, METAV1_LIST_SHAPE) + '\n');
  }
  print(asList(objects), objects, req.out);
}


/** metav1.List's fields in Go declaration order (TypeMeta, ListMeta, Items); the items are unstructured. */
const METAV1_LIST_SHAPE = {
  keys: (o: Record<string, unknown>) => ['kind', 'apiVersion', 'metadata', 'items'].filter((k) => k in o),
  child: () => undefined,
  item: () => undefined,
};

/** `deployment.apps` from the object's own apiVersion/kind (kubectl's NamePrinter uses the object's GVK). */
function kindPrefixOf(o: KubeObject): string {
  const slash = (o.apiVersion ?? '').indexOf('/');
  const group = slash >= 0 ? o.apiVersion.slice(0, slash) : '';
  const kind = (o.kind ?? '').toLowerCase();
  return group ? `${kind}.${group}` : kind;
}

/** The List kubectl builds around several objects. */
function asList(items: KubeObject[]): Record<string, unknown> {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}

export function withoutManagedFields(o: KubeObject): KubeObject {
  if (!o.metadata || !('managedFields' in o.metadata)) return o;
  const { managedFields: _omit, ...metadata } = o.metadata as Record<string, unknown>;
  return { ...o, metadata } as KubeObject;
}

function readTemplateFile(file: string, cwd: string): string {
  try {
    return readFileSync(resolve(cwd, file), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file or directory' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : String(e);
    throw new CliError(`error reading --template ${file}, open ${file}: ${reason}\n`);
  }
}

/** Objects kubectl built or decoded into typed Go values (PrintRequest.typed), printed one at a time. */
function isTyped(req: PrintRequest): boolean {
  if (req.typed !== true) return false;
  return req.single ? req.items.length === 1 : req.multiple === 'documents' || req.multiple === 'separate';
}

/** Go json.MarshalIndent (json.Marshal for '') of a typed object: its fields in Go struct order. */
async function typedJsonEncoder(indent: string): Promise<(target: unknown) => string> {
  const [{ goShapeOf }, { goJsonIndentShaped }] = await Promise.all([import('./go-struct-order.js'), import('./go-values.js')]);
  return (target) => goJsonIndentShaped(target, goShapeOf(target as KubeObject), indent);
}

/** Builds the printer first, as kubectl does, so template errors win over --sort-by errors. */
async function makePrinter(format: Format, req: PrintRequest): Promise<Printer> {
  switch (format.name) {
    case 'name':
      return () => undefined;
    case 'json': {
      if (isTyped(req)) {
        const typedJson = await typedJsonEncoder('    ');
        return (target, _objects, out) => out.write(typedJson(target) + '\n');
      }
      const { toJson, writeJsonList } = await import('./json.js');
      // A List (asList below) is written as it is made, item by item.
      return (target, objects, out) => (target !== objects[0] ? writeJsonList(target as { items: unknown[] }, out) : out.write(toJson(target)));
    }
    case 'yaml': {
      const { toYaml } = await import('./yaml.js');
      return (target, _objects, out) => out.write(toYaml(target));
    }
    case 'jsonpath':
    case 'jsonpath-file':
    case 'jsonpath-as-json': {
      if (format.value === '') throw new CliError('template format specified but no template given');
      const text = format.name === 'jsonpath-file' ? readTemplateFile(format.value, req.cwd) : format.value;
      const { jsonPathPrinter } = await import('./jsonpath-printer.js');
      const print = jsonPathPrinter(text, format.name === 'jsonpath-as-json', req.allowMissingKeys !== false, isTyped(req));
      return (target, _objects, out) => out.write(print(target));
    }
    case 'custom-columns':
    case 'custom-columns-file': {
      const cc = await import('./custom-columns.js');
      let columns;
      if (format.name === 'custom-columns-file') {
        let text: string;
        try {
          text = readFileSync(resolve(req.cwd, format.value), 'utf8');
        } catch {
          throw new CliError(`error reading template ${format.value}, open ${format.value}: no such file or directory\n`);
        }
        columns = cc.columnsFromTemplate(text);
      } else columns = cc.columnsFromSpec(format.value);
      const noHeaders = format.name === 'custom-columns' && req.noHeaders === true;
      return (target, objects, out) => cc.renderCustomColumns(columns, req.single && objects.length === 1 ? [target] : objects, noHeaders, out);
    }
    default: {
      if (format.value === '') throw new CliError('template format specified but no template given');
      const isFile = format.name === 'go-template-file' || format.name === 'templatefile';
      const text = isFile ? readTemplateFile(format.value, req.cwd) : format.value;
      const { goTemplatePrinter } = await import('./go-template-printer.js');
      if (isTyped(req)) {
        const [{ goShapeOf }, { goJsonShaped, AS_BUILT }] = await Promise.all([import('./go-struct-order.js'), import('./go-values.js')]);
        // A kind without a known shape (config view's Config) is built in its Go field order.
        return goTemplatePrinter(text, req.allowMissingKeys !== false, (target) => goJsonShaped(target, goShapeOf(target as KubeObject) ?? AS_BUILT));
      }
      return goTemplatePrinter(text, req.allowMissingKeys !== false);
    }
  }
}

