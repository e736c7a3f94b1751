/**
 * The oracle: real kubectl, pointed at a throwaway HTTP server on 127.0.0.1 that serves
 * the objects a test hands it. kubectl renders describe, -o yaml/json/name/jsonpath/
 * custom-columns and --sort-by itself, so its output is the reference for ours.
 * Tests that use it must skip, saying so, when `kubectl` is not on PATH (see `kubectlAvailable`).
 */
import { execFile, spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before } from 'node:test';
import { Registry, apiVersionOf, type ResourceType } from '../../src/api/registry.js';
import { typeFromCRD } from '../../src/api/crd.js';
import { matches, parseSelector } from '../../src/api/labels.js';
import type { KubeObject } from '../../src/api/types.js';
import type { Table } from '../../src/printers/types.js';
import { apiGroupList, apiVersions, resourceList } from '../../src/serve/discovery.js';

let availability: boolean | undefined;

/** True when a real kubectl is installed; the message for skipping otherwise. */
export function kubectlAvailable(): boolean {
  if (availability === undefined) {
    const r = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
    availability = r.status === 0;
    if (!availability) process.stderr.write('SKIPPING kubectl fidelity tests: real kubectl is not on PATH\n');
  }
  return availability;
}

export const SKIP_NO_KUBECTL = 'real kubectl is not on PATH: fidelity against kubectl not checked';

/** Real kubectl with no cluster at all (an empty kubeconfig), in `cwd`: for what it does without a server. */
export function kubectlAlone(argv: string[], cwd: string): { stdout: string; stderr: string; code: number } {
  const r = spawnSync('kubectl', argv, { cwd, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: cwd, KUBECONFIG: '/dev/null' } });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 };
}

/**
 * Output comparable across kubectl and kubectl-lite (run as `prog`): usage lines name the program
 * (`See 'kubectl create -h'`), and klog lines carry a time and a process id.
 */
export function comparable(r: { stdout: string; stderr: string; code: number }, prog: string): { stdout: string; stderr: string; code: number } {
  const fix = (s: string) => s.replaceAll(`'${prog} `, "'kubectl ").replace(/^([EW])\d{4} [\d:.]+ +\d+ /gm, '$1 ');
  return { stdout: fix(r.stdout), stderr: fix(r.stderr), code: r.code };
}

export interface OracleOptions {
  /** Builds the server-side Table for `get` in table form; without it tables are NAME/AGE-less lists. */
  table?: (type: ResourceType, objects: KubeObject[]) => Table;
  /** Documents served by path (e.g. `/openapi/v3`, `/openapi/v3/api/v1`), for `explain`. */
  documents?: Record<string, unknown>;
  /**
   * Accept writes without applying them: a PATCH is answered with the stored object, a POST or
   * PUT with the JSON it sent; each is recorded in `writes` (`PATCH /api/v1/...`, with ` (dry run)` for a server dry run), so a test can
   * tell whether kubectl wrote before it failed.
   */
  acceptWrites?: boolean;
}

export interface Oracle {
  url: string;
  /** Runs real kubectl against the served objects (TZ=UTC so describe times are stable). */
  kubectl(args: string[], env?: Record<string, string>, cwd?: string): Promise<{ stdout: string; stderr: string; code: number }>;
  /** The writes kubectl sent (with `acceptWrites`): `METHOD PATH`, in order; a test may empty it. */
  writes: string[];
  close(): Promise<void>;
}

function typeKey(t: ResourceType): string {
  return `${t.group}/${t.plural}`;
}

function fieldValue(obj: any, path: string): string | undefined {
  let cur = obj;
  for (const p of path.split('.')) {
    if (cur === undefined || cur === null) return undefined;
    cur = cur[p];
  }
  return cur === undefined || cur === null ? undefined : String(cur);
}

