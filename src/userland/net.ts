/**
 * Where the network programs (curl, wget, nc, ping, nslookup, dig, getent) and the
 * dataplane's /etc/resolv.conf join the userland. They are built on the `net` branch
 * (src/userland/net-tools.ts, src/dataplane/dns.ts); until that is merged, the table has no
 * network programs and /etc/resolv.conf is the kubelet's default (volumes.ts).
 */
import type { KubeObject } from '../api/types.js';
import type { World } from '../dataplane/types.js';
import type { Program } from './types.js';

export interface NetParts {
  programs: Record<string, Program>;
  resolvConf?: (world: World, pod: KubeObject) => string;
}

export async function loadNet(): Promise<NetParts> {
  return { programs: {} };
}
