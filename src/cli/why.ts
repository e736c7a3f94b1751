/** `kubectl-lite why TYPE/NAME`: why an object is as it is (src/insight/). kubectl has no equivalent. */
import { CliError } from '../errors.js';
import { renderExplanation } from '../insight/render.js';
import { explain, parseTarget } from '../insight/why.js';
import type { Context, VerbSpec } from './framework.js';

/** Width for drawing: the terminal's, else COLUMNS, else 80. */
export function textWidth(ctx: Context): number {
  const fromEnv = Number(ctx.env.COLUMNS);
  if (Number.isInteger(fromEnv) && fromEnv >= 40) return fromEnv;
  const cols = ctx.io.isTTY ? (ctx.io.stdout as { columns?: number } | undefined)?.columns : undefined;
  return cols && cols >= 40 ? cols : 80;
}

export function checkOutput(value: string | undefined, allowed: string[]): void {
  if (value === undefined || value === '' || allowed.includes(value)) return;
  throw new CliError(`unable to match a printer suitable for the output format "${value}", allowed formats are: ${allowed.join(',')}`);
}

export const verb: VerbSpec = {
  name: 'why',
  summary: 'Explain why an object is as it is: a Pending or unready pod, a Service without endpoints, a stuck rollout',
  usage: 'TYPE/NAME [-o json]',
  examples: `  # Which scheduling filter rejects the pod on each node, and the smallest change that would let it fit
  kubectl-lite why pod/big

  # Why a Service has fewer endpoints than pods
  kubectl-lite why svc/web -o json

  # Whether NetworkPolicies let the client's traffic reach the Service's pods, and which rule is missing
  kubectl-lite why pod/client --to svc/web`,
  flags: [
    { name: 'output', short: 'o', type: 'string', arg: 'format', description: 'Output format: json (default: text for people)' },
    { name: 'to', type: 'string', arg: 'pod/NAME|svc/NAME', description: 'For a pod: explain whether NetworkPolicies let its traffic reach this pod or Service' },
    { name: 'to-namespace', type: 'string', arg: 'namespace', description: "With --to: the target's namespace (default: the pod's)" },
    { name: 'port', type: 'int', arg: 'port', description: 'With --to: the port (default: the Service\'s first port, or the pod\'s first declared port)' },
  ],
  async run(ctx: Context, args, flags) {
    checkOutput(flags.output, ['json']);
    const { type, name } = parseTarget(args);
    const session = ctx.session();
    let answer;
    if (flags.to !== undefined) {
      const { explainTraffic, loadPolicyEngine, trafficTargets } = await import('../insight/traffic.js');
      const engine = await loadPolicyEngine();
      if (!engine) throw new CliError('explaining NetworkPolicy decisions needs the dataplane\'s policy engine (src/dataplane/policy.ts), which this build does not include');
      answer = session.read((api) => {
        const from = api.get(api.registry.resolve(type), session.namespace, name);
        if (from.kind !== 'Pod') throw new CliError('--to explains traffic from a pod: give pod/NAME');
        return explainTraffic(api, engine, from, flags.to, trafficTargets(api, flags.to, flags['to-namespace'] ?? session.namespace, flags.port));
      });
    } else answer = session.read((api) => explain(api, type, name, session.namespace));
    if (flags.output === 'json') ctx.io.out.write(JSON.stringify(answer, null, 2) + '\n');
    else ctx.io.out.write(renderExplanation(answer, { fancy: ctx.color, width: textWidth(ctx) }));
  },
};
