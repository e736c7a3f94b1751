/**
 * The API server's health endpoints, /healthz, /livez and /readyz, as the apiserver's healthz
 * package answers them: each runs its checks in order; `ok` when all pass, each check's line and
 * `<endpoint> check passed` with `?verbose`, a 500 naming the failed ones (their reason withheld,
 * as the endpoints are public) when any fails; `?exclude=NAME` skips a check, and names that match
 * none are warned of; `/livez/NAME` runs one. The checks are those kubectl-lite's server really
 * has: ping and log always pass, etcd (and readyz's etcd-readiness) read the store, and readyz's
 * shutdown fails once `serve` has begun to stop. A real API server has more (its post-start hooks).
 */
import { goQuote } from '../printers/go-values.js';
import type { Reply } from './api.js';

export type HealthEndpoint = 'healthz' | 'livez' | 'readyz';

/** A named check: throws when it fails. */
export interface HealthCheck {
  name: string;
  check(): void;
}

/** What the checks look at: the store read once, and whether the server is stopping. */
export interface HealthProbe {
  readStore(): void;
  stopping(): boolean;
}

export function healthChecks(endpoint: HealthEndpoint, probe: HealthProbe): HealthCheck[] {
  const checks: HealthCheck[] = [
    { name: 'ping', check: () => {} },
    { name: 'log', check: () => {} },
    { name: 'etcd', check: () => probe.readStore() },
  ];
  if (endpoint !== 'readyz') return checks;
  return [
    ...checks,
    { name: 'etcd-readiness', check: () => probe.readStore() },
    {
      name: 'shutdown',
      check: () => {
        if (probe.stopping()) throw new Error('process is shutting down');
      },
    },
  ];
}

const TEXT = { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' };

/** The paths health answers (as the root listing names them). */
export function healthPaths(probe: HealthProbe): string[] {
  return (['healthz', 'livez', 'readyz'] as const).flatMap((e) => [`/${e}`, ...healthChecks(e, probe).map((c) => `/${e}/${c.name}`)]);
}

/** The reply to `path` (as requested, trailing slash and all), or undefined when it is not a health path. */
export function healthReply(path: string, query: URLSearchParams, probe: HealthProbe): Reply | undefined {
  const m = /^\/(healthz|livez|readyz)(?:\/(.*))?$/.exec(path);
  if (!m) return undefined;
  const endpoint = m[1] as HealthEndpoint;
  const checks = healthChecks(endpoint, probe);
  if (m[2] !== undefined) {
    const one = checks.find((c) => c.name === m[2]);
    if (!one) return undefined;
    const failure = failureOf(one);
    if (failure) return { code: 500, body: `internal server error: ${failure}\n`, headers: TEXT };
    return { code: 200, body: 'ok', headers: TEXT };
  }
  const excluded = new Set(query.getAll('exclude'));
  let lines = '';
  const failed: string[] = [];
  for (const c of checks) {
    if (excluded.delete(c.name)) {
      lines += `[+]${c.name} excluded: ok\n`;
      continue;
    }
    if (failureOf(c) === undefined) lines += `[+]${c.name} ok\n`;
    else {
      lines += `[-]${c.name} failed: reason withheld\n`;
      failed.push(c.name);
    }
  }
  if (excluded.size > 0) {
    const names = [...excluded].sort().map(goQuote);
    lines += `warn: some health checks cannot be excluded: no matches for ${names.join(',')}\n`;
  }
  // Always verbose when a check fails (Go's http.Error adds the newline).
  if (failed.length > 0) return { code: 500, body: `${lines}${endpoint} check failed\n`, headers: TEXT };
  if (!query.has('verbose')) return { code: 200, body: 'ok', headers: TEXT };
  return { code: 200, body: `${lines}${endpoint} check passed\n`, headers: TEXT };
}

function failureOf(c: HealthCheck): string | undefined {
  try {
    c.check();
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
