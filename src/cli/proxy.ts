import { unsupportedVerb } from './unsupported.js';

export const verb = unsupportedVerb('proxy', 'Run a proxy to the Kubernetes API server', 'there is no API server to proxy to (the cluster is a file)');
