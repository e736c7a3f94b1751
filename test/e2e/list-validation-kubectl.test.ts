/**
 * A `v1 List` document is validated by kubectl itself (the API server has no List to validate):
 * each item against the OpenAPI v2 definitions, the whole document refused at the first fault.
 * Real kubectl through serve (which publishes those definitions) and kubectl-lite must print the
 * same and leave the store alike. Skipped, saying so, without kubectl.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import type { Result } from '../helpers/cli.js';
import { serveForSuite } from './serve-helpers.js';

const skip = !kubectlAvailable() && SKIP_NO_KUBECTL;
if (skip) process.stderr.write(`SKIPPING list-validation-kubectl: ${SKIP_NO_KUBECTL}\n`);

const CRD = {
  apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com', scope: 'Namespaced', names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
    versions: [{
      name: 'v1', served: true, storage: true,
      schema: {
        openAPIV3Schema: {
          type: 'object',
          properties: {
            spec: {
              type: 'object', required: ['size'],
              properties: {
                size: { type: 'integer' },
                port: { 'x-kubernetes-int-or-string': true },
                tags: { type: 'object', additionalProperties: { type: 'string' } },
                parts: { type: 'array', items: { type: 'object', properties: { weights: { type: 'array', items: { type: 'number' } } } } },
              },
            },
          },
        },
      },
    }],
  },
};

const list = (items: unknown[]) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
const pod = (spec: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec });

const FILES: Record<string, string> = {
  // A wrong type and an unknown field in one item, after a good one: nothing is sent.
  'bad.json': list([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'okcm' } }, pod({ containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 'http' }] }], extra: 1 })]),
  // Items that are not objects, without apiVersion, with a kind that is no string, a bad group version; nulls.
  'kinds.yaml': 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: q}\n  spec: {containers: [{name: c, image: x, command: 5}], nope: [1, null]}\n- kind: ConfigMap\n- 5\n- {apiVersion: 3, kind: [1]}\n- {apiVersion: a/b/c, kind: X}\n',
  // A custom kind: arrays of numbers (integers pass, 1.0 too), nulls in a list and a map, a required field missing.
  'widgets.yaml': 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: example.com/v1\n  kind: Widget\n  metadata: {name: w}\n  spec: {size: 1.5, parts: [{weights: [1, 2.5, "x", true, null]}], tags: {a: 1, b: null}, port: [1]}\n- apiVersion: example.com/v1\n  kind: Widget\n  metadata: {name: v}\n  spec: {tags: [a], parts: {a: 1}}\n',
  'widgets.json': list([{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 1, parts: [{ weights: [1] }] } }]).replace('[1]', '[1.0, 2]'),
  // Lists where maps or objects go and the reverse, scalars where either goes.
  'shapes.yaml': 'apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Pod, metadata: [1], spec: {containers: [{name: c, image: x, resources: [1], env: {a: 1}, ports: 5, args: true}]}}\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: x, labels: [1]}, data: 5}\n',
  // Documents before the List are sent; the List and what follows it are not.
  'mixed.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: first}\n---\n${list([pod({ containers: [{ name: 'c', image: 'x' }], extra: 1 })])}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: last}\n`,
  // Valid: every kind's fields as the server keeps them (status, managedFields) pass.
  'good.json': list([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'good', labels: { a: 'b' } }, data: { k: 'v' } }, pod({ containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 80 }] }] })]),
};

/** klog's time and process id differ from run to run. */
const klog = (r: Result): Result => ({ ...r, stderr: r.stderr.replace(/^W\d{4} [\d:.]+ +\d+ /gm, 'W ') });

describe('a List document is validated by kubectl on the client', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'kl-list-validation-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(FILES)) writeFileSync(join(dir, name), text);
  const suite = serveForSuite((served) => {
    served.lite(['apply', '-f', '-'], { stdin: JSON.stringify(CRD) });
  });

  for (const args of [
    'create --dry-run=client -f bad.json',
    'apply --dry-run=server -f bad.json',
    'replace -f bad.json',
    'create --dry-run=client -f kinds.yaml',
    'create --dry-run=client -f widgets.yaml',
    'create --dry-run=client -f widgets.json',
    'create --dry-run=client -f shapes.yaml',
    'apply --dry-run=server -f mixed.yaml',
    'create --dry-run=client -f good.json',
    'create --dry-run=client -f bad.json --validate=false',
    // warn: kubectl cannot, says so, and sends nothing for a client dry run (no server warns).
    'create --dry-run=client -f bad.json --validate=warn',
  ]) {
    test(args, async () => {
      await suite.same(args.replace(/-f (\S+)/, (_, f) => `-f ${join(dir, f)}`), klog);
    });
  }
});
