/**
 * kubectl proxy's front (src/cli/proxy.ts): the request filter as kubectl's FilterServer decides,
 * the API prefix and the static files as Go's mux and file server answer; and the proxy
 * subresource's name parsing (src/dataplane/api-proxy.ts).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { accepts, proxyGate, regexps, staticFile } from '../../src/cli/proxy.js';
import { splitSchemeNamePort } from '../../src/dataplane/api-proxy.js';

const DEFAULTS = {
  acceptHosts: regexps('^localhost$,^127\\.0\\.0\\.1$,^\\[::1\\]$'),
  acceptPaths: regexps('^.*'),
  rejectPaths: regexps('^/api/.*/pods/.*/exec,^/api/.*/pods/.*/attach'),
  rejectMethods: regexps('^$'),
};

test("the filter: kubectl's defaults", () => {
  assert.equal(accepts(DEFAULTS, 'GET', '/api/v1/pods', 'localhost:8001'), true);
  assert.equal(accepts(DEFAULTS, 'GET', '/api/v1/pods', '127.0.0.1:8001'), true);
  assert.equal(accepts(DEFAULTS, 'GET', '/api/v1/pods', 'localhost:'), true);
  assert.equal(accepts(DEFAULTS, 'GET', '/api/v1/pods', 'localhost'), true);
  // Go's SplitHostPort takes the brackets off: kubectl's own default then refuses [::1] with a port.
  assert.equal(accepts(DEFAULTS, 'GET', '/api/v1/pods', '[::1]:8001'), false);
  assert.equal(accepts(DEFAULTS, 'GET', '/api/v1/pods', '[::1]'), true);
  assert.equal(accepts(DEFAULTS, 'GET', '/api/v1/pods', 'LOCALHOST:1'), false);
  assert.equal(accepts(DEFAULTS, 'GET', '/api/v1/pods', 'evil.example:8001'), false);
  assert.equal(accepts(DEFAULTS, 'POST', '/api/v1/namespaces/default/pods/web/exec', 'localhost:8001'), false);
  assert.equal(accepts(DEFAULTS, 'GET', '/api/v1/namespaces/default/pods/web/attach', 'localhost:8001'), false);
  assert.equal(accepts(DEFAULTS, 'GET', '/api/v1/namespaces/default/pods/web/log', 'localhost:8001'), true);
  assert.equal(accepts({ ...DEFAULTS, rejectMethods: regexps('POST,PUT') }, 'PUT', '/api/v1/pods', 'localhost:8001'), false);
  assert.deepEqual(regexps(''), []);
  // What Go's regexp package says of what it cannot compile.
  assert.throws(() => regexps('a,('), { reason: 'missing closing ): `(`' });
  assert.throws(() => regexps('a['), { reason: 'missing closing ]: `[`' });
  assert.throws(() => regexps('*a'), { reason: 'missing argument to repetition operator: `*`' });
  assert.throws(() => regexps('a)'), { reason: 'unexpected ): `a)`' });
});

test("the proxy subresource's names: name, name:port, scheme:name:port", () => {
  assert.deepEqual(splitSchemeNamePort('web'), { scheme: '', name: 'web', port: '' });
  assert.deepEqual(splitSchemeNamePort('web:80'), { scheme: '', name: 'web', port: '80' });
  assert.deepEqual(splitSchemeNamePort('https:web:443'), { scheme: 'https', name: 'web', port: '443' });
  assert.equal(splitSchemeNamePort('ftp:web:21'), undefined);
  assert.equal(splitSchemeNamePort(':80'), undefined);
  assert.equal(splitSchemeNamePort('a:b:c:d'), undefined);
});

const request = (url: string, host = 'localhost:8001', method = 'GET') => ({ url, method, headers: { host } }) as unknown as IncomingMessage;

test('the front: API prefix stripped, the mux redirect and 404, static files, the filter after the prefix', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kl-proxy-'));
  try {
    writeFileSync(join(dir, 'a.txt'), 'hello\n');
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'i.html'), '<p>x</p>\n');
    const gate = proxyGate({ apiPrefix: '/k8s', wwwPrefix: '/static/', www: dir, filter: DEFAULTS });
    const api = request('/k8s/api/v1/pods?limit=1');
    assert.equal(gate(api), undefined);
    assert.equal(api.url, '/api/v1/pods?limit=1');
    assert.deepEqual(gate(request('/k8s')), { code: 301, body: '<a href="/k8s/">Moved Permanently</a>.\n\n', headers: { 'Content-Type': 'text/html; charset=utf-8', Location: '/k8s/' } });
    assert.equal(gate(request('/api/v1/pods'))!.body, '404 page not found\n');
    assert.equal(gate(request('/k8s/api/v1/namespaces/d/pods/p/exec'))!.code, 403);
    const file = gate(request('/static/a.txt'))!;
    assert.deepEqual([file.code, String(file.body), file.headers!['Content-Type']], [200, 'hello\n', 'text/plain; charset=utf-8']);
    assert.equal(gate(request('/static/'))!.body, '<!doctype html>\n<meta name="viewport" content="width=device-width">\n<pre>\n<a href="a.txt">a.txt</a>\n<a href="sub/">sub/</a>\n</pre>\n');
    assert.deepEqual(gate(request('/static/sub'))!.headers, { 'Content-Type': '', Location: 'sub/' });
    assert.equal(gate(request('/static/nope'))!.code, 404);
    // Nothing outside the directory.
    assert.equal(staticFile(join(dir, 'sub'), '/static/../a.txt', '/../a.txt').code, 404);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
