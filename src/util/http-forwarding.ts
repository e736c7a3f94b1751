/**
 * HTTP on a forwarded connection (port-forward, locally or through serve): each request read whole
 * and answered by `answer`; a request it cannot answer ends the connection, `failed` told why.
 * The connections come from a listening socket or are handed in (`server.emit('connection', duplex)`).
 */
import { createServer, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ForwardedRequest } from '../dataplane/port-forward.js';
import type { HttpResponse } from '../dataplane/types.js';
import { readBody } from './read-body.js';

export type ForwardOutcome = { response: HttpResponse } | { error: string };

export function forwardingServer(defaultHost: () => string, answer: (req: ForwardedRequest) => ForwardOutcome, failed: (error: string, socket: Duplex) => void): Server {
  return createServer((req, res) => {
    readBody(req).then(
      (body) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
        const outcome = answer({ method: req.method ?? 'GET', host: req.headers.host ?? defaultHost(), path: req.url ?? '/', headers, body: body.toString('utf8') });
        if ('error' in outcome) return failed(outcome.error, req.socket);
        const r = outcome.response;
        res.writeHead(r.status, r.reason, r.headers.flat());
        res.end(r.body);
      },
      () => req.socket.destroy(),
    );
  });
}
