/**
 * CertificateSigningRequests, the way the Kubernetes documentation makes a user: a key and a PKCS#10
 * request, a CSR for kubernetes.io/kube-apiserver-client, `kubectl certificate approve`, and the
 * certificate the signer issues, signed by the cluster's CA. Also what the API server refuses and
 * what kubectl says when a request was already decided.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli, tempHome } from '../helpers/cli.js';

type Forge = typeof import('node-forge');
const forge = createRequire(import.meta.url)('node-forge') as Forge;

/** A PEM certificate request for `subject` (RSA key from node:crypto, signed by node-forge). */
function certificateRequest(subject: Array<{ shortName: string; value: string }>): string {
  return keyAndRequest(subject).request;
}

function keyAndRequest(subject: Array<{ shortName: string; value: string }>): { key: string; request: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = forge.pki.publicKeyFromPem(publicKey);
  csr.setSubject(subject);
  csr.sign(forge.pki.privateKeyFromPem(privateKey) as import('node-forge').pki.rsa.PrivateKey, forge.md.sha256.create());
  return { key: privateKey, request: forge.pki.certificationRequestToPem(csr) };
}

/** A client certificate for `cn` signed by its own key: one the cluster's CA never issued. */
function selfSigned(cn: string): { key: string; cert: string } {
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 3_600_000);
  cert.validity.notAfter = new Date(Date.now() + 86_400_000);
  cert.setSubject([{ shortName: 'CN', value: cn }]);
  cert.setIssuer([{ shortName: 'CN', value: cn }]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { key: forge.pki.privateKeyToPem(keys.privateKey), cert: forge.pki.certificateToPem(cert) };
}

function csrManifest(name: string, request: string, usages: string[], extra = ''): string {
  return `apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata: {name: ${name}}
spec:
  request: ${Buffer.from(request).toString('base64')}
  signerName: kubernetes.io/kube-apiserver-client
  usages: [${usages.map((u) => JSON.stringify(u)).join(', ')}]
${extra}`;
}

