/**
 * What the dashboard page shows, computed from the store (src/insight/graph.ts clusterView), and
 * the traffic of live `load` runs read from their side files (clusters/<name>/traffic/<pid>.json).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiServer } from '../api/server.js';
import { clusterView, type ClusterView } from '../insight/graph.js';
import { stoppedNodes } from '../sim/node-state.js';

export interface TrafficRun {
  pid: number;
  target: string;
  /** Requests per second over the last second, per pod (`pod/<ns>/<name>`). */
  pods: Array<{ pod: string; rate: number; served: number }>;
  sent: number;
  failed: number;
}

export interface DashboardState {
  cluster: string;
  /** Simulated time of the snapshot (epoch ms). */
  now: number;
  view: ClusterView & { stoppedNodes: string[]; deployments: Array<{ namespace: string; name: string; replicas: number; ready: number }> };
  traffic: TrafficRun[];
}

export function computeState(api: ApiServer, cluster: string, trafficDir: string, realNow: number): DashboardState {
  const view = clusterView(api);
  const deployments = api.list(api.registry.forKind('apps/v1', 'Deployment')!).map((d) => ({
    namespace: d.metadata.namespace!,
    name: d.metadata.name!,
    replicas: d.spec?.replicas ?? 1,
    ready: d.status?.readyReplicas ?? 0,
  }));
  return {
    cluster,
    now: api.clock.now().getTime(),
    view: { ...view, stoppedNodes: [...stoppedNodes(api.store).keys()], deployments },
    traffic: readTraffic(trafficDir, realNow),
  };
}

/** A run whose side file has not changed for this long, or whose process is gone, is over. */
const STALE_MS = 5000;

/** The live runs' traffic; a missing directory, a half-written or foreign file is skipped. */
export function readTraffic(dir: string, realNow: number): TrafficRun[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /^\d+\.json$/.test(n));
  } catch {
    return [];
  }
  const runs: TrafficRun[] = [];
  for (const name of names) {
    const path = join(dir, name);
    try {
      if (realNow - statSync(path).mtimeMs > STALE_MS) continue;
      const doc = JSON.parse(readFileSync(path, 'utf8'));
      const pid = Number(doc.pid ?? name.slice(0, -5));
      if (!alive(pid)) continue;
      const pods = Array.isArray(doc.pods) ? doc.pods : [];
      runs.push({
        pid,
        target: String(doc.target ?? ''),
        sent: Number(doc.sent ?? 0),
        failed: Number(doc.failed ?? 0),
        pods: pods
          .filter((p: any) => p && typeof p.name === 'string')
          .map((p: any) => ({ pod: `pod/${p.namespace ?? 'default'}/${p.name}`, rate: Number(p.lastSecond ?? 0), served: Number(p.served ?? 0) })),
      });
    } catch {
      // Being written or not ours: the next poll reads it again.
    }
  }
  return runs;
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
