import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NET_PROGRAMS } from '../../src/userland/net-tools.js';
import { deployment, from, NetCluster, pod, runProgram, service } from './net-harness.js';

const { curl, wget, nc } = NET_PROGRAMS as Required<typeof NET_PROGRAMS>;

function cluster(): NetCluster {
  const c = new NetCluster();
  c.apply(deployment('web', 1), service('web'), pod('client'));
  return c;
}

test('curl: -v trace, -I, -i, -o FILE, -w variables', async () => {
  const c = cluster();
  const ip = c.service('web').spec.clusterIP;
  const client = from(c.pod('client'));
  const w = c.world();
  const v = await runProgram(curl, w, client, ['curl', '-sv', 'web']);
  assert.equal(v.code, 0);
  const length = Buffer.byteLength(v.stdout);
  assert.equal(
    v.stderr,
    `* Host web:80 was resolved.\n* IPv6: (none)\n* IPv4: ${ip}\n*   Trying ${ip}:80...\n* Connected to web (${ip}) port 80\n* using HTTP/1.x\n` +
      '> GET / HTTP/1.1\n> Host: web\n> User-Agent: curl/8.11.1\n> Accept: */*\n> \n* Request completely sent off\n' +
      `< HTTP/1.1 200 OK\n< Content-Type: text/plain; charset=utf-8\n< Date: Wed, 02 Dec 2026 12:00:00 GMT\n< Content-Length: ${length}\n< \n` +
      '* Connection #0 to host web left intact\n',
  );
  const head = await runProgram(curl, w, client, ['curl', '-sI', 'http://web/']);
  assert.match(head.stdout, /^HTTP\/1\.1 200 OK\r\nContent-Type: text\/plain; charset=utf-8\r\nDate: Wed, 02 Dec 2026 12:00:00 GMT\r\nContent-Length: \d+\r\n\r\n$/);
  const inc = await runProgram(curl, w, client, ['curl', '-si', 'web/healthz']);
  assert.match(inc.stdout, /^HTTP\/1\.1 200 OK\r\n(.+\r\n)+\r\nweb-\S+ \(container web, .*\): GET \/healthz Host: web from /);
  const o = await runProgram(curl, w, client, ['curl', '-s', '-o', '/tmp/out.txt', '-w', '%{http_code} %{remote_ip}:%{remote_port} %{size_download} %{content_type}\\n', 'web']);
  assert.equal(o.stdout, `200 ${ip}:80 ${length} text/plain; charset=utf-8\n`);
  assert.equal(Buffer.byteLength(o.fs['/tmp/out.txt']!), length);
  const fail = await runProgram(curl, w, client, ['curl', '-s', '-w', '%{http_code} %{exitcode} %{errormsg}\\n', 'nosuch']);
  assert.equal(fail.stdout, "000 6 Could not resolve host: nosuch\n");
  assert.equal(fail.stderr, '');
  assert.equal(fail.code, 6);
});

test('curl: the progress meter on stderr when stdout is not a terminal, none on a terminal', async () => {
  const c = cluster();
  const client = from(c.pod('client'));
  const piped = await runProgram(curl, c.world(), client, ['curl', 'web']);
  assert.match(piped.stderr, /^ {2}% Total {4}% Received % Xferd {2}Average Speed {3}Time {4}Time {5}Time {2}Current\n {33}Dload {2}Upload {3}Total {3}Spent {4}Left {2}Speed\n\r100 {3,4}\d+ {2}100 {3,4}\d+ {4}0 {5}0  [ \dk]{5} {6}0 --:--:-- --:--:-- --:--:-- [ \dk]{5}\n$/);
  const tty = await runProgram(curl, c.world(), client, ['curl', 'web'], { tty: true });
  assert.equal(tty.stderr, '');
});

