import { CliError } from '../errors.js';
import { acceptedFlags, unsupportedVerb } from './unsupported.js';

export const verb = unsupportedVerb('cp', 'Copy files and directories to and from containers', 'simulated containers have no filesystem', acceptedFlags([['no-preserve', 'bool'], ['retries', 'int']]), (_ctx, args) => {
  if (args.length !== 2) throw new CliError('source and destination are required');
});
