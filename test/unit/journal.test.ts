import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { FileStore } from '../../src/store/file-store.js';
import { JournalReader } from '../../src/store/journal.js';

function withDir(fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'kl-journal-'));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('each commit is journaled with what it changed; a reader gets every commit after its generation', () =>
  withDir((dir) => {
    const store = new FileStore(dir);
    store.update((tx) => tx.put('core/pods', 'default/a', { v: 0 }));
    const start = store.read((s) => s.generation);
    const reader = new JournalReader(dir, start);
    store.update((tx) => tx.put('core/pods', 'default/a', { v: 1 }));
    store.update((tx) => {
      tx.put('core/pods', 'default/a', { v: 2 });
      tx.put('core/pods', 'default/b', { v: 0 });
      tx.put('core/pods', 'default/tmp', { v: 0 });
      tx.delete('core/pods', 'default/tmp');
    });
    store.update((tx) => {
      // Changed, then deleted in one commit (a pod's final status, then its removal).
      tx.put('core/pods', 'default/a', { v: 3 });
      tx.delete('core/pods', 'default/a');
    });
    store.update(() => undefined); // no change, no commit
    const { entries, gap } = reader.poll();
    assert.equal(gap, false);
    assert.deepEqual(entries.map((e) => e.g), [start + 1, start + 2, start + 3]);
    assert.deepEqual(entries.map((e) => e.ch), [
      [['core/pods', 'default/a', 'MODIFIED', { v: 1 }]],
      [['core/pods', 'default/a', 'MODIFIED', { v: 2 }], ['core/pods', 'default/b', 'ADDED', { v: 0 }]],
      // A deletion carries the object's last state, the one its own commit deleted.
      [['core/pods', 'default/a', 'DELETED', { v: 3 }]],
    ]);
    assert.deepEqual(reader.poll().entries, []);
  }));

test('a missing commit (lost append, torn line) is reported as a gap', () =>
  withDir((dir) => {
    const store = new FileStore(dir);
    store.update((tx) => tx.put('c', 'k', 1));
    const reader = new JournalReader(dir, store.read((s) => s.generation));
    store.update((tx) => tx.put('c', 'k', 2));
    // A writer that crashed mid-append leaves a torn line; the next commit follows it.
    appendFileSync(join(dir, 'journal.jsonl'), '{"g":99,"rv":');
    store.update((tx) => tx.put('c', 'k', 3));
    const r = reader.poll();
    assert.equal(r.gap, true);
    // A reader that started before a commit it cannot see (here: the journal was removed) is told too.
    const late = new JournalReader(dir, 0);
    rmSync(join(dir, 'journal.jsonl'));
    store.update((tx) => tx.put('c', 'k', 4));
    assert.equal(late.poll().gap, true);
  }));

test('the journal is rotated past its size bound and a reader follows across the rotation', () =>
  withDir((dir) => {
    const store = new FileStore(dir);
    store.update((tx) => tx.put('c', 'k', 0));
    const reader = new JournalReader(dir, store.read((s) => s.generation));
    store.update((tx) => tx.put('c', 'k', 1));
    // Pad the journal past 8 MB with a line no reader takes (an older generation).
    appendFileSync(join(dir, 'journal.jsonl'), JSON.stringify({ g: 0, rv: 0, ch: [['pad', 'x', 'ADDED', 'x'.repeat(8 * 1024 * 1024 + 10)]] }) + '\n');
    store.update((tx) => tx.put('c', 'k', 2));
    assert.ok(readdirSync(dir).includes('journal.old.jsonl'));
    const r = reader.poll();
    assert.equal(r.gap, false);
    assert.deepEqual(r.entries.map((e) => e.ch![0]![3]), [1, 2]);
    // A commit of more objects than the journal records is marked, and a reader sees a gap.
    store.update((tx) => {
      for (let i = 0; i < 2_001; i++) tx.put('c', `k${i}`, i);
    });
    const big = reader.poll();
    assert.equal(big.gap, true);
    assert.equal(big.entries[0]!.ch, null);
  }));
