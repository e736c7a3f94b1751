/**
 * Where the network programs (curl, wget, nc, ping, nslookup, dig, getent) join the
 * userland; loaded only by exec and run -i.
 */
import type { Program } from './types.js';

export interface NetParts {
  programs: Record<string, Program>;
}

export async function loadNet(): Promise<NetParts> {
  const { NET_PROGRAMS } = await import('./net-tools.js');
  return { programs: NET_PROGRAMS };
}
