import { CliError } from '../errors.js';
import { acceptedFlags, unsupportedVerb } from './unsupported.js';

export const verb = unsupportedVerb('debug', 'Create debugging sessions for troubleshooting workloads and nodes', 'simulated pods and nodes run no processes to debug', acceptedFlags([['arguments-only', 'bool'], ['attach', 'bool'], ['copy-to', 'string'], ['custom', 'string'], ['env', 'strings'], ['filename', 'strings', 'f'], ['image-pull-policy', 'string'], ['keep-annotations', 'bool'], ['keep-init-containers', 'bool'], ['keep-labels', 'bool'], ['keep-liveness', 'bool'], ['keep-readiness', 'bool'], ['keep-startup', 'bool'], ['profile', 'string'], ['quiet', 'bool', 'q'], ['replace', 'bool'], ['same-node', 'bool'], ['set-image', 'strings'], ['share-processes', 'bool'], ['target', 'string']]), (_ctx, args, flags) => {
  if (!flags.image && !flags['copy-to']) throw new CliError('you must specify --image when not using --copy-to.');
  if (args.length === 0 && !(flags.filename as string[] | undefined)?.length) throw new CliError('NAME or filename is required for debug');
});
