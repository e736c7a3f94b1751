/**
 * Runs verbs in-process against a controller-settled in-memory cluster. Until the
 * reconcile loop runs controllers inside commands, the test settles the cluster between
 * commands itself (as the loop will).
 */
import { splitArgs, tempHome, type Result } from '../helpers/cli.js';
import { run } from '../../src/main.js';
import { CONTROLLERS } from '../../src/controllers/index.js';
import { bootstrapCluster, DEFAULT_SHAPE } from '../../src/sim/bootstrap.js';
import { Cluster, T0 } from '../unit/workload-harness.js';

export class VerbCluster extends Cluster {
  private readonly home = tempHome();

  constructor(kubelet: 'ready' | 'complete' = 'ready') {
    // Bootstrapped as a real session's cluster is (namespaces, and nodes once the simulation adds them).
    super(CONTROLLERS, kubelet, (api) => bootstrapCluster(api, { name: 'kubectl-lite', ...DEFAULT_SHAPE }));
    // Once the simulation's own kubelet is among the controllers, the stand-in steps aside.
    if (CONTROLLERS.some((c) => c.name === 'kubelet')) this.kubelet = 'none';
  }

  /** Objects in the test's namespace (the bootstrap adds system workloads elsewhere). */
  override list(apiVersion: string, kind: string, ns = 'default') {
    return super.list(apiVersion, kind, ns);
  }

  async kubectl(line: string): Promise<Result> {
    let stdout = '';
    let stderr = '';
    const code = await run(splitArgs(line), {
      io: {
        out: { write: (s) => void (stdout += s) },
        err: { write: (s) => void (stderr += s) },
        isTTY: false,
        readStdin: async () => Buffer.alloc(0),
      },
      env: { HOME: this.home.home, KUBECTL_LITE_HOME: this.home.home, NO_COLOR: '1', TZ: 'UTC' },
      realNow: () => this.clock.millis,
      cwd: process.cwd(),
      store: this.store,
      sleep: async (ms) => {
        this.clock.set(this.clock.millis + ms);
        this.settle();
      },
    });
    this.settle();
    return { stdout, stderr, code };
  }

  dispose(): void {
    this.home.dispose();
  }
}

export { T0 };
