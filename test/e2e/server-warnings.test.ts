/**
 * The warnings the API server sends with a create or an update (WarningsOnCreate/WarningsOnUpdate),
 * printed once each as kubectl's warning handler does: a workload or pod name that is not a DNS
 * label, and what the pod template holds that will not work as written.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { runCli, tempHome } from '../helpers/cli.js';
import { serveForSuite } from './serve-helpers.js';

const now = '2026-11-21T10:00:00Z';
const LABEL_RULE =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

/** A Deployment whose template holds one of each thing the API server warns about. */
function deployment(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          nodeSelector: { 'beta.kubernetes.io/os': 'linux' },
          terminationGracePeriodSeconds: -5,
          topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'failure-domain.beta.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' }],
          containers: [
            {
              name: 'app',
              image: 'nginx:1.27',
              env: [{ name: 'MODE', value: 'a' }, { name: 'MODE', value: 'b' }, { name: 'PATH2', value: 'x' }, { name: 'PATH2', value: '$(PATH2):y' }],
              ports: [{ containerPort: 80 }, { containerPort: 80 }],
              resources: { requests: { memory: '1.5' } },
            },
          ],
          ...extra,
        },
      },
    },
  };
}

const TEMPLATE_WARNINGS = [
  'spec.template.spec.nodeSelector[beta.kubernetes.io/os]: deprecated since v1.14; use "kubernetes.io/os" instead',
  'spec.template.spec.topologySpreadConstraints[0].topologyKey: failure-domain.beta.kubernetes.io/zone is deprecated since v1.17; use "topology.kubernetes.io/zone" instead',
  'spec.template.spec.topologySpreadConstraints[0].labelSelector: a null labelSelector results in matching no pod',
  'spec.template.spec.containers[0].resources.requests[memory]: fractional byte value "1500m" is invalid, must be an integer',
  'spec.template.spec.containers[0].env[1]: hides previous definition of "MODE", which may be dropped when using apply',
  'spec.template.spec.containers[0].ports[1]: duplicate port definition with spec.template.spec.containers[0].ports[0]',
  'spec.template.spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1',
];
const warned = (lines: string[]) => lines.map((l) => `Warning: ${l}\n`).join('');

test('create and apply: a name that is not a DNS label and a pod template\'s flaws are warned about, each text once per command', async () => {
  const h = tempHome();
  try {
    const k = (line: string, stdin?: string) => runCli(line, { home: h.home, now, stdin });
    assert.deepEqual(await k('create deployment my.app --image=nginx:1.27'), {
      stdout: 'deployment.apps/my.app created\n',
      stderr: `Warning: metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [${LABEL_RULE}]\n`,
      code: 0,
    });
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web.1' }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } };
    assert.deepEqual(await k('apply -f -', JSON.stringify(pod)), {
      stdout: 'pod/web.1 created\n',
      stderr: `Warning: metadata.name: this is used in the Pod's hostname, which can result in surprising behavior; a DNS label is recommended: [${LABEL_RULE}]\n`,
      code: 0,
    });
    // Two Deployments with the same flaws: the same texts are printed once.
    const list = { apiVersion: 'v1', kind: 'List', items: [deployment('one'), deployment('two')] };
    assert.deepEqual(await k('apply -f -', JSON.stringify(list)), {
      stdout: 'deployment.apps/one created\ndeployment.apps/two created\n',
      stderr: warned(TEMPLATE_WARNINGS),
      code: 0,
    });
    // An update warns again only when the generation moves (the template or the replicas changed).
    assert.deepEqual(await k('label deployment one tier=web'), { stdout: 'deployment.apps/one labeled\n', stderr: '', code: 0 });
    assert.deepEqual(await k('scale deployment one --replicas=2'), { stdout: 'deployment.apps/one scaled\n', stderr: warned(TEMPLATE_WARNINGS), code: 0 });
    // What the controllers create from the template (ReplicaSets, pods) warns nobody.
    assert.equal((await k('get pods -l app=one -o name')).stdout.split('\n').filter(Boolean).length, 2);
    // Pods are not warned about on update.
    assert.deepEqual(await k('label pod web.1 tier=web'), { stdout: 'pod/web.1 labeled\n', stderr: '', code: 0 });
    // --warnings-as-errors fails the command on them (after it ran, as kubectl does).
    const strict = await k('create deployment other.app --image=nginx:1.27 --warnings-as-errors');
    assert.equal(strict.code, 1);
    assert.match(strict.stderr, /^Warning: metadata\.name: this is used in Pod names/);
  } finally {
    h.dispose();
  }
});

describe('the real kubectl prints the warnings serve sends, as kubectl-lite prints them', { skip: kubectlAvailable() ? false : SKIP_NO_KUBECTL }, () => {
  const suite = serveForSuite();

  test('create deployment with a dotted name, apply of a flawed template, scale', async () => {
    const { served } = suite;
    const dir = tempHome();
    try {
      const real = await served.kubectl(['create', 'deployment', 'kube.app', '--image=nginx:1.27']);
      const lite = served.lite(['create', 'deployment', 'lite.app', '--image=nginx:1.27']);
      assert.equal(lite.stderr, real.stderr);
      assert.match(real.stderr, /^Warning: metadata\.name: this is used in Pod names and hostnames/);
      const file = join(dir.home, 'd.json');
      writeFileSync(file, JSON.stringify(deployment('flawed')));
      for (const run of [(w: string[]) => served.kubectl(w), async (w: string[]) => served.lite(w)]) {
        assert.deepEqual(await run(['apply', '-f', file]), { stdout: 'deployment.apps/flawed created\n', stderr: warned(TEMPLATE_WARNINGS), code: 0 });
        assert.deepEqual(await run(['scale', 'deployment', 'flawed', '--replicas=2']), { stdout: 'deployment.apps/flawed scaled\n', stderr: warned(TEMPLATE_WARNINGS), code: 0 });
        assert.equal((await run(['delete', 'deployment', 'flawed'])).code, 0);
      }
    } finally {
      dir.dispose();
    }
  });
});
