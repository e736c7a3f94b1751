import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CliError } from '../../src/errors.js';
import { columnsFromSpec, columnsFromTemplate, renderCustomColumns } from '../../src/printers/custom-columns.js';

const objs = [
  { metadata: { name: 'web-1', labels: { app: 'web' } }, spec: { containers: [{ name: 'app' }, { name: 'sidecar' }] } },
  { metadata: { name: 'db' }, spec: { containers: [{ name: 'pg' }] } },
];
const render = (spec: string, noHeaders = false) => {
  let out = '';
  renderCustomColumns(columnsFromSpec(spec), objs, noHeaders, { write: (s) => void (out += s) });
  return out;
};

test('custom-columns: tabwriter layout, <none>, comma-joined values, Go map rendering', () => {
  assert.equal(
    render('NAME:.metadata.name,C:.spec.containers[*].name,L:.metadata.labels,X:.nope'),
    'NAME    C             L              X\nweb-1   app,sidecar   map[app:web]   <none>\ndb      pg            <none>         <none>\n',
  );
  assert.equal(render('NAME:.metadata.name', true), 'web-1\ndb\n');
});

test('custom-columns: spec errors', () => {
  assert.throws(() => columnsFromSpec('NAME'), new CliError('unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>'));
  assert.deepEqual(columnsFromTemplate('NAME  PHASE\n.metadata.name {.status.phase}\n'), [
    { header: 'NAME', fieldSpec: '{.metadata.name}' },
    { header: 'PHASE', fieldSpec: '{.status.phase}' },
  ]);
});
