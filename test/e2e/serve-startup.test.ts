/**
 * Serve adds nothing to a command that does not serve: its modules (the API core, node:https,
 * node-forge) are not loaded by `get`, and node-forge is not even in the bundle every command reads.
 * A positive control shows the check sees them when serve runs.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { BIN, REPO_ROOT, tempHome } from '../helpers/cli.js';
import { baseEnv } from './serve-helpers.js';

/** A preload that records every module request (builtins and packages) in $LOADS_FILE at exit. */
function preload(dir: string): string {
  const file = join(dir, 'record-loads.cjs');
  writeFileSync(
    file,
    `const Module = require('node:module');
const seen = new Set();
const load = Module._load;
Module._load = function (request, ...rest) { seen.add(request); return load.call(this, request, ...rest); };
process.on('exit', () => require('node:fs').writeFileSync(process.env.LOADS_FILE, [...seen].join('\\n')));
`,
  );
  return file;
}

const SERVE_ONLY = ['node:https', 'https', 'node-forge', 'node:tls', 'tls'];

test('get loads none of serve; serve does (the check can fail)', async () => {
  const h = tempHome();
  try {
    const pre = preload(h.home);
    const loads = join(h.home, 'loads.txt');
    const env = baseEnv(h.home, { LOADS_FILE: loads });
    const get = spawnSync(process.execPath, ['-r', pre, BIN, 'get', 'pods', '-A'], { env, encoding: 'utf8' });
    assert.equal(get.status, 0, get.stderr);
    const byGet = readFileSync(loads, 'utf8').split('\n');
    assert.ok(byGet.includes('node:fs'), 'the preload records loads');
    for (const m of SERVE_ONLY) assert.ok(!byGet.includes(m), `get loaded ${m}`);

    const serve = spawn(process.execPath, ['-r', pre, BIN, 'serve', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      let out = '';
      serve.stdout!.on('data', (c) => {
        out += c;
        if (out.includes('Serving')) resolve();
      });
      serve.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
    });
    const exited = new Promise((r) => serve.on('exit', (code, signal) => r(code ?? signal)));
    serve.kill('SIGTERM');
    assert.equal(await exited, 0);
    const byServe = readFileSync(loads, 'utf8').split('\n');
    assert.ok(byServe.includes('node:https') && byServe.includes('node-forge'), byServe.join(' '));
  } finally {
    h.dispose();
  }
});

test('node-forge stays out of the bundle', () => {
  const bundle = readFileSync(join(REPO_ROOT, 'dist', 'bundle', 'kubectl-lite.cjs'), 'latin1');
  assert.ok(bundle.includes('"node-forge"'), 'serve names node-forge');
  assert.ok(!bundle.includes('forge.asn1 = '), 'node-forge sources are not bundled');
});
