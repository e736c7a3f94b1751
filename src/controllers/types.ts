import type { ApiServer } from '../api/server.js';

/**
 * A controller: one level-triggered pass that reads the whole current state through
 * `api` and writes what should change. It never looks at what woke it.
 */
export interface Controller {
  name: string;
  /**
   * Returns the earliest simulated time (epoch ms) at which it has timed work to do
   * (a container that starts in 5 s, a back-off that expires, a CronJob schedule), if any.
   */
  reconcile(api: ApiServer): number | void;
  /**
   * One run leaves it nothing more to do at that instant: its own writes never give it work (the
   * scheduler binds every pod it can, the kubelet brings each pod up to now), so they do not
   * make the loop run it again; writes by others still do.
   */
  selfSettling?: boolean;
}
