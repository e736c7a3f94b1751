/**
 * The objects kubectl's generators build: real kubectl renders `create|run ... --dry-run=client -o yaml`
 * itself (it only asks the oracle server for discovery), so its output is the exact expectation for ours.
 * -o json lists the fields of the typed objects kubectl built in Go struct field order.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli, splitArgs, staticCluster, tempHome } from '../helpers/cli.js';
import { comparable, kubectlAvailable, SKIP_NO_KUBECTL, startOracle, type Oracle } from '../helpers/oracle.js';
import { serveForSuite } from './serve-helpers.js';

const COMMANDS = [
  'create deployment web --image=nginx --replicas=3 --port=80',
  'create deployment multi --image=nginx --image=busybox:1.36',
  // --port is the first container's only.
  'create deployment ports --image=nginx --image=busybox:1.36 --port=80',
  // --image is a StringSlice: commas split it too.
  'create deployment slice --image=nginx,busybox:1.36 --image=redis',
  'create deployment cmd --image=busybox -- sh -c date',
  'create deployment web -n other --image=ghcr.io/example/api:v2',
  'create service clusterip cip --tcp=80:8080 --tcp=443',
  'create service clusterip headless --clusterip=None',
  'create service nodeport np --tcp=80:8080 --node-port=30080',
  'create service loadbalancer lb --tcp=80:http',
  'create service externalname ext --external-name=example.com',
  'create configmap cfg --from-literal=a=b --from-literal=c=d',
  'create secret generic sec --from-literal=password=s3cr3t --type=Opaque',
  'create secret docker-registry reg --docker-username=u --docker-password=p --docker-email=e@x.io',
  'create job j --image=busybox -- date',
  "create cronjob cj --image=busybox --schedule=*/5_*_*_*_* -- date",
  // Any restart policy is put in the template (the API server judges it); none is OnFailure.
  "create cronjob cj --image=busybox --schedule=*/5_*_*_*_* --restart=Always",
  "create cronjob cj --image=busybox --schedule=*/5_*_*_*_* --restart=",
  'create namespace foo',
  'create serviceaccount robot -n tools',
  'run nginx --image=nginx --port=80 --env=A=1 --labels=a=b,c=d',
  // The Service is labelled with --labels when given; its selector defaults to run=NAME.
  'run nginx --image=nginx --port=80 --labels=a=b --expose',
  'run plain --image=nginx --port=80 --expose',
  'run once --image=busybox --restart=Never -- echo hi',
  'run c --image=busybox --command -- sh -c date',
  `run s --image=nginx --port=80 --override-type=strategic --overrides='{"spec":{"containers":[{"name":"s","image":"other"}]}}'`,
  `run j --image=nginx --override-type=json --overrides='[{"op":"add","path":"/spec/hostname","value":"h"}]'`,
  `run o --image=nginx --port=80 --overrides='{"apiVersion":"v1","metadata":{"labels":{"extra":"yes"}},"spec":{"containers":[{"name":"o","image":"other","env":[{"name":"A","value":"1"}]}],"hostNetwork":true,"restartPolicy":null}}'`,
  'create role r --verb=get,list --verb=get --resource=pods,deployments,rs.apps,pods/status --resource-name=a --resource-name=b',
  'create role all --verb=* --resource=*',
  'create role binder --verb=bind --resource=roles.rbac.authorization.k8s.io',
  'create role odd --verb=frob --resource=pods -n dev',
  'create clusterrole cr --verb=get --resource=nodes --non-resource-url=/logs/* --non-resource-url=/healthz',
  'create clusterrole agg --aggregation-rule=rbac.example.com/aggregate=true,b=c',
  'create rolebinding rb --role=r --user=u1 --user=u2 --group=g --serviceaccount=ns:sa',
  'create rolebinding crb --clusterrole=view --serviceaccount=default:robot -n dev',
  'create clusterrolebinding crb --clusterrole=cluster-admin --user=admin --group=system:masters',
  'create quota q --hard=cpu=0.5,memory=1024Mi,pods=10,requests.storage=1.5Gi --scopes=BestEffort,NotTerminating',
  'create quota empty',
  // resource.ParseQuantity keeps a text that is already canonical (2E6, 007, 5Mi, 1e0), else canonicalises it (an exponent stays one)
  'create quota odd --hard=cpu=2E6,memory=5Mi,pods=007,requests.cpu=1e0,limits.cpu=1.5e3,limits.memory=1024Mi,services=1e3,secrets=0.5e1',
  'create pdb p --selector=app=x,tier=db --min-available=50%',
  'create poddisruptionbudget p2 --selector=app=x --max-unavailable=2',
  'create pdb p3 --selector=app_in_(a,b),!legacy,env --min-available=1',
  'create priorityclass pc --value=1000 --description=high --global-default',
  'create priorityclass low --value=-5 --preemption-policy=Never',
  'create ingress ing --rule=foo.com/bar=svc:8080,tls=sec --class=nginx --annotation=a=b --annotation=c= --default-backend=def:http',
  'create ingress multi --rule=foo.com/=svc:https,tls --rule=foo.com/path/sub*=other:8080 --rule=/catch=all:80',
  'create clusterrole mixed --verb=post --non-resource-url=/a --resource=pods',
  'create ingress eq --rule=foo.com/a=svc:80,tls=a=b --rule=bar.com/b=svc:80junk! --rule=baz.com/c=svc:1,xyz --rule=q.com/d=s:2,tls=a,b',
  'create ingress tls --rule=*.a.com/x/*=s:1,tls=a --rule=b.com/y=s:2,tls=a --rule=c.com/z=t:3,tls',
];

