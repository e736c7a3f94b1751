/** Admission plugins end to end: the API server's refusals as kubectl prints them. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runCli, tempHome } from '../helpers/cli.js';
import { SKIP_UNLESS_SIMULATION as SKIP } from './services-ready.js';
const NOW = Date.parse('2026-03-01T10:00:00Z');

let home: { home: string; dispose(): void };
const cli = (args: string, stdin?: string) => runCli(args, { home: home.home, now: NOW, stdin });

const pod = (name: string, extra = '') =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n${extra}  containers:\n  - name: app\n    image: nginx\n    resources:\n      requests:\n        cpu: "2"\n`;

before(() => {
  home = tempHome();
});
after(() => home.dispose());

test('ResourceQuota refuses a pod over the hard limit and counts what is admitted', { skip: SKIP }, async () => {
  const quota = 'apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: compute\nspec:\n  hard:\n    pods: "2"\n    requests.cpu: "1"\n';
  assert.equal((await cli('apply -f -', quota)).code, 0);
  assert.deepEqual(await cli('apply -f -', pod('big')), {
    stdout: '',
    stderr: 'Error from server (Forbidden): error when creating "STDIN": pods "big" is forbidden: exceeded quota: compute, requested: requests.cpu=2, used: requests.cpu=0, limited: requests.cpu=1\n',
    code: 1,
  });
  assert.equal((await cli('get quota compute --no-headers')).stdout, 'compute   0s    pods: 0/2, requests.cpu: 0/1   \n');
});

test('ServiceAccount and Priority admission refusals', { skip: SKIP }, async () => {
  assert.deepEqual(await cli('apply -f -', pod('robot', '  serviceAccountName: robot\n')), {
    stdout: '',
    stderr: 'Error from server (Forbidden): error when creating "STDIN": pods "robot" is forbidden: error looking up service account default/robot: serviceaccount "robot" not found\n',
    code: 1,
  });
  assert.deepEqual(await cli('apply -f -', pod('gold', '  priorityClassName: gold\n')), {
    stdout: '',
    stderr: 'Error from server (Forbidden): error when creating "STDIN": pods "gold" is forbidden: no PriorityClass with name gold was found\n',
    code: 1,
  });
});
