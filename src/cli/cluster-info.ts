import { builtinRegistry } from '../api/registry.js';
import { clusterDir } from '../config.js';
import { dump } from './cluster-info-dump.js';
import type { Context, VerbSpec } from './framework.js';

/** The address kubectl-lite gives a simulated cluster (also shown by `config view`). */
export function serverAddress(ctx: Context): string {
  const s = ctx.session();
  return `file://${clusterDir(s.home, s.clusterName)}`;
}

export const verb: VerbSpec = {
  name: 'cluster-info',
  summary: 'Display cluster information',
  subcommands: [dump],
  run(ctx) {
    const server = serverAddress(ctx);
    const svcType = builtinRegistry.resolve('services');
    const session = ctx.session();
    // The cluster's services in the namespace -n names (not the context's), else kube-system.
    const namespace = (session.namespaceExplicit && ctx.globals.namespace) || 'kube-system';
    const hint = "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n";
    let services;
    try {
      services = session.read((api) => api.list(svcType, namespace));
    } catch (e) {
      // kubectl prints its hint whatever its listing gave.
      ctx.io.out.write(hint);
      throw e;
    }
    const paint = ctx.color ? colours() : { green: (s: string) => s, yellow: (s: string) => s };
    const lines = [`${paint.green('Kubernetes control plane')} is running at ${paint.yellow(server)}`];
    for (const svc of services) {
      if (svc.metadata.labels?.['kubernetes.io/cluster-service'] !== 'true') continue;
      const name = svc.metadata.labels?.['kubernetes.io/name'] ?? svc.metadata.name!;
      const port = svc.spec?.ports?.[0];
      const portPart = port?.name ? `:${port.name}` : '';
      const link = `${server}/api/v1/namespaces/${svc.metadata.namespace}/services/${svc.metadata.name}${portPart}/proxy`;
      lines.push(`${paint.green(name)} is running at ${paint.yellow(link)}`);
    }
    ctx.io.out.write(`${lines.join('\n')}\n${hint}`);
  },
};

function colours() {
  // kubectl prints these two in green and yellow on a terminal.
  return {
    green: (s: string) => `\u001b[0;32m${s}\u001b[0m`,
    yellow: (s: string) => `\u001b[0;33m${s}\u001b[0m`,
  };
}
