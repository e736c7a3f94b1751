/**
 * A read of one object takes it out of its shard's text (src/store/peek.ts) where that is certain,
 * and parses the shard otherwise: what it returns is what the parsed shard holds.
 */
import assert from 'node:assert/strict';
import { closeSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FileStore } from '../../src/store/file-store.js';
import { peekEntry, peekFileEntry, shardEntries, withoutMetadataField } from '../../src/store/peek.js';
import { tempHome } from '../helpers/cli.js';

const pod = (ns: string, name: string, extra: Record<string, unknown> = {}) => ({ metadata: { name, namespace: ns }, spec: { note: 'a "quoted" {brace} \\ [x]', list: [{ a: '}' }] }, ...extra });

test('peekEntry: the object under a key, only where the text holds the key once and the object is the one it names', () => {
  const shard = { 'ns/a': pod('ns', 'a'), 'ns/b': pod('ns', 'b', { labels: { 'ns/c': 'x' } }), 'ns/"q"': pod('ns', '"q"'), node1: { metadata: { name: 'node1' } } };
  const text = Buffer.from(JSON.stringify(shard));
  assert.deepEqual(peekEntry(text, 'ns/a'), shard['ns/a']);
  assert.deepEqual(peekEntry(text, 'ns/b'), shard['ns/b']);
  assert.deepEqual(peekEntry(text, 'ns/"q"'), shard['ns/"q"']);
  assert.deepEqual(peekEntry(text, 'node1'), shard.node1);
  assert.equal(peekEntry(text, 'ns/zz'), undefined, 'absent: not decided here');
  // A nested map with the same key: the text holds it twice, so the shard is parsed.
  const twice = Buffer.from(JSON.stringify({ ...shard, 'ns/c': pod('ns', 'c'), 'ns/d': pod('ns', 'd', { spec: { 'ns/c': pod('ns', 'c') } }) }));
  assert.equal(peekEntry(twice, 'ns/c'), undefined);
  // Only nested (the key is not stored): its value is not the object the key names, or is not an object.
  assert.equal(peekEntry(Buffer.from(JSON.stringify({ 'ns/x': { spec: { 'ns/c': { metadata: { name: 'other', namespace: 'ns' } } } } })), 'ns/c'), undefined);
  assert.equal(peekEntry(text, 'ns/c'), undefined);
  // Text that is not a whole shard (cut short) is left to the parser to report.
  assert.equal(peekEntry(text.subarray(0, text.indexOf('"ns/b"') + 30), 'ns/b'), undefined);
  // Multi-byte characters are bytes like any other.
  const utf = { 'ns/é': pod('ns', 'é', { note: 'ü \u2028 😀' }) };
  assert.deepEqual(peekEntry(Buffer.from(JSON.stringify(utf)), 'ns/é'), utf['ns/é']);
});

test('peekFileEntry: read a part at a time, the same answer as peekEntry over the whole text, wherever the parts end', () => {
  const { home, dispose } = tempHome();
  try {
    const shard: Record<string, unknown> = { 'ns/a': pod('ns', 'a'), 'ns/b': pod('ns', 'b', { labels: { 'ns/c': 'x' } }), 'ns/"q"': pod('ns', '"q"'), node1: { metadata: { name: 'node1' } } };
    for (let i = 0; i < 12; i++) shard[`ns/p${i}`] = pod('ns', `p${i}`, { big: 'x'.repeat(i * 37) });
    const texts = [
      JSON.stringify(shard),
      JSON.stringify({ ...shard, 'ns/c': pod('ns', 'c'), 'ns/d': pod('ns', 'd', { spec: { 'ns/c': pod('ns', 'c') } }) }),
      JSON.stringify({ 'ns/x': { spec: { 'ns/c': { metadata: { name: 'other', namespace: 'ns' } } } } }),
      JSON.stringify({ 'ns/é': pod('ns', 'é', { note: 'ü \u2028 😀' }) }),
    ];
    texts.push(texts[0]!.slice(0, texts[0]!.indexOf('"ns/b"') + 30), texts[0]!.slice(0, -1), `${texts[0]!.slice(0, -1)},"ns/p3":{}}`);
    const keys = ['ns/a', 'ns/b', 'ns/"q"', 'node1', 'ns/zz', 'ns/c', 'ns/d', 'ns/p0', 'ns/p3', 'ns/p11', 'ns/é'];
    const file = join(home, 'shard.json');
    let found = 0;
    for (const text of texts) {
      const bytes = Buffer.from(text);
      writeFileSync(file, bytes);
      const fd = openSync(file, 'r');
      try {
        for (const key of keys) {
          const whole = peekEntry(bytes, key);
          if (whole) found++;
          // Parts from barely two needles long to bigger than the file: every boundary falls somewhere.
          for (let size = 2 * Buffer.byteLength(`${JSON.stringify(key)}:`); size < bytes.length + 64; size += size < 40 ? 1 : 7) {
            assert.deepEqual(peekFileEntry(fd, bytes.length, key, Buffer.alloc(size)), whole, `${key} in parts of ${size} bytes of ${text.slice(0, 40)}`);
          }
        }
      } finally {
        closeSync(fd);
      }
    }
    assert.ok(found >= 10, 'most keys are found, so the comparison is not only of undefined');
    rmSync(file);
  } finally {
    dispose();
  }
});