describe('certificate signing requests', () => {
  let home: string;
  let dispose: () => void;
  let request: string;
  const cli = (args: string | string[], stdin?: string) => runCli(args, { home, stdin });
  const csr = async (name: string) => JSON.parse((await cli(`get csr ${name} -o json`)).stdout);

  before(async () => {
    ({ home, dispose } = tempHome());
    request = certificateRequest([{ shortName: 'CN', value: 'jane' }, { shortName: 'O', value: 'devs' }]);
  });
  after(() => dispose());

  test('a request records who asked; approved, it is issued a client certificate the cluster CA signed, for the time it asked', async () => {
    assert.deepEqual(await cli('apply -f -', csrManifest('jane', request, ['client auth'], '  expirationSeconds: 86400\n')), {
      code: 0, stdout: 'certificatesigningrequest.certificates.k8s.io/jane created\n', stderr: '',
    });
    const pending = await csr('jane');
    assert.equal(pending.spec.username, 'kubernetes-admin');
    assert.deepEqual(pending.spec.groups, ['kubeadm:cluster-admins', 'system:authenticated']);
    assert.deepEqual(pending.status, {});
    assert.match((await cli('get csr')).stdout, /^NAME +AGE +SIGNERNAME +REQUESTOR +REQUESTEDDURATION +CONDITION\njane +\S+ +kubernetes.io\/kube-apiserver-client +kubernetes-admin +24h +Pending\n$/);

    assert.deepEqual(await cli('certificate approve jane'), { code: 0, stdout: 'certificatesigningrequest.certificates.k8s.io/jane approved\n', stderr: '' });
    const issued = await csr('jane');
    assert.deepEqual(issued.status.conditions.map((c: any) => [c.type, c.status, c.reason, c.message, c.lastTransitionTime === c.lastUpdateTime]), [
      ['Approved', 'True', 'KubectlApprove', 'This CSR was approved by kubectl certificate approve.', true],
    ]);
    assert.match((await cli('get csr jane --no-headers')).stdout, / Approved,Issued\n$/);
    // kubectl's typed client sets no field manager: the API server names it after the user agent.
    const managed = JSON.parse((await cli('get csr jane -o json --show-managed-fields')).stdout).metadata.managedFields;
    assert.deepEqual(managed.filter((m: any) => m.manager === 'kubectl').map((m: any) => [m.operation, m.subresource]), [['Update', 'status']]);
    const cert = new X509Certificate(Buffer.from(issued.status.certificate, 'base64'));
    const clusters = join(home, 'clusters');
    const ca = new X509Certificate(readFileSync(join(clusters, readdirSync(clusters)[0]!, 'serve', 'ca.crt')));
    assert.equal(cert.subject, 'CN=jane\nO=devs');
    assert.ok(cert.checkIssued(ca), 'issued by the cluster CA');
    assert.ok(cert.verify(ca.publicKey), 'signed by the cluster CA');
    assert.equal(cert.ca, false);
    assert.deepEqual(cert.keyUsage, ['1.3.6.1.5.5.7.3.2']);
    // Signed as it was approved, backdated five minutes, valid for the 24 hours asked for.
    assert.equal(Date.parse(cert.validTo) - Date.parse(cert.validFrom), 86_400_000);
    assert.equal(Date.parse(issued.status.conditions[0].lastUpdateTime) - Date.parse(cert.validFrom), 300_000);
    // Issued once: a later command leaves the certificate as it is.
    assert.deepEqual(await cli('certificate approve jane'), { code: 0, stdout: 'certificatesigningrequest.certificates.k8s.io/jane approved\n', stderr: '' });
    assert.equal((await csr('jane')).status.certificate, issued.status.certificate);
  });

  test('a decided request cannot be decided the other way; --force writes the same decision again; missing names come last', async () => {
    assert.equal((await cli('apply -f -', csrManifest('nay', request, ['client auth']))).code, 0);
    assert.deepEqual(await cli('certificate deny nay'), { code: 0, stdout: 'certificatesigningrequest.certificates.k8s.io/nay denied\n', stderr: '' });
    const denied = await csr('nay');
    assert.deepEqual(denied.status.conditions.map((c: any) => [c.type, c.reason, c.message]), [['Denied', 'KubectlDeny', 'This CSR was denied by kubectl certificate deny.']]);
    assert.equal(denied.status.certificate, undefined, 'a denied request is never issued');
    assert.match((await cli('get csr nay --no-headers')).stdout, / Denied\n$/);
    assert.deepEqual(await cli('certificate approve nay'), { code: 1, stdout: '', stderr: 'error: certificate signing request "nay" is already Denied\n' });
    assert.deepEqual(await cli('certificate deny --force nay -o name'), { code: 0, stdout: 'certificatesigningrequest.certificates.k8s.io/nay\n', stderr: '' });
    assert.deepEqual(await cli('certificate deny nope nay'), {
      code: 1,
      stdout: 'certificatesigningrequest.certificates.k8s.io/nay denied\n',
      stderr: 'Error from server (NotFound): certificatesigningrequests.certificates.k8s.io "nope" not found\n',
    });
    assert.deepEqual(await cli('certificate approve'), { code: 1, stdout: '', stderr: 'error: one or more CSRs must be specified as <name> or -f <filename>\n' });
    // The API server keeps Approved and Denied apart, and neither can be taken back.
    const both = { ...denied, status: { conditions: [...denied.status.conditions, { type: 'Approved', status: 'True' }] } };
    const put = await cli(['replace', '--raw', '/apis/certificates.k8s.io/v1/certificatesigningrequests/nay/approval', '-f', '-'], JSON.stringify(both));
    assert.equal(put.code, 1);
    assert.match(put.stderr, /status\.conditions\[1\]\.type: Invalid value: "Approved": Approved and Denied conditions are mutually exclusive/);
    const none = await cli(['replace', '--raw', '/apis/certificates.k8s.io/v1/certificatesigningrequests/nay/approval', '-f', '-'], JSON.stringify({ ...denied, status: {} }));
    assert.match(none.stderr, /status\.conditions: Forbidden: updates may not remove a condition of type "Denied"/);
    // Only /approval decides: /status may not add Approved nor take Denied away, and the request itself never changes.
    assert.equal((await cli('apply -f -', csrManifest('later', request, ['client auth']))).code, 0);
    const later = await csr('later');
    const viaStatus = await cli(['replace', '--raw', '/apis/certificates.k8s.io/v1/certificatesigningrequests/later/status', '-f', '-'], JSON.stringify({ ...later, status: { conditions: [{ type: 'Approved', status: 'True' }] } }));
    assert.equal(viaStatus.code, 1);
    assert.match(viaStatus.stderr, /status\.conditions: Forbidden: updates may not add a condition of type "Approved"/);
    const undeny = await cli(['replace', '--raw', '/apis/certificates.k8s.io/v1/certificatesigningrequests/nay/status', '-f', '-'], JSON.stringify({ ...denied, status: {} }));
    assert.match(undeny.stderr, /status\.conditions: Forbidden: updates may not remove a condition of type "Denied"/);
    assert.equal((await cli(['patch', 'csr', 'later', '--type=merge', '-p', '{"spec":{"usages":["server auth"],"signerName":"example.com/other"}}'])).code, 0);
    assert.deepEqual([(await csr('later')).spec.usages, (await csr('later')).spec.signerName], [['client auth'], 'kubernetes.io/kube-apiserver-client']);
    assert.deepEqual((await csr('later')).status, {});
  });

  test('approving is an update of certificatesigningrequests/approval, which RBAC must grant', async () => {
    assert.equal((await cli('apply -f -', csrManifest('bob-asks', request, ['client auth']))).code, 0);
    for (const line of [
      'create clusterrole csr-reader --verb=get,list --resource=certificatesigningrequests',
      'create clusterrolebinding bob-reads --clusterrole=csr-reader --user=bob',
    ]) assert.equal((await cli(line)).code, 0, line);
    assert.deepEqual(await cli('certificate approve bob-asks --as=bob'), {
      code: 1, stdout: '',
      stderr: 'Error from server (Forbidden): certificatesigningrequests.certificates.k8s.io "bob-asks" is forbidden: User "bob" cannot update resource "certificatesigningrequests/approval" in API group "certificates.k8s.io" at the cluster scope\n',
    });
    assert.deepEqual((await csr('bob-asks')).status, {});
    assert.equal((await cli('create clusterrole csr-approver --verb=update --resource=certificatesigningrequests/approval')).code, 0);
    assert.equal((await cli('create clusterrolebinding bob-approves --clusterrole=csr-approver --user=bob')).code, 0);
    assert.deepEqual(await cli('certificate approve bob-asks --as=bob'), { code: 0, stdout: 'certificatesigningrequest.certificates.k8s.io/bob-asks approved\n', stderr: '' });
    assert.ok((await csr('bob-asks')).status.certificate, 'issued');
  });

  test('the signer refuses usages a client certificate cannot have: the request is marked Failed, not issued', async () => {
    assert.equal((await cli('apply -f -', csrManifest('server', request, ['client auth', 'server auth']))).code, 0);
    assert.equal((await cli('certificate approve server')).code, 0);
    const failed = await csr('server');
    assert.deepEqual(failed.status.conditions.map((c: any) => [c.type, c.status, c.reason, c.message]), [
      ['Approved', 'True', 'KubectlApprove', 'This CSR was approved by kubectl certificate approve.'],
      ['Failed', 'True', 'SignerValidationFailure', 'invalid usage for client certificate: server auth'],
    ]);
    assert.equal(failed.status.certificate, undefined);
    assert.match((await cli('get csr server --no-headers')).stdout, / Approved,Failed\n$/);
  });

  test('the API server validates a request: its PEM, its usages, its duration, the legacy signer', async () => {
    const bad = await cli('apply -f -', csrManifest('bad', 'not a request', [], '  expirationSeconds: 500\n'));
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^The CertificateSigningRequest "bad" is invalid: \n\* spec\.request: Invalid value: \[\]byte\{0x6e, 0x6f, 0x74, 0x20, .*\}: PEM block type must be CERTIFICATE REQUEST\n\* spec\.usages: Required value\n\* spec\.expirationSeconds: Invalid value: 500: may not specify a duration less than 600 seconds \(10 minutes\)\n$/);
    const legacy = await cli('apply -f -', csrManifest('legacy', request, ['client auth']).replace('kube-apiserver-client', 'legacy-unknown'));
    assert.match(legacy.stderr, /spec\.signerName: Invalid value: "kubernetes.io\/legacy-unknown": the legacy signerName is not allowed via this API version/);
    assert.equal((await cli('get csr bad legacy')).code, 1);
  });
});

