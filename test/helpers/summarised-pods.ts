/**
 * A static cluster whose pods (the captured ones in six namespaces, plus the system ones) are
 * sharded and summarised by the binary's own build: for the tests of what listings read from the
 * summaries, compared with what they print without them.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Session } from '../../src/cli/session.js';
import { clusterDir } from '../../src/config.js';
import type { KubeObject } from '../../src/api/types.js';
import { runBin, staticCluster, tempHome } from './cli.js';
import { NOW, capturedPods, systemPods } from '../unit/table-fixtures.js';

const NAMESPACES = ['blue', 'green', 'red', 'teal', 'gold', 'grey'];

export function summarisedPods() {
  const home = tempHome();
  const objectsDir = join(clusterDir(home.home, 'lite'), 'objects');
  /** Runs the binary; `check`: with KUBECTL_LITE_CHECK_SETTLE=1. */
  const kl = (args: string, check = true) => runBin(args, { home: home.home, now: NOW.getTime(), env: { KUBECTL_LITE_CHECK_SETTLE: check ? '1' : '0' } });
  /** The summary files of the pods' current shards (those of replaced shards stay a while, as the shards do). */
  const summaryFiles = () => {
    const root = JSON.parse(readFileSync(join(clusterDir(home.home, 'lite'), 'store.json'), 'utf8'));
    const current = new Set((root.sharded['core/pods']?.files ?? []).map((f: string) => `summary.${f}`));
    return readdirSync(objectsDir).filter((f) => current.has(f));
  };
  /** Stores the pods (`change` may alter them first), then has the binary make its summaries. */
  const seed = async (change: (pods: KubeObject[]) => void = () => undefined) => {
    await staticCluster(home.home);
    const session = new Session({ env: { KUBECTL_LITE_HOME: home.home }, globals: {}, realNow: () => NOW.getTime() });
    session.write((api) => {
      for (const ns of NAMESPACES) api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    });
    // Stored as captured (ages, deletionTimestamp), not as a create would stamp them.
    const pods: KubeObject[] = [...systemPods(), ...NAMESPACES.flatMap((ns) => capturedPods().map((p) => ({ ...p, metadata: { ...p.metadata, namespace: ns } })))];
    change(pods);
    session.store.update((tx) => {
      for (const p of pods) tx.put('core/pods', `${p.metadata.namespace}/${p.metadata.name}`, p);
    });
    // Summaries are made by the build that writes them: one write through the binary makes its own.
    const touched = runBin('create -f -', {
      home: home.home,
      now: NOW.getTime(),
      stdin: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'touch', namespace: 'red' }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } }),
    });
    assert.equal(touched.code, 0, touched.stderr);
  };
  /** Each command run with the summaries gone prints what it printed with them (`printed`). */
  const sameWithoutSummaries = (commands: string[], printed: string[]) => {
    const saved = summaryFiles().map((f) => [f, readFileSync(join(objectsDir, f), 'utf8')] as const);
    for (const [f] of saved) rmSync(join(objectsDir, f));
    try {
      for (const [i, c] of commands.entries()) {
        const r = kl(c);
        assert.equal(r.code, 0, `${c}: ${r.stderr}`);
        assert.equal(printed[i], r.stdout, c);
      }
    } finally {
      for (const [f, text] of saved) writeFileSync(join(objectsDir, f), text);
    }
  };
  /** Runs `fn` with the summary holding `key` changed by `change`, then puts it back. */
  const withSummaryChanged = (key: string, change: (summary: any) => void, fn: () => void) => {
    const file = summaryFiles().find((f) => readFileSync(join(objectsDir, f), 'utf8').includes(`"${key}"`));
    assert.ok(file, `the summary of ${key}`);
    const path = join(objectsDir, file);
    const good = readFileSync(path, 'utf8');
    const summaries = JSON.parse(good);
    change(summaries[key]);
    writeFileSync(path, JSON.stringify(summaries));
    try {
      fn();
    } finally {
      writeFileSync(path, good);
    }
  };
  return { home, kl, summaryFiles, seed, sameWithoutSummaries, withSummaryChanged };
}
