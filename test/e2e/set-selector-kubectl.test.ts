/**
 * set selector as kubectl runs it: the patch is sent, and the object printed, even when the
 * selector is already the one asked for; --resource-version goes into every object's patch, so the
 * server refuses it (Conflict) where the object is at another version, reported after the objects
 * that were updated; an object whose selector cannot be set (a match expression on a Service) is
 * neither patched nor printed. Through serve, the real kubectl is the expectation.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { serveForSuite } from './serve-helpers.js';

const service = (name: string, selector = '{app: web}') => `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}}\nspec: {selector: ${selector}, ports: [{port: 80}]}\n`;

describe('set selector: unchanged selectors, --resource-version, refusals', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  const suite = serveForSuite((s) => {
    s.lite(['create', 'service', 'clusterip', 'web', '--tcp=80']);
    s.lite(['create', 'service', 'clusterip', 'db', '--tcp=5432']);
    s.lite(['set', 'selector', 'svc/web', 'app=web']);
  });
  let dir = '';
  const file = (name: string) => join(dir, name);
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kl-selector-'));
    writeFileSync(file('web.yaml'), service('web'));
    writeFileSync(file('three.yaml'), [service('web'), service('nope', '{}'), service('db', '{}')].join('---\n'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const rv = () => suite.served.lite(['get', 'svc', 'web', '-o', 'jsonpath={.metadata.resourceVersion}']).stdout;

  test('the selector it already has is still patched and printed', async () => {
    for (const dryRun of ['server', 'client']) {
      const r = await suite.same(['set', 'selector', 'svc/web', 'app=web', `--dry-run=${dryRun}`]);
      assert.equal(r.stdout, `service/web selector updated (${dryRun === 'server' ? 'server ' : ''}dry run)\n`);
    }
    await suite.same(['set', 'selector', '-f', file('three.yaml'), 'app=web', '--dry-run=server']);
  });

  test('--resource-version: the current one updates, another is a Conflict for each object it is not', async () => {
    const current = rv();
    assert.equal((await suite.same(['set', 'selector', 'svc/web', 'app=web', `--resource-version=${current}`, '--dry-run=server'])).code, 0);
    const stale = await suite.same(['set', 'selector', 'svc/web', 'app=web', '--resource-version=1', '--dry-run=server']);
    assert.deepEqual(stale, {
      stdout: '',
      stderr: 'Error from server (Conflict): Operation cannot be fulfilled on services "web": the object has been modified; please apply your changes to the latest version and try again\n',
      code: 1,
    });
    const all = await suite.same(['set', 'selector', 'svc', '--all', 'app=web', `--resource-version=${current}`, '--dry-run=server']);
    assert.equal(all.stdout, 'service/web selector updated (server dry run)\n');
    assert.equal(all.stderr.split('\n').filter(Boolean).length, 2);
    await suite.same(['set', 'selector', '-f', file('three.yaml'), 'app=web', '--resource-version=1', '--dry-run=server']);
    // Without the server, the object printed carries the version given.
    const local = await suite.same(['set', 'selector', '--local', '-f', file('web.yaml'), 'app=web', '--resource-version=7', '-o', 'yaml']);
    assert.match(local.stdout, /\n {2}resourceVersion: "7"\n/);
    await suite.same(['set', 'selector', 'svc/web', 'app=web', '--resource-version=1', '--dry-run=client']);
    // Nothing was changed by any of it.
    assert.equal(rv(), current);
  });

  test('a selector a Service cannot hold is reported, and that Service is neither patched nor printed', async () => {
    const r = await suite.same(['set', 'selector', 'svc/web', 'app in (a,b)', '--dry-run=server']);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
  });
});
