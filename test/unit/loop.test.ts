import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SettableClock } from '../../src/api/clock.js';
import { isDue, MIN_KEYS_PER_RUN, NEXT_WAKE_META, RUNS_META, runToFixedPoint, settle, SettleError } from '../../src/controllers/loop.js';
import type { Controller } from '../../src/controllers/types.js';
import { Registry } from '../../src/api/registry.js';
import { ApiServer } from '../../src/api/server.js';
import type { KubeObject } from '../../src/api/types.js';
import { serverHooks } from '../../src/sim/hooks.js';
import { MemoryStore } from '../../src/store/file-store.js';
import type { Transaction } from '../../src/store/types.js';
import { T0, withWorld } from '../helpers/sim-world.js';

/** These tests count controller runs; KUBECTL_LITE_CHECK_SKIPS=1 runs the skipped ones too. */
const COUNTS_RUNS = process.env.KUBECTL_LITE_CHECK_SKIPS === '1' && 'counts controller runs, which the skip check adds to';

function configMapWriter(name: string, upTo: number): Controller {
  return {
    name,
    reconcile(api) {
      const type = api.registry.forKind('v1', 'ConfigMap')!;
      const cm = api.tryGet(type, 'default', 'counter');
      const n = Number(cm?.data?.n ?? 0);
      if (n < upTo) api.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { ...(cm?.metadata ?? { name: 'counter', namespace: 'default' }) }, data: { n: String(n + 1) } });
    },
  };
}

test('passes run until a pass writes nothing', () => {
  withWorld(({ api }) => {
    runToFixedPoint(api, [configMapWriter('counter', 5)]);
    assert.equal(api.get(api.registry.forKind('v1', 'ConfigMap')!, 'default', 'counter').data.n, '5');
    const rev = api.store.revision;
    runToFixedPoint(api, [configMapWriter('counter', 5)]);
    assert.equal(api.store.revision, rev);
  });
});

test('a settle stops after the pass that outlasts the budget it is given, and reaches its fixed point within a larger one', () => {
  // Each pass takes a few milliseconds and writes once more, up to 5.
  const inner = configMapWriter('slow-counter', 5);
  const slow: Controller = {
    ...inner,
    reconcile(api) {
      const end = Date.now() + 3;
      while (Date.now() < end);
      return inner.reconcile(api);
    },
  };
  const count = (budgetMs: number) =>
    withWorld(({ api, clock }) => {
      settle(api, clock, clock.millis, [slow], budgetMs);
      return api.get(api.registry.forKind('v1', 'ConfigMap')!, 'default', 'counter').data.n;
    });
  assert.equal(count(1), '1');
  assert.equal(count(60_000), '5');
});

test('a loop that never settles fails with the names of the controllers still writing', () => {
  withWorld(({ api }) => {
    assert.throws(() => runToFixedPoint(api, [configMapWriter('quiet', 0), configMapWriter('restless', Infinity)]), (e: unknown) => {
      assert.ok(e instanceof SettleError);
      assert.match((e as Error).message, /did not settle after 100 passes; still writing: restless$/);
      return true;
    });
  });
});

test('the clock steps through each wake-up up to the target and the next one is stored', { skip: COUNTS_RUNS }, () => {
  withWorld(({ api, tx }) => {
    const seen: number[] = [];
    const ticker: Controller = {
      name: 'ticker',
      reconcile(a) {
        const now = a.clock.now().getTime();
        if (seen.at(-1) !== now) seen.push(now);
        return T0 + Math.ceil((now - T0 + 1) / 30_000) * 30_000;
      },
    };
    const clock = api.clock as SettableClock;
    settle(api, clock, T0 + 100_000, [ticker]);
    // Not at 100 s: the ticker has nothing to do before 120 s, and reads nothing that changed.
    assert.deepEqual(seen.map((t) => (t - T0) / 1000), [0, 30, 60, 90]);
    assert.equal(clock.millis, T0 + 100_000);
    assert.equal(tx.getMeta(NEXT_WAKE_META), T0 + 120_000);
    assert.equal(isDue(tx, T0 + 119_999), false);
    assert.equal(isDue(tx, T0 + 120_000), true);
  });
});

test('settle starts from a wake-up that passed since the last command', { skip: COUNTS_RUNS }, () => {
  withWorld(({ api, tx }) => {
    tx.setMeta(NEXT_WAKE_META, T0 + 10_000);
    const seen: number[] = [];
    const probe: Controller = { name: 'probe', reconcile: (a) => void seen.push(a.clock.now().getTime()) };
    const clock = api.clock as SettableClock;
    clock.set(T0 + 60_000);
    settle(api, clock, T0 + 60_000, [probe]);
    // The probe has no timed work of its own, so once run at 10 s it is not run again at 60 s.
    assert.deepEqual([...new Set(seen)].map((t) => (t - T0) / 1000), [10]);
    assert.equal(clock.millis, T0 + 60_000);
    assert.equal(tx.getMeta(NEXT_WAKE_META), null);
  });
});