/** Commands kubectl refuses before it talks to a server: the same message and exit code. */
const FAILURES = [
  'create role r',
  'create role r --verb=get',
  'create role r --verb=get --resource=foos',
  'create role r --verb=bind --resource=pods',
  'create role r --verb=get --resource=.apps',
  'create role a b --verb=get --resource=pods',
  'create clusterrole cr --verb=get',
  'create clusterrole cr --verb=get --non-resource-url=a',
  'create clusterrole cr --verb=get --non-resource-url=/a*b',
  'create clusterrole cr --aggregation-rule=a=b --verb=get',
  'create rolebinding rb --user=u',
  'create rolebinding rb --role=a --clusterrole=b',
  'create rolebinding rb --role=a --serviceaccount=bad',
  'create clusterrolebinding crb --clusterrole=x --serviceaccount=:sa',
  'create quota q --hard=cpu',
  'create quota q --hard=cpu=abc',
  'create quota q --scopes=a,,b',
  'create pdb p',
  'create pdb p --selector=app=x',
  'create pdb p --selector=app=x --min-available=1 --max-unavailable=1',
  'create pdb p --selector=app=x --max-unavailable=abc',
  'create pdb p --selector=app=x --min-available=1Gi',
  'create ingress ing',
  'create ingress ing --rule=foo.com=svc:80',
  'create ingress ing --default-backend=svc',
  'create ingress ing --annotation=bad --rule=a.com/=s:1',
  'create pdb p --selector=app!=x --min-available=1',
  'create deployment',
  'create deployment a b',
  'create deployment --image=nginx',
  'create cronjob',
  'create clusterrolebinding',
  'create service externalname',
  'create configmap a b',
  'create service clusterip',
  'create secret generic',
  'create token',
  `run bad --image=nginx --overrides='[]' --override-type=merge`,
  `run bad --image=nginx --overrides='{bad'`,
  'create token sa --bound-object-name=x',
  'create token sa --bound-object-uid=x',
  'create token sa --bound-object-kind=Service --bound-object-name=x',
  'create token sa --bound-object-kind=Pod',
  'create token sa --duration=1500ms',
  'create token sa --duration=-1h',
  'create token sa --audience=',
  'run',
  'autoscale deployment web',
  'scale deployment web',
];

