import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkRequestName } from '../../src/api/request-name.js';

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
