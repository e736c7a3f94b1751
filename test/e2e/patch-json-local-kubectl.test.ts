/**
 * `patch --local --type=json` applies the patch client-side, as kubectl does with its own json-patch
 * (evanphx/json-patch v4): a missing key of an object reads as null (replace sets it, copy copies
 * null), removals and bad array indexes are worded `error in <op> for path: ...`, an index past the
 * end of a replaced array is kubectl's `Object to be patched is missing field (...)`, and a result
 * without a kind is refused as kubectl's decoder words it, a negative index counts from the end. Each
 * case against the real kubectl.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runBin } from '../helpers/cli.js';
import { kubectlAlone, kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';

const POD = `apiVersion: v1
kind: Pod
metadata: {name: p, labels: {a: b}}
spec:
  containers:
  - {name: a, image: nginx}
`;

const TWO = `apiVersion: v1
kind: Pod
metadata: {name: t}
spec:
  containers:
  - {name: a, image: a}
  - {name: b, image: b}
`;

const CONFIGMAP = `apiVersion: v1
kind: ConfigMap
metadata: {name: c}
data: {a: "1"}
`;

const CASES: Array<[file: string, patch: string]> = [
  ['c.yaml', '[{"op":"remove","path":"/data/zz"}]'],
  ['c.yaml', '[{"op":"replace","path":"/data/zz","value":"x"}]'],
  ['c.yaml', '[{"op":"move","from":"/data/zz","path":"/data/b"}]'],
  ['c.yaml', '[{"op":"copy","from":"/data/zz","path":"/data/b"}]'],
  ['c.yaml', '[{"op":"bogus","path":"/data/a"}]'],
  ['c.yaml', '[{"path":"/data/a"}]'],
  ['c.yaml', '[{"op":"test","path":"/data/a","value":"2"}]'],
  ['p.yaml', '[{"op":"replace","path":"/metadata/annotations/a","value":"x"}]'],
  ['p.yaml', '[{"op":"remove","path":"/spec/containers/5"}]'],
  ['p.yaml', '[{"op":"remove","path":"/spec/containers/x"}]'],
  ['p.yaml', '[{"op":"add","path":"/spec/containers/9","value":{"name":"q"}}]'],
  ['p.yaml', '[{"op":"add","path":"/spec/containers/x","value":{"name":"q"}}]'],
  ['p.yaml', '[{"op":"replace","path":"/spec/containers/1","value":{"name":"q"}}]'],
  ['p.yaml', '[{"op":"move","from":"/spec/containers/4","path":"/spec/x"}]'],
  ['p.yaml', '[{"op":"copy","from":"/spec/containers/4","path":"/spec/x"}]'],
  ['p.yaml', '[{"op":"test","path":"/metadata/q/r","value":1}]'],
  ['p.yaml', '[{"op":"remove","path":"/kind"}]'],
  ['p.yaml', '[{"op":"add","path":"/spec/containers/-","value":{"name":"q","image":"x"}},{"op":"move","from":"/metadata/labels","path":"/metadata/annotations"}]'],
  // A negative index counts from the end (add's -1 is the end itself); +1 and -0 read as Go's Atoi reads them.
  ['t.yaml', '[{"op":"remove","path":"/spec/containers/-1"}]'],
  ['t.yaml', '[{"op":"remove","path":"/spec/containers/-0"}]'],
  ['t.yaml', '[{"op":"remove","path":"/spec/containers/-3"}]'],
  ['t.yaml', '[{"op":"add","path":"/spec/containers/-1","value":{"name":"c","image":"c"}}]'],
  ['t.yaml', '[{"op":"add","path":"/spec/containers/-3","value":{"name":"c","image":"c"}}]'],
  ['t.yaml', '[{"op":"add","path":"/spec/containers/-4","value":{"name":"c","image":"c"}}]'],
  ['t.yaml', '[{"op":"add","path":"/spec/containers/+1","value":{"name":"c","image":"c"}}]'],
  ['t.yaml', '[{"op":"replace","path":"/spec/containers/-2/image","value":"z"}]'],
  ['t.yaml', '[{"op":"replace","path":"/spec/containers/-3","value":{"name":"q"}}]'],
  ['t.yaml', '[{"op":"move","from":"/spec/containers/-1","path":"/spec/containers/0"}]'],
  ['t.yaml', '[{"op":"copy","from":"/spec/containers/-2","path":"/spec/containers/-"}]'],
  ['t.yaml', '[{"op":"test","path":"/spec/containers/-1/name","value":"b"}]'],
  ['t.yaml', '[{"op":"test","path":"/spec/containers/-5/name","value":"a"}]'],
  // A bad index where a move or copy puts its value is worded as add words it.
  ['t.yaml', '[{"op":"move","from":"/spec/containers/0","path":"/spec/containers/5"}]'],
  ['t.yaml', '[{"op":"move","from":"/metadata/name","path":"/spec/containers/x"}]'],
  ['t.yaml', '[{"op":"copy","from":"/spec/containers/0","path":"/spec/containers/-4"}]'],
  ['t.yaml', '[{"op":"copy","from":"/spec/containers/0","path":"/spec/containers/y"}]'],
];

test('patch --local --type=json: what kubectl patches, and how it words what it cannot', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'kl-jsonpatch-'));
  try {
    writeFileSync(join(dir, 'p.yaml'), POD);
    writeFileSync(join(dir, 'c.yaml'), CONFIGMAP);
    writeFileSync(join(dir, 't.yaml'), TWO);
    for (const [file, p] of CASES) {
      const args = ['patch', '--local', '-f', file, '--type=json', '-p', p, '-o', 'json'];
      const real = kubectlAlone(args, dir);
      const lite = runBin(args, { home: dir, cwd: dir });
      assert.deepEqual(lite, real, p);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
