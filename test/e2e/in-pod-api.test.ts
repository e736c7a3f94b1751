/**
 * The API server as a pod reaches it: the kubernetes Service to the control plane's kube-apiserver
 * (host network, 6443), curl's check of its certificate against the pod's ca.crt, the token the
 * kubelet projects as the pod's credential, RBAC's answers, and the JSON as the API server writes it
 * for curl. Writes are authorized, then refused (kubectl-lite's limit), and change nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runBin, runCli, tempHome } from '../helpers/cli.js';

const NOW = '2026-12-02T12:00:00Z';
const SA = '/var/run/secrets/kubernetes.io/serviceaccount';
const AUTH = `-H "Authorization: Bearer $(cat ${SA}/token)"`;
const API = 'https://kubernetes.default.svc';

const CURL_60 = `curl: (60) SSL certificate problem: unable to get local issuer certificate
More details here: https://curl.se/docs/sslcerts.html

curl failed to verify the legitimacy of the server and therefore could not
establish a secure connection to it. To learn more about this situation and
how to fix it, please visit the webpage mentioned above.
`;

describe('the API server from inside a pod', () => {
  let home: string;
  let dispose: () => void;
  const o = () => ({ home, now: NOW });
  /** A shell command line run in the pod `client` (namespace default unless given). */
  const inPod = (command: string, ns = 'default') => runCli(['exec', '-n', ns, 'client', '--', 'sh', '-c', command], o());

  before(async () => {
    ({ home, dispose } = tempHome());
    for (const line of [
      'run client --image=curlimages/curl -- sleep infinity',
      'create namespace ops',
      'run client -n ops --image=curlimages/curl -- sleep infinity',
      'create clusterrolebinding ops-admin --clusterrole=cluster-admin --serviceaccount=ops:default',
    ]) {
      const r = await runCli(line, o());
      assert.equal(r.code, 0, `${line}: ${r.stderr}`);
    }
  });
  after(() => dispose());

  test('curl checks the API server certificate: without the pod ca.crt it refuses (60), with it the name must match', async () => {
    assert.deepEqual(await inPod(`curl -sS ${API}/version`), { stdout: '', stderr: `${CURL_60}command terminated with exit code 60\n`, code: 60 });
    assert.deepEqual(await inPod(`curl -s ${API}/version`), { stdout: '', stderr: 'command terminated with exit code 60\n', code: 60 });
    const missing = await inPod(`curl -sS --cacert /nope ${API}/version`);
    assert.equal(missing.code, 77);
    assert.match(missing.stderr, /^curl: \(77\) error setting certificate file: \/nope\n/);
    // Every name and address on the certificate: the Service's, the node's, the node's name.
    for (const url of [`${API}/healthz`, 'https://kubernetes/healthz', 'https://10.96.0.1/healthz', 'https://172.18.0.2:6443/healthz', 'https://lite-control-plane:6443/healthz']) {
      assert.deepEqual(await inPod(`curl -sS --cacert ${SA}/ca.crt ${url}`), { stdout: 'ok', stderr: '', code: 0 }, url);
    }
    // -k skips the check.
    assert.equal((await inPod(`curl -sk ${API}/healthz`)).stdout, 'ok');
  });

  test('a Service of its own in front of the API server: reached through manual Endpoints on the node address, refused by name', async () => {
    const manifest = `apiVersion: v1
kind: Service
metadata: {name: api-alias}
spec: {ports: [{port: 443, targetPort: 6443}]}
---
apiVersion: v1
kind: Endpoints
metadata: {name: api-alias}
subsets: [{addresses: [{ip: 172.18.0.2}], ports: [{port: 6443}]}]
`;
    assert.equal((await runCli('apply -f -', { ...o(), stdin: manifest })).code, 0);
    const r = await inPod(`curl -sS --cacert ${SA}/ca.crt https://api-alias/healthz`);
    assert.equal(r.code, 60);
    assert.match(r.stderr, /^curl: \(60\) SSL: no alternative certificate subject name matches target hostname 'api-alias'\n/);
    assert.equal((await inPod('curl -sk https://api-alias/healthz')).stdout, 'ok');
  });

  test('without a token the request is anonymous: the health and version paths only', async () => {
    const r = await inPod(`curl -sS --cacert ${SA}/ca.crt ${API}/api`);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `{
  "kind": "Status",
  "apiVersion": "v1",
  "metadata": {},
  "status": "Failure",
  "message": "forbidden: User \\"system:anonymous\\" cannot get path \\"/api\\"",
  "reason": "Forbidden",
  "details": {},
  "code": 403
}`);
    assert.equal(JSON.parse((await inPod(`curl -sS --cacert ${SA}/ca.crt ${API}/version`)).stdout).major, '1');
    const status = await inPod(`curl -s -o /dev/null -w '%{http_code}' --cacert ${SA}/ca.crt ${API}/api/v1/namespaces/default/pods`);
    assert.equal(status.stdout, '403');
  });

  test('the projected token is the pod service account: discovery, then Forbidden until a Role is bound', async () => {
    const api = await inPod(`curl -sS --cacert ${SA}/ca.crt ${AUTH} ${API}/api`);
    assert.equal(api.stdout, `{
  "kind": "APIVersions",
  "versions": [
    "v1"
  ],
  "serverAddressByClientCIDRs": [
    {
      "clientCIDR": "0.0.0.0/0",
      "serverAddress": "172.18.0.2:6443"
    }
  ]
}`);
    const refused = JSON.parse((await inPod(`curl -sS --cacert ${SA}/ca.crt ${AUTH} ${API}/api/v1/namespaces/default/pods`)).stdout);
    assert.deepEqual(refused, {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Forbidden', details: { kind: 'pods' }, code: 403,
      message: 'pods is forbidden: User "system:serviceaccount:default:default" cannot list resource "pods" in API group "" in the namespace "default"',
    });
    for (const line of ['create role pod-reader --verb=get,list --resource=pods', 'create rolebinding read-pods --role=pod-reader --serviceaccount=default:default']) {
      assert.equal((await runCli(line, o())).code, 0, line);
    }
    const list = JSON.parse((await inPod(`curl -sS --cacert ${SA}/ca.crt ${AUTH} ${API}/api/v1/namespaces/default/pods`)).stdout);
    assert.equal(list.kind, 'PodList');
    assert.deepEqual(list.items.map((p: any) => p.metadata.name), ['client']);
    // A built-in type's list items carry no TypeMeta; the list's kind says it.
    assert.equal(list.items[0].kind, undefined);
    assert.equal(list.items[0].apiVersion, undefined);
    const one = JSON.parse((await inPod(`curl -sS --cacert ${SA}/ca.crt ${AUTH} ${API}/api/v1/namespaces/default/pods/client`)).stdout);
    const got = JSON.parse((await runCli('get pod client -o json --show-managed-fields', o())).stdout);
    assert.deepEqual(one, got, 'the pod as the API serves it is the pod kubectl-lite gets');
    // Other namespaces stay out of the Role's reach.
    assert.equal(JSON.parse((await inPod(`curl -sS --cacert ${SA}/ca.crt ${AUTH} ${API}/api/v1/namespaces/ops/pods`)).stdout).code, 403);
  });

  test('JSON is indented for curl (the API server looks at the User-Agent), compact with a newline for other clients', async () => {
    const path = `${API}/api/v1/namespaces/default/pods/client`;
    const compact = (await inPod(`curl -sS --cacert ${SA}/ca.crt ${AUTH} -A python-requests/2.32 ${path}`)).stdout;
    assert.match(compact, /^\{"kind":"Pod","apiVersion":"v1","metadata":\{"name":"client",[^\n]*\}\n$/);
    assert.equal((await inPod(`curl -sS --cacert ${SA}/ca.crt ${AUTH} '${path}?pretty=false'`)).stdout, compact);
    assert.match((await inPod(`curl -sS --cacert ${SA}/ca.crt ${AUTH} -A python '${path}?pretty=1'`)).stdout, /^\{\n {2}"kind": "Pod",\n {2}"apiVersion": "v1",\n/);
  });

  test('a bad token is 401; plain HTTP to the secure port is Go TLS server answer', async () => {
    assert.equal((await inPod(`curl -sS --cacert ${SA}/ca.crt -H 'Authorization: Bearer nope' ${API}/version`)).stdout, `{
  "kind": "Status",
  "apiVersion": "v1",
  "metadata": {},
  "status": "Failure",
  "message": "Unauthorized",
  "reason": "Unauthorized",
  "code": 401
}`);
    const plain = await inPod('curl -sS -i http://10.96.0.1:443/version');
    assert.match(plain.stdout, /^HTTP\/1\.1 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server\.\n$/);
  });

  test('a write is authorized first, then refused as kubectl-lite own limit, and the store is unchanged', async () => {
    const del = `curl -sS --cacert ${SA}/ca.crt ${AUTH} -X DELETE ${API}/api/v1/namespaces/default/pods/client`;
    assert.equal(JSON.parse((await inPod(del)).stdout).reason, 'Forbidden', 'default:default may not delete pods');
    const before = (await runCli('get pods -A -o yaml', o())).stdout;
    const refused = JSON.parse((await inPod(del, 'ops')).stdout);
    assert.equal(refused.code, 501);
    assert.match(refused.message, /^kubectl-lite: the simulated API server answers reads made from inside a pod/);
    const watch = JSON.parse((await inPod(`curl -sS --cacert ${SA}/ca.crt ${AUTH} '${API}/api/v1/pods?watch=true'`, 'ops')).stdout);
    assert.equal(watch.code, 501);
    assert.equal((await runCli('get pods -A -o yaml', o())).stdout, before);
    // The cluster-admin binding lets ops:default list every namespace.
    const all = JSON.parse((await inPod(`curl -sS --cacert ${SA}/ca.crt ${AUTH} ${API}/api/v1/pods`, 'ops')).stdout);
    assert.deepEqual(all.items.filter((p: any) => p.metadata.name === 'client').map((p: any) => p.metadata.namespace), ['default', 'ops']);
  });

  test('busybox wget: no certificate check (it says so unless --no-check-certificate), the token in --header, an HTTP error is its own', async () => {
    const api = await inPod(`wget -qO- --header "Authorization: Bearer $(cat ${SA}/token)" ${API}/api`);
    assert.equal(api.code, 0);
    assert.equal(api.stderr, 'wget: note: TLS certificate validation not implemented\n');
    assert.equal(JSON.parse(api.stdout).kind, 'APIVersions');
    assert.match(api.stdout, /^\{\n {2}"kind"/, 'indented: the API server indents for Wget');
    const anonymous = await inPod(`wget -qO- --no-check-certificate ${API}/api`);
    assert.deepEqual(anonymous, { stdout: '', stderr: 'wget: server returned error: HTTP/1.1 403 Forbidden\ncommand terminated with exit code 1\n', code: 1 });
  });

  test('the built CLI: a pod lists what its Role allows, as a user would run it', () => {
    const r = runBin(['exec', 'client', '--', 'sh', '-c', `curl -s --cacert ${SA}/ca.crt ${AUTH} ${API}/api/v1/namespaces/default/pods -o /dev/null -w '%{http_code}'`], o());
    assert.deepEqual(r, { stdout: '200', stderr: '', code: 0 });
  });
});
