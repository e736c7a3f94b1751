import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  applyJsonPatch,
  applyMergePatch,
  applyStrategicPatch,
  atomicLists,
  createMergePatch,
  createStrategicPatch,
  goJson,
  JsonPatchError,
  strategyForKind,
  threeWayPatch,
  type JsonMap,
} from '../../src/api/merge/index.js';

const pod = strategyForKind('Pod');
const service = strategyForKind('Service');

function podWith(containers: JsonMap[], extra: JsonMap = {}): JsonMap {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers, ...extra } };
}

test('strategic patch: containers merge by name, env by name, ports by containerPort', () => {
  const live = podWith([
    { name: 'a', image: 'x:1', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], ports: [{ containerPort: 80, protocol: 'TCP' }] },
    { name: 'b', image: 'y:1' },
  ]);
  const patch = { spec: { containers: [{ name: 'a', image: 'x:2', env: [{ name: 'B', value: '3' }], ports: [{ containerPort: 81 }] }] } };
  const out = applyStrategicPatch(live, patch, pod);
  assert.deepEqual(out.spec, {
    containers: [
      // The added port goes first, as in Go's merge (kubectl patch --local gives [81, 80]).
      { name: 'a', image: 'x:2', env: [{ name: 'A', value: '1' }, { name: 'B', value: '3' }], ports: [{ containerPort: 81 }, { containerPort: 80, protocol: 'TCP' }] },
      { name: 'b', image: 'y:1' },
    ],
  });
  assert.equal((live.spec as JsonMap).containers && (((live.spec as JsonMap).containers as JsonMap[])[0]!.image), 'x:1', 'input not modified');
});

