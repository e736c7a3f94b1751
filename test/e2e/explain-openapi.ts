/**
 * /openapi/v3 documents built from schemas/*.json, as `kubectl-lite serve` serves them
 * (src/serve/openapi.ts), so real kubectl renders explain from them.
 */
import { builtinRegistry } from '../../src/api/registry.js';
import { openapiV3Documents } from '../../src/serve/openapi.js';

/** path → document, for the oracle's `documents`. */
export function openapiDocuments(): Record<string, unknown> {
  return openapiV3Documents(builtinRegistry.types);
}
