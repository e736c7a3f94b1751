import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FileStore, rootText, syncsLeftToClose } from '../../src/store/file-store.js';
import { StoreError } from '../../src/store/types.js';
import { REPO_ROOT, tempHome } from '../helpers/cli.js';

test('store: put/get/list/delete, revision counter, sorted keys', () => {
  const { home, dispose } = tempHome();
  try {
    const store = new FileStore(home);
    store.update((tx) => {
      tx.put('core/pods', 'default/b', { n: 2, rv: tx.nextRevision() });
      tx.put('core/pods', 'default/a', { n: 1, rv: tx.nextRevision() });
    });
    const again = new FileStore(home);
    again.read((s) => {
      assert.equal(s.revision, 2);
      assert.deepEqual(s.get('core/pods', 'default/a'), { n: 1, rv: 2 });
      assert.deepEqual(s.list('core/pods').map(([k]) => k), ['default/a', 'default/b']);
    });
    again.update((tx) => assert.equal(tx.delete('core/pods', 'default/a'), true));
    again.read((s) => assert.deepEqual(s.list('core/pods').map(([k]) => k), ['default/b']));
  } finally {
    dispose();
  }
});

test('store: a throwing update writes nothing', () => {
  const { home, dispose } = tempHome();
  try {
    const store = new FileStore(home);
    store.update((tx) => tx.put('c', 'k', 1));
    const before = readFileSync(join(home, 'store.json'));
    assert.throws(() => store.update((tx) => {
      tx.put('c', 'k2', 2);
      throw new Error('boom');
    }));
    assert.deepEqual(readFileSync(join(home, 'store.json')), before);
    store.read((s) => assert.equal(s.get('c', 'k2'), undefined));
  } finally {
    dispose();
  }
});

test('store: directory is 0700 and files 0600', () => {
  const { home, dispose } = tempHome();
  try {
    const dir = join(home, 'c1');
    new FileStore(dir).update((tx) => tx.put('c', 'k', 1));
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    assert.equal(statSync(join(dir, 'store.json')).mode & 0o777, 0o600);
  } finally {
    dispose();
  }
});

test('store: a corrupt file is an error naming the file, and is not overwritten', () => {
  const { home, dispose } = tempHome();
  try {
    writeFileSync(join(home, 'store.json'), '{"revision": 3, "meta": {}, "coll');
    const store = new FileStore(home);
    assert.throws(() => store.read(() => 1), (e: unknown) => e instanceof StoreError && e.message.includes(join(home, 'store.json')) && e.message.includes('corrupt'));
    assert.throws(() => store.update((tx) => tx.put('c', 'k', 1)), StoreError);
    assert.equal(readFileSync(join(home, 'store.json'), 'utf8'), '{"revision": 3, "meta": {}, "coll');
  } finally {
    dispose();
  }
});

test('store: a big collection moves into shard files and back, staying consistent', () => {
  const { home, dispose } = tempHome();
  try {
    const store = new FileStore(home);
    store.update((tx) => {
      for (let i = 0; i < 1000; i++) tx.put('core/pods', `ns/p${String(i).padStart(4, '0')}`, { i });
      tx.put('core/nodes', 'n1', { n: 1 });
    });
    const shardFiles = readdirSync(join(home, 'objects'));
    assert.ok(shardFiles.length >= 4, `expected shards, got ${shardFiles.length}`);
    const root = JSON.parse(readFileSync(join(home, 'store.json'), 'utf8'));
    assert.equal(root.inline['core/pods'], undefined);
    assert.deepEqual(root.inline['core/nodes'], { n1: { n: 1 } });
    new FileStore(home).read((s) => {
      assert.deepEqual(s.get('core/pods', 'ns/p0500'), { i: 500 });
      const keys = s.list('core/pods').map(([k]) => k);
      assert.equal(keys.length, 1000);
      assert.deepEqual(keys, [...keys].sort());
    });
    // An update touching one object rewrites one shard only.
    store.update((tx) => tx.put('core/pods', 'ns/p0001', { i: -1 }));
    new FileStore(home).read((s) => assert.deepEqual(s.get('core/pods', 'ns/p0001'), { i: -1 }));
    store.update((tx) => {
      for (let i = 0; i < 990; i++) tx.delete('core/pods', `ns/p${String(i).padStart(4, '0')}`);
    });
    const back = JSON.parse(readFileSync(join(home, 'store.json'), 'utf8'));
    assert.equal(Object.keys(back.inline['core/pods']).length, 10);
    assert.deepEqual(back.sharded, {});
  } finally {
    dispose();
  }
});