test('store get: one object read from its shard text is the one the whole shard holds; absent keys and corrupt shards as before', () => {
  const { home, dispose } = tempHome();
  try {
    const store = new FileStore(home);
    const objects = Array.from({ length: 200 }, (_, i) => pod(`ns${i % 3}`, `p${i}`, { labels: i === 5 ? { 'ns1/p7': 'same key as another object' } : {} }));
    store.update((tx) => {
      for (const o of objects) tx.put('core/pods', `${o.metadata.namespace}/${o.metadata.name}`, o);
    });
    const root = JSON.parse(readFileSync(join(home, 'store.json'), 'utf8'));
    assert.ok(root.sharded['core/pods'].files.length > 1, 'sharded');
    store.read((snap) => {
      for (const o of objects) assert.deepEqual(snap.get('core/pods', `${o.metadata.namespace}/${o.metadata.name}`), o);
      assert.equal(snap.get('core/pods', 'ns0/none'), undefined);
      assert.equal(snap.get('core/pods', 'ns0/p0'), snap.get('core/pods', 'ns0/p0'), 'the same object each time');
      assert.deepEqual(snap.list('core/pods').map(([, v]) => v), [...objects].sort((a, b) => (`${a.metadata.namespace}/${a.metadata.name}` < `${b.metadata.namespace}/${b.metadata.name}` ? -1 : 1)));
    });
    // A shard that is not JSON is reported, whichever key is asked for.
    const file = join(home, 'objects', root.sharded['core/pods'].files[0]);
    const key = Object.keys(JSON.parse(readFileSync(file, 'utf8')))[0]!;
    writeFileSync(file, '{"broken');
    assert.throws(() => store.read((snap) => snap.get('core/pods', key)), (e: Error) => e.message.includes(file) && e.message.includes('corrupt'));
  } finally {
    dispose();
  }
});

test('shardEntries: where each entry of a shard written by JSON.stringify is; undefined for anything else', () => {
  const shard = { 'ns/a': pod('ns', 'a'), 'ns/"q"\\': pod('ns', 'q'), 'ns/é': pod('ns', 'é', { note: '😀 }' }) };
  const bytes = Buffer.from(JSON.stringify(shard));
  const at = shardEntries(bytes)!;
  assert.deepEqual([...at.keys()], Object.keys(shard));
  for (const [k, [start, end]] of at) assert.deepEqual(JSON.parse(bytes.toString('utf8', start, end)), shard[k as keyof typeof shard]);
  assert.deepEqual([...shardEntries(Buffer.from('{}'))!], []);
  for (const bad of [JSON.stringify(shard, null, 1), JSON.stringify(shard).slice(0, -1), `${JSON.stringify(shard)} `, '{"a":1}', '[]', '{"a":{}}x']) {
    assert.equal(shardEntries(Buffer.from(bad)), undefined, bad);
  }
});

test('withoutMetadataField: the object without metadata.managedFields, found only directly in the top-level metadata', () => {
  const mf = [{ manager: 'm', fieldsV1: { 'f:metadata': { 'f:labels': {} } } }];
  // Each object, and whether its top-level metadata.managedFields is left out.
  const cases: Array<[Record<string, unknown>, boolean]> = [
    [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', managedFields: mf, uid: 'u' } }, true],
    [{ metadata: { managedFields: mf, name: 'first' } }, true],
    [{ metadata: { name: 'last', managedFields: mf } }, true],
    [{ metadata: { managedFields: mf } }, true],
    [{ metadata: { managedFields: [] }, spec: { x: 1 } }, true],
    [{ metadata: { name: 'none' } }, false],
    // Elsewhere than directly in the top-level metadata: kept (and where another comes first, the object is left whole).
    [{ spec: { template: { metadata: { managedFields: mf } } }, metadata: { name: 'n' } }, false],
    [{ metadata: { annotations: { note: '"managedFields":[1]' }, name: 'escaped' } }, false],
    [{ metadata: { labels: { managedFields: 'x' }, name: 'nested' } }, false],
    [{ status: { metadata: { managedFields: mf } }, metadata: { name: 'later', managedFields: mf } }, false],
  ];
  for (const [obj, removed] of cases) {
    const bytes = Buffer.from(JSON.stringify({ k: obj }));
    const [start, end] = shardEntries(bytes)!.get('k')!;
    const expected = structuredClone(obj) as { metadata: Record<string, unknown> };
    if (removed) delete expected.metadata.managedFields;
    assert.deepEqual(JSON.parse(withoutMetadataField(bytes, start, end, 'managedFields')), expected, JSON.stringify(obj));
  }
});
