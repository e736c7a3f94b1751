/**
 * `kubectl-lite curl URL [curl flags]`: curl run on the host, as on kind's host machine: it
 * reaches node IPs (NodePorts), LoadBalancer IPs and Ingress addresses, not ClusterIPs or pod
 * IPs. The program is the userland's curl (src/userland/curl.ts); this verb only gives it the
 * host's origin, the cluster at this moment and the host's files for `-o`.
 */
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { buildWorld } from '../dataplane/world.js';
import { ExitError } from '../errors.js';
import { curl } from '../userland/curl.js';
import { FsError, type SimFs } from '../userland/types.js';
import type { Context, VerbSpec } from './framework.js';
import { mkdirAll } from '../util/mkdir-all.js';

const USAGE = `Send an HTTP request from the host to the simulated cluster, as curl on kind's host would.

 The host reaches nodes' InternalIPs (NodePort Services), LoadBalancer IPs and Ingress addresses; ClusterIPs and pod IPs are not routed from it.

Examples:
  # Through a NodePort on a worker node
  kubectl-lite curl http://172.18.0.3:30080/

  # Only the status code
  kubectl-lite curl -s -o /dev/null -w '%{http_code}\\n' http://172.18.0.3:30080/

Options:
  The curl options -s -S -v -I -i -o FILE -w FORMAT -H HEADER -X METHOD -d DATA -L -f -m/--max-time SECONDS --connect-timeout SECONDS.

Usage:
  kubectl-lite curl URL [curl options]
`;

/** The host's files, for `-o FILE` (relative to the working directory). */
function hostFs(cwd: string): SimFs {
  const no = (path: string): never => {
    throw new FsError('ENOENT', path);
  };
  return {
    stat: no,
    readFile: no,
    readDir: no,
    mkdir: (path) => mkdirAll(path),
    remove: no,
    writeFile(path, data) {
      mkdirAll(dirname(path));
      writeFileSync(path, data);
    },
    resolve: (path) => resolve(cwd, path),
  };
}

export const verb: VerbSpec = {
  name: 'curl',
  summary: 'Send an HTTP request from the host to a NodePort, LoadBalancer or Ingress address',
  usage: 'URL [curl options]',
  rawArgs: true,
  async run(ctx: Context, args: string[]) {
    if (args.includes('-h') || args.includes('--help')) {
      ctx.io.out.write(USAGE);
      return;
    }
    const session = ctx.session();
    const code = await session.read(async (api) => {
      const world = buildWorld(api.store, api.clock.now().getTime());
      let now = world.now;
      return curl({
        argv: ['curl', ...args],
        stdin: '',
        env: {},
        fs: hostFs(ctx.cwd),
        world,
        origin: { kind: 'host' },
        out: (t) => ctx.io.out.write(t),
        err: (t) => ctx.io.err.write(t),
        // Simulated time: a timeout is reported as it would be, without making the user wait.
        sleep: (ms) => (now += ms),
        tty: ctx.io.isTTY,
      });
    });
    if (code !== 0) throw new ExitError(code);
  },
};
