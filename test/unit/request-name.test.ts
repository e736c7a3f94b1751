import assert from 'node:assert/strict';
import { test } from 'node:test';
import { builtinRegistry } from '../../src/api/registry.js';
import { checkRequestPath } from '../../src/api/request-name.js';

const pods = builtinRegistry.resolve('pods');
const nodes = builtinRegistry.resolve('nodes');
const checkRequestName = (name: string) => checkRequestPath(pods, 'default', name);

test("a name is refused where apimachinery's IsValidPathSegmentName refuses it, with each reason", () => {
  for (const ok of ['web', 'a.b', '...', 'a b', 'a?b', 'a#b', '']) assert.doesNotThrow(() => checkRequestName(ok), ok);
  const refusal = (name: string) => {
    try {
      checkRequestName(name);
      return undefined;
    } catch (e) {
      return (e as Error).message;
    }
  };
  assert.equal(refusal('.'), `invalid resource name ".": [may not be '.']`);
  assert.equal(refusal('..'), `invalid resource name "..": [may not be '..']`);
  assert.equal(refusal('a/%b'), `invalid resource name "a/%b": [may not contain '/' may not contain '%']`);
  assert.equal(refusal('tab\there%'), `invalid resource name "tab\\there%": [may not contain '%']`);
});

test('a request with both wrong is refused for its namespace first, a cluster-scoped one for its name', () => {
  assert.throws(() => checkRequestPath(pods, 'c%d', 'a%b'), { message: `invalid namespace "c%d": [may not contain '%']` });
  assert.throws(() => checkRequestPath(nodes, 'c%d', 'a%b'), { message: `invalid resource name "a%b": [may not contain '%']` });
  assert.doesNotThrow(() => checkRequestPath(nodes, 'c%d', 'n1'));
});
