import { badRequest } from '../../errors.js';
import { apiVersionOf, type ResourceType } from '../registry.js';
import type { KubeObject } from '../types.js';
import { decode, schemaNameFor, stripNulls } from './decode.js';

/**
 * fieldValidation: Strict refuses unknown fields (ApiServer's validation does, with the server's
 * message); Warn (the default) and Ignore drop them, Warn saying so in a warning. Without `type`
 * (kubectl-lite's own client, before the type is known) the object's apiVersion and kind name it.
 */
export function pruneUnknownFields(obj: KubeObject, mode: string | null, warnings: string[], type?: ResourceType): void {
  const m = mode ?? 'Warn';
  if (!['Strict', 'Warn', 'Ignore'].includes(m)) {
    throw badRequest(`fieldValidation: Unsupported value: "${m}": supported values: "Ignore", "Strict", "Warn"`);
  }
  if (m === 'Strict' || type?.custom) return;
  const apiVersion = obj.apiVersion ?? (type ? apiVersionOf(type) : undefined);
  const kind = obj.kind ?? type?.kind;
  if (!apiVersion || !kind) return;
  const name = schemaNameFor(apiVersion, kind);
  if (name === 'Object') return;
  const decoded = decode(name, stripNulls(obj));
  for (const path of decoded.unknownFields) {
    let cur: any = obj;
    for (const seg of path.slice(0, -1)) cur = cur?.[seg];
    if (cur && typeof cur === 'object') delete cur[path[path.length - 1]!];
    if (m === 'Warn') warnings.push(`unknown field "${path.map((s) => (typeof s === 'number' ? `[${s}]` : s)).join('.').replace(/\.\[/g, '[')}"`);
  }
}
