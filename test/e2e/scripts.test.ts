import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { BIN, REPO_ROOT } from '../helpers/cli.js';

const scriptsDir = join(REPO_ROOT, 'test', 'scripts');
const scripts = readdirSync(scriptsDir).filter((f) => f.endsWith('.sh')).sort();

describe('shell scripts written for kubectl run unchanged against kubectl-lite', () => {
  for (const script of scripts) {
    test(script, () => {
      const scratch = mkdtempSync(join(tmpdir(), 'kl-script-'));
      try {
        const binDir = join(scratch, 'bin');
        spawnSync('mkdir', [binDir]);
        // The scripts call `kubectl`; here that name is kubectl-lite.
        symlinkSync(BIN, join(binDir, 'kubectl'));
        const r = spawnSync('bash', [join(scriptsDir, script), join(REPO_ROOT, 'manifests')], {
          env: { PATH: `${binDir}:${process.env.PATH}`, HOME: scratch, KUBECTL_LITE_HOME: join(scratch, 'home'), NO_COLOR: '1' },
          encoding: 'utf8',
          timeout: 120_000,
        });
        assert.equal(r.status, 0, `${script} exited ${r.status}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
        assert.ok(r.stdout.trimEnd().endsWith(`${script.replace(/\.sh$/, '')}: ok`), r.stdout);
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    });
  }
});
