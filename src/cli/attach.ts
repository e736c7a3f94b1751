import { acceptedFlags, unsupportedVerb } from './unsupported.js';

export const verb = unsupportedVerb('attach', 'Attach to a running container', 'simulated containers run no processes to attach to', acceptedFlags([['pod-running-timeout', 'string'], ['quiet', 'bool', 'q']]));