/** Command lines whose flags cobra/pflag read or reject: the same output, warnings and errors. */
const FLAG_LINES = [
  'create deployment x --image=n -r abc --dry-run=client',
  'create deployment x --image=n --replicas=abc --dry-run=client',
  'create deployment x --image=n --dry-run -o name',
  'create deployment x --image=n --dry-run=true -o name',
  'create deployment x --image=n --dry-run=bogus',
  'create namespace x --dry-run -o yaml',
  'run x --image=n --dry-run -o name',
  'run x --image=n --dry-run=true -o yaml',
  // strconv.ParseBool's other words; `unchanged` is the bare flag's value, `unset` is not a value.
  'create deployment x --image=n --dry-run=1 -o name',
  'create deployment x --image=n --dry-run=TRUE -o name',
  'create namespace x --dry-run=t -o name',
  'create deployment x --image=n --dry-run=unchanged -o name',
  'create deployment x --image=n --dry-run=unset',
  'get pods -A=maybe',
  'get pods --all-namespaces=maybe',
  'create priorityclass pc --value=x --dry-run=client',
  // pflag's ints are strconv.ParseInt(text, 0, bits): a sign, base prefixes, underscores between digits; Int32 flags stop at int32.
  'create priorityclass pc --value=0x10 --dry-run=client -o jsonpath={.value}',
  'create priorityclass pc --value=010 --dry-run=client -o jsonpath={.value}',
  'create priorityclass pc --value=+1_000 --dry-run=client -o jsonpath={.value}',
  'create priorityclass pc --value=0b_11 --dry-run=client -o jsonpath={.value}',
  'create priorityclass pc --value=1__0 --dry-run=client',
  'create priorityclass pc --value=09 --dry-run=client',
  'create priorityclass pc --value=2147483648 --dry-run=client',
  'create deployment x --image=n --replicas=2147483648 --dry-run=client',
  'create deployment x --image=n --port=-2147483649 --dry-run=client',
  'autoscale deployment/x --max=2147483648',
  'scale deployment/x --replicas=0x7fffffffffffffff',
  'get pods --chunk-size=9223372036854775808',
  // kubectl's jsonpath reads a typed object as JSON decoded into interface{}: every number is a float64.
  'create priorityclass pc --value=-0x80000000 --dry-run=client -o jsonpath={.value}',
  'create deployment x --image=n --replicas=1000000 --dry-run=client -o jsonpath={.spec.replicas}',
  // %v of a map in jsonpath's errors.
  'create deployment x --image=n --dry-run=client -o jsonpath={.spec.selector[?(@.x==3)]}',
];

describe('generators build what kubectl builds', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  let home: string;
  let dispose: () => void;
  let oracle: Oracle;
  before(async () => {
    ({ home, dispose } = tempHome());
    await staticCluster(home);
    oracle = await startOracle([]);
  });
  after(async () => {
    dispose();
    await oracle.close();
  });

  for (const line of COMMANDS) {
    for (const output of ['yaml', 'json']) {
      test(`${line} --dry-run=client -o ${output}`, async () => {
        const args = [...splitArgs(line).map((a) => a.replace(/_/g, ' ')), '--dry-run=client', '-o', output];
        const dash = args.indexOf('--');
        // Flags go before `--` (the container command).
        const argv = dash < 0 ? args : [...args.slice(0, dash), ...args.slice(-3), ...args.slice(dash, -3)];
        const want = await oracle.kubectl(argv);
        const got = await runCli(argv, { home });
        assert.deepEqual(got, want);
      });
    }
  }

  for (const line of FAILURES) {
    test(`${line} fails as kubectl does`, async () => {
      const words = splitArgs(line).map((a) => a.replace(/_/g, ' '));
      // `create token` has no --dry-run.
      const argv = line.startsWith('create token') ? words : [...words, '--dry-run=client', '-o', 'yaml'];
      const want = comparable(await oracle.kubectl(argv), 'kubectl');
      const got = comparable(await runCli(argv, { home }), 'kubectl-lite');
      assert.notEqual(want.code, 0, 'kubectl refuses it');
      assert.deepEqual(got, want);
    });
  }
  for (const line of FLAG_LINES) {
    test(`${line}: flags read as pflag reads them`, async () => {
      const argv = splitArgs(line);
      const want = comparable(await oracle.kubectl(argv), 'kubectl');
      const got = comparable(await runCli(argv, { home }), 'kubectl-lite');
      assert.deepEqual(got, want);
    });
  }
});

