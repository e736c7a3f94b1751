/**
 * `create secret tls` checks its files as kubectl does (Go's tls.X509KeyPair) before it creates
 * anything: compared with real kubectl (--dry-run=client needs no server), then the exit code,
 * the stderr line and the store without it.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli, staticCluster, tempHome } from '../helpers/cli.js';
import { comparable, kubectlAlone, kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { storeBytes } from './store-helpers.js';

let dir: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kubectl-lite-tls-'));
  // Three RSA pairs (a CA, a server, a client), made as serve makes its own.
  const { ensureCredentials } = await import('../../src/serve/tls.js');
  const creds = await ensureCredentials(dir, '127.0.0.1');
  writeFileSync(join(dir, 'tls.crt'), creds.serverCert);
  writeFileSync(join(dir, 'tls.key'), creds.serverKey);
  writeFileSync(join(dir, 'other.key'), creds.clientKey);
  writeFileSync(join(dir, 'both.pem'), creds.serverKey + creds.serverCert);
  writeFileSync(join(dir, 'chain.crt'), creds.serverCert + creds.caCert);
  const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  writeFileSync(join(dir, 'ec.key'), ec.privateKey.export({ type: 'sec1', format: 'pem' }));
  writeFileSync(join(dir, 'garbage'), 'not a certificate\n');
  writeFileSync(join(dir, 'csr.pem'), '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n');
  writeFileSync(join(dir, 'bad-key.pem'), '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n');
  mkdirSync(join(dir, 'adir'));
});

after(() => rmSync(dir, { recursive: true, force: true }));

/** --cert and --key, and what kubectl says (stderr; '' when it creates the Secret). */
const CASES: Array<[string, string]> = [
  ['--cert=tls.crt --key=tls.key', ''],
  ['--cert=chain.crt --key=tls.key', ''],
  ['--cert=both.pem --key=both.pem', ''],
  ['--cert=tls.crt --key=other.key', 'error: tls: private key does not match public key\n'],
  ['--cert=tls.crt --key=ec.key', 'error: tls: private key type does not match public key type\n'],
  ['--cert=garbage --key=tls.key', 'error: tls: failed to find any PEM data in certificate input\n'],
  ['--cert=tls.crt --key=garbage', 'error: tls: failed to find any PEM data in key input\n'],
  ['--cert=tls.key --key=tls.crt', 'error: tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched\n'],
  ['--cert=tls.crt --key=tls.crt', 'error: tls: found a certificate rather than a key in the PEM for the private key\n'],
  ['--cert=csr.pem --key=tls.key', 'error: tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM blocks of the following types: [CERTIFICATE REQUEST]\n'],
  ['--cert=tls.crt --key=csr.pem', 'error: tls: failed to find PEM block with type ending in "PRIVATE KEY" in key input after skipping PEM blocks of the following types: [CERTIFICATE REQUEST]\n'],
  ['--cert=tls.crt --key=bad-key.pem', 'error: tls: failed to parse private key\n'],
  ['--cert=missing.crt --key=tls.key', 'error: Cannot read file missing.crt, open missing.crt: no such file or directory\n'],
  ['--cert=tls.crt --key=missing.key', 'error: Cannot read file missing.key, open missing.key: no such file or directory\n'],
  ['--cert=adir --key=tls.key', 'error: Cannot read file adir, read adir: is a directory\n'],
  ['--cert=tls.crt', 'error: key and cert must be specified\n'],
];

describe('create secret tls against real kubectl', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  let home: { home: string; dispose(): void };
  before(() => (home = tempHome()));
  after(() => home.dispose());
  for (const [files] of CASES) {
    test(files, async () => {
      const args = ['create', 'secret', 'tls', 'web-tls', ...files.split(' '), '--dry-run=client', '-o', 'name'];
      const want = comparable(kubectlAlone(args, dir), 'kubectl');
      const got = comparable(await runCli(args, { home: home.home, cwd: dir }), 'kubectl-lite');
      assert.deepEqual(got, want);
    });
  }
});

describe('create secret tls: exit code, stderr and store', () => {
  let home: { home: string; dispose(): void };
  before(async () => {
    home = tempHome();
    await staticCluster(home.home);
  });
  after(() => home.dispose());
  test('a refused pair writes nothing; a good one makes the Secret', async () => {
    const bytes = storeBytes(home.home);
    assert.ok(bytes);
    for (const [files, stderr] of CASES.filter(([, e]) => e)) {
      const r = await runCli(['create', 'secret', 'tls', 'web-tls', ...files.split(' ')], { home: home.home, cwd: dir });
      assert.deepEqual(r, { stdout: '', stderr, code: 1 }, files);
      assert.deepEqual(storeBytes(home.home), bytes, `${files}: the store is unchanged`);
    }
    const r = await runCli(['create', 'secret', 'tls', 'web-tls', '--cert=tls.crt', '--key=tls.key'], { home: home.home, cwd: dir });
    assert.deepEqual(r, { stdout: 'secret/web-tls created\n', stderr: '', code: 0 });
    assert.equal((await runCli('get secret web-tls -o jsonpath={.type}', { home: home.home })).stdout, 'kubernetes.io/tls');
  });
});
