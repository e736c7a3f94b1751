import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../src/api/types.js';
import { cellText, renderTable, renderTables } from '../../src/printers/table-render.js';
import type { Table } from '../../src/printers/types.js';

const obj = (name: string, ns: string, labels?: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'X', metadata: { name, namespace: ns, labels } });

const table: Table = {
  columnDefinitions: [
    { name: 'Name', type: 'string', format: 'name', description: '', priority: 0 },
    { name: 'Count', type: 'integer', format: '', description: '', priority: 0 },
    { name: 'Note', type: 'string', format: '', description: '', priority: 1 },
  ],
  rows: [
    { cells: ['a', 12, 'first\rsecond'], object: obj('a', 'ns1', { 'example.com/tier': 'web' }) },
    { cells: ['bb', 3, ''], object: obj('bb', 'ns2') },
  ],
};

test('cells: Go Sprint for non-strings, cut at the first line break with ...', () => {
  assert.equal(cellText(12), '12');
  assert.equal(cellText(false), 'false');
  assert.equal(cellText(null), '');
  assert.equal(cellText('a\fb'), 'a...');
});

test('renderTable: wide columns, NAMESPACE, -L and LABELS columns, kind prefix', () => {
  assert.equal(renderTable(table), 'NAME   COUNT\na      12\nbb     3\n');
  assert.equal(
    renderTable(table, { wide: true, withNamespace: true, labelColumns: ['example.com/tier'], showLabels: true, kindPrefix: 'x.example.com' }),
    'NAMESPACE   NAME               COUNT   NOTE       TIER   LABELS\n' +
      'ns1         x.example.com/a    12      first...   web    example.com/tier=web\n' +
      'ns2         x.example.com/bb   3                         <none>\n',
  );
});

test('renderTables: empty tables print nothing and add no blank line', () => {
  const empty: Table = { ...table, rows: [] };
  assert.equal(renderTable(empty), '');
  assert.equal(renderTables([{ table: empty, opts: {} }, { table, opts: {} }, { table: empty, opts: {} }]), 'NAME   COUNT\na      12\nbb     3\n');
  assert.equal(renderTables([{ table, opts: {} }, { table, opts: {} }]), 'NAME   COUNT\na      12\nbb     3\n\nNAME   COUNT\na      12\nbb     3\n');
});
