/**
 * What `create <kind>` prints when the API server refuses the object: kubectl wraps the error of most
 * generators (`error: failed to create job: ...`), each in its own words, and `create job --from`
 * resolves its object as kubectl's builder does; the real kubectl, through serve, is the expectation.
 */
import { describe, test } from 'node:test';
import { kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { serveForSuite } from './serve-helpers.js';

/** Created once before the comparisons, so that each comparison below is refused as already existing. */
const EXISTING = [
  'create job job1 --image=busybox',
  'create cronjob cj1 --image=busybox --schedule=@hourly',
  'create deployment dep1 --image=nginx',
  'create configmap cm1 --from-literal=a=b',
  'create namespace ns1',
  'create role r1 --verb=get --resource=pods',
  'create priorityclass pc1 --value=10',
  'create service clusterip svc1 --tcp=80',
];

describe('create <kind> refused by the API server prints what kubectl prints', { skip: kubectlAvailable() ? false : SKIP_NO_KUBECTL }, () => {
  const suite = serveForSuite((served) => {
    for (const line of EXISTING) served.lite(line.split(' '));
  });

  // `create job --from` finds its object as kubectl's builder does; only a CronJob makes a Job.
  const FROM = ['deploy/dep1', 'foo/x', 'cronjob', 'cronjob/a/b', 'cronjob/nope', 'pods,svc/x', 'configmap/cm1'].map((from) => `create job j --from=${from}`);
  // An empty --image or --schedule is sent (the flag is given): the API server refuses what it lacks.
  const EMPTY = ['create cronjob e1 --image=busybox --schedule=', 'create cronjob e2 --image= --schedule=@daily', 'create deployment e3 --image='];
  // kubectl sends these in protobuf, whose Service port 0 is left out: its target port is still defaulted to 0, and refused.
  const ZERO_PORT = ['create service loadbalancer z1 --tcp=0', 'create service clusterip z2 --tcp=0:http'];
  for (const line of [...EXISTING, 'create job j.1 --image=busybox', 'create cronjob c.1 --image=busybox --schedule=@nope', ...FROM, ...EMPTY, ...ZERO_PORT]) {
    test(line, async () => {
      await suite.same(line);
    });
  }
});
