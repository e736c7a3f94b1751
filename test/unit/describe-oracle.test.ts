/**
 * describe fidelity: the fixtures are served to real kubectl by the oracle, and kubectl's
 * `describe` output for each object must equal ours byte for byte at the same moment.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Registry, type ResourceType } from '../../src/api/registry.js';
import { typeFromCRD } from '../../src/api/crd.js';
import type { KubeObject } from '../../src/api/types.js';
import { describeObject, listSource } from '../../src/printers/describe/index.js';
import { kubectlAvailable, SKIP_NO_KUBECTL, startOracle, type Oracle } from '../helpers/oracle.js';
import { buildFixtures } from './describe-fixtures.js';

process.env.TZ = 'UTC';
const skip = !kubectlAvailable() && SKIP_NO_KUBECTL;
const now = new Date();
const fixtures = buildFixtures(now);
let oracle: Oracle | undefined;

before(async () => {
  if (!skip) oracle = await startOracle(fixtures);
});
after(async () => oracle?.close());

const registry = new Registry(fixtures.filter((o) => o.kind === 'CustomResourceDefinition').map(typeFromCRD).filter((t): t is ResourceType => t !== undefined));

function resourceArg(o: KubeObject): string {
  const t = registry.forKind(o.apiVersion, o.kind)!;
  return t.group ? `${t.plural}.${t.group}` : t.plural;
}

const described = fixtures;

for (const obj of described) {
  test(`describe ${obj.kind} ${obj.metadata.name} matches kubectl`, { skip }, async () => {
    const ns = obj.metadata.namespace ? ['-n', obj.metadata.namespace] : [];
    const r = await oracle!.kubectl(['describe', resourceArg(obj), obj.metadata.name!, ...ns]);
    assert.equal(r.stderr, '');
    const ours = describeObject(obj, listSource(fixtures), { now: new Date(), showEvents: true });
    assert.equal(ours, r.stdout);
  });
}

test('describe --show-events=false drops the Events section', { skip }, async () => {
  const web = fixtures.find((o) => o.kind === 'Pod' && o.metadata.name === 'web')!;
  const r = await oracle!.kubectl(['describe', 'pod', 'web', '--show-events=false']);
  assert.equal(describeObject(web, listSource(fixtures), { now: new Date(), showEvents: false }), r.stdout);
  assert.ok(!r.stdout.includes('Events:'));
});
