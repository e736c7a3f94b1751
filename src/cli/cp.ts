import { acceptedFlags, unsupportedVerb } from './unsupported.js';

export const verb = unsupportedVerb('cp', 'Copy files and directories to and from containers', 'simulated containers have no filesystem', acceptedFlags([['no-preserve', 'bool'], ['retries', 'int']]));
