/**
 * Resolves when `signal` aborts (at once if it already has). Without a signal: at once, or never
 * (`without: 'never'`, for a server that runs until it is stopped from outside).
 */
export function untilAborted(signal: AbortSignal | undefined, without: 'now' | 'never' = 'now'): Promise<void> {
  return new Promise((resolve) => {
    if (!signal) return without === 'now' ? resolve() : undefined;
    if (signal.aborted) return resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
