import { RawError } from '../errors.js';
import { acceptedFlags, unsupportedVerb } from './unsupported.js';
import { resolvePod } from './workload-pods.js';

export const verb = unsupportedVerb(
  'port-forward',
  'Forward one or more local ports to a pod',
  'simulated pods run no processes and listen on no ports',
  acceptedFlags([['pod-running-timeout', 'string']]),
  (ctx, args) => {
    if (args.length < 2) {
      throw new RawError(`error: TYPE/NAME and list of ports are required for port-forward\nSee '${ctx.programName} port-forward -h' for help and examples`);
    }
    // kubectl finds the pod first: a missing one, or an object that selects none, is that error.
    const session = ctx.session();
    session.read((api) => resolvePod(api, session.namespace, args[0]!));
  },
);
