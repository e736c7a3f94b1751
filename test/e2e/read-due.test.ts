/**
 * A read at a moment some timed work fell due (here the nodes' Lease renewals, every 10 s) first
 * settles that work in a write of its own, then reads what it committed as any read does: from the
 * pods' summaries, not by parsing every pod inside the write (which took 47 s and 2 GB at 150,000 pods).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { clusterDir } from '../../src/config.js';
import { runBin, tempHome } from '../helpers/cli.js';

const home = tempHome();
after(() => home.dispose());
const T = Date.parse('2026-03-01T10:00:00Z');
const kl = (args: string, now: number, check = true) => runBin(args, { home: home.home, now, env: { KUBECTL_LITE_CHECK_SETTLE: check ? '1' : '0' } });
const dir = clusterDir(home.home, 'lite');
const revision = () => JSON.parse(readFileSync(join(dir, 'store.json'), 'utf8')).revision as number;

test('a read when work fell due commits that work, then lists from the summaries', () => {
  const made = kl('create deployment web --image=nginx:1.27 --replicas=80', T);
  assert.equal(made.code, 0, made.stderr);
  const settled = kl('get pods', T + 60_000);
  assert.equal(settled.code, 0, settled.stderr);
  assert.equal(settled.stdout.split('\n').filter((l) => / Running /.test(l)).length, 80);
  // One pod's summary tampered with: a listing made from the summaries shows it.
  const root = JSON.parse(readFileSync(join(dir, 'store.json'), 'utf8'));
  const name = settled.stdout.split('\n')[1]!.split(/ +/)[0]!;
  const file = (root.sharded['core/pods'].files as string[])
    .map((f) => join(dir, 'objects', `summary.${f}`))
    .find((f) => readFileSync(f, 'utf8').includes(`"default/${name}"`));
  assert.ok(file, `the summary file of ${name} (of ${readdirSync(join(dir, 'objects')).length} files)`);
  const summaries = JSON.parse(readFileSync(file, 'utf8'));
  summaries[`default/${name}`].status.phase = 'Tampered';
  summaries[`default/${name}`].status.containerStatuses = [];
  writeFileSync(file, JSON.stringify(summaries));
  // A minute later every node's Lease is due for renewal: the read writes.
  const before = revision();
  const due = kl('get pods', T + 120_000, false);
  assert.equal(due.code, 0, due.stderr);
  assert.ok(revision() > before, 'the renewals were committed');
  assert.match(due.stdout, new RegExp(`^${name} +0/1 +Tampered `, 'm'));
  assert.equal(due.stdout.split('\n').filter((l) => / Running /.test(l)).length, 79);
});
