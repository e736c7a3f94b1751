import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BIN, REPO_ROOT, runBin, tempHome, type Result } from '../helpers/cli.js';

const NOW = '2026-12-02T10:00:00Z';
const SIDECAR = join(REPO_ROOT, 'manifests', 'sidecar', 'db.yaml');
const STATEFULSET = join(REPO_ROOT, 'manifests', 'statefulset', 'db.yaml');

function cluster() {
  let home: string;
  let dispose: () => void;
  before(() => ({ home, dispose } = tempHome()));
  after(() => dispose());
  const kl = (args: string | string[], stdin?: string): Result => runBin(args, { home, now: NOW, stdin });
  const apply = (yaml: string) => {
    const file = join(home, `m${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(file, yaml);
    const r = kl(['apply', '-f', file]);
    assert.equal(r.code, 0, r.stderr);
  };
  return { kl, apply, home: () => home };
}

const LINE = (n: number, t: string) => `2026-12-02T10:00:${t}Z [1] LOG:  checkpoint starting: time (#${n})\n`;

describe('the sidecar scenario: postgres and fluent-bit sharing an emptyDir', () => {
  const { kl, home } = cluster();

  test('the shipper reads what the app wrote over simulated time', () => {
    assert.equal(kl(['apply', '-f', SIDECAR]).code, 0);
    assert.equal(kl('cluster advance 12s').code, 0);
    const written = LINE(1, '05') + LINE(2, '10');
    assert.deepEqual(kl('exec db -c fluent-bit -- tail -n 3 /var/log/postgresql/postgresql.log'), { stdout: written, stderr: '', code: 0 });
    assert.deepEqual(kl('exec db -c postgres -- ls -l /var/log/postgresql'), {
      stdout: `total 4\n-rw-r--r--    1 root     root     ${String(Buffer.byteLength(written)).padStart(9)} Dec  2 10:00 postgresql.log\n`,
      stderr: '',
      code: 0,
    });
    // Mounted read-only in the shipper.
    assert.deepEqual(kl(['exec', 'db', '-c', 'fluent-bit', '--', 'sh', '-c', 'echo x > /var/log/postgresql/x']), {
      stdout: '',
      stderr: "sh: can't create /var/log/postgresql/x: Read-only file system\ncommand terminated with exit code 1\n",
      code: 1,
    });
  });

  test('the emptyDir survives a container restart; the writable layer does not', () => {
    assert.equal(kl(['exec', 'db', '-c', 'postgres', '--', 'sh', '-c', 'echo kept > /var/log/postgresql/note; echo lost > /tmp/note; cat /tmp/note']).stdout, 'lost\n');
    assert.equal(kl('annotate pod db sim.kubectl-lite.io/run-for-postgres=1s').code, 0);
    assert.equal(kl('annotate pod db sim.kubectl-lite.io/run-for-postgres-').code, 0);
    assert.match(kl('get pod db').stdout, /db {5}2\/2 {5}Running {3}1 \(0s ago\)/);
    assert.deepEqual(kl('exec db -c postgres -- cat /var/log/postgresql/note'), { stdout: 'kept\n', stderr: '', code: 0 });
    const gone = kl('exec db -c postgres -- cat /tmp/note');
    assert.equal(gone.code, 1);
    assert.equal(
      gone.stderr,
      "cat: can't open '/tmp/note': No such file or directory\n" +
        'kubectl-lite: the files of image "postgres:16" are not known to the simulation; only volumes, the kubelet\'s files and files written in this container exist\n' +
        'command terminated with exit code 1\n',
    );
    // What the last run wrote is still in the file.
    assert.equal(kl('exec db -c fluent-bit -- cat /var/log/postgresql/postgresql.log').stdout, LINE(1, '05') + LINE(2, '10'));
  });

  test('tail -f follows until Ctrl-C, which ends exec quietly with 130; exec -f names the pod by its manifest', async () => {
    const child = spawn(process.execPath, [BIN, 'exec', '-f', SIDECAR, '-c', 'fluent-bit', '--', 'tail', '-n', '1', '-f', '/var/log/postgresql/postgresql.log'], {
      env: { PATH: process.env.PATH, HOME: home(), KUBECTL_LITE_HOME: home(), KUBECTL_LITE_NOW: NOW, NO_COLOR: '1' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    const end = Date.now() + 8000;
    while (!out && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 1200));
    child.kill('SIGINT');
    assert.equal(await exited, 130);
    assert.equal(out, LINE(2, '10'));
    assert.equal(err, '');
  });

  test('a new pod starts with an empty emptyDir', () => {
    assert.equal(kl('delete pod db').code, 0);
    assert.equal(kl(['apply', '-f', SIDECAR]).code, 0);
    assert.deepEqual(kl('exec db -c fluent-bit -- ls -A /var/log/postgresql'), { stdout: '', stderr: '', code: 0 });
  });

  test('what a container writes to stdout over time is what logs shows', () => {
    const r = kl(['run', 'ticker', '--image=busybox', '--annotations=sim.kubectl-lite.io/write=- every 10s: tick {n}', '--', 'sh']);
    assert.equal(r.code, 0, r.stderr);
    kl('cluster advance 25s');
    assert.equal(kl('logs ticker').stdout, '[kubectl-lite] container ticker started (image busybox)\ntick 1\ntick 2\n');
  });
});

describe('volumes', () => {
  const { kl, apply } = cluster();

  test('ConfigMap items, paths, modes and subPath; Secret decoded; downward API; updates followed', () => {
    apply(`apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
data: {app.properties: "color=blue\\n", other: "x\\n"}
---
apiVersion: v1
kind: Secret
metadata: {name: sec}
data: {password: czNjcjN0}
---
apiVersion: v1
kind: Pod
metadata: {name: vols, labels: {app: demo}}
spec:
  hostAliases: [{ip: 10.1.2.3, hostnames: [foo.local, bar.local]}]
  volumes:
  - {name: cfg, configMap: {name: cfg, items: [{key: app.properties, path: conf/app.properties, mode: 0600}]}}
  - {name: whole, configMap: {name: cfg}}
  - {name: sec, secret: {secretName: sec, defaultMode: 0400}}
  - {name: info, downwardAPI: {items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}]}}
  containers:
  - name: app
    image: busybox:1.36
    volumeMounts:
    - {name: cfg, mountPath: /etc/cfg}
    - {name: whole, mountPath: /etc/app.properties, subPath: app.properties}
    - {name: sec, mountPath: /etc/sec, readOnly: true}
    - {name: info, mountPath: /etc/podinfo}
`);
    assert.equal(kl('exec vols -- ls -l /etc/cfg').stdout, 'total 0\nlrwxrwxrwx    1 root     root            11 Dec  2 10:00 conf -> ..data/conf\n');
    assert.equal(kl('exec vols -- ls -l /etc/cfg/conf/').stdout, 'total 4\n-rw-------    1 root     root            11 Dec  2 10:00 app.properties\n');
    assert.equal(kl('exec vols -- cat /etc/app.properties /etc/sec/password /etc/podinfo/labels').stdout, 'color=blue\ns3cr3tapp="demo"');
    assert.equal(kl('exec vols -- ls -lL /etc/sec').stdout, 'total 4\n-r--------    1 root     root             6 Dec  2 10:00 password\n');
    assert.equal(
      kl('exec vols -- cat /etc/hosts').stdout,
      '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n' +
        `${kl(['get', 'pod', 'vols', '-o', 'jsonpath={.status.podIP}']).stdout}\tvols\n\n# Entries added by HostAliases.\n10.1.2.3\tfoo.local\tbar.local\n`,
    );
    assert.equal(kl('exec vols -- cat /etc/resolv.conf').stdout, 'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
    // The volume follows the ConfigMap.
    assert.equal(kl(['patch', 'configmap', 'cfg', '-p', '{"data":{"app.properties":"color=red\\n"}}']).code, 0);
    assert.equal(kl('exec vols -- cat /etc/cfg/conf/app.properties').stdout, 'color=red\n');
  });

  test('the service-account token volume', () => {
    assert.equal(
      kl('exec vols -- ls /var/run/secrets/kubernetes.io/serviceaccount').stdout,
      'ca.crt\nnamespace\ntoken\n',
    );
    assert.equal(kl('exec vols -- cat /var/run/secrets/kubernetes.io/serviceaccount/namespace').stdout, 'default');
    const token = kl('exec vols -- cat /var/run/secrets/kubernetes.io/serviceaccount/token').stdout;
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
    assert.equal(claims.sub, 'system:serviceaccount:default:default');
    assert.equal(claims['kubernetes.io'].pod.name, 'vols');
    // The kubelet's 3607 s token is extended to a year, with a warning after 3607 s, and read the same until refreshed.
    assert.equal(claims.exp - claims.iat, 365 * 24 * 3600);
    assert.equal(claims['kubernetes.io'].warnafter - claims.iat, 3607);
    assert.equal(kl('exec vols -- cat /var/run/secrets/kubernetes.io/serviceaccount/token').stdout, token);
    // It is signed as the API server signs it: a credential for the pod's service account, bound to the pod.
    const who = JSON.parse(kl(['auth', 'whoami', `--token=${token}`, '-o', 'json']).stdout).status.userInfo;
    assert.equal(who.username, 'system:serviceaccount:default:default');
    assert.deepEqual(who.extra['authentication.kubernetes.io/pod-name'], ['vols']);
    assert.match(kl('exec vols -- cat /var/run/secrets/kubernetes.io/serviceaccount/ca.crt').stdout, /^-----BEGIN CERTIFICATE-----\n/);
  });

  test("a PVC keeps its files across pod deletion and a StatefulSet's replacement pod sees them", () => {
    assert.equal(kl(['apply', '-f', STATEFULSET]).code, 0);
    assert.equal(kl(['exec', 'db-0', '--', 'sh', '-c', 'echo row1 > /var/lib/postgresql/data/table; echo scratch > /tmp/x']).code, 0);
    assert.equal(kl('delete pod db-0').code, 0);
    assert.equal(kl('exec db-0 -- cat /var/lib/postgresql/data/table').stdout, 'row1\n');
    assert.equal(kl('exec db-0 -- ls /tmp').stdout, '');
    // Each replica has its own claim.
    assert.equal(kl('exec db-1 -- ls /var/lib/postgresql/data').stdout, '');
    assert.match(kl('exec db-0 -- cat /etc/hosts').stdout, /\n10\.244\.\d+\.\d+\tdb-0\.db\.default\.svc\.cluster\.local\tdb-0\n$/);
  });
});

describe('environment', () => {
  const { kl, apply } = cluster();

  test('env shows every source as the kubelet builds it, and Service links of Services that existed at start', () => {
    apply(`apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
data: {MODE: fast, LEVEL: "3"}
---
apiVersion: v1
kind: Secret
metadata: {name: sec}
stringData: {TOKEN: abc}
---
apiVersion: v1
kind: Service
metadata: {name: web-api}
spec:
  clusterIP: 10.96.100.10
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: 8080}, {name: metrics, port: 9090, protocol: UDP}]
`);
    apply(`apiVersion: v1
kind: Pod
metadata: {name: envy, labels: {tier: back}}
spec:
  containers:
  - name: app
    image: busybox:1.36
    resources: {limits: {cpu: 500m, memory: 64Mi}}
    envFrom: [{configMapRef: {name: cfg}, prefix: CFG_}, {secretRef: {name: sec}}]
    env:
    - {name: GREETING, value: hello}
    - {name: MESSAGE, value: "$(GREETING) from $(WEB_API_SERVICE_HOST)"}
    - {name: FROM_CM, valueFrom: {configMapKeyRef: {name: cfg, key: MODE}}}
    - {name: FROM_SECRET, valueFrom: {secretKeyRef: {name: sec, key: TOKEN}}}
    - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
    - {name: TIER, valueFrom: {fieldRef: {fieldPath: "metadata.labels['tier']"}}}
    - {name: MEM_MI, valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: 1Mi}}}
    - {name: CPU_M, valueFrom: {resourceFieldRef: {resource: limits.cpu, divisor: 1m}}}
---
apiVersion: v1
kind: Pod
metadata: {name: nolinks}
spec:
  enableServiceLinks: false
  containers: [{name: app, image: busybox:1.36}]
`);
    assert.equal(kl('cluster advance 1s').code, 0);
    apply(`apiVersion: v1
kind: Service
metadata: {name: later}
spec:
  selector: {app: later}
  ports: [{port: 80}]
`);
    const kube = 'KUBERNETES_PORT=tcp://10.96.0.1:443\nKUBERNETES_PORT_443_TCP=tcp://10.96.0.1:443\nKUBERNETES_PORT_443_TCP_ADDR=10.96.0.1\nKUBERNETES_PORT_443_TCP_PORT=443\nKUBERNETES_PORT_443_TCP_PROTO=tcp\nKUBERNETES_SERVICE_HOST=10.96.0.1\nKUBERNETES_SERVICE_PORT=443\nKUBERNETES_SERVICE_PORT_HTTPS=443\n';
    assert.equal(
      kl('exec envy -- env').stdout,
      'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nHOSTNAME=envy\n' +
        'CFG_LEVEL=3\nCFG_MODE=fast\nTOKEN=abc\nGREETING=hello\nMESSAGE=hello from 10.96.100.10\nFROM_CM=fast\nFROM_SECRET=abc\nPOD_NAME=envy\nTIER=back\nMEM_MI=64\nCPU_M=500\n' +
        kube +
        'WEB_API_PORT=tcp://10.96.100.10:80\nWEB_API_PORT_80_TCP=tcp://10.96.100.10:80\nWEB_API_PORT_80_TCP_ADDR=10.96.100.10\nWEB_API_PORT_80_TCP_PORT=80\nWEB_API_PORT_80_TCP_PROTO=tcp\n' +
        'WEB_API_PORT_9090_UDP=udp://10.96.100.10:9090\nWEB_API_PORT_9090_UDP_ADDR=10.96.100.10\nWEB_API_PORT_9090_UDP_PORT=9090\nWEB_API_PORT_9090_UDP_PROTO=udp\n' +
        'WEB_API_SERVICE_HOST=10.96.100.10\nWEB_API_SERVICE_PORT=80\nWEB_API_SERVICE_PORT_HTTP=80\nWEB_API_SERVICE_PORT_METRICS=9090\nHOME=/root\n',
    );
    assert.equal(kl('exec nolinks -- env').stdout, `PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nHOSTNAME=nolinks\n${kube}HOME=/root\n`);
    assert.equal(kl(['exec', 'envy', '--', 'sh', '-c', 'echo $HOSTNAME $FROM_SECRET; printenv LATER_SERVICE_HOST']).stdout, 'envy abc\n');
  });
});

describe('exec errors and exit codes, as kubectl reports them', () => {
  const { kl, apply } = cluster();

  before(() => {
    apply(`apiVersion: v1
kind: Pod
metadata: {name: two}
spec:
  initContainers: [{name: init, image: busybox:1.36}]
  containers: [{name: a, image: busybox:1.36}, {name: b, image: busybox:1.36}]
---
apiVersion: v1
kind: Pod
metadata: {name: done}
spec:
  restartPolicy: Never
  containers: [{name: a, image: busybox:1.36}]
---
apiVersion: v1
kind: Pod
metadata: {name: big}
spec:
  containers: [{name: a, image: busybox:1.36, resources: {requests: {cpu: "64"}}}]
---
apiVersion: v1
kind: Pod
metadata:
  name: crash
  annotations: {sim.kubectl-lite.io/exit-code: "1"}
spec:
  containers: [{name: a, image: busybox:1.36}]
`);
  });

  const usage = (msg: string) => ({ stdout: '', stderr: `error: ${msg}\nSee 'kubectl-lite exec -h' for help and examples\n`, code: 1 });

  test('arguments', () => {
    assert.deepEqual(kl('exec'), { stdout: '', stderr: 'error: pod, type/name or --filename must be specified\n', code: 1 });
    assert.deepEqual(kl('exec two ls'), usage('exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead'));
    assert.deepEqual(kl('exec two'), { stdout: '', stderr: 'error: you must specify at least one command for the container\n', code: 1 });
  });

  test('pods and containers that cannot be exec-ed into', () => {
    assert.deepEqual(kl('exec nope -- ls'), { stdout: '', stderr: 'Error from server (NotFound): pods "nope" not found\n', code: 1 });
    assert.deepEqual(kl('exec deploy/nope -- ls'), { stdout: '', stderr: 'Error from server (NotFound): deployments.apps "nope" not found\n', code: 1 });
    assert.deepEqual(kl('exec two -c zz -- ls'), { stdout: '', stderr: 'Error from server (BadRequest): container zz is not valid for pod two\n', code: 1 });
    assert.deepEqual(kl('exec done -- ls'), { stdout: '', stderr: 'error: cannot exec into a container in a completed pod; current phase is Succeeded\n', code: 1 });
    assert.deepEqual(kl('exec big -- ls'), { stdout: '', stderr: 'Error from server (BadRequest): pod big does not have a host assigned\n', code: 1 });
    assert.deepEqual(kl('exec crash -- ls'), { stdout: '', stderr: 'error: unable to upgrade connection: container not found ("a")\n', code: 1 });
  });

  test('the default container and its notice; -q', () => {
    assert.deepEqual(kl('exec two -- hostname'), { stdout: 'two\n', stderr: 'Defaulted container "a" out of: a, b, init (init)\n', code: 0 });
    assert.deepEqual(kl('exec two -q -- hostname'), { stdout: 'two\n', stderr: '', code: 0 });
    assert.deepEqual(kl('exec two -c b -- hostname'), { stdout: 'two\n', stderr: '', code: 0 });
  });

  test('unknown programs fail as containerd reports them; a shell says not found (127)', () => {
    const r = kl('exec two -c a -- nosuch arg');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "nosuch": executable file not found in \$PATH: unknown\n$/);
    assert.deepEqual(kl(['exec', 'two', '-c', 'a', '--', 'sh', '-c', 'nosuch']), { stdout: '', stderr: 'sh: nosuch: not found\ncommand terminated with exit code 127\n', code: 127 });
    assert.deepEqual(kl(['exec', 'two', '-c', 'a', '--', 'sh', '-c', '/etc/hosts']), { stdout: '', stderr: 'sh: /etc/hosts: Permission denied\ncommand terminated with exit code 126\n', code: 126 });
    assert.deepEqual(kl(['exec', 'two', '-c', 'a', '--', 'sh', '-c', 'echo partial; exit 3']), { stdout: 'partial\n', stderr: 'command terminated with exit code 3\n', code: 3 });
  });

  test('-i passes stdin; TYPE/NAME picks a pod', () => {
    assert.deepEqual(kl(['exec', '-i', 'two', '-c', 'a', '--', 'wc', '-l'], 'x\ny\n'), { stdout: '2\n', stderr: '', code: 0 });
    assert.equal(kl(['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=2']).code, 0);
    const r = kl(['exec', 'deploy/web', '--', 'hostname']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^web-[0-9a-z]+-[0-9a-z]{5}\n$/);
  });
});

describe('run --rm -i', () => {
  const { kl } = cluster();

  test('runs the command in a new pod, prints its output and deletes the pod', () => {
    assert.deepEqual(kl(['run', 'tmp', '--rm', '-i', '--image=busybox', '--restart=Never', '--', 'sh', '-c', 'echo hi; hostname; cat /etc/resolv.conf | head -n 1']), {
      stdout: 'hi\ntmp\nsearch default.svc.cluster.local svc.cluster.local cluster.local\npod "tmp" deleted\n',
      // As kubectl prints it when it attaches with -i, terminal or not (seen through serve).
      stderr: "If you don't see a command prompt, try pressing enter.\n",
      code: 0,
    });
    assert.deepEqual(kl('get pods'), { stdout: '', stderr: 'No resources found in default namespace.\n', code: 0 });
  });

  test('a failing command: the pod is still deleted and the exit code is kubectl\'s', () => {
    assert.deepEqual(kl(['run', 'tmp', '--rm', '-i', '--image=busybox', '--restart=Never', '--', 'sh', '-c', 'exit 3']), {
      stdout: 'pod "tmp" deleted\n',
      stderr: "If you don't see a command prompt, try pressing enter.\npod default/tmp terminated (Error)\n",
      code: 3,
    });
    assert.equal(kl('get pods').stdout, '');
    assert.deepEqual(kl(['run', 'x', '--image=busybox', '--rm']), { stdout: '', stderr: "error: --rm should only be used for attached containers\nSee 'kubectl-lite run -h' for help and examples\n", code: 1 });
  });
});

describe("the flags kubectl checks before it waits for a pod, in kubectl's order", () => {
  const { kl } = cluster();
  const usage = (verb: string, message: string): Result => ({ stdout: '', stderr: `error: ${message}\nSee 'kubectl-lite ${verb} -h' for help and examples\n`, code: 1 });
  const ZERO = '--pod-running-timeout must be higher than zero';

  test('run: -i attaches unless --attach=false; -t needs -i; --restart= is Always', () => {
    assert.deepEqual(kl('run x --image=nginx -i --attach=false --restart=Never --dry-run=client -o name'), { stdout: 'pod/x\n', stderr: '', code: 0 });
    assert.deepEqual(kl('run x --image=nginx -i --rm --restart=Never --attach=false'), usage('run', '--rm should only be used for attached containers'));
    assert.deepEqual(kl('run x --image=nginx -t --rm --restart=Never --attach=false'), usage('run', '-i/--stdin is required for containers with -t/--tty=true'));
    assert.deepEqual(kl('run x --image=nginx --expose --restart=Bogus'), usage('run', '--port must be set when exposing a service'));
    assert.deepEqual(kl('run x --image=nginx --restart=Bogus --rm'), usage('run', 'invalid restart policy: Bogus'));
    assert.deepEqual(kl(['run', 'x', '--image=nginx', '--restart=', '-i', '--attach=false', '--dry-run=client', '-o', 'jsonpath={.spec.restartPolicy}']), { stdout: 'Always', stderr: '', code: 0 });
    assert.deepEqual(kl('get pods'), { stdout: '', stderr: 'No resources found in default namespace.\n', code: 0 });
  });

  test('--pod-running-timeout of zero or less is refused by attach, exec, port-forward, logs, run and cluster-info dump', () => {
    assert.deepEqual(kl('run x --image=nginx --pod-running-timeout=-1s'), usage('run', ZERO));
    assert.deepEqual(kl('run --image=nginx --pod-running-timeout=0s'), usage('run', 'NAME is required for run'));
    assert.deepEqual(kl('attach a b c --pod-running-timeout=0s'), usage('attach', ZERO));
    assert.deepEqual(kl('exec -f /nonexistent.yaml --pod-running-timeout=0s'), usage('exec', ZERO));
    assert.deepEqual(kl('exec p ls --pod-running-timeout=0s'), usage('exec', 'exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead'));
    assert.deepEqual(kl('port-forward p --pod-running-timeout=0s'), usage('port-forward', 'TYPE/NAME and list of ports are required for port-forward'));
    assert.deepEqual(kl('port-forward p 80 --pod-running-timeout=0s'), usage('port-forward', ZERO));
    assert.deepEqual(kl('logs p --pod-running-timeout=0s --since-time=bogus'), { stdout: '', stderr: `error: ${ZERO}\n`, code: 1 });
    assert.deepEqual(kl('logs p --pod-running-timeout=abc'), {
      stdout: '',
      stderr: `Error: invalid argument "abc" for "--pod-running-timeout" flag: time: invalid duration "abc"\nSee 'kubectl-lite logs --help' for usage.\n`,
      code: 1,
    });
    assert.deepEqual(kl('cluster-info dump --pod-running-timeout=0s'), { stdout: '', stderr: `error: ${ZERO}\n`, code: 1 });
    assert.deepEqual(kl('get pods'), { stdout: '', stderr: 'No resources found in default namespace.\n', code: 0 });
  });
});

const hasScript = spawnSync('script', ['--version']).status === 0;
if (!hasScript) process.stderr.write('SKIPPING interactive exec tests: script(1) from util-linux/bsdutils is not installed\n');

describe('exec -it POD -- sh on a terminal', { skip: !hasScript && 'script(1) is not installed' }, () => {
  const { kl, home } = cluster();

  test('a prompt, commands, a continuation line, files kept between commands, exit code', async () => {
    assert.equal(kl(['run', 'box', '--image=busybox']).code, 0);
    const child = spawn('script', ['-qfec', `${process.execPath} ${BIN} exec -it box -- sh`, '/dev/null'], {
      env: { PATH: process.env.PATH, HOME: home(), KUBECTL_LITE_HOME: home(), KUBECTL_LITE_NOW: NOW, TERM: 'xterm', NO_COLOR: '1' },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const exited = new Promise<number>((r) => child.on('exit', (c) => r(c ?? -1)));
    const waitFor = async (re: RegExp) => {
      const end = Date.now() + 8000;
      while (!re.test(out) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    };
    const plain = () => out.replace(/\r/g, '').replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
    await waitFor(/\/ # /);
    for (const [keys, expect] of [
      ['cd /tmp\r', /\/tmp # $/],
      ['for i in $(seq 2); do\r', /> $/],
      ['echo n$i; done\r', /n2\n\/tmp # $/],
      ['echo saved > f\r', /\/tmp # $/],
      ['cat f\r', /saved\n\/tmp # $/],
      ['exit 4\r', /exit 4/],
    ] as Array<[string, RegExp]>) {
      const before = plain().length;
      child.stdin.write(keys);
      const end = Date.now() + 8000;
      while (!expect.test(plain().slice(before)) && Date.now() < end && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
    }
    const code = await exited;
    const text = plain();
    assert.match(text, /^\/ # cd \/tmp\n\/tmp # for i in \$\(seq 2\); do\n> echo n\$i; done\nn1\nn2\n\/tmp # echo saved > f\n\/tmp # cat f\nsaved\n\/tmp # exit 4\ncommand terminated with exit code 4\n$/);
    assert.equal(code, 4);
    // The file written in the session is in the container's writable layer.
    assert.equal(kl('exec box -- cat /tmp/f').stdout, 'saved\n');
  });
});
