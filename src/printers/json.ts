/** `kubectl -o json`: Go's json.MarshalIndent with 4 spaces, keys sorted, plus a newline. */
import { goJsonIndent } from './go-values.js';

export function toJson(obj: unknown): string {
  return goJsonIndent(obj) + '\n';
}
