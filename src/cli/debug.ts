import { CliError } from '../errors.js';
import { acceptedFlags, unsupportedVerb } from './unsupported.js';
import { resolvePod } from './workload-pods.js';

export const verb = unsupportedVerb('debug', 'Create debugging sessions for troubleshooting workloads and nodes', 'simulated pods and nodes run no processes to debug', acceptedFlags([['arguments-only', 'bool'], ['attach', 'bool'], ['copy-to', 'string'], ['custom', 'string'], ['env', 'strings'], ['filename', 'strings', 'f'], ['image-pull-policy', 'string'], ['keep-annotations', 'bool'], ['keep-init-containers', 'bool'], ['keep-labels', 'bool'], ['keep-liveness', 'bool'], ['keep-readiness', 'bool'], ['keep-startup', 'bool'], ['profile', 'string'], ['quiet', 'bool', 'q'], ['replace', 'bool'], ['same-node', 'bool'], ['set-image', 'strings'], ['share-processes', 'bool'], ['target', 'string']]), (ctx, args, flags) => {
  if (!flags.image && !flags['copy-to']) throw new CliError('you must specify --image when not using --copy-to.');
  if (args.length === 0 && !(flags.filename as string[] | undefined)?.length) throw new CliError('NAME or filename is required for debug');
  if (!flags.profile || flags.profile === 'legacy') {
    ctx.io.err.write('--profile=legacy is deprecated and will be removed in the future. It is recommended to explicitly specify a profile, for example "--profile=general".\n');
  }
  if (args.length === 0) return;
  // kubectl finds what it debugs first (a pod by name, or TYPE/NAME): a missing one is NotFound.
  const session = ctx.session();
  session.read((api) => {
    const slash = args[0]!.indexOf('/');
    if (slash < 0) return resolvePod(api, session.namespace, args[0]!);
    const type = api.registry.resolve(args[0]!.slice(0, slash));
    return api.get(type, type.namespaced ? session.namespace : undefined, args[0]!.slice(slash + 1));
  });
});
