/** Resource quantities (`500m`, `2`, `128Mi`, `1G`, `1e3`) as plain numbers, for the scheduler's arithmetic. */

const SUFFIX: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** A cluster has few distinct quantities and reads them over and over (every pod's requests, every pass). */
const parsed = new Map<string, number>();
const PARSED_MAX = 10_000;

/** The value of a quantity (cpu `500m` → 0.5, memory `1Ki` → 1024); NaN when malformed. */
export function parseQuantity(q: string | number | undefined): number {
  if (q === undefined) return 0;
  if (typeof q === 'number') return q;
  let n = parsed.get(q);
  if (n === undefined) {
    n = parseQuantityText(q);
    if (parsed.size < PARSED_MAX) parsed.set(q, n);
  }
  return n;
}

function parseQuantityText(q: string): number {
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/.exec(q.trim());
  if (!m) return NaN;
  const base = Number(m[1]);
  if (m[2]) return base * 10 ** Number(m[2].slice(1));
  return base * SUFFIX[m[3] ?? '']!;
}

/** A resource list (`{cpu: "2", memory: "1Gi"}`) as numbers. */
export function parseResources(list: Record<string, string | number> | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(list ?? {})) {
    const n = parseQuantity(v);
    if (!Number.isNaN(n)) out[k] = n;
  }
  return out;
}
