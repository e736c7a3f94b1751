import { acceptedFlags, unsupportedVerb } from './unsupported.js';

export const verb = unsupportedVerb('proxy', 'Run a proxy to the Kubernetes API server', 'there is no API server to proxy to (the cluster is a file)', acceptedFlags([['accept-hosts', 'string'], ['accept-paths', 'string'], ['api-prefix', 'string'], ['append-server-path', 'bool'], ['disable-filter', 'bool'], ['keepalive', 'string'], ['reject-methods', 'string'], ['reject-paths', 'string'], ['unix-socket', 'string', 'u'], ['www', 'string', 'w'], ['www-prefix', 'string', 'P']]));