describe('a client certificate in a kubeconfig user', () => {
  let home: string;
  let dispose: () => void;
  const cli = (args: string | string[], stdin?: string) => runCli(args, { home, stdin });
  const UNAUTHORIZED = { code: 1, stdout: '', stderr: 'error: You must be logged in to the server (Unauthorized)\n' };

  before(() => ({ home, dispose } = tempHome()));
  after(() => dispose());

  test('authenticates as the subject the cluster CA certified (CN the user, O the groups) until it expires; RBAC then decides', async () => {
    // The documentation's walk-through: a key, a request, the CSR approved, the certificate in a kubeconfig user.
    const { key, request } = keyAndRequest([{ shortName: 'CN', value: 'jane' }, { shortName: 'O', value: 'devs' }, { shortName: 'O', value: 'ops' }]);
    assert.equal((await cli('apply -f -', csrManifest('jane', request, ['client auth'], '  expirationSeconds: 86400\n'))).code, 0);
    assert.equal((await cli('certificate approve jane')).code, 0);
    const cert = Buffer.from(JSON.parse((await cli('get csr jane -o json')).stdout).status.certificate, 'base64');
    const [certFile, keyFile] = [join(home, 'jane.crt'), join(home, 'jane.key')];
    writeFileSync(certFile, cert);
    writeFileSync(keyFile, key);
    assert.deepEqual(await cli(['config', 'set-credentials', 'jane', `--client-certificate=${certFile}`, `--client-key=${keyFile}`, '--embed-certs']), { code: 0, stdout: 'User "jane" set.\n', stderr: '' });
    assert.equal((await cli('config set-context jane --cluster=lite --user=jane')).code, 0);

    assert.deepEqual(await cli('auth whoami --context jane'), { code: 0, stdout: 'ATTRIBUTE   VALUE\nUsername    jane\nGroups      [devs ops system:authenticated]\n', stderr: '' });
    assert.deepEqual(await cli('get pods --context jane'), {
      code: 1, stdout: '',
      stderr: 'Error from server (Forbidden): pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"\n',
    });
    // The admin's context is still the admin's.
    assert.deepEqual(await cli('get pods'), { code: 0, stdout: '', stderr: 'No resources found in default namespace.\n' });
    assert.equal((await cli('create role pod-reader --verb=get,list --resource=pods')).code, 0);
    assert.equal((await cli('create rolebinding devs-read --role=pod-reader --group=devs')).code, 0);
    assert.deepEqual(await cli('get pods --context jane'), { code: 0, stdout: '', stderr: 'No resources found in default namespace.\n' });
    // --user picks the kubeconfig user whatever the context; --client-certificate/--client-key the files.
    assert.deepEqual(await cli('get pods --user jane'), { code: 0, stdout: '', stderr: 'No resources found in default namespace.\n' });
    // The global --user is every command's but the one with a --user of its own (`create rolebinding --user`).
    assert.deepEqual(await cli('create configmap settings --user jane'), {
      code: 1, stdout: '',
      stderr: 'error: failed to create configmap: configmaps is forbidden: User "jane" cannot create resource "configmaps" in API group "" in the namespace "default"\n',
    });
    assert.equal((await cli('create rolebinding jane-too --role=pod-reader --user=jane -o jsonpath={.subjects[0].name}')).stdout, 'jane');
    assert.deepEqual(await cli(['auth', 'whoami', `--client-certificate=${certFile}`, `--client-key=${keyFile}`, '-o', 'jsonpath={.status.userInfo.username}']), { code: 0, stdout: 'jane', stderr: '' });
    assert.deepEqual(await cli('auth can-i delete pods --context jane'), { code: 1, stdout: 'no\n', stderr: '' });
    assert.deepEqual(await cli('delete pod nope --context jane'), {
      code: 1, stdout: '',
      stderr: 'Error from server (Forbidden): pods "nope" is forbidden: User "jane" cannot delete resource "pods" in API group "" in the namespace "default"\n',
    });

    // One the cluster's CA did not sign is no one; client-go's own checks of the files come first.
    const forged = selfSigned('jane');
    writeFileSync(join(home, 'forged.crt'), forged.cert);
    writeFileSync(join(home, 'forged.key'), forged.key);
    assert.equal((await cli(['config', 'set-credentials', 'mallory', `--client-certificate=${join(home, 'forged.crt')}`, `--client-key=${join(home, 'forged.key')}`])).code, 0);
    assert.deepEqual(await cli('get pods --user mallory'), UNAUTHORIZED);
    assert.equal((await cli(['config', 'set-credentials', 'nokey', `--client-certificate=${certFile}`])).code, 0);
    assert.deepEqual(await cli('get pods --user nokey'), {
      code: 1, stdout: '', stderr: 'error: client-key-data or client-key must be specified for nokey to use the clientCert authentication method.\n',
    });
    const gone = join(home, 'gone.crt');
    assert.equal((await cli(['config', 'set-credentials', 'gone', `--client-certificate=${gone}`, `--client-key=${keyFile}`])).code, 0);
    assert.deepEqual(await cli('get pods --user gone'), {
      code: 1, stdout: '', stderr: `error: unable to read client-cert ${gone} for gone due to open ${gone}: no such file or directory\n`,
    });

    // A kubeconfig user's token is a credential too: a service account's, or nobody's.
    assert.equal((await cli('create serviceaccount robot')).code, 0);
    const token = (await cli('create token robot')).stdout.trim();
    assert.equal((await cli(['config', 'set-credentials', 'robot', `--token=${token}`])).code, 0);
    assert.deepEqual(await cli('auth whoami --user robot -o jsonpath={.status.userInfo.username}'), { code: 0, stdout: 'system:serviceaccount:default:robot', stderr: '' });
    assert.equal((await cli(['config', 'set-credentials', 'bogus', '--token=bogus'])).code, 0);
    assert.deepEqual(await cli('get pods --user bogus'), UNAUTHORIZED);

    // 24 hours on, the certificate has expired.
    assert.equal((await cli('cluster advance 25h')).code, 0);
    assert.deepEqual(await cli('get pods --context jane'), UNAUTHORIZED);
    assert.deepEqual(await cli('get pods'), { code: 0, stdout: '', stderr: 'No resources found in default namespace.\n' });
  });
});
