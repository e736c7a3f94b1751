import type { ApiServer } from '../api/server.js';
import type { Change } from '../store/types.js';

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
  /**
   * Work-queue form (both or neither). `keysFor` maps one put or delete of a collection the controller
   * read to the keys it must reconcile (`[]`: none; undefined: it cannot tell, so the loop runs
   * `reconcile` over the whole cluster); the object as it is now is `api.store.get(change.collection,
   * change.key)`, as it was before that write `change.old`. `reconcileKey` is level-triggered: it
   * computes from the whole current state of that one key, exactly what `reconcile` does for it, and
   * returns its timed work as `reconcile` does. `run` is one map per run of the queue, for what a
   * whole-cluster pass computes once at its start (a node's used addresses). The loop keeps `reconcile` as the safety net: it is
   * run whenever the changes since the controller's last run are not known (no run record, another
   * build, a commit in between) or its timed work is due.
   */
  keysFor?(change: Change, api: ApiServer): string[] | undefined;
  /**
   * keysFor reads of a change nothing but its key, `change.old` and the object as it is now, and
   * what it maps an object to is all the controller's result depends on: the keys of the state
   * before the first change since the last run and of the state now are all the keys a
   * level-triggered run needs. An object changed many times since (created, bound, started) is then
   * mapped once, from its first change. Not for a controller that must see each state an object
   * went through (the garbage collector: a uid that lived between two runs owned objects).
   */
  firstChangeOnly?: boolean;
  reconcileKey?(api: ApiServer, key: string, run: Map<string, unknown>): number | void;
  /**
   * Every key a whole-cluster `reconcile` covers, in byte order, listed without parsing the objects
   * where the store can (see collectionKeys). With it, the loop runs a whole-cluster pass as a keyed
   * run over all of them (a resync): `reconcileKey` over every key gives what `reconcile` gives, the
   * cluster is read one key at a time instead of listed whole, and the settle budget can cut the run
   * between keys (the rest is left pending for the next command).
   */
  allKeys?(api: ApiServer): string[];
}
