/**
 * What kubectl refuses before it contacts a server (unknown flags, bad flag values, missing or
 * extra arguments, specs that do not parse), kubectl-lite refuses with the same words and exit
 * code, and nothing in the cluster changes. The real kubectl is the expectation.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli, tempHome } from '../helpers/cli.js';
import { comparable, kubectlAlone, kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';

const CASES = [
  // unknown flags: named without the value given with them
  'get pods --foo',
  'get pods --foo=bar',
  'get pods --foo=',
  'get pods -Z',
  'get pods -Zq',
  // pflag's own refusal of a word that is no flag
  'get pods ---x',
  'get pods --=x',
  // a run of shorthands ending with a flag that takes a value, and none given
  'get pods -An',
  'get pods -Ao',
  // pflag's `-X=` for a bool: "=" is the next shorthand
  'get pods -A=',
  'get pods -w=',
  'scale deployment web --replicas=2 --bogus=1',
  // kubectl v1.32's rollout restart/pause/resume have no --dry-run
  'rollout restart deployment web --dry-run=client',
  'rollout pause deployment web --dry-run',
  'rollout resume deployment/web --dry-run=server',
  // duration flags, parsed as Go parses them
  'delete pods a --timeout=x',
  'delete pods a --timeout=5',
  'delete pods a --timeout=1e3s',
  'logs a --since=x',
  'rollout status deploy/web --timeout=x',
  'create token sa --duration=x',
  'wait pods/a --for=delete --timeout=-1',
  // top checks --sort-by before it reads anything
  'top pod --sort-by=bogus',
  'top node nope --sort-by=name',
  // a verb's own flags are not its subcommands' (cobra's local flags)
  'create token sa --validate=x',
  'create token sa --dry-run=client',
  'create token sa -f x.yaml',
  'create configmap c --edit',
  'create configmap c --raw=x',
  'create secret generic s --windows-line-endings',
  // --validate, --cascade and --show-labels as kubectl reads them
  'run x --image=n --validate=strict',
  'expose deploy web --port=80 --validate=strict',
  'autoscale deploy web --max=2 --validate=strict',
  'create configmap c --validate=WARN',
  'create deployment d --image=n --validate=tRuE',
  'delete pods a --cascade=Orphan',
  'get pods --show-labels -o name',
  'get pods --show-labels=1 -o jsonpath={.items}',
  // arguments kubectl counts before anything else
  'label',
  // resources, then changes: kubectl's GetResourcesAndPairs
  'label pods --all a=b c',
  'label web- a=b',
  'annotate deploy web a=b c',
  'logs',
  'logs a b c',
  'logs -l app=x a',
  'exec',
  'exec p ls',
  'port-forward',
  'port-forward pod/p',
  'cp a',
  'attach',
  'attach a b c',
  'debug',
  'debug --image=x',
  'wait',
  'wait pods/a',
  'wait --for=condition=Ready',
  'auth can-i get',
  'expose',
  'autoscale --max=3',
  'create job j',
  'create job j --image=x --from=cronjob/c',
  'run p --image=nginx --restart=Bogus',
  'run p --image=nginx --port=abc',
  'run p --image=x --labels=bad',
  'run p --image=x --labels=a=b=c',
  'run p --image=x --labels==b',
  'run p --image=x --annotations==b',
  'run p --image=x --image-pull-policy=always',
  'run p --image=x --expose',
  'create clusterrole c --aggregation-rule=x',
  'create service externalname e --external-name=bad_name',
  'create service externalname e --external-name=',
  'drain lite-worker --timeout=zz',
  'create --raw x -f -',
  // printers built first: every set subcommand and annotate (label only once it has an object)
  'set image deployment/web -o foo',
  'set image deployment/web a=b -o jsonpath={.x',
  'set env deployment/web -o foo',
  'set resources deployment/web -o wide',
  'set sa deployment web -o foo',
  'set subject rolebinding rb -o foo',
  'annotate pods a -o wide',
  'annotate -o wide',
  'label pods a -o foo',
  // taints: counted first (plain errors), then parsed (usage errors)
  'taint',
  'taint nodes',
  'taint nodes n1 a',
  'taint nodes n1 a=b',
  'taint nodes n1 =b:NoSchedule',
  'taint nodes n1 a=b:Bogus',
  'taint nodes n1 a=b:c:d',
  'taint nodes n1 a=b=c:NoSchedule',
  // every complaint about the value, joined by '; '
  `taint nodes n1 k=-${'a'.repeat(63)}:NoSchedule`,
  'taint nodes n1 _k=v:NoSchedule',
  'taint nodes n1 a:',
  'taint nodes n1 -',
  'taint nodes n1 a=b-',
  'taint nodes n1 a:b:c-',
  'taint nodes n1 a=b:NoSchedule a=c:NoSchedule',
  'taint nodes n1 a:NoSchedule a:NoSchedule',
  // Service ports as kubectl parses --tcp
  'create service clusterip s --tcp=abc',
  'create service clusterip s --tcp=70000',
  'create service clusterip s --tcp=80:0',
  'create service clusterip s --tcp=80:',
  'create service clusterip s --tcp=80,,81',
  'create service nodeport s --tcp=',
  // selectors and resources
  'label pods --all -l a=b x=1',
  'annotate pods --all -l a=b x=1',
  'delete --all',
  'delete -l a=b',
  'set image deployment/web a',
  'set env deployment/web A',
  'set serviceaccount deployment/web',
  'apply -f x.yaml --prune',
  'apply --server-side --prune -f x.yaml',
  // extra arguments
  'rollout history deployment/web --revision=-1',
  'api-versions extra',
  'api-resources extra',
  'version extra',
  'completion',
  'completion foo bar',
  'kustomize a b',
  // diff's own flag errors exit 2
  'diff -Z',
  'diff --foo',
  'diff -f',
  'diff -f x.yaml extra',
  // a command group without its subcommand exits 1 (the help text itself is kubectl-lite's own), on
  // the stream kubectl writes it to; with a word that is no subcommand, kubectl's usage error
  'rollout',
  'top',
  'config',
  'auth',
  'set',
  'rollout foo',
  'top foo bar',
  'config foo',
  'auth foo',
  'set foo',
];
const GROUP_HELP = new Set(['rollout', 'top', 'config', 'auth', 'set']);

test('usage errors are kubectl\'s, and leave the cluster alone', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, async () => {
  const { home, dispose } = tempHome();
  try {
    // One simulated moment throughout: nothing in the cluster moves but what a command does.
    const k = (line: string) => runCli(line.split(' '), { home, cwd: home, now: '2026-06-01T00:00:00Z' });
    assert.equal((await k('create deployment web --image=nginx')).code, 0);
    assert.equal((await k('run a --image=nginx')).code, 0);
    const before = (await k('get all -o yaml')).stdout;
    for (const line of CASES) {
      const argv = line.split(' ');
      const want = comparable(kubectlAlone(argv, home), 'kubectl');
      const got = comparable(await k(line), 'kubectl-lite');
      assert.ok(want.code === 1 || (line.startsWith('diff') && want.code === 2), `${line}: kubectl ${JSON.stringify(want)}`);
      assert.equal(got.code, want.code, line);
      if (GROUP_HELP.has(line)) {
        assert.deepEqual([got.stdout !== '', got.stderr !== ''], [want.stdout !== '', want.stderr !== ''], `${line}: the help on kubectl's stream`);
        continue;
      }
      assert.deepEqual(got, want, line);
    }
    // certificate has no run of its own: cobra prints its help on stdout and succeeds, whatever the words.
    for (const line of ['certificate', 'certificate foo']) {
      const want = kubectlAlone(line.split(' '), home);
      const got = await k(line);
      assert.deepEqual([got.code, got.stdout !== '', got.stderr], [want.code, want.stdout !== '', want.stderr], line);
      assert.equal(want.code, 0);
    }
    assert.equal((await k('get all -o yaml')).stdout, before);
  } finally {
    dispose();
  }
});
