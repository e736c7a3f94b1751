/**
 * The dashboard's HTTP server: the page and its assets (assets/dashboard/, served from the
 * package, no CDN), the state as JSON, server-sent events whenever the store changes (any
 * process's writes: store.json is stat'ed every 200 ms and the state recomputed at least once a
 * second, which also lets timed work fall due), and the few actions it offers, each run as the
 * CLI verb itself (`node stop`, `scale`, `delete pod`) through the same entry point.
 */
import { readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { Session } from '../cli/session.js';
import { clusterDir } from '../config.js';
import { packageRoot } from '../util/paths.js';
import { computeState } from './state.js';

export interface DashboardOptions {
  session: Session;
  host: string;
  port: number;
  realNow(): number;
  /** Runs one kubectl-lite command line (the CLI's own entry point); resolves to exit code and output. */
  runCommand(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  signal?: AbortSignal;
}

const ASSETS: Record<string, string> = { '/': 'index.html', '/app.js': 'app.js', '/app.css': 'app.css' };
const TYPES: Record<string, string> = { html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };

export class Dashboard {
  private server?: Server;
  private readonly clients = new Set<ServerResponse>();
  private timer?: NodeJS.Timeout;
  private lastStamp = '';
  private lastJson = '';
  private lastComputed = 0;
  private readonly dir: string;
  url = '';

  constructor(private readonly o: DashboardOptions) {
    this.dir = clusterDir(o.session.home, o.session.clusterName);
  }

  /** Listens; resolves with the URL once bound. */
  async start(): Promise<string> {
    const server = (this.server = createServer((req, res) => {
      this.handle(req, res).catch((err) => send(res, 500, { error: String(err instanceof Error ? err.message : err) }));
    }));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.o.port, this.o.host, () => resolve());
    });
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : this.o.port;
    const host = this.o.host.includes(':') ? `[${this.o.host}]` : this.o.host;
    this.url = `http://${host}:${port}/`;
    this.refresh(true);
    this.timer = setInterval(() => this.refresh(false), 200);
    return this.url;
  }

  /** Resolves when the server has stopped (on the signal, or stop()). */
  async stopped(): Promise<void> {
    const signal = this.o.signal;
    if (signal && !signal.aborted) await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    await this.stop();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    for (const c of this.clients) c.end();
    this.clients.clear();
    const server = this.server;
    this.server = undefined;
    if (server) {
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  /** The state as JSON text, recomputed when the store changed or a second has passed. */
  private refresh(force: boolean): void {
    const stamp = this.stamp();
    const now = this.o.realNow();
    if (!force && stamp === this.lastStamp && now - this.lastComputed < 1000) return;
    this.lastStamp = stamp;
    this.lastComputed = now;
    let json: string;
    try {
      json = JSON.stringify(this.o.session.read((api) => computeState(api, this.o.session.clusterName, join(this.dir, 'traffic'), now)));
    } catch (err) {
      json = JSON.stringify({ error: String(err instanceof Error ? err.message : err) });
    }
    if (json === this.lastJson) return;
    this.lastJson = json;
    for (const c of this.clients) c.write(`event: state\ndata: ${json}\n\n`);
  }

  /** Cheap change detection: the store file's identity and the traffic directory's. */
  private stamp(): string {
    const parts: string[] = [];
    for (const p of [join(this.dir, 'store.json'), join(this.dir, 'traffic')]) {
      try {
        const st = statSync(p);
        parts.push(`${st.ino}:${st.mtimeMs}:${st.size}`);
      } catch {
        parts.push('-');
      }
    }
    return parts.join('|');
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // A page from elsewhere may not read or drive the cluster (DNS rebinding): the Host must be ours.
    if (req.headers.host && this.url && new URL(this.url).host !== req.headers.host) return send(res, 403, { error: 'wrong host' });
    if (req.method === 'GET' && ASSETS[url.pathname]) {
      const file = ASSETS[url.pathname]!;
      const body = readFileSync(join(packageRoot(), 'assets', 'dashboard', file));
      res.writeHead(200, { 'content-type': TYPES[file.split('.').pop()!]!, 'cache-control': 'no-cache' });
      res.end(body);
      return;
    }
    if (req.method === 'GET' && url.pathname === '/favicon.ico') return void res.writeHead(204).end();
    if (req.method === 'GET' && url.pathname === '/api/state') {
      if (!this.lastJson) this.refresh(true);
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(this.lastJson);
      return;
    }
    if (req.method === 'GET' && url.pathname === '/api/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(`retry: 1000\n\nevent: state\ndata: ${this.lastJson}\n\n`);
      this.clients.add(res);
      req.on('close', () => this.clients.delete(res));
      return;
    }
    if (req.method === 'POST' && url.pathname.startsWith('/api/actions/')) return this.action(req, res, url.pathname.slice('/api/actions/'.length));
    send(res, 404, { error: 'not found' });
  }

  /** The offered actions, each the CLI verb a user would type. */
  private async action(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    // A cross-site form cannot set this header without a preflight, which is never granted.
    if (req.headers['x-kubectl-lite'] !== '1') return send(res, 403, { error: 'missing X-Kubectl-Lite header' });
    let body: any;
    try {
      body = JSON.parse((await readBody(req)) || '{}');
    } catch {
      return send(res, 400, { error: 'the body is not JSON' });
    }
    const str = (v: unknown) => (typeof v === 'string' && /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(v) ? v : undefined);
    const ns = str(body.namespace) ?? 'default';
    const ctx = ['--context', this.o.session.contextName];
    let argv: string[] | undefined;
    if ((name === 'node-stop' || name === 'node-start') && str(body.node)) argv = ['node', name.slice(5), body.node, ...ctx];
    else if (name === 'scale' && str(body.name) && Number.isInteger(body.replicas) && body.replicas >= 0 && body.replicas <= 1000) {
      argv = ['scale', `deployment/${body.name}`, `--replicas=${body.replicas}`, '-n', ns, ...ctx];
    } else if (name === 'delete-pod' && str(body.name)) argv = ['delete', 'pod', body.name, '-n', ns, ...ctx];
    if (!argv) return send(res, 400, { error: `unknown action or bad arguments: ${name}` });
    const result = await this.o.runCommand(argv);
    this.refresh(true);
    send(res, result.code === 0 ? 200 : 422, { command: `kubectl-lite ${argv.join(' ')}`, ...result });
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      text += c;
      if (text.length > 65536) req.destroy(new Error('body too large'));
    });
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}
