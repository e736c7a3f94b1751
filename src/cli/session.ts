import { actingAs } from '../api/impersonation.js';
import { checkingNamespaces } from '../api/request-name.js';
import { impersonatedUser, requireImpersonation, type UserInfo } from '../api/rbac.js';
import { authenticateToken } from '../api/token-request.js';
import { certificateUser } from '../api/client-certificates.js';
import { clientCertificateOf, confirmUsable, entryText } from './client-config.js';
import { hmacSha256 } from '../util/digest.js';
import { SettableClock } from '../api/clock.js';
import { registryOf } from '../api/crd.js';
import { ensureBootstrapPolicy, POLICY_META, POLICY_VERSION } from '../api/rbac-bootstrap.js';
import type { Registry } from '../api/registry.js';
import { ApiServer, type ServerHooks } from '../api/server.js';
import { clusterDir, homeDir, loadConfig, type LiteConfig } from '../config.js';
import { CliError } from '../errors.js';
import { isDue, settle, SETTLE_BUDGET_MS } from '../controllers/loop.js';
import { bootstrapCluster, DEFAULT_SHAPE, SYSTEM_NAMESPACES } from '../sim/bootstrap.js';
import { serverHooks } from '../sim/hooks.js';
import { signCertificateRequest } from '../api/cluster-ca.js';
import { FileStore } from '../store/file-store.js';
import type { Snapshot, Store, Transaction } from '../store/types.js';
import type { GlobalFlags } from './framework.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const CLOCK_OFFSET = 'clock.offsetMs';
/** Store meta: `off` makes a static cluster, where objects are stored and nothing reconciles them. */
export const SIMULATION = 'simulation';

export function isStatic(snap: Snapshot): boolean {
  return snap.getMeta(SIMULATION) === 'off';
}

export interface SessionOptions {
  env: NodeJS.ProcessEnv;
  globals: GlobalFlags;
  realNow: () => number;
  /** Tests may hand in a store directly. */
  store?: Store;
  /** Whom the command acts as (--as): each request the command makes is then authorized for them. */
  user?: UserInfo;
  /** Where the API server's warnings to the command go (kubectl prints them on stderr). */
  warn?: (message: string) => void;
}

/** The admin's bearer token `serve` wrote for this cluster, if it has served. */
function readServeToken(storeDir: string): string | undefined {
  return readServeFile(storeDir, 'token')?.trim();
}

/** A file of the cluster's serve directory (its CA, made on first use; serve's token), if it is there. */
function readServeFile(storeDir: string, name: string): string | undefined {
  try {
    return readFileSync(join(storeDir, 'serve', name), 'utf8');
  } catch {
    return undefined;
  }
}

/** Whom --as, --as-group and --as-uid make a command act as; undefined for the admin kubeconfig's user. */
export function impersonationOf(g: GlobalFlags): UserInfo | undefined {
  return g.as ? impersonatedUser(g.as, g.asGroup ?? [], g.asUid) : undefined;
}

/**
 * One command's view of one cluster: which context, cluster and namespace, and
 * read/write access through an ApiServer whose cluster has been brought up to now.
 */
export class Session {
  readonly home: string;
  readonly config: LiteConfig;
  readonly contextName: string;
  readonly clusterName: string;
  /** The kubeconfig user whose credentials the command presents: --user, else the context's. */
  private readonly userName: string;
  /** -n, else the context's namespace, else `default`. */
  readonly namespace: string;
  /** True when -n was given explicitly. */
  readonly namespaceExplicit: boolean;
  private storeInstance?: Store;

  constructor(private readonly opts: SessionOptions) {
    this.home = homeDir(opts.env);
    this.config = loadConfig(this.home);
    this.contextName = opts.globals.context ?? this.config.currentContext;
    const ctx = this.config.contexts[this.contextName];
    if (!ctx && this.contextName === '') throw new CliError(`current-context "" does not exist; use "kubectl-lite config use-context"`);
    // The cluster is the context's unless --cluster names another (their stores are the clusters' directories).
    ({ cluster: this.clusterName, user: this.userName } = confirmUsable(this.config, opts.globals, this.contextName, ctx));
    this.namespaceExplicit = opts.globals.namespace !== undefined;
    this.namespace = opts.globals.namespace || ctx!.namespace || 'default';
    this.storeInstance = opts.store;
  }