test('store: a few big objects are kept out of the root too (every command parses it), and come back when small', () => {
  const { home, dispose } = tempHome();
  try {
    const store = new FileStore(home);
    const big = (i: number) => ({ i, rules: 'x'.repeat(2000) });
    store.update((tx) => {
      for (let i = 0; i < 20; i++) tx.put('rbac/clusterroles', `r${i}`, big(i));
      tx.put('core/nodes', 'n1', { n: 1 });
    });
    const root = () => JSON.parse(readFileSync(join(home, 'store.json'), 'utf8'));
    assert.equal(root().inline['rbac/clusterroles'], undefined, '20 objects of 2 KB are not inline');
    assert.equal(root().sharded['rbac/clusterroles'].count, 20);
    assert.ok(readFileSync(join(home, 'store.json'), 'utf8').length < 4000);
    new FileStore(home).read((s) => assert.deepEqual(s.get('rbac/clusterroles', 'r7'), big(7)));
    // Small again (under half the limit): back in the root at the next write of the collection.
    store.update((tx) => {
      for (let i = 0; i < 20; i++) tx.put('rbac/clusterroles', `r${i}`, { i });
    });
    assert.equal(Object.keys(root().inline['rbac/clusterroles']).length, 20);
    assert.equal(root().sharded['rbac/clusterroles'], undefined);
    // One object alone stays inline whatever its size.
    store.update((tx) => tx.put('apiextensions/crds', 'one', big(1)));
    assert.deepEqual(root().inline['apiextensions/crds'], { one: big(1) });
  } finally {
    dispose();
  }
});

test('store: a listing within a transaction follows its puts and deletes (inline and sharded)', () => {
  const { home, dispose } = tempHome();
  try {
    const store = new FileStore(home);
    store.update((tx) => {
      for (let i = 0; i < 300; i++) tx.put('big', `k${String(i).padStart(3, '0')}`, i);
      tx.put('small', 'b', 1);
    });
    store.update((tx) => {
      for (const c of ['big', 'small']) {
        const before = tx.list(c);
        tx.put(c, 'a-new', 'new');
        tx.put(c, before[0]![0], 'changed');
        const during = tx.list(c);
        assert.equal(during.length, before.length + 1, c);
        assert.deepEqual(during[0], ['a-new', 'new'], c);
        assert.deepEqual(during[1], [before[0]![0], 'changed'], c);
        assert.deepEqual(before[0]![1], c === 'big' ? 0 : 1, 'a listing already handed out does not change');
        tx.delete(c, 'a-new');
        assert.deepEqual(tx.list(c).map(([k]) => k), before.map(([k]) => k), c);
      }
    });
    new FileStore(home).read((s) => {
      const keys = s.list('big').map(([k]) => k);
      assert.deepEqual(keys, [...keys].sort());
      assert.equal(s.list('big')[0]![1], 'changed');
    });
  } finally {
    dispose();
  }
});

