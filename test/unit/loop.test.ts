import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SettableClock } from '../../src/api/clock.js';
import { isDue, NEXT_WAKE_META, runToFixedPoint, settle, SettleError } from '../../src/controllers/loop.js';
import type { Controller } from '../../src/controllers/types.js';
import { T0, withWorld } from '../helpers/sim-world.js';

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

test('a loop that never settles fails with the names of the controllers still writing', () => {
  withWorld(({ api }) => {
    assert.throws(() => runToFixedPoint(api, [configMapWriter('quiet', 0), configMapWriter('restless', Infinity)]), (e: unknown) => {
      assert.ok(e instanceof SettleError);
      assert.match((e as Error).message, /did not settle after 100 passes; still writing: restless$/);
      return true;
    });
  });
});

test('the clock steps through each wake-up up to the target and the next one is stored', () => {
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
    assert.deepEqual(seen.map((t) => (t - T0) / 1000), [0, 30, 60, 90, 100]);
    assert.equal(clock.millis, T0 + 100_000);
    assert.equal(tx.getMeta(NEXT_WAKE_META), T0 + 120_000);
    assert.equal(isDue(tx, T0 + 119_999), false);
    assert.equal(isDue(tx, T0 + 120_000), true);
  });
});

test('settle starts from a wake-up that passed since the last command', () => {
  withWorld(({ api, tx }) => {
    tx.setMeta(NEXT_WAKE_META, T0 + 10_000);
    const seen: number[] = [];
    const probe: Controller = { name: 'probe', reconcile: (a) => void seen.push(a.clock.now().getTime()) };
    const clock = api.clock as SettableClock;
    clock.set(T0 + 60_000);
    settle(api, clock, T0 + 60_000, [probe]);
    assert.deepEqual([...new Set(seen)].map((t) => (t - T0) / 1000), [10, 60]);
    assert.equal(tx.getMeta(NEXT_WAKE_META), null);
  });
});
