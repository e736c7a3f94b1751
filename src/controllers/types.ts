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
  /**
   * Its timed work can wait until the end of a settle: the loop does not step the clock to its
   * wake-ups (only records them, so that a read after one settles first). For work whose
   * intermediate results nobody could observe (lease renewals), done once at the final moment.
   */
  lazy?: boolean;
}
