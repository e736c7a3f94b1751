import { acceptedFlags, unsupportedVerb } from './unsupported.js';

export const verb = unsupportedVerb('port-forward', 'Forward one or more local ports to a pod', 'simulated pods run no processes and listen on no ports', acceptedFlags([['pod-running-timeout', 'string']]));
