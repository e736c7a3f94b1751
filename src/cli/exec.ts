import { unsupportedVerb } from './unsupported.js';

export const verb = unsupportedVerb('exec', 'Execute a command in a container', 'simulated containers run no processes');