/** A controller that counts its runs and only reads the Secrets collection. */
function secretsReader(name = 'secrets-reader'): Controller & { runs: number } {
  const c = {
    name,
    runs: 0,
    reconcile(api: ApiServer) {
      c.runs++;
      api.list(api.registry.forKind('v1', 'Secret')!);
    },
  };
  return c;
}

function secret(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'default' } };
}

test('a controller is run again only when something it read was written', { skip: COUNTS_RUNS }, () => {
  withWorld(({ api }) => {
    const reader = secretsReader();
    // The counter writes a ConfigMap in five passes; the reader, which reads only Secrets, runs once.
    runToFixedPoint(api, [configMapWriter('counter', 5), reader]);
    assert.equal(reader.runs, 1);
    const secretMaker: Controller = {
      name: 'secret-maker',
      reconcile(a) {
        if (!a.tryGet(a.registry.forKind('v1', 'Secret')!, 'default', 's')) a.create(secret('s'));
      },
    };
    runToFixedPoint(api, [secretMaker, reader]);
    assert.equal(reader.runs, 2, 'a Secret was created: the reader runs again');
  });
});

test('a skipped controller still runs when the clock reaches its timed work, and not before', { skip: COUNTS_RUNS }, () => {
  withWorld(({ api }) => {
    const clock = api.clock as SettableClock;
    let runs = 0;
    const timer: Controller = {
      name: 'timer',
      reconcile(a) {
        runs++;
        return T0 + Math.ceil((a.clock.now().getTime() - T0 + 1) / 30_000) * 30_000;
      },
    };
    const reader = secretsReader();
    settle(api, clock, T0 + 10_000, [timer, reader]);
    assert.deepEqual([runs, reader.runs], [1, 1]);
    settle(api, clock, T0 + 20_000, [timer, reader]);
    assert.deepEqual([runs, reader.runs], [1, 1], 'nothing changed and nothing fell due');
    settle(api, clock, T0 + 40_000, [timer, reader]);
    assert.deepEqual([runs, reader.runs], [2, 1], 'the timer ran at its wake-up; the reader has no timed work');
  });
});

test('run records carry over to the next commit, and not past a commit that did not settle', { skip: COUNTS_RUNS }, () => {
  const store = new MemoryStore();
  const clock = new SettableClock(T0);
  const reader = secretsReader();
  const command = (fn: (api: ApiServer) => void = () => undefined, settleAfter = true) =>
    store.update((tx) => {
      const api = new ApiServer(tx, new Registry(), clock, serverHooks);
      fn(api);
      if (settleAfter) settle(api, clock, clock.millis, [reader]);
    });
  command((api) => api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } }));
  assert.equal(reader.runs, 1);
  command((api) => api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' } }));
  assert.equal(reader.runs, 1, 'a ConfigMap is nothing the reader read');
  command((api) => api.create(secret('s1')));
  assert.equal(reader.runs, 2, 'a Secret is');
  command((api) => api.create(secret('s2')), false);
  command();
  assert.equal(reader.runs, 3, 'the commit in between did not settle, so what it changed is unknown');
});

test('a self-settling controller is not run again for its own writes, only for others\'', { skip: COUNTS_RUNS }, () => {
  withWorld(({ api }) => {
    let runs = 0;
    const once: Controller = {
      name: 'once',
      selfSettling: true,
      reconcile(a) {
        runs++;
        const type = a.registry.forKind('v1', 'ConfigMap')!;
        if (!a.tryGet(type, 'default', 'once')) a.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'once', namespace: 'default' } });
      },
    };
    runToFixedPoint(api, [once]);
    assert.equal(runs, 1, 'its own ConfigMap does not bring it back');
    // The counter writes a ConfigMap in each of two passes, before `once` runs in each.
    runToFixedPoint(api, [configMapWriter('counter', 2), once]);
    assert.equal(runs, 3, 'another controller writing ConfigMaps does');
  });
});

test('run records made by another build are not trusted', { skip: COUNTS_RUNS }, () => {
  const store = new MemoryStore();
  const clock = new SettableClock(T0);
  const reader = secretsReader();
  const command = (fn: (tx: Transaction) => void = () => undefined) =>
    store.update((tx) => {
      fn(tx);
      const api = new ApiServer(tx, new Registry(), clock, serverHooks);
      if (!api.tryGet(api.registry.forKind('v1', 'Namespace')!, undefined, 'default')) api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
      settle(api, clock, clock.millis, [reader]);
    });
  command();
  command();
  assert.equal(reader.runs, 1, 'the same build skips');
  command((tx) => tx.setMeta(RUNS_META, { ...(tx.getMeta(RUNS_META) as object), build: 'another' }));
  assert.equal(reader.runs, 2);
});