test('curl: errors and exit codes (usage 2, resolve 6, refused 7, timeouts 28)', async () => {
  const c = cluster();
  const client = from(c.pod('client'));
  const w = c.world();
  assert.deepEqual(await runProgram(curl, w, client, ['curl']).then((r) => [r.stderr, r.code]), ["curl: no URL specified\ncurl: try 'curl --help' or 'curl --manual' for more information\n", 2]);
  assert.deepEqual(await runProgram(curl, w, client, ['curl', '--bogus', 'web']).then((r) => [r.stderr, r.code]), ["curl: option --bogus: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n", 2]);
  assert.deepEqual(await runProgram(curl, w, client, ['curl', '-sS', 'nosuch']).then((r) => [r.stderr, r.code]), ['curl: (6) Could not resolve host: nosuch\n', 6]);
  // Nothing on the pod listens on 8080: the connection is refused.
  const web = c.pods('default', 'app=web')[0]!;
  assert.deepEqual(await runProgram(curl, w, client, ['curl', '-sS', `${web.status.podIP}:8080`]).then((r) => [r.stderr, r.code]), [`curl: (7) Failed to connect to ${web.status.podIP} port 8080 after 1 ms: Couldn't connect to server\n`, 7]);
  // A dropped connection without any limit: the kernel gives up after its SYN retries.
  const dropped = await runProgram(curl, w, client, ['curl', '-sS', 'http://10.244.9.9/']);
  assert.equal(dropped.stderr, "curl: (28) Failed to connect to 10.244.9.9 port 80 after 133001 ms: Couldn't connect to server\n");
  assert.equal(dropped.elapsed, 133000);
  // Slower than --max-time.
  c.apply(deployment('slow', 1, {}, { annotations: { 'sim.kubectl-lite.io/http-latency': '10s' } }), service('slow'));
  const slow = await runProgram(curl, c.world(), client, ['curl', '-sS', '--max-time', '2', 'slow']);
  assert.deepEqual([slow.stderr, slow.code, slow.elapsed], ['curl: (28) Operation timed out after 2001 milliseconds with 0 bytes received\n', 28, 2000]);
});

test('wget: -qO-, the busybox messages for a file, a refused connection, a bad address, an HTTP error, -T', async () => {
  const c = cluster();
  c.apply(deployment('gone', 1, {}, { annotations: { 'sim.kubectl-lite.io/http-status': '404' } }), service('gone'));
  const ip = c.service('web').spec.clusterIP;
  const client = from(c.pod('client'));
  const w = c.world();
  const q = await runProgram(wget, w, client, ['wget', '-qO-', 'web']);
  assert.match(q.stdout, /^web-\S+ \(container web, /);
  assert.equal(q.stderr, '');
  const size = Buffer.byteLength(q.stdout.replace('Host: web from', 'Host: web from'));
  const file = await runProgram(wget, w, client, ['wget', 'http://web/']);
  assert.equal(file.stderr, `Connecting to web (${ip}:80)\nsaving to 'index.html'\nindex.html           100% |********************************| ${String(size).padStart(5)}  0:00:00 ETA\n'index.html' saved\n`);
  assert.ok(file.fs['/index.html']);
  const stdout = await runProgram(wget, w, client, ['wget', '-O-', 'web']);
  assert.match(stdout.stderr, /^Connecting to web \(.*\)\nwriting to stdout\n- {20}100% \|\*{32}\| +\d+ {2}0:00:00 ETA\nwritten to stdout\n$/);
  assert.deepEqual(await runProgram(wget, w, client, ['wget', '-qO-', 'nosuch']).then((r) => [r.stderr, r.code]), ["wget: bad address 'nosuch'\n", 1]);
  const web = c.pods('default', 'app=web')[0]!;
  assert.deepEqual(await runProgram(wget, w, client, ['wget', '-qO-', `${web.status.podIP}:81`]).then((r) => [r.stderr, r.code]), [`wget: can't connect to remote host (${web.status.podIP}): Connection refused\n`, 1]);
  assert.deepEqual(await runProgram(wget, c.world(), client, ['wget', '-qO-', 'gone']).then((r) => [r.stderr, r.code]), ['wget: server returned error: HTTP/1.1 404 Not Found\n', 1]);
  const t = await runProgram(wget, w, client, ['wget', '-qO-', '-T', '2', 'http://10.244.9.9/']);
  assert.deepEqual([t.stderr, t.code, t.elapsed], ['wget: download timed out\n', 1, 2000]);
});

test('nc -z: open, refused, timed out', async () => {
  const c = cluster();
  const ip = c.service('web').spec.clusterIP;
  const client = from(c.pod('client'));
  const w = c.world();
  assert.deepEqual(await runProgram(nc, w, client, ['nc', '-zv', 'web', '80']).then((r) => [r.stderr, r.code]), [`web (${ip}:80) open\n`, 0]);
  assert.deepEqual(await runProgram(nc, w, client, ['nc', '-z', 'web', '80']).then((r) => [r.stderr, r.code]), ['', 0]);
  const web = c.pods('default', 'app=web')[0]!;
  assert.deepEqual(await runProgram(nc, w, client, ['nc', '-zv', web.status.podIP, '81']).then((r) => [r.stderr, r.code]), [`nc: ${web.status.podIP} (${web.status.podIP}:81): Connection refused\n`, 1]);
  const t = await runProgram(nc, w, client, ['nc', '-zv', '-w', '2', 'web', '81']);
  assert.deepEqual([t.code, t.elapsed], [1, 2000]);
});
