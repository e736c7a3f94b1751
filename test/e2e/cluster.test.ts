import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runBin, runCli, tempHome } from '../helpers/cli.js';
import { listOf, lookup, sessionFor } from '../helpers/sim-world.js';

const NOW = '2026-11-22T00:00:00Z';

test('the first command in an empty home makes a kind-like cluster', async () => {
  const { home, dispose } = tempHome();
  try {
    const r = await runCli('cluster list -o name', { home, now: NOW });
    assert.deepEqual(r, { stdout: 'lite\n', stderr: '', code: 0 });
    sessionFor(home, NOW).read((api) => {
      assert.deepEqual(listOf(api, 'Namespace').map((n) => n.metadata.name), ['default', 'ingress-nginx', 'kube-node-lease', 'kube-public', 'kube-system']);
      const nodes = listOf(api, 'Node');
      assert.deepEqual(nodes.map((n) => [n.metadata.name, n.spec.podCIDR, n.status.addresses[0].address]), [
        ['lite-control-plane', '10.244.0.0/24', '172.18.0.2'],
        ['lite-worker', '10.244.1.0/24', '172.18.0.3'],
        ['lite-worker2', '10.244.2.0/24', '172.18.0.4'],
        ['lite-worker3', '10.244.3.0/24', '172.18.0.5'],
      ]);
      const cp = nodes[0]!;
      assert.deepEqual(cp.spec.taints, [{ effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' }]);
      assert.equal(cp.metadata.labels!['node-role.kubernetes.io/control-plane'], '');
      assert.equal(nodes[1]!.metadata.labels!['kubernetes.io/hostname'], 'lite-worker');
      assert.deepEqual(nodes[1]!.status.allocatable, { cpu: '4', 'ephemeral-storage': '102625208Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '8Gi', pods: '110' });
      assert.deepEqual(nodes[1]!.status.conditions.map((c: any) => `${c.type}=${c.status}`), ['MemoryPressure=False', 'DiskPressure=False', 'PIDPressure=False', 'Ready=True']);
      const k8s = lookup(api, 'Service', 'default', 'kubernetes')!;
      assert.deepEqual([k8s.spec.clusterIP, k8s.spec.ports], ['10.96.0.1', [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }]]);
      assert.deepEqual(lookup(api, 'Endpoints', 'default', 'kubernetes')!.subsets, [{ addresses: [{ ip: '172.18.0.2' }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }]);
      assert.equal(lookup(api, 'Service', 'kube-system', 'kube-dns')!.spec.clusterIP, '10.96.0.10');
      assert.equal(lookup(api, 'Deployment', 'kube-system', 'coredns', 'apps/v1')!.spec.replicas, 2);
      const sc = lookup(api, 'StorageClass', undefined, 'standard', 'storage.k8s.io/v1')!;
      assert.deepEqual([sc.provisioner, sc.metadata.annotations!['storageclass.kubernetes.io/is-default-class']], ['rancher.io/local-path', 'true']);
      for (const ns of ['default', 'kube-system']) {
        assert.ok(lookup(api, 'ServiceAccount', ns, 'default'));
        assert.ok(lookup(api, 'ConfigMap', ns, 'kube-root-ca.crt'));
      }
      const apiserver = lookup(api, 'Pod', 'kube-system', 'kube-apiserver-lite-control-plane')!;
      assert.deepEqual([apiserver.status.phase, apiserver.status.podIP, apiserver.spec.nodeName], ['Running', '172.18.0.2', 'lite-control-plane']);
    });
  } finally {
    dispose();
  }
});

test('cluster create makes another cluster of the given shape and switches to it; delete and list', async () => {
  const { home, dispose } = tempHome();
  try {
    const created = runBin('cluster create big --nodes 5 --node-cpu 8000m --node-memory 16G', { home, now: NOW });
    assert.deepEqual(created, { stdout: 'cluster "big" created\nSwitched to context "big".\n', stderr: '', code: 0 });
    sessionFor(home, NOW).read((api) => {
      const nodes = listOf(api, 'Node');
      assert.deepEqual(nodes.map((n) => n.metadata.name), ['big-control-plane', 'big-worker', 'big-worker2', 'big-worker3', 'big-worker4', 'big-worker5']);
      // Quantities as the API server writes them: canonical, memory in whole KiB (8Gi for the default).
      assert.deepEqual([nodes[5]!.status.capacity.cpu, nodes[5]!.status.capacity.memory], ['8', '15625000Ki']);
    });
    assert.equal((await runCli('cluster list -o name', { home, now: NOW })).stdout, 'big\nlite\n');
    // kubectl has no format for this: kubectl-lite's own table (cli-table3), plain when piped.
    assert.deepEqual(runBin('cluster list', { home, now: NOW }), {
      stdout: [
        '┌─────────┬──────┬───────┬─────────────────┐',
        '│ CURRENT │ NAME │ NODES │ MODE            │',
        '│ *       │ big  │ 6     │ simulated       │',
        '│         │ lite │ -     │ not created yet │',
        '└─────────┴──────┴───────┴─────────────────┘',
        '',
      ].join('\n'),
      stderr: '',
      code: 0,
    });
    assert.deepEqual(runBin('cluster list -o wide', { home, now: NOW }), { stdout: '', stderr: 'error: unable to match a printer suitable for the output format "wide", allowed formats are: name\n', code: 1 });
    assert.deepEqual(await runCli('cluster create big', { home, now: NOW }), { stdout: '', stderr: 'error: cluster "big" already exists\n', code: 1 });
    assert.deepEqual(await runCli('cluster delete big', { home, now: NOW }), { stdout: 'cluster "big" deleted\n', stderr: '', code: 0 });
    assert.equal((await runCli('cluster list -o name', { home, now: NOW })).stdout, 'lite\n');
    assert.deepEqual(await runCli('cluster delete big', { home, now: NOW }), { stdout: '', stderr: 'error: cluster "big" not found\n', code: 1 });
    assert.equal(sessionFor(home, NOW).clusterName, 'lite');
  } finally {
    dispose();
  }
});

test('cluster advance moves the clock; a bad duration is one error line', async () => {
  const { home, dispose } = tempHome();
  try {
    assert.deepEqual(await runCli('cluster advance 5m', { home, now: NOW }), { stdout: 'cluster "lite" clock advanced by 5m0s\n', stderr: '', code: 0 });
    const s = sessionFor(home, NOW);
    s.read((api) => assert.equal(api.now(), '2026-11-22T00:05:00Z'));
    assert.deepEqual(await runCli('cluster advance soon', { home, now: NOW }), {
      stdout: '',
      stderr: 'error: invalid duration "soon": use a Go duration such as 30s, 5m or 1h30m\n',
      code: 1,
    });
  } finally {
    dispose();
  }
});

test("a new cluster's system objects are stored as the API server defaults them: changing their metadata changes nothing else", async () => {
  const { home, dispose } = tempHome();
  try {
    const cli = (args: string) => runCli(args, { home, now: NOW });
    const rsBefore = (await cli('get rs -A -o name')).stdout;
    assert.match(rsBefore, /coredns-/);
    // kubeadm's mirror pods carry the defaults kubelet's create went through.
    const etcd = JSON.parse((await cli('get pod -n kube-system etcd-lite-control-plane -o json')).stdout);
    assert.deepEqual(
      [etcd.spec.dnsPolicy, etcd.spec.enableServiceLinks, etcd.spec.schedulerName, etcd.spec.terminationGracePeriodSeconds, etcd.spec.securityContext],
      ['ClusterFirst', true, 'default-scheduler', 30, {}],
    );
    assert.deepEqual(
      [etcd.spec.containers[0].imagePullPolicy, etcd.spec.containers[0].terminationMessagePath, etcd.spec.containers[0].terminationMessagePolicy],
      ['IfNotPresent', '/dev/termination-log', 'File'],
    );
    assert.deepEqual(await cli('label pod -n kube-system etcd-lite-control-plane tier=control-plane team=db'), { stdout: 'pod/etcd-lite-control-plane labeled\n', stderr: '', code: 0 });
    assert.equal((await cli('annotate pods -n kube-system --all note=x')).code, 0);
    // Annotating a workload is not a new template: no rollout, the generation stays.
    for (const [kind, name, ns] of [['deployment', 'coredns', 'kube-system'], ['daemonset', 'kube-proxy', 'kube-system'], ['daemonset', 'kindnet', 'kube-system'], ['deployment', 'ingress-nginx-controller', 'ingress-nginx']]) {
      assert.deepEqual(await cli(`annotate ${kind} -n ${ns} ${name} note=x`), { stdout: `${kind}.apps/${name} annotated\n`, stderr: '', code: 0 });
      assert.equal((await cli(`get ${kind} -n ${ns} ${name} -o jsonpath={.metadata.generation}`)).stdout, '1', `${kind} ${name}`);
    }
    assert.equal((await cli('get rs -A -o name')).stdout, rsBefore);
    // What get prints, replaced, is no change at all (a no-op update keeps the resourceVersion); a
    // ControllerRevision's data is kept as the JSON sent, its nulls too (runtime.RawExtension).
    const versions = async (type: string) => {
      const r = await runCli(['get', type, '-A', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.metadata.resourceVersion}{" "}{end}'], { home, now: NOW });
      assert.match(r.stdout, /^(\S+=\d+ )+$/, type);
      return r.stdout;
    };
    for (const type of ['controllerrevisions', 'daemonsets', 'deployments', 'pods', 'services', 'clusterrolebindings']) {
      const before = await versions(type);
      const listed = (await cli(`get ${type} -A -o json`)).stdout;
      assert.equal((await runCli('replace -f -', { home, now: NOW, stdin: listed })).code, 0, type);
      assert.equal(await versions(type), before, type);
    }
    // What get printed, edited and applied back: CoreDNS's two ports on 53 (UDP and TCP) are two ports.
    for (const [type, name, ref] of [['deployment', 'coredns', 'deployment.apps/coredns'], ['service', 'kube-dns', 'service/kube-dns']]) {
      const printed = (await cli(`get ${type} ${name} -n kube-system -o yaml`)).stdout;
      const applied = await runCli('apply -f -', { home, now: NOW, stdin: printed });
      assert.deepEqual([applied.code, applied.stdout], [0, `${ref} configured\n`], applied.stderr);
      assert.match(applied.stderr, /^Warning: resource \w+\/\S+ is missing the kubectl.kubernetes.io\/last-applied-configuration annotation/);
      const ports = type === 'service' ? '{.spec.ports[*].name}' : '{.spec.template.spec.containers[0].ports[*].name}';
      assert.equal((await runCli(['get', type, name, '-n', 'kube-system', '-o', `jsonpath=${ports}`], { home, now: NOW })).stdout, 'dns dns-tcp metrics');
    }
    assert.equal((await cli('get deployment coredns -n kube-system -o jsonpath={.metadata.generation}')).stdout, '1');
    const revision = 'apiVersion: apps/v1\nkind: ControllerRevision\nmetadata: {name: mine}\nrevision: 1\ndata: {spec: {template: {metadata: {creationTimestamp: null, labels: {a: b}}}}}\n';
    assert.equal((await runCli('create -f -', { home, now: NOW, stdin: revision })).code, 0);
    assert.equal((await cli('get controllerrevision mine -o jsonpath={.data}')).stdout, '{"spec":{"template":{"metadata":{"creationTimestamp":null,"labels":{"a":"b"}}}}}');
    // A ServiceAccount subject's apiGroup is "", which the API server's JSON leaves out.
    const binding = JSON.parse((await cli('get clusterrolebinding system:coredns -o json')).stdout);
    assert.deepEqual(binding.subjects, [{ kind: 'ServiceAccount', name: 'coredns', namespace: 'kube-system' }]);
    const created = JSON.parse((await cli('create rolebinding b --clusterrole=view --serviceaccount=default:robot --user=jane -o json')).stdout);
    assert.deepEqual(created.subjects, [
      { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'jane' },
      { kind: 'ServiceAccount', name: 'robot', namespace: 'default' },
    ]);
  } finally {
    dispose();
  }
});
