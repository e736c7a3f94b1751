/**
 * Every document of the shared corpus goes through defaulting + validation, and the outcome must be
 * what a real v1.32 API server does with it (EXPECT.tsv). Rows whose rejection is a parse/CLI matter
 * (kind missing, not an object, malformed nested List, generateName with apply) are left to the
 * apply end-to-end tests.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import yaml from 'js-yaml';
import { applyDefaults } from '../../src/api/defaults/index.js';
import { builtinRegistry } from '../../src/api/registry.js';
import type { KubeObject } from '../../src/api/types.js';
import { validateObject } from '../../src/api/validation/index.js';
import { ApiError, renderApiError } from '../../src/errors.js';
import { SHARED } from '../helpers/cli.js';

const CORPUS = join(SHARED, 'corpus');
const EXPECT = join(CORPUS, 'EXPECT.tsv');

const CLI_ONLY_REASONS = [/^kind missing/, /^not an object/, /^malformed nested List/, /^generateName cannot be used with apply/];

/** What our error must say for each reason a document is rejected. */
const REASON_TEXT: Array<[RegExp, RegExp]> = [
  [/custom resource without its CRD|is no longer served/, /^no matches for kind/],
  [/duplicate and unknown fields/, /strict decoding error: unknown field "spec\.baz", unknown field "spec\.foo"/],
  [/container name missing/, /^The Pod "test" is invalid: spec\.containers\[0\]\.name: Required value$/],
  [
    /nodeAffinity required term has the wrong shape/,
    /json: cannot unmarshal array into Go struct field NodeAffinity\.spec\.affinity\.nodeAffinity\.requiredDuringSchedulingIgnoredDuringExecution of type v1\.NodeSelector$/,
  ],
  [/data values are not base64/, /^Error from server \(BadRequest\): Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 7$/],
];

/**
 * Rows EXPECT.tsv marks `accept` that a v1.32 API server refuses: these files are templates (kustomize
 * bases, placeholders) never meant to be applied as they are. apps/v1 requires spec.selector
 * (ValidateDeploymentSpec), a string is no int32 port, and '.' is not base64. We assert the server's
 * actual error for them instead.
 */
const EXPECT_TSV_ERRATA: Array<[string, RegExp]> = [
  ['cli-runtime-artifacts/artifacts/kustomization/deployment.yaml Deployment/the-deployment', /spec\.selector: Required value/],
  ['ingress-nginx/deploy/prometheus/deployment.yaml Deployment/prometheus-server', /spec\.selector: Required value/],
  ['metrics-server/manifests/base/deployment.yaml Deployment/metrics-server', /spec\.selector: Required value/],
  ['gke-samples/networking/sctp/sctp-deployment.yaml Deployment/sctp-app', /cannot unmarshal string into Go struct field ContainerPort\.spec\.template\.spec\.containers\.ports\.containerPort of type int32$/],
  ['gke-samples/networking/sctp/sctp-deployment.yaml Service/sctp-service', /cannot unmarshal string into Go struct field ServicePort\.spec\.ports\.port of type int32$/],
  ['ingress-nginx/docs/examples/customization/ssl-dh-param/ssl-dh-param.yaml Secret/lb-dhparam', /illegal base64 data at input byte 0$/],
];

interface Row {
  file: string;
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  expect: string;
  reason: string;
}

function readRows(): Row[] {
  return readFileSync(EXPECT, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [file, apiVersion, kind, namespace, name, expect, reason] = line.split('\t');
      return { file: file!, apiVersion: apiVersion!, kind: kind!, namespace: namespace!, name: name!, expect: expect!, reason: reason ?? '' };
    });
}

/** A stream of concatenated JSON documents (what kubectl accepts besides YAML). */
function splitJsonStream(text: string): unknown[] {
  const docs: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') {
      if (depth++ === 0) start = i;
    } else if (c === '}' && --depth === 0) docs.push(JSON.parse(text.slice(start, i + 1)));
  }
  return docs;
}

