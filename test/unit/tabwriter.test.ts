import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DESCRIBE_TABWRITER, runeWidth, tabwrite } from '../../src/util/tabwriter.js';
import { humanDuration } from '../../src/util/duration.js';

test('tabwriter pads columns to widest cell + 3, minimum 6, last cell unpadded', () => {
  const out = tabwrite('NAME\tREADY\tSTATUS\nweb-7d4b9c8f5d-2xk9p\t1/1\tRunning\n');
  assert.equal(out, 'NAME                   READY   STATUS\nweb-7d4b9c8f5d-2xk9p   1/1     Running\n');
});

test('tabwriter: a line without a tab ends the column block (describe layout)', () => {
  const text = 'Name:\tweb\nNamespace:\tdefault\nContainers:\n  app:\n    Image:\tnginx\n';
  assert.equal(
    tabwrite(text, DESCRIBE_TABWRITER),
    'Name:       web\nNamespace:  default\nContainers:\n  app:\n    Image:  nginx\n',
  );
});

test('tabwriter: an empty cell before a tab still gets padded (trailing spaces)', () => {
  assert.equal(tabwrite('IP:\t\nNode:\tx\n', DESCRIBE_TABWRITER), 'IP:    \nNode:  x\n');
});

test('humanDuration thresholds match apimachinery', () => {
  const cases: Array<[number, string]> = [
    [0, '0s'], [119, '119s'], [120, '2m'], [121, '2m1s'], [599, '9m59s'], [600, '10m'], [10799, '179m'],
    [10800, '3h'], [10860, '3h1m'], [28799, '7h59m'], [28800, '8h'], [172799, '47h'], [172800, '2d'],
    [176400, '2d1h'], [691199, '7d23h'], [691200, '8d'], [63071999, '729d'], [63072000, '2y'],
    [63158400, '2y1d'], [252288000, '8y'],
  ];
  for (const [s, want] of cases) assert.equal(humanDuration(s * 1000), want, `${s}s`);
  assert.equal(humanDuration(-2000), '<invalid>');
  assert.equal(humanDuration(-500), '0s');
});

test('runeWidth counts code points as iterating the string does: pairs once, lone surrogates once each', () => {
  for (const s of ['', 'abc', 'héllo', '😀', 'a😀b😀', '\ud83d', '\ude00', '\ude00\ud83d', 'x\ud83d', '\ud83d\ud83d\ude00', '日本語', 'e\u0301']) {
    assert.equal(runeWidth(s), [...s].length, JSON.stringify(s));
  }
});