test('strategic patch: directives $patch delete/replace, $deleteFromPrimitiveList, $retainKeys, $setElementOrder, null', () => {
  const live = podWith([{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }], { nodeSelector: { disk: 'ssd', zone: 'z' } });
  (live.metadata as JsonMap).finalizers = ['f1', 'f2'];
  const cases: Array<[string, JsonMap, unknown]> = [
    ['delete a list element', { spec: { containers: [{ name: 'a', $patch: 'delete' }] } }, [{ name: 'b', image: 'y' }]],
    ['replace the list', { spec: { containers: [{ name: 'c', image: 'z' }, { $patch: 'replace' }] } }, [{ name: 'c', image: 'z' }]],
    ['reorder', { spec: { '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }] } }, [{ name: 'b', image: 'y' }, { name: 'a', image: 'x' }]],
  ];
  for (const [what, patch, want] of cases) {
    assert.deepEqual((applyStrategicPatch(live, patch, pod).spec as JsonMap).containers, want, what);
  }
  const replaced = applyStrategicPatch(live, { spec: { nodeSelector: { $patch: 'replace', zone: 'q' } } }, pod);
  assert.deepEqual((replaced.spec as JsonMap).nodeSelector, { zone: 'q' });
  const removed = applyStrategicPatch(live, { spec: { nodeSelector: { disk: null } } }, pod);
  assert.deepEqual((removed.spec as JsonMap).nodeSelector, { zone: 'z' });
  const fin = applyStrategicPatch(live, { metadata: { '$deleteFromPrimitiveList/finalizers': ['f1'], finalizers: ['f3'] } }, pod);
  // As kubectl patch --local gives it: what the patch adds goes before what is left.
  assert.deepEqual((fin.metadata as JsonMap).finalizers, ['f3', 'f2']);
  const retained = applyStrategicPatch({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } }, { strategy: { $retainKeys: ['type'], type: 'Recreate' } }, pod);
  assert.deepEqual(retained, { strategy: { type: 'Recreate' } });
});

test('strategic patch: lists without a strategy (tolerations, args) and custom resources are replaced whole', () => {
  const live = podWith([{ name: 'a', args: ['1', '2'] }], { tolerations: [{ key: 'k', operator: 'Exists' }] });
  const out = applyStrategicPatch(live, { spec: { containers: [{ name: 'a', args: ['3'] }], tolerations: [{ key: 'j' }] } }, pod);
  assert.deepEqual(out.spec, { containers: [{ name: 'a', args: ['3'] }], tolerations: [{ key: 'j' }] });
  const cr = applyStrategicPatch({ spec: { containers: [{ name: 'a' }, { name: 'b' }] } }, { spec: { containers: [{ name: 'c' }] } }, atomicLists);
  assert.deepEqual(cr, { spec: { containers: [{ name: 'c' }] } });
});

test('Service ports merge by port; container ports by containerPort', () => {
  const live: JsonMap = { spec: { ports: [{ port: 80, targetPort: 8080, protocol: "TCP" }, { port: 443 }] } };
  const out = applyStrategicPatch(live, { spec: { ports: [{ port: 80, targetPort: 9090 }] } }, service);
  assert.deepEqual(out.spec, { ports: [{ port: 80, targetPort: 9090, protocol: 'TCP' }, { port: 443 }] });
});

test('two elements with one merge key (a port on 53 for UDP and for TCP) are paired in order, not merged', () => {
  const ports = [{ containerPort: 53, name: 'dns', protocol: 'UDP' }, { containerPort: 53, name: 'dns-tcp', protocol: 'TCP' }, { containerPort: 9153, name: 'metrics', protocol: 'TCP' }];
  const live = podWith([{ name: 'coredns', image: 'coredns:1', ports }]);
  // What get printed, applied back (kubectl apply without a last-applied annotation): nothing to patch.
  assert.deepEqual(threeWayPatch(undefined, live, live, pod), {});
  assert.deepEqual(createStrategicPatch(live, podWith([{ name: 'coredns', image: 'coredns:1', ports }]), pod), {});
  // A change to the second element of the key is a change to it (the patch then names the key, as kubectl's does).
  const renamed = podWith([{ name: 'coredns', image: 'coredns:1', ports: [ports[0]!, { ...ports[1]!, name: 'dns-stream' }, ports[2]!] }]);
  assert.deepEqual(createStrategicPatch(live, renamed, pod), {
    spec: {
      containers: [{ name: 'coredns', ports: [{ containerPort: 53, name: 'dns-stream' }], '$setElementOrder/ports': [{ containerPort: 53 }, { containerPort: 53 }, { containerPort: 9153 }] }],
      '$setElementOrder/containers': [{ name: 'coredns' }],
    },
  });
});

test('two-way strategic patch: changes, additions, deletions by key', () => {
  const from = podWith([{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }], { hostname: 'h' });
  const to = podWith([{ name: 'a', image: 'x2' }, { name: 'c', image: 'z' }]);
  assert.deepEqual(createStrategicPatch(from, to, pod), {
    spec: {
      containers: [{ name: 'a', image: 'x2' }, { name: 'c', image: 'z' }, { name: 'b', $patch: 'delete' }],
      '$setElementOrder/containers': [{ name: 'a' }, { name: 'c' }],
      hostname: null,
    },
  });
  assert.deepEqual(createStrategicPatch(from, from, pod), {});
});

interface ThreeWayCase {
  name: string;
  lastApplied?: JsonMap;
  manifest: JsonMap;
  live: JsonMap;
  patch: JsonMap;
  result: JsonMap;
}

const THREE_WAY: ThreeWayCase[] = [
  {
    name: 'identical re-apply is empty (unchanged), server-added fields kept',
    lastApplied: { spec: { replicas: 2 } },
    manifest: { spec: { replicas: 2 } },
    live: { spec: { replicas: 2, revisionHistoryLimit: 10 }, status: { ready: 1 } },
    patch: {},
    result: { spec: { replicas: 2, revisionHistoryLimit: 10 }, status: { ready: 1 } },
  },
  {
    name: 'field dropped from the manifest is removed; field set by others is kept',
    lastApplied: { metadata: { labels: { a: '1', b: '2' } } },
    manifest: { metadata: { labels: { a: '1' } } },
    live: { metadata: { labels: { a: '1', b: '2', c: 'other' } } },
    patch: { metadata: { labels: { b: null } } },
    result: { metadata: { labels: { a: '1', c: 'other' } } },
  },
  {
    name: 'changed value wins over live edits',
    lastApplied: { spec: { replicas: 2 } },
    manifest: { spec: { replicas: 3 } },
    live: { spec: { replicas: 5 } },
    patch: { spec: { replicas: 3 } },
    result: { spec: { replicas: 3 } },
  },
  {
    name: 'list element dropped from the manifest is deleted by merge key; defaulted fields in kept elements stay',
    lastApplied: { spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }] } },
    manifest: { spec: { containers: [{ name: 'a', image: 'x' }] } },
    live: { spec: { containers: [{ name: 'a', image: 'x', imagePullPolicy: 'IfNotPresent' }, { name: 'b', image: 'y', imagePullPolicy: 'IfNotPresent' }] } },
    patch: { spec: { '$setElementOrder/containers': [{ name: 'a' }], containers: [{ name: 'b', $patch: 'delete' }] } },
    result: { spec: { containers: [{ name: 'a', image: 'x', imagePullPolicy: 'IfNotPresent' }] } },
  },
  {
    name: 'env var dropped from one container',
    lastApplied: { spec: { containers: [{ name: 'a', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }] } },
    manifest: { spec: { containers: [{ name: 'a', env: [{ name: 'A', value: '1' }] }] } },
    live: { spec: { containers: [{ name: 'a', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }] } },
    patch: { spec: { '$setElementOrder/containers': [{ name: 'a' }], containers: [{ name: 'a', '$setElementOrder/env': [{ name: 'A' }], env: [{ name: 'B', $patch: 'delete' }] }] } },
    result: { spec: { containers: [{ name: 'a', env: [{ name: 'A', value: '1' }] }] } },
  },
  {
    name: 'no last-applied: nothing is removed, additions applied',
    manifest: { metadata: { labels: { a: '1' } } },
    live: { metadata: { labels: { b: '2' } } },
    patch: { metadata: { labels: { a: '1' } } },
    result: { metadata: { labels: { a: '1', b: '2' } } },
  },
];

