import { unsupportedVerb } from './unsupported.js';

export const verb = unsupportedVerb('debug', 'Create debugging sessions for troubleshooting workloads and nodes', 'simulated pods and nodes run no processes to debug');