test('store: keys <stem>.<suffix> share a shard (the Events about one object are read and written together)', () => {
  const { home, dispose } = tempHome();
  try {
    const store = new FileStore(home);
    store.update((tx) => {
      for (let o = 0; o < 40; o++) for (let e = 0; e < 5; e++) tx.put('core/events', `default/pod-${o}.${(1000 + e).toString(16)}`, { o, e });
    });
    const root = JSON.parse(readFileSync(join(home, 'store.json'), 'utf8'));
    assert.equal(root.sharded['core/events'].hash, 'mixed');
    const files: string[] = root.sharded['core/events'].files;
    assert.ok(files.length > 1);
    const shardOfStem = new Map<string, string>();
    for (const f of files) {
      for (const key of Object.keys(JSON.parse(readFileSync(join(home, 'objects', f), 'utf8')))) {
        const stem = key.slice(0, key.lastIndexOf('.'));
        assert.equal(shardOfStem.get(stem) ?? f, f, `${key} is not with the other keys of ${stem}`);
        shardOfStem.set(stem, f);
      }
    }
    assert.equal(shardOfStem.size, 40);
    new FileStore(home).read((s) => assert.deepEqual(s.get('core/events', 'default/pod-7.3e9'), { o: 7, e: 1 }));
  } finally {
    dispose();
  }
});

test('store: a collection sharded by whole keys (stores written before) is still read and written', () => {
  const { home, dispose } = tempHome();
  try {
    // FNV-1a of the whole key picks the shard, as the first sharded layout did.
    const fnv = (k: string) => {
      let h = 0x811c9dc5;
      for (let i = 0; i < k.length; i++) h = Math.imul(h ^ k.charCodeAt(i), 0x01000193);
      return h >>> 0;
    };
    const shards: Array<Record<string, unknown>> = [{}, {}];
    for (let i = 0; i < 100; i++) shards[fnv(`ns/p.${i}`) % 2]![`ns/p.${i}`] = { i };
    mkdirSync(join(home, 'objects'), { recursive: true });
    shards.forEach((s, i) => writeFileSync(join(home, 'objects', `old.${i}.1.json`), JSON.stringify(s)));
    writeFileSync(join(home, 'store.json'), JSON.stringify({ format: 2, revision: 1, generation: 1, meta: {}, inline: {}, sharded: { old: { count: 100, files: ['old.0.1.json', 'old.1.1.json'] } } }));
    const store = new FileStore(home);
    store.read((s) => {
      assert.deepEqual(s.get('old', 'ns/p.42'), { i: 42 });
      assert.equal(s.list('old').length, 100);
    });
    store.update((tx) => tx.put('old', 'ns/p.42', { i: -42 }));
    new FileStore(home).read((s) => {
      assert.deepEqual(s.get('old', 'ns/p.42'), { i: -42 });
      assert.deepEqual(s.get('old', 'ns/p.43'), { i: 43 });
    });
  } finally {
    dispose();
  }
});

test('store: a replaced shard file stays for readers of the old root, then goes; strays are swept', () => {
  const { home, dispose } = tempHome();
  try {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const store = new FileStore(home, () => now);
    store.update((tx) => {
      for (let i = 0; i < 200; i++) tx.put('big', `k${i}`, i);
    });
    const objects = join(home, 'objects');
    // The shard files (every sharded collection has an owner index beside them).
    const before = new Set(readdirSync(objects).filter((f) => f.startsWith('big.')));
    store.update((tx) => tx.put('big', 'k1', -1));
    const replaced = [...before].filter((f) => !JSON.parse(readFileSync(join(home, 'store.json'), 'utf8')).sharded.big.files.includes(f));
    assert.equal(replaced.length, 1, 'one shard rewritten');
    assert.ok(readdirSync(objects).includes(replaced[0]!), 'kept while a reader may hold the old root');
    now += 61_000;
    store.update((tx) => tx.put('small', 'x', 1));
    assert.ok(!readdirSync(objects).includes(replaced[0]!), 'removed after the grace period');
    assert.equal(JSON.parse(readFileSync(join(home, 'store.json'), 'utf8')).retired, undefined);
    // A crashed writer's temp file is named by no root: the periodic sweep takes it once it is old.
    const stray = join(objects, 'big.0.999.json.12345.tmp');
    writeFileSync(stray, '{}');
    const old = new Date(now - 120_000);
    utimesSync(stray, old, old);
    for (let i = 0; i < 64; i++) store.update((tx) => tx.put('small', 'x', i));
    assert.ok(!readdirSync(objects).includes('big.0.999.json.12345.tmp'));
    new FileStore(home).read((snap) => assert.equal(snap.get('big', 'k1'), -1));
  } finally {
    dispose();
  }
});