for (const c of THREE_WAY) {
  test(`three-way patch: ${c.name}`, () => {
    const patch = threeWayPatch(c.lastApplied, c.manifest, c.live, pod);
    assert.deepEqual(patch, c.patch);
    assert.deepEqual(applyStrategicPatch(c.live, patch, pod), c.result);
  });
}

test('JSON merge patch (RFC 7386 examples)', () => {
  const cases: Array<[unknown, unknown, unknown]> = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [['a', 'b'], ['c', 'd'], ['c', 'd']],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  for (const [target, patch, want] of cases) assert.deepEqual(applyMergePatch(target as never, patch as never), want, JSON.stringify(patch));
  assert.deepEqual(createMergePatch({ a: 1, b: { c: 1, d: 2 } }, { b: { c: 1, d: 3 }, e: [1] }), { a: null, b: { d: 3 }, e: [1] });
});

test('JSON patch (RFC 6902): every operation', () => {
  const doc = { metadata: { labels: { a: '1' } }, spec: { list: [1, 2, 3] } };
  const out = applyJsonPatch(doc, [
    { op: 'add', path: '/metadata/labels/b', value: '2' },
    { op: 'remove', path: '/metadata/labels/a' },
    { op: 'replace', path: '/spec/list/0', value: 9 },
    { op: 'add', path: '/spec/list/-', value: 4 },
    { op: 'move', from: '/spec/list/1', path: '/spec/moved' },
    { op: 'copy', from: '/metadata/labels', path: '/spec/copied' },
    { op: 'test', path: '/spec/moved', value: 2 },
    { op: 'add', path: '/metadata/annotations', value: { 'x~/y': 'z' } },
    { op: 'replace', path: '/metadata/annotations/x~0~1y', value: 'w' },
  ]);
  assert.deepEqual(out, {
    metadata: { labels: { b: '2' }, annotations: { 'x~/y': 'w' } },
    spec: { list: [9, 3, 4], moved: 2, copied: { b: '2' } },
  });
  assert.deepEqual(doc.spec.list, [1, 2, 3], 'input not modified');
});