describe('configmap and secret data sources as kubectl reads them', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  let home: string;
  let dispose: () => void;
  let oracle: Oracle;
  let dir: string;
  before(async () => {
    ({ home, dispose } = tempHome());
    await staticCluster(home);
    oracle = await startOracle([]);
    dir = mkdtempSync(join(tmpdir(), 'kubectl-lite-data-'));
    writeFileSync(join(dir, 'good.env'), '\uFEFF# comment\n  A=1  \nB\n\nC=x=y\r\nD=<&>\n');
    writeFileSync(join(dir, 'bad.env'), 'OK=1\n1A=x\n');
    writeFileSync(join(dir, 'spaced.env'), 'a b=x\n');
    writeFileSync(join(dir, 'bin.dat'), Buffer.from(Array.from({ length: 256 }, (_, i) => (i * 37) % 256)));
    writeFileSync(join(dir, 't.txt'), 'hello\nworld\n');
    mkdirSync(join(dir, 'd'));
    writeFileSync(join(dir, 'd', 'ok'), 'x');
    writeFileSync(join(dir, 'd', 'b@d'), 'y');
  });
  after(async () => {
    dispose();
    await oracle.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const LINES = [
    'create configmap c --from-env-file=good.env',
    'create configmap c --from-env-file=good.env --append-hash',
    'create configmap c --from-env-file=bad.env',
    'create configmap c --from-env-file=spaced.env',
    'create secret generic s --from-env-file=bad.env',
    'create configmap c --from-literal=a=b --append-hash',
    'create configmap c --append-hash',
    'create configmap c --from-file=bin.dat --from-file=t.txt --append-hash',
    'create configmap c --from-file=k=bin.dat',
    'create secret generic s --from-literal=a=b --append-hash',
    'create secret generic s --from-literal=a=b --type=foo --append-hash',
    'create secret generic s --from-file=bin.dat --append-hash',
    'create secret docker-registry d --docker-username=u --docker-password=p --append-hash',
    'create configmap c --from-literal=a/b=x',
    'create configmap c --from-literal=..a=x',
    'create secret generic s --from-literal=a/b=x',
    'create configmap c --from-file=t.txt --from-literal=t.txt=x',
    'create secret generic s --from-literal=a=1 --from-literal=a=2',
    'create configmap c --from-env-file=good.env --from-env-file=good.env',
    'create configmap c --from-env-file=good.env --from-literal=a=b',
    'create configmap c --from-file=d',
    'create configmap c --from-file=k=d',
  ];
  for (const line of LINES) {
    for (const output of ['yaml', 'json']) {
      test(`${line} -o ${output}`, async () => {
        const argv = [...splitArgs(line), '--dry-run=client', '-o', output];
        const want = await oracle.kubectl(argv, { B: 'from-env' }, dir);
        const got = await runCli(argv, { home, cwd: dir, env: { B: 'from-env' } });
        assert.deepEqual(got, want);
      });
    }
  }
});

describe('create job --from=cronjob builds the Job kubectl builds', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  const CRON = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'nightly' },
    spec: {
      schedule: '0 3 * * *',
      jobTemplate: {
        // The template's annotations are laid over kubectl's own instantiate annotation.
        metadata: { labels: { team: 'a' }, annotations: { 'cronjob.kubernetes.io/instantiate': 'by-template', note: 'x' } },
        spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } },
      },
    },
  };
  const suite = serveForSuite((served) => assert.equal(served.lite(['apply', '-f', '-'], { stdin: JSON.stringify(CRON) }).code, 0));

  for (const output of ['yaml', 'json']) {
    test(`--dry-run=client -o ${output}: an owner reference that does not block the CronJob's deletion`, async () => {
      const real = await suite.same(['create', 'job', 'manual', '--from=cronjob/nightly', '--dry-run=client', '-o', output]);
      assert.doesNotMatch(real.stdout, /blockOwnerDeletion/);
      assert.match(real.stdout, /by-template/);
    });
  }

  test('--dry-run=server: as the API server stores it', async () => {
    await suite.same(['create', 'job', 'manual', '--from=cronjob/nightly', '--dry-run=server', '-o', 'jsonpath={.metadata.ownerReferences} {.metadata.annotations}']);
  });
});