  /** The API server's hooks: the simulation's, and the cluster CA (serve's) as the certificate signer. */
  private get hooks(): ServerHooks {
    return (this.serverHooks ??= { ...serverHooks, signCertificate: (r) => signCertificateRequest(join(this.storeDir, 'serve'), r), warn: this.opts.warn });
  }

  private serverHooks?: ServerHooks;

  /** A read's hooks: only where its warnings go. */
  private get readHooks(): ServerHooks {
    return { warn: this.opts.warn };
  }

  /** The cluster's directory (its store, and what serve keeps beside it). */
  get storeDir(): string {
    return clusterDir(this.home, this.clusterName);
  }

  get store(): Store {
    return (this.storeInstance ??= new FileStore(clusterDir(this.home, this.clusterName)));
  }

  /** Simulated time: wall clock plus however far `cluster advance` has moved this cluster. */
  simulatedNow(snap: Snapshot): number {
    return this.opts.realNow() + ((snap.getMeta(CLOCK_OFFSET) as number | undefined) ?? 0);
  }

  registryFor(snap: Snapshot): Registry {
    return registryOf(snap);
  }

  /**
   * Read-only access. When the cluster is new or something is scheduled to happen by now,
   * this takes the write path first so that what is read is current.
   */
  read<T>(fn: (api: ApiServer) => T): T {
    for (let attempt = 0; ; attempt++) {
      const fast = this.store.read((snap) => {
        if (snap.revision === 0) return { ok: false as const, fresh: true };
        const now = this.simulatedNow(snap);
        // After one settling write, what is still due (a catch-up its budget cut) waits for the next command.
        if (!isStatic(snap) && ((attempt === 0 && isDue(snap, now)) || needsPolicy(snap))) return { ok: false as const, fresh: false };
        const api = new ApiServer(snap, this.registryFor(snap), new SettableClock(now), this.readHooks);
        return { ok: true as const, value: fn(this.requester(api)) };
      });
      if (fast.ok) return fast.value;
      if (fast.fresh || attempt > 0) return this.write(fn);
      // What fell due (the nodes' Lease renewals, every 10 s) is settled and committed by a write of
      // its own, and the read then made from what it committed, as any reader reads: inside a
      // transaction a listing cannot use the store's summaries, and parsed all 150,000 pods (2 GB).
      this.write(() => undefined);
    }
  }

  /**
   * Read-modify-write under the store lock; the cluster settles before and after `fn`, each settle
   * within `settleBudgetMs` (a part of a big write is given more, see PART_SETTLE_BUDGET_MS).
   * `settled` sees the cluster as the write leaves it (what the controllers made of `fn`'s changes).
   */
  write<T>(fn: (api: ApiServer) => T, settleBudgetMs = SETTLE_BUDGET_MS, settled?: (api: ApiServer) => void): T {
    return this.store.update((tx) => {
      const now = this.simulatedNow(tx);
      const clock = new SettableClock(now);
      const api = new ApiServer(tx, this.registryFor(tx), clock, this.hooks);
      start(api, tx, this.clusterName);
      if (isStatic(tx)) {
        const result = fn(this.requester(api));
        settled?.(api);
        return result;
      }
      // Every committed write left the cluster at a fixed point, so it only needs bringing up
      // to now when some timed work fell due since. The two settles share the budget: a catch-up
      // that spends it leaves the rest, and what `fn` changed beyond a first pass, to the next command.
      let budget = settleBudgetMs;
      if (isDue(tx, now)) {
        const started = Date.now();
        settle(api, clock, now, undefined, budget);
        budget = Math.max(0, budget - (Date.now() - started));
      }
      const result = fn(this.requester(api));
      const after = new ApiServer(tx, this.registryFor(tx), clock, this.hooks);
      settle(after, clock, now, undefined, budget);
      settled?.(after);
      return result;
    });
  }

  /**
   * The API as the command's requests see it: checked by RBAC when the command acts as someone other
   * than the admin (a service account's --token, --as), each namespace first checked as client-go checks it.
   */
  private requester(api: ApiServer): ApiServer {
    const user = this.userOf(api);
    return checkingNamespaces(user ? actingAs(api, user) : api);
  }

