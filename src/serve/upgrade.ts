/** What a request asking to switch protocols says: the protocol it upgrades to, and its offered sub-protocols. */
import type { IncomingMessage } from 'node:http';

/** The protocol named by the Upgrade header, lowercased ('' for none). */
export function upgradeTo(req: IncomingMessage): string {
  return String(req.headers.upgrade ?? '').toLowerCase();
}

/** A header's comma-separated values (a header sent more than once arrives joined by ', '). */
export function headerValues(req: IncomingMessage, name: string): string[] {
  return String(req.headers[name] ?? '')
    .split(',')
    .map((p) => p.trim());
}
