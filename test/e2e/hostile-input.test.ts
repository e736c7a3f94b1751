/**
 * Input that has hurt the store before: numbers JavaScript cannot hold, keys named like Object
 * members, replica counts past int32, cluster names that climb out of the home. Each case: the
 * API server's (or kubectl's) one line, exit 1, and the store byte for byte as it was.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { FileStore } from '../../src/store/file-store.js';
import { runBin, tempHome } from '../helpers/cli.js';
import { storeBytes, storedObject } from './store-helpers.js';

const NOW = '2026-01-01T00:00:00Z';

function withCluster(fn: (home: string, k: (args: string | string[], stdin?: string) => ReturnType<typeof runBin>) => void): void {
  const { home, dispose } = tempHome();
  try {
    const k = (args: string | string[], stdin?: string) => runBin(args, { home, now: NOW, stdin });
    assert.equal(k('apply -f manifests/web.yaml').code, 0);
    fn(home, k);
  } finally {
    dispose();
  }
}

const DECODE = 'Error from server (BadRequest): Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal';

test('numbers the API server cannot decode are refused with their literal, never stored as something else', () => {
  withCluster((home, k) => {
    const cases: Array<[string, string]> = [
      ['{"spec":{"replicas":1e400}}', `${DECODE} number 1e400 into Go struct field DeploymentSpec.spec.replicas of type int32\n`],
      ['{"spec":{"replicas":9223372036854775808}}', `${DECODE} number 9223372036854775808 into Go struct field DeploymentSpec.spec.replicas of type int32\n`],
      ['{"spec":{"replicas":2147483648}}', `${DECODE} number 2147483648 into Go struct field DeploymentSpec.spec.replicas of type int32\n`],
      ['{"spec":{"replicas":1.0}}', `${DECODE} number 1.0 into Go struct field DeploymentSpec.spec.replicas of type int32\n`],
      ['{"metadata":{"labels":{"a":1e400}}}', `${DECODE} number into Go struct field ObjectMeta.metadata.labels of type string\n`],
    ];
    for (const [patch, stderr] of cases) {
      const before = storeBytes(home);
      const r = k(['patch', 'deploy', 'web', '-p', patch]);
      assert.deepEqual([r.code, r.stderr, r.stdout], [1, stderr, ''], patch);
      assert.ok(before!.equals(storeBytes(home)!), `store changed by ${patch}`);
    }
    assert.equal(storedObject(home, 'apps/deployments', 'default/web').spec.replicas, 3);
  });
});

test('a JSON manifest with 1e400 is refused as kubectl refuses it; an integer past int64 goes as the float64 kubectl makes of it', () => {
  withCluster((home, k) => {
    const deployment = (replicas: string) =>
      `{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"big"},"spec":{"replicas":${replicas},"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}}`;
    const before = storeBytes(home);
    let r = k('apply -f -', deployment('1e400'));
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'error: error validating "STDIN": error validating data: json: cannot unmarshal number 1e400 into Go value of type float64; if you choose to ignore these errors, turn validation off with --validate=false\n');
    assert.equal(k('apply --validate=false -f -', deployment('1e400')).stderr, 'error: unable to decode "STDIN": json: cannot unmarshal number 1e400 into Go value of type float64\n');
    const yaml = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: big}\nspec:\n  replicas: 9223372036854775808\n  selector: {matchLabels: {a: b}}\n  template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, image: nginx}]}}\n';
    r = k('apply -f -', yaml);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /json: cannot unmarshal number 9223372036854776000 into Go struct field DeploymentSpec\.spec\.replicas of type int32\n$/);
    assert.ok(before!.equals(storeBytes(home)!));
    // A float where the API has one (an unknown field is not, a fraction in a preserved map is) still works.
    r = k('apply -f -', deployment('2'));
    assert.equal(r.code, 0, r.stderr);
    assert.equal(storedObject(home, 'apps/deployments', 'default/big').spec.replicas, 2);
  });
});

test('scale past int32 is refused as the API server refuses it, and past int64 as pflag does', () => {
  withCluster((home, k) => {
    const before = storeBytes(home);
    let r = k('scale deploy web --replicas=2147483648');
    assert.deepEqual([r.code, r.stderr], [1, 'Error from server (BadRequest): Scale in version "v1" cannot be handled as a Scale: json: cannot unmarshal number 2147483648 into Go struct field ScaleSpec.spec.replicas of type int32\n']);
    // The Scale is decoded after the object is found and kubectl's preconditions checked.
    assert.deepEqual(k('scale deploy nope --replicas=2147483648'), { stdout: '', stderr: 'error: no objects passed to scale deployments.apps "nope" not found\n', code: 1 });
    assert.deepEqual(k('scale deploy web --replicas=2147483648 --current-replicas=7'), { stdout: '', stderr: 'error: Expected replicas to be 7, was 3\n', code: 1 });
    assert.deepEqual(k('scale deploy web --replicas=1 --current-replicas=-2'), { stdout: '', stderr: 'error: The --current-replicas must specify an integer of -1 or greater\n', code: 1 });
    r = k('scale deploy web --replicas=99999999999999999999');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^Error: invalid argument "99999999999999999999" for "--replicas" flag: strconv\.ParseInt: parsing "99999999999999999999": value out of range\n/);
    assert.ok(before!.equals(storeBytes(home)!));
  });
});

test('a huge but valid replica count makes progress in bursts and never holds one command for long', () => {
  const { home, dispose } = tempHome();
  try {
    const k = (args: string) => runBin(args, { home, now: NOW, env: { KUBECTL_LITE_SETTLE_BUDGET_MS: '1' } });
    assert.equal(k('create deployment big --image=nginx').code, 0);
    const r = k('scale deploy big --replicas=1000000');
    assert.deepEqual([r.code, r.stdout], [0, 'deployment.apps/big scaled\n'], r.stderr);
    const count = () => new Set(Object.keys(readPods(home))).size;
    const first = count();
    // One burst of at most 500 per ReplicaSet per instant, and the budget stops the command after it.
    assert.ok(first > 0 && first <= 1000, `pods after the scale: ${first}`);
    assert.equal(k('label ns default a=b').code, 0);
    assert.ok(count() > first, 'the next command carries on with what was still due');
  } finally {
    dispose();
  }
});

function readPods(home: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  new FileStore(join(home, 'clusters', 'lite')).read((snap) => {
    for (const [key, pod] of snap.list('core/pods')) if (key.startsWith('default/big-')) out[key] = pod;
  });
  return out;
}

test('keys named like Object members are ordinary keys: label, annotate, --from-literal, apply removal, printers', () => {
  withCluster((home, k) => {
    let r = k('label deploy web constructor=a toString=b valueOf=c hasOwnProperty=d');
    assert.deepEqual([r.code, r.stdout, r.stderr], [0, 'deployment.apps/web labeled\n', '']);
    assert.deepEqual(storedObject(home, 'apps/deployments', 'default/web').metadata.labels, { app: 'web', constructor: 'a', hasOwnProperty: 'd', toString: 'b', valueOf: 'c' });
    assert.equal(k('label deploy web constructor-').code, 0);
    assert.ok(!Object.prototype.hasOwnProperty.call(storedObject(home, 'apps/deployments', 'default/web').metadata.labels, 'constructor'));

    r = k(['create', 'configmap', 'c', '--from-literal=constructor=1', '--from-literal=__proto__=2', '--from-literal=toString=3']);
    assert.equal(r.code, 0, r.stderr);
    const data = storedObject(home, 'core/configmaps', 'default/c').data;
    assert.deepEqual(Object.keys(data).sort(), ['__proto__', 'constructor', 'toString']);
    assert.equal(Object.getPrototypeOf(data), Object.prototype);

    r = k('annotate cm c toString=x constructor=y');
    assert.equal(r.code, 0, r.stderr);
    r = k('get cm c -o yaml');
    assert.match(r.stdout, /\n {2}__proto__: "2"\n {2}constructor: "1"\n {2}toString: "3"\n/);
    assert.match(r.stdout, /\n {4}constructor: "?y"?\n {4}toString: "?x"?\n/);

    const v1 = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: proto\n  labels: {constructor: a, toString: b}\ndata: {__proto__: "x", hasOwnProperty: "y", constructor: "z"}\n';
    const v2 = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: proto\n  labels: {toString: b}\ndata: {hasOwnProperty: "y2"}\n';
    assert.equal(k('apply -f -', v1).code, 0);
    r = k('apply -f -', v2);
    assert.deepEqual([r.code, r.stdout], [0, 'configmap/proto configured\n'], r.stderr);
    const proto = storedObject(home, 'core/configmaps', 'default/proto');
    assert.deepEqual(proto.data, { hasOwnProperty: 'y2' });
    assert.deepEqual(proto.metadata.labels, { toString: 'b' });

    r = k('get cm -l toString=b -o name');
    assert.equal(r.stdout, 'configmap/proto\n');
    r = k('get cm -l valueOf -o name');
    assert.deepEqual([r.code, r.stdout], [0, '']);
  });
});

test('contexts named like Object members are ordinary names', () => {
  withCluster((_home, k) => {
    let r = k('get pods --context constructor');
    assert.deepEqual([r.code, r.stderr], [1, 'Error in configuration: context was not found for specified context: constructor\n']);
    r = k('config set-context constructor --cluster=lite');
    assert.deepEqual([r.code, r.stdout], [0, 'Context "constructor" created.\n']);
    r = k('get ns default --context constructor -o name');
    assert.deepEqual([r.code, r.stdout], [0, 'namespace/default\n']);
    r = k('config set-context __proto__ --cluster=lite');
    assert.deepEqual([r.code, r.stdout], [0, 'Context "__proto__" created.\n']);
    r = k('config get-contexts -o name');
    assert.equal(r.stdout, '__proto__\nconstructor\nlite\n');
  });
});

test('a cluster name from a context never leaves the home', () => {
  withCluster((home, k) => {
    const outside = join(home, '..', `victim-${process.pid}`);
    rmSync(outside, { recursive: true, force: true });
    assert.equal(k(`config set-context x --cluster=../../victim-${process.pid}`).code, 0);
    const r = k('get pods --context x');
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `error: invalid cluster name "../../victim-${process.pid}": a cluster name is one path segment (no "/" or "\\", not "." or "..")\n`);
    assert.ok(!existsSync(outside));
    assert.ok(!existsSync(join(home, 'clusters', '..', '..', `victim-${process.pid}`)));
  });
});

test('a home that already exists keeps its mode; one the product creates is private', () => {
  const parent = mkdtempSync(join(tmpdir(), 'kubectl-lite-mode-'));
  try {
    chmodSync(parent, 0o755);
    writeFileSync(join(parent, 'keep.txt'), 'x');
    let r = runBin('get ns default -o name', { home: parent, now: NOW });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(statSync(parent).mode & 0o777, 0o755);
    assert.equal(statSync(join(parent, 'clusters')).mode & 0o777, 0o700);
    const fresh = join(parent, 'new-home');
    r = runBin('get ns default -o name', { home: fresh, now: NOW });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(statSync(fresh).mode & 0o777, 0o700);
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
});

test('a home or an output directory where no directory can be made fails at once in Go\'s words, never loops', { skip: !existsSync('/proc/self') && 'no /proc on this machine' }, () => {
  // Node's recursive mkdir never returns under /proc; each command here used to spin until killed (the timeout makes that a failure, not a hang).
  const r = runBin('get pods', { home: '/proc/kl-nowhere', timeoutMs: 20_000 });
  assert.deepEqual([r.stderr, r.code], ['error: cannot use the directory "/proc/kl-nowhere/clusters/lite": mkdir /proc/kl-nowhere: no such file or directory\n', 1]);
  const { home, dispose } = tempHome();
  try {
    assert.deepEqual(runBin('cluster-info dump --output-directory=/proc/kl-dump', { home, timeoutMs: 20_000 }).stderr, 'error: mkdir /proc/kl-dump: no such file or directory\n');
    const file = join(home, 'plain');
    writeFileSync(file, 'x');
    assert.deepEqual(runBin(['cluster-info', 'dump', `--output-directory=${join(file, 'sub')}`], { home, timeoutMs: 20_000 }).stderr, `error: mkdir ${file}: not a directory\n`);
  } finally {
    dispose();
  }
});

test('a lock file that holds no live writer is broken: empty, garbled, or a pid now used by another process', () => {
  withCluster((home, k) => {
    const lock = join(home, 'clusters', 'lite', 'store.lock');
    // The test runner is alive, but it did not start at tick 1: its pid was "reused".
    for (const text of ['', 'garbage\n', `${process.pid} 1\n`, `${process.pid}`]) {
      writeFileSync(lock, text);
      const r = k(['label', 'ns', 'default', `t${text.length}=x`]);
      assert.deepEqual([r.code, r.stderr], [0, ''], JSON.stringify(text));
      assert.ok(!existsSync(lock), 'the lock is released after the write');
    }
  });
});

test('a YAML alias bomb stops at once with go-yaml\'s message; nesting past the limit is refused, never a stack overflow', () => {
  withCluster((home, k) => {
    let bomb = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\nx0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    for (let i = 1; i < 12; i++) bomb += `x${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]\n`;
    const before = storeBytes(home);
    let r = k('apply -f -', bomb);
    assert.deepEqual([r.code, r.stderr], [1, 'error: error parsing STDIN: error converting YAML to JSON: yaml: document contains excessive aliasing\n']);
    // Anchors used a few times are fine.
    r = k('apply -f -', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: anchors, labels: &l {a: b}}\ndata: *l\n');
    assert.equal(r.code, 0, r.stderr);

    const deepYaml = (d: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\nfoo: ${'['.repeat(d)}${']'.repeat(d)}\n`;
    const deepJson = (d: number) => `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"deep"},"foo":${'['.repeat(d)}${']'.repeat(d)}}`;
    r = k('apply -f -', deepYaml(999));
    assert.match(r.stderr, /strict decoding error: unknown field "foo"\n$/, 'as deep as the limit: read, then refused for its unknown field');
    r = k('apply -f -', deepYaml(5000));
    assert.deepEqual([r.code, r.stderr], [1, 'error: error parsing STDIN: error converting YAML to JSON: yaml: line 5: nesting deeper than 1000 levels is not supported by kubectl-lite\n']);
    r = k('apply -f -', deepJson(999));
    assert.match(r.stderr, /strict decoding error: unknown field "foo"\n$/);
    r = k('apply -f -', deepJson(5000));
    assert.deepEqual([r.code, r.stderr], [1, 'error: error parsing STDIN: nesting deeper than 1000 levels is not supported by kubectl-lite\n']);
    r = k(['get', 'ns', 'default', '-o', `go-template=${'{{if true}}'.repeat(5000)}`]);
    assert.equal(r.code, 1);
    assert.doesNotMatch(r.stderr, /Maximum call stack|    at /);
    const after = storeBytes(home)!;
    assert.ok(after.length > before!.length, 'only the anchors ConfigMap was written');
  });
});

test('--kubeconfig and --request-timeout are checked as kubectl checks them', () => {
  withCluster((home, k) => {
    const missing = join(home, 'nope.kubeconfig');
    let r = k(['get', 'ns', '--kubeconfig', missing]);
    assert.deepEqual([r.code, r.stdout, r.stderr], [1, '', `error: stat ${missing}: no such file or directory\n`]);
    const garbage = join(home, 'garbage.kubeconfig');
    writeFileSync(garbage, 'garbage: [\n');
    r = k(['get', 'ns', '--kubeconfig', garbage]);
    assert.deepEqual([r.code, r.stderr], [1, `error: error loading config file "${garbage}": yaml: line 1: did not find expected node content\n`]);
    writeFileSync(garbage, 'hello\n');
    r = k(['get', 'ns', '--kubeconfig', garbage]);
    assert.equal(r.stderr, `error: error loading config file "${garbage}": couldn't get version/kind; json parse error: json: cannot unmarshal string into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }\n`);
    const good = join(home, 'good.kubeconfig');
    writeFileSync(good, 'apiVersion: v1\nkind: Config\n');
    r = k(['get', 'ns', 'default', '-o', 'name', '--kubeconfig', good]);
    assert.deepEqual([r.code, r.stdout], [0, 'namespace/default\n']);
    r = k('get ns --request-timeout zz');
    assert.deepEqual([r.code, r.stderr], [1, 'error: Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)\n']);
    for (const ok of ['5', '1m30s', '0']) assert.equal(k(`get ns default -o name --request-timeout ${ok}`).code, 0, ok);
  });
});

test('a shard file that parses but is not the shard the store names is reported as corrupt, never read as part of the collection', () => {
  const { home, dispose } = tempHome();
  try {
    const k = (args: string) => runBin(args, { home, now: NOW });
    assert.equal(k('create deployment many --image=nginx --replicas=150').code, 0);
    const dir = join(home, 'clusters', 'lite', 'objects');
    const root = JSON.parse(readFileSync(join(home, 'clusters', 'lite', 'store.json'), 'utf8'));
    const files: string[] = root.sharded['core/pods'].files;
    assert.ok(files.length >= 2, 'pods are sharded');
    // Shard 0's file now holds shard 1's objects (a stray copy, a restore gone wrong).
    writeFileSync(join(dir, files[0]!), readFileSync(join(dir, files[1]!)));
    let r = k('get pods -o name');
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`^error: the cluster store "${join(dir, files[0]!).replace(/[.]/g, '\\.')}" is corrupt and was left untouched: it holds "[^"]+", which belongs to another shard\\n$`));
    writeFileSync(join(dir, files[0]!), '[]');
    r = k('get pods -o name');
    assert.equal(r.stderr, `error: the cluster store "${join(dir, files[0]!)}" is corrupt and was left untouched: not a shard\n`);
  } finally {
    dispose();
  }
});
