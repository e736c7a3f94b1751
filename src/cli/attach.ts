import { CliError } from '../errors.js';
import { acceptedFlags, unsupportedVerb } from './unsupported.js';
import { resolvePod } from './workload-pods.js';

export const verb = unsupportedVerb('attach', 'Attach to a running container', 'simulated containers run no processes to attach to', acceptedFlags([['pod-running-timeout', 'string'], ['quiet', 'bool', 'q']]), (ctx, args) => {
  if (args.length === 0) throw new CliError('at least 1 argument is required for attach');
  if (args.length > 2) throw new CliError(`expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) saw ${args.length}: [${args.join(' ')}]`);
  // kubectl finds the pod first: a missing one, or an object that selects none, is that error.
  const session = ctx.session();
  session.read((api) => resolvePod(api, session.namespace, args.length === 2 ? `${args[0]}/${args[1]}` : args[0]!));
});
