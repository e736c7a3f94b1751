import type { ResourceType } from '../registry.js';
import type { KubeObject } from '../types.js';

/**
 * Validates an object as the API server would on create/update, throwing ApiError
 * (BadRequest for strict decoding errors, Invalid for field errors).
 * Placeholder until the schema-based validation lands.
 */
export function validateObject(_obj: KubeObject, _type: ResourceType, _old?: KubeObject): void {}
