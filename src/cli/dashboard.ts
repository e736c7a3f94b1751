/**
 * `kubectl-lite dashboard [--port N] [--address A]`: serves a live page of the cluster
 * (src/dashboard/) until Ctrl-C or SIGTERM. Only this verb loads the server code.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from '../errors.js';
import type { Context, VerbSpec } from './framework.js';

export const verb: VerbSpec = {
  name: 'dashboard',
  summary: 'Serve a live page of the cluster on 127.0.0.1',
  usage: '[--port N] [--address 127.0.0.1] [--open=false]',
  examples: `  # A free port on 127.0.0.1; the URL is printed (and opened in a browser on a desktop)
  kubectl-lite dashboard

  # A fixed port, no browser
  kubectl-lite dashboard --port 8001 --open=false`,
  flags: [
    { name: 'port', type: 'int', arg: 'port', default: 0, description: 'The port to listen on; 0 picks a free one' },
    { name: 'address', type: 'string', arg: 'address', default: '127.0.0.1', description: 'The address to listen on' },
    { name: 'open', type: 'bool', default: true, description: 'Open the page in a browser when stdout is a terminal and one is available' },
  ],
  async run(ctx: Context, args, flags) {
    if (args.length) throw new CliError(`unknown command "${args[0]}" for "${ctx.programName} dashboard"`);
    const port = flags.port as number;
    if (port < 0 || port > 65535) throw new CliError(`invalid port ${port}: it must be between 0 and 65535`);
    const session = ctx.session();
    session.read(() => undefined); // the cluster exists (a new home is bootstrapped) before anyone looks
    const { Dashboard } = await import('../dashboard/server.js');
    const { run } = await import('../main.js');
    ctx.stopsCleanly?.();
    const dashboard = new Dashboard({
      session,
      host: flags.address,
      port,
      realNow: ctx.realNow,
      signal: ctx.signal,
      async runCommand(argv) {
        let stdout = '';
        let stderr = '';
        const io = { out: { write: (s: string) => void (stdout += s) }, err: { write: (s: string) => void (stderr += s) }, isTTY: false, readStdin: async () => Buffer.alloc(0) };
        const code = await run(argv, { io, env: { ...ctx.env, NO_COLOR: '1' }, cwd: ctx.cwd, programName: ctx.programName, realNow: ctx.realNow });
        return { code, stdout, stderr };
      },
    });
    let url: string;
    try {
      url = await dashboard.start();
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'EADDRINUSE') throw new CliError(`listen tcp ${flags.address}:${port}: bind: address already in use`);
      if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND') throw new CliError(`listen tcp ${flags.address}:${port}: bind: cannot assign requested address`);
      throw err;
    }
    ctx.io.out.write(`Serving the dashboard of cluster ${session.clusterName} at ${url}\nPress Ctrl-C to stop.\n`);
    if (flags.open && ctx.io.isTTY && !ctx.env.CI) openBrowser(url, ctx.env);
    await dashboard.stopped();
  },
};

/** Opens the URL with the desktop's opener, where there is one; never fails the command. */
function openBrowser(url: string, env: NodeJS.ProcessEnv): void {
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? undefined : 'xdg-open';
  if (!opener) return;
  if (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return;
  const found = (env.PATH ?? '').split(':').some((d) => d && existsSync(join(d, opener)));
  if (!found) return;
  try {
    spawn(opener, [url], { detached: true, stdio: 'ignore' }).on('error', () => undefined).unref();
  } catch {
    // No browser: the URL is printed.
  }
}
