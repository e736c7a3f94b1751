import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateRules } from '../../src/api/crd/cel.js';
import { checkFormat } from '../../src/api/crd/formats.js';
import { applyDefaults, goFloat, prune, validate, type Schema } from '../../src/api/crd/schema.js';

const messages = (value: unknown, schema: Schema) => validate(value, schema, '').map((c) => `${c.field}: ${c.message}`);

test('bounds print as Go prints a float64', () => {
  assert.deepEqual([goFloat(0), goFloat(5), goFloat(100000), goFloat(1000000), goFloat(1234567), goFloat(1.5), goFloat(0.0001), goFloat(0.00001)],
    ['0', '5', '100000', '1e+06', '1.234567e+06', '1.5', '0.0001', '1e-05']);
  const schema: Schema = { type: 'object', properties: { n: { type: 'number', maximum: 1000000, exclusiveMaximum: true }, m: { type: 'integer', minimum: 0.5, exclusiveMinimum: true } } };
  assert.deepEqual(messages({ n: 2e6, m: 0 }, schema), [
    'm: Invalid value: 0: m in body should be greater than 0.5',
    'n: Invalid value: 2000000: n in body should be less than 1e+06',
  ]);
});

test('nullable, int-or-string, number accepting integers, multipleOf, uniqueItems and maxProperties', () => {
  const schema: Schema = {
    type: 'object',
    properties: {
      a: { type: 'string', nullable: true },
      b: { type: 'string' },
      p: { 'x-kubernetes-int-or-string': true },
      r: { type: 'number', multipleOf: 0.5 },
      u: { type: 'array', uniqueItems: true, items: { type: 'integer' } },
      l: { type: 'array', minItems: 2, items: { type: 'integer' } },
      m: { type: 'object', maxProperties: 1, additionalProperties: { type: 'string' } },
    },
  };
  assert.deepEqual(messages({ a: null, b: null, p: 1.5, r: 3, u: [1, 1], l: [1], m: { x: 'a', y: 'b' } }, schema), [
    'b: Invalid value: "null": b in body must be of type string: "null"',
    'l: Invalid value: 1: l in body should have at least 2 items',
    'm: Too many: 2: must have at most 1 item',
    'p: Invalid value: "number": p in body must be of type integer,string: "number"',
    'u: Invalid value: [1,1]: u in body shouldn\'t contain duplicates',
  ]);
});