/**
 * A controller with a work queue over ConfigMaps whose whole-cluster pass marks each one done;
 * each key takes a few milliseconds. `reconcile` is never called by the loop: a whole-cluster run
 * is a keyed run over allKeys (a resync).
 */
function markingController(): Controller & { reconciled: string[] } {
  const collection = 'core/configmaps';
  const mark = (api: ApiServer, key: string) => {
    const [namespace, name] = key.split('/') as [string, string];
    const type = api.registry.forKind('v1', 'ConfigMap')!;
    const cm = api.tryGet(type, namespace, name);
    c.reconciled.push(key);
    const end = Date.now() + 1;
    while (Date.now() < end);
    if (cm && cm.data?.done !== 'yes') api.put({ ...cm, data: { ...cm.data, done: 'yes' } });
  };
  const c = {
    name: 'marker',
    reconciled: [] as string[],
    reconcile(api: ApiServer) {
      throw new Error('the whole-cluster pass of a controller with allKeys is a resync');
      void api;
    },
    keysFor: (change: { collection: string; key: string }) => (change.collection === collection ? [change.key] : undefined),
    reconcileKey: (api: ApiServer, key: string) => mark(api, key),
    allKeys: (api: ApiServer) => api.store.keys!(collection),
  };
  return c;
}

test('a resync cut by its budget leaves the keys it did not reach pending, and the next commands finish it', { skip: COUNTS_RUNS }, (t) => {
  // The settle check compares with whole-cluster runs, which this controller refuses (so that only its
  // resync can reach the keys): the check is off for this test alone, which npm test runs under it.
  const check = process.env.KUBECTL_LITE_CHECK_SETTLE;
  delete process.env.KUBECTL_LITE_CHECK_SETTLE;
  t.after(() => {
    if (check !== undefined) process.env.KUBECTL_LITE_CHECK_SETTLE = check;
  });
  // More keys than a run reconciles before its budget may cut it.
  const names = Array.from({ length: 4 * MIN_KEYS_PER_RUN }, (_, i) => `cm-${String(i).padStart(3, '0')}`);
  const store = new MemoryStore();
  const clock = new SettableClock(T0);
  const marker = markingController();
  const type = (api: ApiServer) => api.registry.forKind('v1', 'ConfigMap')!;
  const command = (budgetMs: number, fn: (api: ApiServer) => void = () => undefined) =>
    store.update((tx) => {
      const api = new ApiServer(tx, new Registry(), clock, serverHooks);
      fn(api);
      settle(api, clock, clock.millis, [marker], budgetMs);
      return names.filter((n) => api.tryGet(type(api), 'default', n)?.data?.done === 'yes').length;
    });
  command(60_000, (api) => {
    api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
    for (const name of names) api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { n: name } });
  });
  assert.equal(new Set(marker.reconciled).size, names.length, 'the first settle resyncs every key');
  // Another build's records: the next command resyncs, some keys per command within 8 ms.
  store.update((tx) => {
    tx.setMeta(RUNS_META, { ...(tx.getMeta(RUNS_META) as object), build: 'another' });
    const api = new ApiServer(tx, new Registry(), clock, serverHooks);
    for (const name of names) api.put({ ...api.get(type(api), 'default', name), data: { n: name } });
  });
  marker.reconciled.length = 0;
  const done: number[] = [];
  for (let i = 0; i < 100 && done.at(-1) !== names.length; i++) done.push(command(8));
  assert.ok(done.length > 2, `cut into several commands: ${done.join(', ')}`);
  assert.deepEqual(done, [...done].sort((a, b) => a - b), 'each command goes on where the last one stopped');
  assert.equal(done.at(-1), names.length);
  assert.deepEqual([...new Set(marker.reconciled)].sort(), names.map((n) => `default/${n}`));
  // Touched once more (its own writes are queued to it), then nothing is left pending.
  assert.equal(command(60_000, (api) => api.put({ ...api.get(type(api), 'default', 'cm-000'), metadata: { ...api.get(type(api), 'default', 'cm-000').metadata, labels: { a: 'b' } } })), names.length);
  const book = store.read((snap) => snap.getMeta(RUNS_META)) as { runs: Record<string, { pending?: string[] }> };
  assert.deepEqual(book.runs.marker?.pending ?? [], [], 'nothing left pending');
});