test('JSON patch errors carry evanphx/json-patch wording', () => {
  const doc = { a: { b: 1 }, l: [1] };
  const cases: Array<[unknown, string]> = [
    [[{ op: 'remove', path: '/a/x' }], 'remove operation does not apply: doc is missing path: "/a/x": missing value'],
    [[{ op: 'replace', path: '/a/x', value: 1 }], 'replace operation does not apply: doc is missing key: /a/x: missing value'],
    [[{ op: 'add', path: '/x/y', value: 1 }], 'add operation does not apply: doc is missing path: "/x/y": missing value'],
    [[{ op: 'test', path: '/a/b', value: 2 }], 'testing value /a/b failed: test failed'],
    [[{ op: 'add', path: '/l/5', value: 1 }], 'Unable to access invalid index: 5: invalid index referenced'],
    [[{ op: 'frob', path: '/a' }], 'Unexpected kind: frob: unknown object type'],
  ];
  for (const [ops, message] of cases) {
    assert.throws(() => applyJsonPatch(doc, ops), (e: unknown) => e instanceof JsonPatchError && e.message === message, message);
  }
});

test('JSON patch: a negative index counts from the end, on the server as on the client', () => {
  const doc = { l: [1, 2] };
  for (const library of ['v5', 'v4'] as const) {
    assert.deepEqual(applyJsonPatch(doc, [{ op: 'remove', path: '/l/-1' }], library), { l: [1] }, library);
    assert.deepEqual(applyJsonPatch(doc, [{ op: 'add', path: '/l/-1', value: 3 }], library), { l: [1, 2, 3] }, library);
    assert.deepEqual(applyJsonPatch(doc, [{ op: 'add', path: '/l/-3', value: 0 }], library), { l: [0, 1, 2] }, library);
    assert.deepEqual(applyJsonPatch(doc, [{ op: 'replace', path: '/l/-2', value: 9 }], library), { l: [9, 2] }, library);
    assert.deepEqual(applyJsonPatch(doc, [{ op: 'move', from: '/l/-1', path: '/l/0' }], library), { l: [2, 1] }, library);
  }
  assert.throws(() => applyJsonPatch(doc, [{ op: 'remove', path: '/l/-3' }]), /^Error: Unable to access invalid index: -3: invalid index referenced$/);
  assert.throws(() => applyJsonPatch(doc, [{ op: 'add', path: '/l/-4', value: 0 }], 'v4'), /^Error: error in add for path: '\/l\/-4': Unable to access invalid index: -4/);
  assert.throws(() => applyJsonPatch(doc, [{ op: 'copy', from: '/l/0', path: '/l/7' }], 'v4'), /^Error: error while adding value during copy: Unable to access invalid index: 7/);
});

test("JSON patch as kubectl's client-side v4 applies it: a missing key reads as null, other words for what fails", () => {
  const doc = { a: { b: 1 }, l: [1] };
  assert.deepEqual(applyJsonPatch(doc, [{ op: 'replace', path: '/a/x', value: 1 }], 'v4'), { a: { b: 1, x: 1 }, l: [1] });
  assert.deepEqual(applyJsonPatch(doc, [{ op: 'copy', from: '/a/x', path: '/a/y' }], 'v4'), { a: { b: 1, y: null }, l: [1] });
  const cases: Array<[unknown, string]> = [
    [[{ op: 'remove', path: '/a/x' }], "error in remove for path: '/a/x': Unable to remove nonexistent key: x: missing value"],
    [[{ op: 'move', from: '/a/x', path: '/a/y' }], "error in move for path: 'x': Unable to remove nonexistent key: x: missing value"],
    [[{ op: 'add', path: '/l/5', value: 1 }], "error in add for path: '/l/5': Unable to access invalid index: 5: invalid index referenced"],
    [[{ op: 'add', path: '/l/x', value: 1 }], `error in add for path: '/l/x': value was not a proper array index: 'x': strconv.Atoi: parsing "x": invalid syntax`],
    [[{ op: 'remove', path: '/l/x' }], `error in remove for path: '/l/x': strconv.Atoi: parsing "x": invalid syntax`],
    [[{ op: 'copy', from: '/l/3', path: '/a/c' }], "error in copy for from: '/l/3': Unable to access invalid index: 3: invalid index referenced"],
    [[{ op: 'replace', path: '/q/x', value: 1 }], 'replace operation does not apply: doc is missing path: /q/x: missing value'],
    [[{ op: 'test', path: '/q/x', value: 1 }], 'test operation does not apply: is missing path: /q/x: missing value'],
    [[{ op: 'frob', path: '/a' }], 'Unexpected kind: frob'],
  ];
  for (const [ops, message] of cases) {
    assert.throws(() => applyJsonPatch(doc, ops, 'v4'), (e: unknown) => e instanceof JsonPatchError && e.message === message, message);
  }
});

