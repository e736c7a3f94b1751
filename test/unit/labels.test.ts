import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matches, parseSelector, SelectorParseError } from '../../src/api/labels.js';

const refusal = (text: string) => {
  try {
    parseSelector(text);
    return undefined;
  } catch (e) {
    assert.ok(e instanceof SelectorParseError);
    return e.message;
  }
};

const NAME_PART = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

test('a bad key is named as labels.Parse names it: a parser without a field path prints <nil>, every complaint joined by "; "', () => {
  // As a v1.32 API server answers `kubectl get pods -l app:monolith`.
  assert.equal(refusal('app:monolith'), `unable to parse requirement: <nil>: Invalid value: "app:monolith": ${NAME_PART}`);
  assert.equal(
    refusal('Bad_Prefix/-x=1'),
    `unable to parse requirement: <nil>: Invalid value: "Bad_Prefix/-x": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*'); ${NAME_PART}`,
  );
  assert.equal(refusal('!=x'), "found '!=', expected: !, identifier, or 'end of string'");
  assert.equal(refusal('! ,x'), "unable to parse requirement: found ',', expected: identifier");
  assert.equal(refusal('a,,b'), "found ',', expected: identifier after ','");
  assert.equal(refusal('a,'), "found '', expected: identifier after ','");
});

test('bad values are named by their place: values[i][key], an integer for Gt/Lt as values[i]; several in brackets', () => {
  assert.equal(refusal('ok=-bad-'), `unable to parse requirement: values[0][ok]: Invalid value: "-bad-": ${LABEL_VALUE}`);
  // A set is sorted before it is checked.
  assert.equal(
    refusal('x in (-b,-a,ok)'),
    `unable to parse requirement: [values[0][x]: Invalid value: "-a": ${LABEL_VALUE}, values[1][x]: Invalid value: "-b": ${LABEL_VALUE}]`,
  );
  assert.equal(refusal('x>abc'), `unable to parse requirement: values[0]: Invalid value: "abc": for 'Gt', 'Lt' operators, the value must be an integer`);
  assert.equal(refusal('x<99999999999999999999'), `unable to parse requirement: values[0]: Invalid value: "99999999999999999999": for 'Gt', 'Lt' operators, the value must be an integer`);
  // An integer that is no label value: that complaint only.
  assert.equal(refusal('x>-5'), `unable to parse requirement: values[0][x]: Invalid value: "-5": ${LABEL_VALUE}`);
  assert.deepEqual(parseSelector('x>5'), [{ key: 'x', operator: 'gt', values: ['5'] }]);
});

test('value sets read as parseValues reads them: () is the empty value, places are empty values, each value once', () => {
  assert.deepEqual(parseSelector('x in ()'), [{ key: 'x', operator: 'in', values: [''] }]);
  assert.equal(matches(parseSelector('x in ()'), { x: '' }), true);
  assert.equal(matches(parseSelector('x in ()'), { x: 'a' }), false);
  assert.deepEqual(parseSelector('x notin (b,a,,b)'), [{ key: 'x', operator: 'notin', values: ['', 'a', 'b'] }]);
  assert.deepEqual(parseSelector('x in (a,)'), [{ key: 'x', operator: 'in', values: ['', 'a'] }]);
  assert.equal(refusal('x in (a'), "unable to parse requirement: found '', expected: ',' or ')'");
  assert.equal(refusal('x in (a,'), "unable to parse requirement: found '', expected: ',', or identifier");
  assert.equal(refusal('x in (='), "unable to parse requirement: found '=', expected: ',', ')' or identifier");
  assert.equal(refusal('x in a'), "unable to parse requirement: found 'a' expected: '('");
  assert.equal(refusal('x (a)'), "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt");
});
