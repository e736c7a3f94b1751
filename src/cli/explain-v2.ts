/**
 * `explain --output=plaintext-openapiv2`: kubectl v1.32's older explain layout, rendered from the
 * OpenAPI v2 definitions serve publishes (serve/openapi.ts openapiV2Document), read as kubectl
 * reads a v2 document: each schema is a kind (an object with properties), a map, an array, a
 * primitive, a reference or an arbitrary value (kube-openapi's proto models), and the printer walks
 * them: KIND and VERSION, the RESOURCE or FIELD line, the descriptions met on the way, the FIELDS.
 */
import { CliError } from '../errors.js';
import { Definitions, gvkString, type Gvk, type Model } from '../api/openapi-v2-models.js';
import { byteCompare } from '../printers/go-values.js';
import type { OpenApiSchema } from './explain-openapi.js';

function typeName(defs: Definitions, m: Model): string {
  switch (m.t) {
    case 'kind':
      return 'Object';
    case 'map':
      return 'map[string]' + typeName(defs, m.sub);
    case 'array':
      return '[]' + typeName(defs, m.sub);
    case 'primitive':
      return m.type;
    case 'ref':
      return typeName(defs, defs.resolve(m));
    case 'arbitrary':
      return '';
  }
}

/** Follows the field path: arrays, maps and references are passed through; a primitive or arbitrary value ends it, whatever path is left. */
function lookupField(defs: Definitions, m: Model, path: string[]): Model {
  for (;;) {
    if (m.t === 'primitive' || m.t === 'arbitrary') return m;
    if (path.length === 0) return m;
    if (m.t === 'kind') {
      const next = m.fields[path[0]!];
      if (!next) throw new CliError(`field "${path[0]}" does not exist`);
      path = path.slice(1);
      m = next;
    } else m = m.t === 'ref' ? defs.resolve(m) : m.sub;
  }
}

const WRAP = 80;

/** Go's unicode.IsSpace, for strings.Fields and strings.TrimSpace. */
const GO_SPACE = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const FIELDS = new RegExp(`[${GO_SPACE}]+`);
const TRIM = new RegExp(`^[${GO_SPACE}]+|[${GO_SPACE}]+$`, 'g');
const BULLET = /^(\d+\.?|-|\*)[\t\n\f\r ]/;

/**
 * kubectl's explain formatter's word wrap: lines joined and re-broken at `wrap` bytes, but a line
 * indented four spaces (code) is kept as it is, an empty line after the first is kept, and a line
 * starts anew after a word ending in ':' and before a list item.
 */
export function wrapString(text: string, wrap: number): string[] {
  const wrapped: string[] = [];
  let words: string[] = [];
  let lastWord = '';
  const flush = () => {
    if (words.length === 0) return;
    lastWord = '';
    wrapped.push(words.join(' '));
    words = [];
  };
  for (const line of text.split('\n')) {
    if (line.startsWith('    ')) {
      flush();
      wrapped.push(line);
      continue;
    }
    const trimmed = line.replace(TRIM, '');
    if (wrapped.length > 0 && trimmed === '') {
      flush();
      wrapped.push('');
      continue;
    }
    if (lastWord.endsWith(':') || trimmed === '' || BULLET.test(trimmed)) flush();
    for (const word of trimmed.split(FIELDS).filter(Boolean)) {
      lastWord = word;
      if (words.length > 0 && Buffer.byteLength([...words, word].join(' ')) > wrap) flush();
      words.push(word);
    }
  }
  flush();
  return wrapped;
}

class Writer {
  text = '';

  line(indent: number, s: string): void {
    this.text += s === '' ? '\n' : ' '.repeat(indent) + s + '\n';
  }

  wrapped(indent: number, s: string): void {
    for (const l of wrapString(s, WRAP - indent)) this.line(indent, l);
  }
}

const FIELD_INDENT = 3;
const DESCRIPTION_INDENT = 5;

/** The FIELDS list: each field's name, type, `-required-` and description; with `recursive`, names and types only, nested fields indented under theirs. */
function printFields(defs: Definitions, w: Writer, m: Model, indent: number, recursive: boolean, visiting: Set<string>): void {
  switch (m.t) {
    case 'map':
    case 'array':
      return printFields(defs, w, m.sub, indent, recursive, visiting);
    case 'ref':
      if (!recursive) return printFields(defs, w, defs.resolve(m), indent, recursive, visiting);
      // A reference already being printed further up is not printed again (a schema that contains itself).
      if (visiting.has(m.name)) return;
      visiting.add(m.name);
      printFields(defs, w, defs.resolve(m), indent, recursive, visiting);
      visiting.delete(m.name);
      return;
    case 'kind':
      for (const key of Object.keys(m.fields).sort(byteCompare)) {
        const field = m.fields[key]!;
        if (recursive) {
          w.line(indent, `${key}\t<${typeName(defs, field)}>`);
          printFields(defs, w, field, indent + 3, recursive, visiting);
        } else {
          w.line(indent, `${key}\t<${typeName(defs, field)}>${m.required.includes(key) ? ' -required-' : ''}`);
          w.wrapped(indent + 2, field.description);
          w.line(indent, '');
        }
      }
  }
}

export interface ExplainV2Request {
  /** Every definition of the v2 document. */
  definitions: Record<string, OpenApiSchema>;
  gvk: Gvk;
  fieldPath: string[];
  recursive: boolean;
}

/** kubectl's plaintext-openapiv2 text; a missing kind or field is an error before anything is printed, as there. */
export function renderExplainV2(req: ExplainV2Request): string {
  const defs = new Definitions(req.definitions);
  const top = defs.lookup(req.gvk);
  if (!top) throw new CliError(`couldn't find resource for ${JSON.stringify(gvkString(req.gvk))}`);
  const target = lookupField(defs, top, req.fieldPath);
  const name = req.fieldPath.length ? req.fieldPath[req.fieldPath.length - 1]! : '';
  const w = new Writer();
  const descriptions: string[] = [];
  let type = '';
  const header = () => {
    w.line(0, `KIND:     ${req.gvk.kind}`);
    w.line(0, `VERSION:  ${req.gvk.group ? `${req.gvk.group}/` : ''}${req.gvk.version}\n`);
  };
  const description = (own: string) => {
    w.line(0, 'DESCRIPTION:');
    let empty = true;
    for (const [i, d] of [...descriptions, own].entries()) {
      if (d === '') continue;
      empty = false;
      if (i !== 0) w.line(0, '');
      w.wrapped(DESCRIPTION_INDENT, d);
    }
    if (empty) w.wrapped(DESCRIPTION_INDENT, '<empty>');
  };
  for (let m = target; ; ) {
    if (m.t === 'ref') {
      descriptions.push(m.description);
      m = defs.resolve(m);
    } else if (m.t === 'map' || m.t === 'array') {
      descriptions.push(m.description);
      type ||= typeName(defs, m);
      m = m.sub;
    } else {
      header();
      if (m.t === 'kind') {
        type ||= typeName(defs, m);
        if (name) w.line(0, `RESOURCE: ${name} <${type}>\n`);
        description(m.description);
        w.line(0, '\nFIELDS:');
        printFields(defs, w, m, FIELD_INDENT, req.recursive, new Set());
      } else if (m.t === 'primitive') {
        type ||= typeName(defs, m);
        w.line(0, `FIELD:    ${name} <${type}>\n`);
        description(m.description);
      } else description(m.description);
      return w.text;
    }
  }
}
