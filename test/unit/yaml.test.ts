import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseJson } from '../../src/api/json-numbers.js';
import { toYaml, yamlKeyLess } from '../../src/printers/yaml.js';

// Expected texts below were produced by real kubectl v1.32 (see format-oracle.test.ts).

test('yaml: list items at the parent indentation, empties in flow style, null', () => {
  const obj = { spec: { ports: [{ port: 80, protocol: 'TCP' }], selector: {}, list: [], nested: [[1, 2], [{}]] }, status: { loadBalancer: {} }, x: null };
  assert.equal(
    toYaml(obj),
    'spec:\n  list: []\n  nested:\n  - - 1\n    - 2\n  - - {}\n  ports:\n  - port: 80\n    protocol: TCP\n  selector: {}\nstatus:\n  loadBalancer: {}\nx: null\n',
  );
});

test('yaml: quoting follows go-yaml (numbers, booleans, timestamps, indicators, empty)', () => {
  const data = {
    a: '1734', b: 'True', c: '2026-11-21T20:00:00Z', d: '', e: '- item', f: 'key: value', g: 'a #c', h: '*', i: "it's",
    j: ' lead', k: 'a\tb', l: '12:30', m: '1.2.3', nn: 'http://x:80/p', o: 'yes', p: '~', q: '0x1F', r: '@home', s: "'x'",
  };
  assert.equal(
    toYaml(data),
    'a: "1734"\nb: "True"\nc: "2026-11-21T20:00:00Z"\nd: ""\ne: \'- item\'\nf: \'key: value\'\ng: \'a #c\'\nh: \'*\'\ni: it\'s\n' +
      "j: ' lead'\nk: \"a\\tb\"\nl: \"12:30\"\nm: 1.2.3\nnn: http://x:80/p\no: \"yes\"\np: \"~\"\nq: \"0x1F\"\nr: '@home'\ns: '''x'''\n",
  );
});

test('yaml: literal blocks with chomping indicators; trailing spaces force double quotes', () => {
  assert.equal(toYaml({ a: 'x\ny\n' }), 'a: |\n  x\n  y\n');
  assert.equal(toYaml({ a: 'x\ny' }), 'a: |-\n  x\n  y\n');
  assert.equal(toYaml({ a: 'x\n\n', b: 1 }), 'a: |+\n  x\n\nb: 1\n');
  assert.equal(toYaml({ a: '  x\ny\n' }), 'a: |2\n    x\n  y\n');
  assert.equal(toYaml({ a: 'x \ny\n' }), 'a: "x \\ny\\n"\n');
});

test('yaml: long plain and quoted scalars fold after column 80', () => {
  const long = 'This is a long description that goes well past the eighty column limit of the emitter so that it has to fold.';
  assert.equal(
    toYaml({ data: { long, q: `: ${long}` } }),
    'data:\n  long: This is a long description that goes well past the eighty column limit of\n    the emitter so that it has to fold.\n' +
      "  q: ': This is a long description that goes well past the eighty column limit of\n    the emitter so that it has to fold.'\n",
  );
});

test('yaml: numbers as go-yaml prints them; unicode kept, astral characters escaped', () => {
  assert.equal(toYaml({ a: 1000000, b: 1e21, c: 0.5, d: 1234567.5, e: 1e-7 }), 'a: 1000000\nb: 1e+21\nc: 0.5\nd: 1.2345675e+06\ne: 1e-07\n');
  // Go's JSON text of the double is what go-yaml reads: an int64, else a uint64, else a float.
  assert.equal(toYaml({ a: 2 ** 60, b: 2 ** 63, c: -(2 ** 63), d: 2 ** 64, e: 1e20 }), 'a: 1152921504606847000\nb: 9223372036854776000\nc: -9.223372036854776e+18\nd: 1.8446744073709552e+19\ne: 1e+20\n');
  // An int64 kept as its literal on the client (json-numbers.ts) prints as that int64.
  assert.equal(toYaml(parseJson('{"a":9223372036854775807,"b":[-9007199254740993]}')), 'a: 9223372036854775807\nb:\n- -9007199254740993\n');
  assert.equal(toYaml({ u: 'héllo 日本', e: 'party 🎉' }), 'e: "party \\U0001F389"\nu: héllo 日本\n');
});

test('yaml: go-yaml key order (digit runs numeric, non-letters first)', () => {
  const keys = ['x10', 'x9', 'X', 'x_y', 'x-y', '0'].sort(yamlKeyLess);
  assert.deepEqual(keys, ['0', 'X', 'x-y', 'x_y', 'x9', 'x10']);
});

test("yaml: what go-yaml's reader refuses in Go's JSON (DEL, C1 controls but NEL, U+FFFE/U+FFFF) is kubectl's error, in values and keys", () => {
  for (const bad of ['a\u007fb', '\u0080', 'x\u009f', '\ufffe', '\uffff']) {
    assert.throws(() => toYaml({ data: { k: bad } }), { message: 'yaml: control characters are not allowed' }, JSON.stringify(bad));
    assert.throws(() => toYaml({ data: { [bad]: 'v' } }), { message: 'yaml: control characters are not allowed' }, JSON.stringify(bad));
  }
  // Go's JSON escapes C0 controls, and go-yaml reads NEL and U+00A0 on: these print.
  assert.equal(toYaml({ k: 'a\u0000b' }), 'k: "a\\0b"\n');
  assert.equal(toYaml({ k: 'a\u0085b' }), 'k: a b\n');
  assert.doesNotThrow(() => toYaml({ k: 'a\u00a0b\ufffd' }));
});

test("yaml: go-yaml's quirks: a leading BOM escapes every character; NEL folds but keeps an escaped tab; a document marker after a NEL is its read error, on its line", () => {
  assert.equal(toYaml({ k: '\ufeffab c\u00e9\n' }), 'k: "\\uFEFF\\x61\\x62\\x20\\x63\\xE9\\n"\n');
  assert.equal(toYaml({ k: 'x\u0085\ty' }), 'k: "x \\ty"\n');
  assert.throws(() => toYaml({ a: 'x\u0085--- y' }), { message: 'yaml: line 2: found unexpected document indicator' });
  assert.throws(() => toYaml({ b: 'x\u0085... y', a: '\u0085\u0085' }), { message: 'yaml: line 4: found unexpected document indicator' });
  // Followed by no blank (the string's closing quote, a tab written as `\t`), it is no marker.
  assert.equal(toYaml({ a: 'x\u0085---' }), 'a: x ---\n');
  assert.equal(toYaml({ a: 'x\u0085---\ty' }), 'a: "x ---\\ty"\n');
});