function loadDocs(file: string): unknown[] {
  const text = readFileSync(join(CORPUS, file), 'utf8');
  let docs: unknown[];
  try {
    docs = yaml.loadAll(text, undefined, { json: true });
  } catch {
    docs = splitJsonStream(text);
  }
  const out: unknown[] = [];
  for (const d of docs) {
    if (d === null || d === undefined) continue;
    const o = d as KubeObject;
    if (typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items)) out.push(...o.items);
    else out.push(d);
  }
  return out;
}

function keyOf(apiVersion: string, kind: string, namespace: string, name: string): string {
  return [apiVersion, kind, namespace, name].join('\t');
}

/** Runs one document as the API server would; undefined = accepted, otherwise the rendered error. */
function serverOutcome(doc: KubeObject): string | undefined {
  const type = builtinRegistry.forKind(doc.apiVersion, doc.kind);
  if (!type) return `no matches for kind "${doc.kind}" in version "${doc.apiVersion}"`;
  const obj = JSON.parse(JSON.stringify(doc)) as KubeObject;
  // The server names a generateName object before validating it (the CLI refuses it with apply).
  if (obj.metadata && !obj.metadata.name && obj.metadata.generateName) obj.metadata.name = `${obj.metadata.generateName}x7k2p`;
  try {
    applyDefaults(obj, type);
    validateObject(obj, type);
    return undefined;
  } catch (err) {
    if (err instanceof ApiError) return renderApiError(err);
    throw err;
  }
}

test('corpus: accept/reject matches a v1.32 API server for every document', { skip: !existsSync(EXPECT) && `no corpus at ${EXPECT}` }, () => {
  const rows = readRows();
  const docsByFile = new Map<string, Map<string, KubeObject>>();
  const failures: string[] = [];
  let accepted = 0;
  let rejected = 0;
  let skipped = 0;
  let errata = 0;
  for (const row of rows) {
    if (row.expect === 'reject' && CLI_ONLY_REASONS.some((r) => r.test(row.reason))) {
      skipped++;
      continue;
    }
    let docs = docsByFile.get(row.file);
    if (!docs) {
      docs = new Map();
      for (const d of loadDocs(row.file)) {
        const o = d as KubeObject;
        const m = o.metadata ?? {};
        docs.set(keyOf(o.apiVersion, o.kind, m.namespace ?? '', m.name ?? m.generateName ?? ''), o);
      }
      docsByFile.set(row.file, docs);
    }
    const doc = docs.get(keyOf(row.apiVersion, row.kind, row.namespace, row.name));
    const where = `${row.file} ${row.kind}/${row.name}`;
    if (!doc) {
      failures.push(`${where}: document not found`);
      continue;
    }
    const outcome = serverOutcome(doc);
    const erratum = EXPECT_TSV_ERRATA.find(([w]) => w === where);
    if (erratum) {
      if (outcome !== undefined && erratum[1].test(outcome)) errata++;
      else failures.push(`${where}: expected the server's rejection ${erratum[1]}, got ${outcome ?? 'accept'}`);
      continue;
    }
    if (row.expect === 'accept') {
      if (outcome === undefined) accepted++;
      else failures.push(`${where}: expected accept, got ${outcome}`);
      continue;
    }
    if (outcome === undefined) {
      failures.push(`${where}: expected reject (${row.reason}), got accept`);
      continue;
    }
    const wanted = REASON_TEXT.find(([reason]) => reason.test(row.reason));
    if (!wanted) failures.push(`${where}: no expected text for reason "${row.reason}" (got ${outcome})`);
    else if (!wanted[1].test(outcome)) failures.push(`${where}: rejected for the wrong reason: ${outcome}`);
    else rejected++;
  }
  console.log(
    `corpus validation: ${accepted} accepted, ${rejected} rejected as expected, ${errata} EXPECT.tsv errata rejected as a real server does, ` +
      `${skipped} CLI-only rejections skipped, ${failures.length} wrong`,
  );
  assert.deepEqual(failures, []);
  assert.equal(accepted + errata, rows.filter((r) => r.expect === 'accept').length);
  assert.equal(errata, EXPECT_TSV_ERRATA.length);
});