test('goJson sorts keys and escapes like Go json.Marshal', () => {
  assert.equal(goJson({ b: 1, a: { d: '<&>', c: [{ z: 1, y: 2 }] } }), '{"a":{"c":[{"y":2,"z":1}],"d":"\\u003c\\u0026\\u003e"},"b":1}');
});

test('three-way patch orders a changed keyed list as the manifest does ($setElementOrder)', () => {
  const live: JsonMap = { spec: { containers: [{ name: 'a', image: 'x' }] } };
  const manifest: JsonMap = { spec: { containers: [{ name: 'b', image: 'y' }, { name: 'a', image: 'x' }] } };
  const patch = threeWayPatch({ spec: { containers: [{ name: 'a', image: 'x' }] } }, manifest, live, pod);
  assert.deepEqual(patch, { spec: { containers: [{ name: 'b', image: 'y' }], '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }] } });
  assert.deepEqual(applyStrategicPatch(live, patch, pod), manifest);
  assert.equal(goJson(patch), '{"spec":{"$setElementOrder/containers":[{"name":"b"},{"name":"a"}],"containers":[{"image":"y","name":"b"}]}}');
});

test("strategic patch without $setElementOrder: merged lists in Go's order (what the patch adds goes before what it meets)", () => {
  const live = podWith([
    { name: 'app', image: 'x', env: [{ name: 'Z', value: '1' }, { name: 'W', value: '2' }] },
    { name: 'side', image: 'y' },
  ], { volumes: [{ name: 'v1' }, { name: 'v2' }] });
  (live.metadata as JsonMap).finalizers = ['a.io/x', 'b.io/y'];
  const names = (list: unknown) => (list as JsonMap[]).map((e) => e.name);
  const envAfter = (env: JsonMap[]) => names(((applyStrategicPatch(live, { spec: { containers: [{ name: 'app', env }] } }, pod).spec as JsonMap).containers as JsonMap[])[0]!.env);
  // Each expectation is what kubectl patch --local (Go's strategicpatch) gives on the same pod.
  assert.deepEqual(envAfter([{ name: 'X', value: '9' }]), ['X', 'Z', 'W']);
  assert.deepEqual(envAfter([{ name: 'W', value: '7' }, { name: 'X', value: '9' }]), ['Z', 'W', 'X']);
  assert.deepEqual(envAfter([{ name: 'X' }, { name: 'Z', value: '5' }, { name: 'Y' }]), ['X', 'Z', 'Y', 'W']);
  assert.deepEqual(envAfter([{ name: 'W', value: '7' }, { name: 'Z', value: '5' }]), ['W', 'Z']);
  const containersAfter = (containers: JsonMap[]) => names((applyStrategicPatch(live, { spec: { containers } }, pod).spec as JsonMap).containers);
  assert.deepEqual(containersAfter([{ name: 'new', image: 'n' }, { name: 'side', image: 'y2' }]), ['new', 'app', 'side']);
  assert.deepEqual(containersAfter([{ name: 'side', image: 'y2' }, { name: 'app', image: 'x2' }]), ['side', 'app']);
  const finalizersAfter = (finalizers: string[]) => (applyStrategicPatch(live, { metadata: { finalizers } }, pod).metadata as JsonMap).finalizers;
  assert.deepEqual(finalizersAfter(['c.io/z']), ['c.io/z', 'a.io/x', 'b.io/y']);
  assert.deepEqual(finalizersAfter(['b.io/y', 'c.io/z']), ['a.io/x', 'b.io/y', 'c.io/z']);
  // $setElementOrder still decides when the patch gives it.
  const ordered = applyStrategicPatch(live, { spec: { '$setElementOrder/containers': [{ name: 'side' }, { name: 'app' }], containers: [{ name: 'app', image: 'q' }] } }, pod);
  assert.deepEqual(names((ordered.spec as JsonMap).containers), ['side', 'app']);
});

test("apply's patch says the lists' order as apimachinery does: reordered, emptied of an element, new, or merged from both passes", () => {
  const meta = (finalizers: string[]) => ({ metadata: { name: 'web', finalizers } });
  const c = (name: string, extra: JsonMap = {}) => ({ name, image: name, ...extra });
  // A merged list only reordered: the order alone.
  assert.deepEqual(threeWayPatch(podWith([c('a'), c('b')]), podWith([c('b'), c('a')]), podWith([c('a'), c('b')]), pod), {
    spec: { '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }] },
  });
  // What the last apply had and this one has not: its removal says the order too; the new elements
  // come before the removals' (mergeSlice's order), the delete directive last.
  assert.deepEqual(threeWayPatch(podWith([c('a', { args: ['x'] }), c('b')]), podWith([c('b'), c('a'), c('c')]), podWith([c('a', { args: ['x'] }), c('b')]), pod), {
    spec: { '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }, { name: 'c' }], containers: [{ name: 'c', image: 'c' }, { name: 'a', args: null }] },
  });
  assert.deepEqual(threeWayPatch(podWith([c('a'), c('b')]), podWith([c('b'), c('c')]), podWith([c('a'), c('b')]), pod), {
    spec: { '$setElementOrder/containers': [{ name: 'b' }, { name: 'c' }], containers: [{ name: 'c', image: 'c' }, { name: 'a', $patch: 'delete' }] },
  });
  // A list that was empty is the new list whole, no order.
  assert.deepEqual(createStrategicPatch(podWith([]), podWith([c('a')]), pod), { spec: { containers: [{ name: 'a', image: 'a' }] } });
  // Primitive lists: apimachinery compares with the old list sorted, so a sorted list reordered says its order, an unsorted one put in order does not.
  assert.deepEqual(threeWayPatch(meta(['a', 'b']), meta(['b', 'a']), meta(['a', 'b']), pod), { metadata: { '$setElementOrder/finalizers': ['b', 'a'] } });
  assert.deepEqual(threeWayPatch(meta(['b', 'a']), meta(['a', 'b']), meta(['b', 'a']), pod), {});
  assert.deepEqual(threeWayPatch(meta(['a', 'b']), meta(['b']), meta(['a', 'b']), pod), {
    metadata: { '$deleteFromPrimitiveList/finalizers': ['a'], '$setElementOrder/finalizers': ['b'] },
  });
});

test('elements sharing a merge key pair as apimachinery pairs them: from the end, in its sorted walk', () => {
  const svc = (ports: JsonMap[]) => ({ spec: { ports } });
  const udp = { name: 'dns', port: 53, protocol: 'UDP' };
  const tcp = { name: 'dnst', port: 53, protocol: 'TCP' };
  const base = [{ name: 'http', port: 80 }, { name: 'https', port: 443 }, udp];
  // The UDP port pairs with the TCP one (last with last), which changes it; the UDP one is new.
  assert.deepEqual(threeWayPatch(svc(base), svc([...base, tcp]), svc(base), service), {
    spec: { '$setElementOrder/ports': [{ port: 80 }, { port: 443 }, { port: 53 }, { port: 53 }], ports: [{ name: 'dnst', port: 53, protocol: 'TCP' }, udp] },
  });
  // Removals in the walk's order: by the key as text ("443" before "80").
  assert.deepEqual(threeWayPatch(svc(base), svc([udp]), svc(base), service), {
    spec: { '$setElementOrder/ports': [{ port: 53 }], ports: [{ port: 443, $patch: 'delete' }, { port: 80, $patch: 'delete' }] },
  });
});