test('store: concurrent processes never lose a write', async () => {
  const { home, dispose } = tempHome();
  try {
    const script = `
      const { FileStore } = await import(${JSON.stringify(join(REPO_ROOT, 'dist/src/store/file-store.js'))});
      const s = new FileStore(${JSON.stringify(home)});
      for (let i = 0; i < 25; i++) s.update((tx) => {
        tx.setMeta('counter', (tx.getMeta('counter') ?? 0) + 1);
        tx.put('c', process.pid + '-' + i, i);
      });`;
    const procs = Array.from({ length: 8 }, () =>
      new Promise<number>((resolve) => spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit' }).on('exit', (c) => resolve(c ?? -1))),
    );
    assert.deepEqual(await Promise.all(procs), [0, 0, 0, 0, 0, 0, 0, 0]);
    new FileStore(home).read((s) => {
      assert.equal(s.getMeta('counter'), 200);
      assert.equal(s.list('c').length, 200);
    });
  } finally {
    dispose();
  }
});

test('store: a writer that died mid-write leaves the store readable and its lock is broken', async () => {
  const { home, dispose } = tempHome();
  try {
    const store = new FileStore(home);
    store.update((tx) => tx.put('c', 'k', 'before'));
    // A writer killed between writing its temp file and renaming it: stale lock (dead pid) and a temp file.
    const dead = spawn(process.execPath, ['-e', '0']);
    const deadPid = dead.pid!;
    await new Promise((r) => dead.on('exit', r));
    writeFileSync(join(home, 'store.lock'), `${deadPid}\n`);
    writeFileSync(join(home, `store.json.${deadPid}.tmp`), '{"half":');
    // ...and what else a writer killed at any moment leaves: a shard's temp file, its lock file's private copy.
    mkdirSync(join(home, 'objects'), { recursive: true });
    writeFileSync(join(home, 'objects', `c.0.7.json.${deadPid}.tmp`), '{"half":');
    writeFileSync(join(home, `store.lock.${deadPid}.k3x9`), `${deadPid}\n`);
    // Not a writer's: left alone.
    writeFileSync(join(home, 'notes.tmp'), 'mine');
    new FileStore(home).read((s) => assert.equal(s.get('c', 'k'), 'before'));
    new FileStore(home).update((tx) => tx.put('c', 'k', 'after'));
    new FileStore(home).read((s) => assert.equal(s.get('c', 'k'), 'after'));
    // Breaking the dead writer's lock swept its temp files.
    assert.deepEqual(readdirSync(home).filter((f) => f !== 'objects').sort(), ['journal.jsonl', 'notes.tmp', 'store.json']);
    assert.deepEqual(readdirSync(join(home, 'objects')), []);
  } finally {
    dispose();
  }
});

test('store: after a commit, the background syncs left only close files the root waited for (what lets a command exit at once)', async () => {
  const { home, dispose } = tempHome();
  try {
    const store = new FileStore(home);
    const fsRequests = () => process.getActiveResourcesInfo().filter((r) => r === 'FSReqCallback').length;
    store.update((tx) => {
      for (let i = 0; i < 200; i++) tx.put('core/pods', `ns/p${i}`, { metadata: { name: `p${i}`, namespace: 'ns' } });
    });
    const left = syncsLeftToClose();
    assert.ok(left > 0, 'the shards were synced in the background');
    assert.equal(left, fsRequests(), 'each is one of the process\'s file requests');
    for (let i = 0; i < 200 && syncsLeftToClose() > 0; i++) await new Promise((r) => setTimeout(r, 5));
    assert.equal(syncsLeftToClose(), 0);
    assert.equal(fsRequests(), 0);
  } finally {
    dispose();
  }
});

test('store: a commit that writes hundreds of shards syncs them before its root and leaves no file open', () => {
  const { home, dispose } = tempHome();
  try {
    const openFds = () => readdirSync('/proc/self/fd').length;
    const before = openFds();
    const store = new FileStore(home);
    // 5,000 objects in one commit: 512 shards, past the background syncs and the descriptors kept open.
    store.update((tx) => {
      for (let i = 0; i < 5000; i++) tx.put('core/pods', `ns/p${i}`, { metadata: { name: `p${i}`, namespace: 'ns' } });
    });
    const root = JSON.parse(readFileSync(join(home, 'store.json'), 'utf8'));
    assert.ok(root.sharded['core/pods'].files.length >= 512);
    assert.notEqual(syncsLeftToClose(), -1, 'every shard was synced before the root');
    // The background syncs' files close when their callbacks run; no other stays open.
    assert.ok(openFds() - before <= 8 + 1, `descriptors left open: ${openFds() - before}`);
    new FileStore(home).read((s) => assert.deepEqual(s.get('core/pods', 'ns/p4999'), { metadata: { name: 'p4999', namespace: 'ns' } }));
  } finally {
    dispose();
  }
});

test('store: hundreds of files expiring at once are removed in the background, and the command waits for them', async () => {
  const { home, dispose } = tempHome();
  try {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const store = new FileStore(home, () => now);
    const objects = join(home, 'objects');
    store.update((tx) => {
      for (let i = 0; i < 2000; i++) tx.put('big', `k${i}`, i);
    });
    const first = new Set(readdirSync(objects));
    assert.ok(first.size >= 64);
    // Grown past its shards: every one of them is retired.
    store.update((tx) => {
      for (let i = 2000; i < 10000; i++) tx.put('big', `k${i}`, i);
    });
    now += 61_000;
    store.update((tx) => tx.put('small', 'x', 1));
    assert.equal(JSON.parse(readFileSync(join(home, 'store.json'), 'utf8')).retired, undefined);
    const fsRequests = () => process.getActiveResourcesInfo().filter((r) => r === 'FSReqCallback').length;
    assert.ok(fsRequests() > 0, 'removed on the thread pool');
    for (let i = 0; i < 400 && fsRequests() > 0; i++) await new Promise((r) => setTimeout(r, 5));
    assert.deepEqual(readdirSync(objects).filter((f) => first.has(f)), []);
    new FileStore(home).read((snap) => assert.equal(snap.get('big', 'k9999'), 9999));
  } finally {
    dispose();
  }
});

test('store: the root is laid out for readers: its collections and the shard and index records one per line, parsed when asked for, the retired files last and never parsed', () => {
  const { home, dispose } = tempHome();
  try {
    const store = new FileStore(home);
    store.update((tx) => {
      for (let i = 0; i < 2000; i++) tx.put('big', `k${i}`, i);
      for (let i = 0; i < 200; i++) tx.put('other', `k${i}`, i);
      tx.put('small', 'x', 1);
    });
    // Grown past its shards: every one of them is retired.
    store.update((tx) => {
      for (let i = 2000; i < 10000; i++) tx.put('big', `k${i}`, i);
    });
    const file = join(home, 'store.json');
    const text = readFileSync(file, 'utf8');
    const root = JSON.parse(text);
    assert.ok(root.retired.length >= 64);
    assert.deepEqual(Object.keys(root).slice(-3), ['sharded', 'indexes', 'retired']);
    assert.equal(rootText(root), text, 'written as rootText writes it');
    assert.deepEqual(JSON.parse(rootText(root)), root);
    const names = text.split('\n').map((l) => l.slice(0, l.indexOf(':') + 1 || 2));
    assert.deepEqual(names.slice(1, 6), ['"small":', '},"sharded":', '"big":', '"other":', '},"indexes":']);
    const read = (t: string) => {
      writeFileSync(file, t);
      return new FileStore(home).read((snap) => [snap.get('big', 'k9999'), snap.get('other', 'k7'), snap.get('small', 'x')]);
    };
    assert.deepEqual(read(text), [9999, 7, 1]);
    // A reader does not parse the retired list (a garbled one goes unnoticed), a writer does (and says so).
    const garbled = text.replace(/,"retired":\[.*\]\}$/, ',"retired":[["x",1],nonsense]}');
    assert.notEqual(garbled, text);
    assert.deepEqual(read(garbled), [9999, 7, 1]);
    assert.throws(() => new FileStore(home).update((tx) => tx.put('small', 'y', 1)), /is corrupt/);
    // A record is parsed when asked for: a garbled one is reported then, naming the file.
    const lines = text.split('\n');
    const other = names.indexOf('"other":');
    lines[other] = lines[other]!.replace('"files":', '"files":nonsense');
    writeFileSync(file, lines.join('\n'));
    assert.equal(new FileStore(home).read((snap) => snap.get('big', 'k9999')), 9999);
    assert.throws(() => new FileStore(home).read((snap) => snap.get('other', 'k7')), /store.json" is corrupt/);
    // Laid out otherwise (an older build's root, written by JSON.stringify): parsed whole.
    const { retired, ...rest } = root;
    for (const other of [{ retired, ...rest }, rest, root]) assert.deepEqual(read(JSON.stringify(other)), [9999, 7, 1]);
    // Cut short: not taken for a root laid out for readers, and reported as corrupt.
    for (const cut of [text.slice(0, text.lastIndexOf('\n')), text.slice(0, text.indexOf('\n', text.indexOf('\n') + 1))]) {
      writeFileSync(file, cut);
      assert.throws(() => new FileStore(home).read(() => undefined), /is corrupt/);
    }
  } finally {
    dispose();
  }
});

test('store: the empty shards of a grown collection are links to one synced empty file, dropped with the commit; they read and rewrite as any shard', () => {
  const { home, dispose } = tempHome();
  try {
    const store = new FileStore(home);
    const filesOf = (): string[] => JSON.parse(readFileSync(join(home, 'store.json'), 'utf8')).sharded['core/pods'].files;
    // The pods of 3 ReplicaSets (`<stem>-<generated>` keys share their stem's shard): most of the shards are empty.
    const gen = 'bcdfghjklmnpqrstvwxz';
    store.update((tx) => {
      for (let i = 0; i < 3000; i++) tx.put('core/pods', `ns/rs${i % 3}-${[...String(i).padStart(5, '0')].map((d) => gen[Number(d)]).join('')}`, { i });
    });
    const objects = join(home, 'objects');
    const files = filesOf();
    const empty = files.filter((f) => readFileSync(join(objects, f), 'utf8') === '{}');
    assert.ok(empty.length > files.length / 2, `empty shards: ${empty.length} of ${files.length}`);
    // One inode for all of them, whose source name went with the commit: no temp file is left.
    assert.equal(new Set(empty.map((f) => statSync(join(objects, f)).ino)).size, 1);
    assert.ok(statSync(join(objects, empty[0]!)).nlink >= empty.length);
    assert.deepEqual(readdirSync(objects).filter((f) => f.endsWith('.tmp')), []);
    // Later commits write into shards that were empty: each gets a file of its own, the other links still read `{}`.
    let filled = -1;
    let added = 0;
    while (filled < 0) {
      store.update((tx) => tx.put('core/pods', `other/k${added}`, { k: added }));
      added++;
      filled = filesOf().findIndex((f, i) => f !== files[i] && empty.includes(files[i]!));
    }
    assert.notEqual(readFileSync(join(objects, filesOf()[filled]!), 'utf8'), '{}');
    for (const f of empty) if (f !== files[filled]) assert.equal(readFileSync(join(objects, f), 'utf8'), '{}');
    new FileStore(home).read((s) => {
      assert.deepEqual(s.get('core/pods', `other/k${added - 1}`), { k: added - 1 });
      assert.equal(s.list('core/pods').length, 3000 + added);
    });
  } finally {
    dispose();
  }
});