test('embedded resources need apiVersion and kind; their metadata survives pruning', () => {
  const schema: Schema = {
    type: 'object',
    properties: { spec: { type: 'object', properties: { template: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object' } } } } } },
  };
  const obj = { apiVersion: 'x/v1', kind: 'X', metadata: { name: 'a', bogus: 1 }, spec: { template: { metadata: { labels: { a: 'b' } }, spec: {}, other: 1 } } };
  assert.deepEqual(prune(obj, schema), ['metadata.bogus', 'spec.template.other']);
  assert.deepEqual(obj.spec.template, { metadata: { labels: { a: 'b' } }, spec: {} });
  assert.deepEqual(messages(obj, schema), ['spec.template.apiVersion: Required value: must not be empty', 'spec.template.kind: Required value: must not be empty']);
});

test('defaults apply top-down, replace nulls of non-nullable fields and leave nullable nulls', () => {
  const schema: Schema = {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        default: {},
        properties: {
          a: { type: 'object', default: { x: 1 }, properties: { x: { type: 'integer' }, y: { type: 'integer', default: 2 } } },
          b: { type: 'string', default: 'b' },
          c: { type: 'string', nullable: true, default: 'c' },
          d: { type: 'string' },
          items: { type: 'array', items: { type: 'object', properties: { w: { type: 'integer', default: 7 } } } },
        },
      },
    },
  };
  const obj: any = { spec: { b: null, c: null, d: null, items: [{}, { w: 1 }] } };
  applyDefaults(obj, schema);
  assert.deepEqual(obj.spec, { b: 'b', c: null, a: { x: 1, y: 2 }, items: [{ w: 7 }, { w: 1 }] });
  const empty: any = {};
  applyDefaults(empty, schema);
  assert.deepEqual(empty, { spec: { a: { x: 1, y: 2 }, b: 'b', c: 'c' } });
});

test('formats the API server checks, and those it does not', () => {
  const good: Array<[string, string]> = [
    ['date-time', '2024-02-29T10:00:00Z'], ['date-time', '2024-01-01T00:00:00.5+02:00'], ['date', '2024-02-29'], ['uuid', '0b086252-960d-4ba8-ab1f-f34c98630781'],
    ['ipv4', '10.0.0.1'], ['ipv6', '::1'], ['cidr', '10.0.0.0/8'], ['hostname', 'example.com'], ['byte', 'aGk='], ['duration', '1h30m'],
    ['uri', 'https://example.com/x'], ['email', 'a@b.c'], ['mac', '00:1b:63:84:45:e6'], ['int32', 'anything'], ['custom-format', 'anything'],
  ];
  for (const [f, v] of good) assert.ok(checkFormat(f, v), `${f} ${v}`);
  const bad: Array<[string, string]> = [
    ['date-time', '2023-02-29T10:00:00Z'], ['date-time', '2024-01-01'], ['date', '2024-13-01'], ['uuid', 'x'], ['ipv4', '10.0.0.256'], ['cidr', '10.0.0.0/33'],
    ['hostname', '-a.com'], ['byte', 'a'], ['duration', 'soon'], ['uri', 'not a uri'], ['email', 'nobody'],
  ];
  for (const [f, v] of bad) assert.ok(!checkFormat(f, v), `${f} ${v}`);
});

test('CEL rules: self, oldSelf transition rules, messageExpression, reasons, fieldPath, evaluation errors', () => {
  const schema: Schema = {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        'x-kubernetes-validations': [
          { rule: 'self.min <= self.max', messageExpression: '"min " + string(self.min) + " exceeds max " + string(self.max)' },
          { rule: 'self.mode == oldSelf.mode', message: 'mode is immutable', reason: 'FieldValueForbidden', fieldPath: '.mode' },
          { rule: 'self.missing > 1' },
        ],
        properties: {
          min: { type: 'integer' },
          max: { type: 'integer' },
          mode: { type: 'string' },
          when: { type: 'string', format: 'date-time', 'x-kubernetes-validations': [{ rule: 'self > timestamp("2020-01-01T00:00:00Z")' }] },
          tags: { type: 'array', items: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self.startsWith("t-")', message: 'tags start with t-' }] } },
        },
      },
    },
  };
  const obj = { spec: { min: 5, max: 2, mode: 'b', when: '2019-01-01T00:00:00Z', tags: ['t-a', 'x'] } };
  const created = validateRules(obj, undefined, schema, '').map((c) => `${c.field}: ${c.message}`);
  assert.deepEqual(created, [
    'spec: Invalid value: "object": min 5 exceeds max 2',
    'spec: Invalid value: "object": no such key: missing evaluating rule: self.missing > 1',
    'spec.when: Invalid value: "string": failed rule: self > timestamp("2020-01-01T00:00:00Z")',
    'spec.tags[1]: Invalid value: "string": tags start with t-',
  ]);
  const updated = validateRules(obj, { spec: { mode: 'a' } }, schema, '').map((c) => `${c.field}: ${c.message}`);
  assert.ok(updated.includes('spec.mode: Forbidden: mode is immutable'), updated.join('\n'));
});

test("CEL rules may use Kubernetes' library functions: regex find, list functions, isURL, isIP, isCIDR, isQuantity", () => {
  const rule = (r: string) => ({ rule: r });
  const schema: Schema = {
    type: 'object',
    'x-kubernetes-validations': [
      rule('self.name.find("[0-9]+") == "42"'),
      rule('self.name.findAll("[a-z]") == ["a", "b"]'),
      rule('self.counts.sum() == 6 && self.counts.min() == 1 && self.counts.max() == 3'),
      rule('self.counts.isSorted()'),
      rule('self.counts.indexOf(2) == 1 && self.counts.lastIndexOf(9) == -1'),
      rule('isURL(self.url) && !isURL("not a url")'),
      rule('isIP(self.ip) && !isIP("10.0.0.300")'),
      rule('isCIDR(self.cidr) && !isCIDR("10.0.0.0/33")'),
      rule('isQuantity(self.mem) && !isQuantity("12XB")'),
      rule('self.empty.min() == 0'),
    ],
    properties: {
      name: { type: 'string' },
      counts: { type: 'array', items: { type: 'integer' } },
      empty: { type: 'array', items: { type: 'integer' } },
      url: { type: 'string' },
      ip: { type: 'string' },
      cidr: { type: 'string' },
      mem: { type: 'string' },
    },
  };
  const good = { name: 'a42b', counts: [1, 2, 3], empty: [], url: 'https://example.com:8443/path', ip: '2001:db8::1', cidr: '10.0.0.0/8', mem: '512Mi' };
  const causes = validateRules(good, undefined, schema, '').map((c) => `${c.field}: ${c.message}`);
  assert.deepEqual(causes, ['<nil>: Invalid value: "object": min called on empty list evaluating rule: self.empty.min() == 0']);
  const bad = { ...good, counts: [3, 1, 2] };
  assert.ok(validateRules(bad, undefined, schema, '').some((c) => c.message.endsWith('failed rule: self.counts.isSorted()')));
});
