/** Our Tables, rendered by our renderer, against the real-kubectl captures (facts §2, kubectl-captures.txt). */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { matches, parseSelector } from '../../src/api/labels.js';
import { builtinRegistry, kindPrefix } from '../../src/api/registry.js';
import type { KubeObject } from '../../src/api/types.js';
import { buildTable } from '../../src/printers/table/index.js';
import { renderTables, type TableRenderOptions } from '../../src/printers/table-render.js';
import { SHARED, skipWithoutShared } from '../helpers/cli.js';
import { NOW, captured, capturedEvents, capturedMisc, capturedNodes, capturedPods, capturedServices, capturedWorkloads, systemPods } from './table-fixtures.js';

const skip = skipWithoutShared('reference', 'kubectl-captures.txt');
const CAPTURES = skip ? '' : readFileSync(join(SHARED, 'reference', 'kubectl-captures.txt'), 'utf8');

const ALL = [...capturedPods(), ...systemPods(), ...capturedServices(), ...capturedNodes(), ...capturedWorkloads(), ...capturedMisc()];

interface Get {
  kinds: string[];
  namespace?: string;
  selector?: string;
  opts?: TableRenderOptions;
  multi?: boolean;
  now?: Date;
  objects?: KubeObject[];
}

/** What `kubectl get` prints for these kinds, built from our Tables. */
function get(g: Get): string {
  const objects = g.objects ?? ALL;
  const sel = parseSelector(g.selector ?? '');
  const groups = g.kinds.map((kind) => {
    const type = builtinRegistry.lookup(kind)!;
    const objs = objects.filter(
      (o) => builtinRegistry.forKind(o.apiVersion, o.kind) === type && (!g.namespace || !type.namespaced || o.metadata.namespace === g.namespace) && matches(sel, o.metadata.labels),
    );
    return {
      table: buildTable(type, objs, g.now ?? NOW),
      opts: { ...g.opts, withNamespace: g.opts?.withNamespace && type.namespaced, kindPrefix: g.multi ? kindPrefix(type) : undefined },
    };
  });
  return renderTables(groups);
}

const cases: Array<[string, Get]> = [
  ['kubectl get pods', { kinds: ['pods'], namespace: 'default' }],
  ['kubectl get pods -o wide', { kinds: ['pods'], namespace: 'default', opts: { wide: true } }],
  ['kubectl get pods -A', { kinds: ['pods'], opts: { withNamespace: true } }],
  ['kubectl get pods --show-labels', { kinds: ['pods'], namespace: 'default', opts: { showLabels: true } }],
  ['kubectl get pods --no-headers -l app=web', { kinds: ['pods'], namespace: 'default', selector: 'app=web', opts: { noHeaders: true } }],
  ['kubectl get nodes', { kinds: ['nodes'] }],
  ['kubectl get nodes -o wide', { kinds: ['nodes'], opts: { wide: true } }],
  ['kubectl get svc -A', { kinds: ['svc'], opts: { withNamespace: true } }],
  ['kubectl get svc -A -o wide', { kinds: ['svc'], opts: { withNamespace: true, wide: true } }],
  ['kubectl get deploy -A', { kinds: ['deploy'], opts: { withNamespace: true } }],
  ['kubectl get deploy -A -o wide', { kinds: ['deploy'], opts: { withNamespace: true, wide: true } }],
  ['kubectl get rs -A -o wide', { kinds: ['rs'], opts: { withNamespace: true, wide: true } }],
  ['kubectl get sts -o wide', { kinds: ['sts'], namespace: 'default', opts: { wide: true } }],
  ['kubectl get ds -A', { kinds: ['ds'], opts: { withNamespace: true } }],
  ['kubectl get ds -A -o wide', { kinds: ['ds'], opts: { withNamespace: true, wide: true } }],
  ['kubectl get jobs -o wide', { kinds: ['jobs'], namespace: 'default', opts: { wide: true } }],
  ['kubectl get ns', { kinds: ['ns'] }],
  ['kubectl get ep -A', { kinds: ['ep'], opts: { withNamespace: true } }],
  ['kubectl get cm', { kinds: ['cm'], namespace: 'default' }],
  ['kubectl get secrets', { kinds: ['secrets'], namespace: 'default' }],
  ['kubectl get events', { kinds: ['events'], namespace: 'default', objects: capturedEvents(), now: new Date(NOW.getTime() - 1000) }],
  ['kubectl get events -o wide', { kinds: ['events'], namespace: 'default', objects: capturedEvents(), opts: { wide: true } }],
  ['kubectl get ingress', { kinds: ['ingress'], namespace: 'default' }],
  ['kubectl get endpointslices', { kinds: ['endpointslices'], namespace: 'default' }],
  ['kubectl get pods,svc -l app=web', { kinds: ['pods', 'svc'], namespace: 'default', selector: 'app=web', multi: true }],
  ['kubectl get pods,svc -l app=web --no-headers', { kinds: ['pods', 'svc'], namespace: 'default', selector: 'app=web', multi: true, opts: { noHeaders: true } }],
  ['kubectl get all -n kube-system', { kinds: builtinRegistry.category('all').map((t) => t.plural), namespace: 'kube-system', multi: true }],
  ['kubectl get pods -L app -l app=web', { kinds: ['pods'], namespace: 'default', selector: 'app=web', opts: { labelColumns: ['app'] } }],
];

for (const [command, g] of cases) {
  test(`table matches the real-kubectl capture: ${command}`, { skip }, () => {
    assert.equal(get(g), captured(CAPTURES, command));
  });
}
