/**
 * kustomize's name suffix for generated ConfigMaps and Secrets: the SHA-256 of the JSON (keys
 * sorted, as Go's encoding/json writes it) of kind, name, data (a ConfigMap's binaryData, a
 * Secret's type and stringData when present), its first 10 hex digits with 0 1 3 a e mapped to
 * g h k m t. kustomize looks the name up under a path its lookup never finds, so the name
 * hashed is always empty; an absent data is hashed as "".
 */
import { isMap, type JsonMap } from '../api/merge/index.js';
import { goJson } from '../printers/go-values.js';
import { sha256Hex } from '../util/digest.js';

export function hashSuffix(obj: JsonMap): string {
  const mapOr = (v: unknown) => (isMap(v) ? v : '');
  const encoded: Record<string, unknown> = { kind: obj.kind, name: '', data: mapOr(obj.data) };
  if (obj.kind === 'ConfigMap' && isMap(obj.binaryData)) encoded.binaryData = obj.binaryData;
  if (obj.kind === 'Secret') {
    encoded.type = typeof obj.type === 'string' ? obj.type : '';
    if (isMap(obj.stringData)) encoded.stringData = obj.stringData;
  }
  const swap: Record<string, string> = { '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' };
  return sha256Hex(goJson(encoded)).slice(0, 10).replace(/[013ae]/g, (c) => swap[c]!);
}