  /** Who the command acts as, once worked out (null: the admin). */
  private actor?: UserInfo | null;

  /** Who the command's requests are authorized as (undefined: the admin). */
  actingUser(): UserInfo | undefined {
    return this.read(() => this.actor ?? undefined);
  }

  /**
   * Who the command acts as: the user its credentials authenticate (a client certificate the
   * cluster's CA signed, then a token: a service account's, or serve's own, which is the admin's;
   * none: the admin), then whom --as names, if that user may impersonate.
   */
  private userOf(api: ApiServer): UserInfo | undefined {
    if (this.actor !== undefined) return this.actor ?? undefined;
    const credentials = this.credentials();
    const { certificate } = credentials;
    // serve's own token is the admin's.
    const token = credentials.token && credentials.token !== readServeToken(this.storeDir) ? credentials.token : undefined;
    let authenticated: UserInfo | undefined;
    // The API server tries the client certificate first, then the bearer token.
    if (certificate) authenticated = certificateUser(certificate, readServeFile(this.storeDir, 'ca.crt'), api.clock.now().getTime());
    if (!authenticated && token) {
      const who = authenticateToken(api, token, hmacSha256);
      if ('user' in who) authenticated = who.user;
    }
    if (!authenticated && (certificate || token)) throw new CliError('You must be logged in to the server (Unauthorized)');
    const as = this.opts.user;
    if (as && authenticated) requireImpersonation(api, authenticated, as.username, this.opts.globals.asGroup ?? []);
    this.actor = as ?? authenticated ?? null;
    return this.actor ?? undefined;
  }

  /**
   * The credentials the command presents, as client-go assembles them: --token, --client-certificate
   * and --client-key over those of the kubeconfig user (--user, else the context's).
   */
  private credentials(): { token?: string; certificate?: Buffer } {
    const g = this.opts.globals;
    const entry = this.config.users?.[this.userName] ?? {};
    const token = g.token ?? entryText(entry, 'token');
    const { certFile, certData } = clientCertificateOf(entry, g);
    if (!certFile && !certData) return { token };
    // The files were found readable, and a key given, as the session began (client-config.ts).
    const certificate = certFile ? readFileSync(certFile) : Buffer.from(certData!, 'base64');
    return { token, certificate };
  }

  /** Moves this cluster's clock forward by `ms` and lets everything that was due happen. */
  advance(ms: number): void {
    this.store.update((tx) => {
      const offset = ((tx.getMeta(CLOCK_OFFSET) as number | undefined) ?? 0) + ms;
      tx.setMeta(CLOCK_OFFSET, offset);
      const now = this.simulatedNow(tx);
      const clock = new SettableClock(now - ms);
      const api = new ApiServer(tx, this.registryFor(tx), clock, this.hooks);
      start(api, tx, this.clusterName);
      if (!isStatic(tx)) settle(api, clock, now);
    });
  }
}

/** A simulated cluster's store made before the bootstrap RBAC policy it should hold (see ensureBootstrapPolicy). */
function needsPolicy(snap: Snapshot): boolean {
  return snap.getMeta(POLICY_META) !== POLICY_VERSION;
}

/**
 * What the API server does as it starts, for a write: a new store is given its cluster, and a
 * simulated cluster the bootstrap RBAC policy it lacks (once per POLICY_VERSION: the post-start hook).
 */
function start(api: ApiServer, tx: Transaction, cluster: string): void {
  if (tx.revision === 0) bootstrap(api, cluster);
  if (isStatic(tx) || !needsPolicy(tx)) return;
  ensureBootstrapPolicy(api);
  tx.setMeta(POLICY_META, POLICY_VERSION);
}

function bootstrap(api: ApiServer, cluster: string): void {
  if (isStatic(api.store)) {
    for (const name of SYSTEM_NAMESPACES) api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    return;
  }
  const shape = (api.store.getMeta('cluster.shape') as typeof DEFAULT_SHAPE | undefined) ?? DEFAULT_SHAPE;
  bootstrapCluster(api, { name: cluster, ...shape });
}
