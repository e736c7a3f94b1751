/**
 * `kubectl-lite serve`: the current cluster as a Kubernetes API endpoint for real clients (kubectl,
 * client libraries, Helm). Thin: flags, then src/serve/ (loaded only by this verb).
 */
import { join } from 'node:path';
import { CliError } from '../errors.js';
import { untilAborted } from '../util/abort.js';
import type { Context, VerbSpec } from './framework.js';
import { Session } from './session.js';

/** A session of its own over the cluster's files, for a server: its reads reuse a snapshot until the next commit. */
export async function servingSession(ctx: Context): Promise<Session> {
  const base = ctx.session();
  const { CachedStore } = await import('../serve/cached-store.js');
  const { FileStore } = await import('../store/file-store.js');
  return new Session({ env: ctx.env, globals: ctx.globals, realNow: ctx.realNow, store: new CachedStore(new FileStore(base.storeDir)) });
}

export const verb: VerbSpec = {
  name: 'serve',
  summary: 'Serve the current cluster as a Kubernetes API endpoint (HTTPS) and write a kubeconfig for it',
  usage: '[--port N] [--address IP] [--insecure-http] [flags]',
  examples: `  # Serve the current cluster on https://127.0.0.1:6443 and point the real kubectl at it
  kubectl-lite serve &
  export KUBECONFIG=$KUBECTL_LITE_HOME/kubeconfig
  kubectl get pods -A

  # Any free port, plain HTTP
  kubectl-lite serve --port 0 --insecure-http`,
  flags: [
    { name: 'port', type: 'int', default: 6443, description: 'The port to listen on (0: any free port).' },
    { name: 'address', type: 'string', default: '127.0.0.1', description: 'The IP address to listen on.' },
    { name: 'insecure-http', type: 'bool', description: 'Serve plain HTTP without authentication instead of HTTPS with client certificates or a token.' },
  ],
  async run(ctx, args, flags) {
    if (args.length > 0) throw new CliError(`unknown command "${args[0]}" for "${ctx.programName} serve"`);
    const port = flags.port as number;
    if (port < 0 || port > 65535) throw new CliError(`invalid port ${port}: must be between 0 and 65535`);
    // Taken first: Ctrl-C is handled from here on, so a signal sent once "Serving" is printed stops it cleanly.
    const signal = ctx.signal;
    const { startServing } = await import('../serve/server.js');
    const session = await servingSession(ctx);
    const kubeconfig = join(session.home, 'kubeconfig');
    let serving;
    try {
      serving = await startServing({
        session,
        port,
        address: String(flags.address),
        insecure: flags['insecure-http'] === true,
        kubeconfig,
        realNow: ctx.realNow,
        pinned: Boolean(ctx.env.KUBECTL_LITE_NOW),
      });
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.code === 'EADDRINUSE' || err.code === 'EADDRNOTAVAIL' || err.code === 'EACCES') {
        throw new CliError(`failed to listen on ${flags.address}:${port}: ${err.code === 'EADDRINUSE' ? 'address already in use' : err.message}`);
      }
      throw e;
    }
    ctx.io.out.write(`Serving cluster "${session.clusterName}" at ${serving.url}\nKubeconfig written to ${kubeconfig} (export KUBECONFIG=${kubeconfig})\n`);
    ctx.stopsCleanly?.();
    await untilAborted(signal, 'never');
    await serving.close();
  },
};