function fieldMatches(obj: KubeObject, selector: string): boolean {
  if (!selector) return true;
  return selector.split(',').every((term) => {
    const m = /^([^!=]+)(==|!=|=)(.*)$/.exec(term);
    if (!m) return true;
    const v = fieldValue(obj, m[1]!) ?? '';
    return m[2] === '!=' ? v !== m[3] : v === m[3];
  });
}

export async function startOracle(objects: KubeObject[], opts: OracleOptions = {}): Promise<Oracle> {
  // Like a real server, serve the custom resources of any CustomResourceDefinition among the objects.
  const crdTypes = objects.filter((o) => o.kind === 'CustomResourceDefinition').map(typeFromCRD).filter((t): t is ResourceType => t !== undefined);
  const registry = new Registry(crdTypes);
  const types = registry.types;
  const byType = new Map<string, KubeObject[]>();
  for (const o of objects) {
    const t = registry.forKind(o.apiVersion, o.kind);
    if (!t) throw new Error(`oracle: unknown kind ${o.apiVersion} ${o.kind}`);
    const k = typeKey(t);
    byType.set(k, [...(byType.get(k) ?? []), o]);
  }

  const send = (res: ServerResponse, code: number, body: unknown) => {
    res.writeHead(code, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const notFound = (res: ServerResponse, t: ResourceType, name: string) =>
    send(res, 404, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `${t.group ? `${t.plural}.${t.group}` : t.plural} "${name}" not found`,
      reason: 'NotFound',
      details: { name, group: t.group, kind: t.plural },
      code: 404,
    });

  const writes: string[] = [];
  const write = (req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      writes.push(`${req.method} ${url.pathname}${url.searchParams.has('dryRun') ? ' (dry run)' : ''}`);
      if (req.method !== 'PATCH') {
        try {
          return send(res, req.method === 'POST' ? 201 : 200, JSON.parse(body));
        } catch {
          return send(res, 415, { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 415, reason: 'UnsupportedMediaType', message: 'the oracle answers JSON writes only' });
        }
      }
      const segs = url.pathname.split('/').filter(Boolean);
      const name = segs[segs.length - 1];
      const plural = segs[segs.length - 2];
      const namespace = segs[segs.length - 4] === 'namespaces' ? segs[segs.length - 3] : undefined;
      const stored = [...byType.entries()].filter(([k]) => k.endsWith(`/${plural}`)).flatMap(([, os]) => os);
      const found = stored.find((o) => o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace));
      return found ? send(res, 200, found) : send(res, 404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 404, reason: 'NotFound', message: `${plural} "${name}" not found` });
    });
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' && opts.acceptWrites) return write(req, res);
    const url = new URL(req.url ?? '/', 'http://x');
    const segs = url.pathname.split('/').filter(Boolean);
    if (url.pathname === '/api') return send(res, 200, apiVersions());
    if (url.pathname === '/apis') return send(res, 200, apiGroupList(types));
    const document = opts.documents?.[url.pathname];
    if (document !== undefined) return send(res, 200, document);
    if (url.pathname === '/version') return send(res, 200, { major: '1', minor: '32', gitVersion: 'v1.32.4' });
    let gv: string;
    let rest: string[];
    if (segs[0] === 'api' && segs[1]) {
      gv = segs[1];
      rest = segs.slice(2);
    } else if (segs[0] === 'apis' && segs[1] && segs[2]) {
      gv = `${segs[1]}/${segs[2]}`;
      rest = segs.slice(3);
    } else {
      return send(res, 404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 404, reason: 'NotFound', message: 'the server could not find the requested resource' });
    }
    if (rest.length === 0) return send(res, 200, resourceList(types, gv));
    let namespace: string | undefined;
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
    const [plural, name] = rest;
    const type = types.find((t) => t.plural === plural && t.versions.some((v) => (t.group ? `${t.group}/${v}` : v) === gv));
    if (!type) return send(res, 404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 404, reason: 'NotFound', message: 'the server could not find the requested resource' });
    const all = byType.get(typeKey(type)) ?? [];
    const inScope = all.filter((o) => !type.namespaced || namespace === undefined || o.metadata.namespace === namespace);
    if (name) {
      const found = inScope.find((o) => o.metadata.name === name);
      return found ? send(res, 200, found) : notFound(res, type, name);
    }
    const ls = url.searchParams.get('labelSelector');
    const fs = url.searchParams.get('fieldSelector') ?? '';
    const sel = ls ? parseSelector(ls) : [];
    const items = inScope.filter((o) => matches(sel, o.metadata.labels) && fieldMatches(o, fs));
    const accept = req.headers.accept ?? '';
    if (accept.includes('as=Table') && opts.table) {
      const table = opts.table(type, items);
      return send(res, 200, {
        kind: 'Table',
        apiVersion: 'meta.k8s.io/v1',
        metadata: { resourceVersion: '1' },
        columnDefinitions: table.columnDefinitions,
        rows: table.rows.map((r) => ({ cells: r.cells, object: r.object })),
      });
    }
    return send(res, 200, {
      kind: `${type.kind}List`,
      apiVersion: apiVersionOf(type),
      metadata: { resourceVersion: '1' },
      items,
    });
  };

  const server = createServer(handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const scratch = mkdtempSync(join(tmpdir(), 'kubectl-oracle-'));

  return {
    url,
    writes,
    kubectl(args, env = {}, cwd) {
      return new Promise((resolve) => {
        execFile(
          'kubectl',
          ['--server', url, '--cache-dir', join(scratch, 'cache'), ...args],
          { env: { PATH: process.env.PATH, HOME: scratch, KUBECONFIG: join(scratch, 'none'), TZ: 'UTC', ...env }, maxBuffer: 64 * 1024 * 1024, cwd },
          (err, stdout, stderr) => {
            const code = err ? (typeof (err as any).code === 'number' ? (err as any).code : 1) : 0;
            resolve({ stdout, stderr, code });
          },
        );
      });
    },
    async close() {
      await new Promise<void>((r) => server.close(() => r()));
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

export interface OracleFixture {
  /** kubectl-lite's home (simulation off), the directory holding `files`, the oracle. */
  readonly home: string;
  readonly dir: string;
  readonly oracle: Oracle;
}

/**
 * For a describe block: a kubectl-lite home with the simulation off, a directory with `files`,
 * the `create -f` of each of `stored` (files) in kubectl-lite, and an oracle serving what
 * kubectl-lite stores (`served`: `TYPE/NAME`s). Made before the block's tests, removed after.
 */
export function oracleFixture(files: Record<string, string>, stored: string[] = [], served: string[] = [], opts: OracleOptions = {}): OracleFixture {
  let state: { home: string; dir: string; oracle: Oracle; dispose(): void } | undefined;
  const get = () => state ?? assert.fail('oracleFixture used outside its describe block');
  before(async () => {
    const { runCli, staticCluster, tempHome } = await import('./cli.js');
    const { home, dispose } = tempHome();
    await staticCluster(home);
    const dir = mkdtempSync(join(tmpdir(), 'kubectl-lite-oracle-files-'));
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    for (const file of stored) {
      const created = await runCli(['create', '-f', file], { home, cwd: dir });
      assert.equal(created.code, 0, created.stderr);
    }
    const objects = await Promise.all(served.map(async (ref) => JSON.parse((await runCli(['get', ref, '-o', 'json'], { home })).stdout) as KubeObject));
    state = { home, dir, oracle: await startOracle(objects, opts), dispose };
  });
  after(async () => {
    if (!state) return;
    state.dispose();
    await state.oracle.close();
    rmSync(state.dir, { recursive: true, force: true });
  });
  return {
    get home() {
      return get().home;
    },
    get dir() {
      return get().dir;
    },
    get oracle() {
      return get().oracle;
    },
  };
}
