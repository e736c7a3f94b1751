/**
 * Conformance through the CLI: `kubectl-lite apply -f FILE` for every file of the shared corpus,
 * each in a fresh cluster whose namespaces exist first (as EXPECT.tsv assumes), and every
 * document's outcome compared with EXPECT.tsv. Skipped, saying so, when ../shared/corpus is absent.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { builtinRegistry, kindPrefix } from '../../src/api/registry.js';
import { runCli, SHARED, tempHome } from '../helpers/cli.js';

const CORPUS = join(SHARED, 'corpus');
const EXPECT = join(CORPUS, 'EXPECT.tsv');
const present = existsSync(EXPECT);
if (!present) process.stderr.write(`SKIPPING corpus conformance: ${EXPECT} is absent\n`);

interface Row {
  file: string;
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  expect: string;
  reason: string;
}

/**
 * Rows EXPECT.tsv marks `accept` that a v1.32 API server refuses (the corpus index says these files were
 * only parsed locally, never sent to a server): templates and kustomize bases. We assert the server's
 * real refusal for each instead of pretending to accept it.
 */
const ERRATA: Record<string, RegExp> = {
  'cli-runtime-artifacts/artifacts/kustomization/deployment.yaml Deployment/the-deployment': /The Deployment "the-deployment" is invalid: \n\* spec\.selector: Required value/,
  'ingress-nginx/deploy/prometheus/deployment.yaml Deployment/prometheus-server': /The Deployment "prometheus-server" is invalid: \n\* spec\.selector: Required value/,
  'metrics-server/manifests/base/deployment.yaml Deployment/metrics-server': /The Deployment "metrics-server" is invalid: \n\* spec\.selector: Required value/,
  'gke-samples/networking/sctp/sctp-deployment.yaml Deployment/sctp-app': /cannot unmarshal string into Go struct field ContainerPort\.spec\.template\.spec\.containers\.ports\.containerPort of type int32/,
  'gke-samples/networking/sctp/sctp-deployment.yaml Service/sctp-service': /cannot unmarshal string into Go struct field ServicePort\.spec\.ports\.port of type int32/,
  'ingress-nginx/docs/examples/customization/ssl-dh-param/ssl-dh-param.yaml Secret/lb-dhparam': /illegal base64 data at input byte 0/,
  // kubectl apply itself refuses generateName (EXPECT.tsv says so for kubectl-testdata's pod-generated-name.yaml).
  'gke-samples/batch/kueue-intro/job-team-a.yaml Job/sample-job-team-a-': /^error: from sample-job-team-a-: cannot use generate name with apply$/m,
  // Admission refuses what the file refers to but does not contain.
  'gke-samples/security/wi-secrets/manifests/secret-app.yaml Pod/readonly-secret-test': /pods "readonly-secret-test" is forbidden: error looking up service account readonly-ns\/readonly-sa: serviceaccount "readonly-sa" not found/,
  'k8s-website/policy/high-priority-pod.yaml Pod/high-priority': /pods "high-priority" is forbidden: no PriorityClass with name high was found/,
  // Outside the simulated cluster's service range (10.96.0.0/12, as kubeadm/kind).
  'k8s-hack-testdata/kubernetes-service.yaml Service/kubernetes': /failed to allocate IP 10\.0\.0\.1: the provided IP \(10\.0\.0\.1\) is not in the valid range/,
};

function rows(): Row[] {
  return readFileSync(EXPECT, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [file, apiVersion, kind, namespace, name, expect, reason] = line.split('\t');
      return { file: file!, apiVersion: apiVersion!, kind: kind!, namespace: namespace!, name: name!, expect: expect!, reason: reason ?? '' };
    });
}

/** `deployment.apps/web`, as apply names the object it created or configured. */
function objectId(row: Row): string {
  const t = builtinRegistry.forKind(row.apiVersion, row.kind);
  if (t) return `${kindPrefix(t)}/${row.name}`;
  const group = row.apiVersion.includes('/') ? `.${row.apiVersion.split('/')[0]}` : '';
  return `${row.kind.toLowerCase()}${group}/${row.name}`;
}

describe('corpus: apply -f FILE matches what a v1.32 API server does (EXPECT.tsv)', { skip: !present && 'shared/corpus is absent' }, () => {
  const byFile = new Map<string, Row[]>();
  if (present) for (const r of rows()) byFile.set(r.file, [...(byFile.get(r.file) ?? []), r]);
  let accepted = 0;
  let rejected = 0;

  for (const [file, fileRows] of byFile) {
    test(file, async () => {
      const { home, dispose } = tempHome();
      try {
        for (const ns of new Set(fileRows.map((r) => r.namespace).filter(Boolean))) {
          await runCli(['create', 'namespace', ns], { home });
        }
        const r = await runCli(['apply', '-f', join(CORPUS, file)], { home, cwd: CORPUS });
        const applied = new Set(
          r.stdout
            .split('\n')
            .map((l) => /^(\S+) (created|configured|unchanged)$/.exec(l)?.[1])
            .filter(Boolean),
        );
        for (const row of fileRows) {
          const key = `${file} ${row.kind}/${row.name}`;
          if (!row.kind) {
            // Not a Kubernetes object at all: the whole file is refused.
            assert.equal(r.code, 1, `${key}: expected a refusal`);
            assert.notEqual(r.stderr, '', key);
            rejected++;
            continue;
          }
          const id = objectId(row);
          const erratum = ERRATA[key];
          if (erratum) {
            assert.ok(!applied.has(id), `${key}: a v1.32 server refuses this`);
            assert.match(r.stderr, erratum, key);
            rejected++;
          } else if (row.expect === 'accept') {
            assert.ok(applied.has(id), `${key}: expected accepted, stdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
            accepted++;
          } else {
            assert.ok(!applied.has(id), `${key}: expected refused (${row.reason}), stdout:\n${r.stdout}`);
            assert.equal(r.code, 1, key);
            rejected++;
          }
        }
        assert.ok(!r.stderr.includes('    at '), `stack trace for ${file}:\n${r.stderr}`);
      } finally {
        dispose();
      }
    });
  }

  test('summary', () => {
    process.stdout.write(`# corpus: ${accepted} documents accepted, ${rejected} refused, ${Object.keys(ERRATA).length} EXPECT.tsv errata asserted as refusals\n`);
    assert.ok(accepted >= 590, `only ${accepted} accepted`);
  });
});
