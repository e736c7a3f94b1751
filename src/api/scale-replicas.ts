/**
 * The API server decodes a scale subresource's body into an autoscaling/v1 Scale, whose
 * spec.replicas is an int32: what does not fit fails decoding (400) before any validation.
 */
import { badRequest } from '../errors.js';

const INT32_MAX = 2147483647;
const INT32_MIN = -2147483648;

/** Throws the decoding error of encoding/json for a spec.replicas that is no int32 (absent or null is zero). */
export function checkScaleReplicasDecode(replicas: unknown): void {
  let what: string | undefined;
  if (typeof replicas === 'number' && (!Number.isInteger(replicas) || replicas > INT32_MAX || replicas < INT32_MIN)) what = `number ${replicas}`;
  else if (replicas !== undefined && replicas !== null && typeof replicas !== 'number') what = Array.isArray(replicas) ? 'array' : typeof replicas === 'object' ? 'object' : typeof replicas === 'boolean' ? 'bool' : typeof replicas;
  if (what !== undefined) {
    throw badRequest(`Scale in version "v1" cannot be handled as a Scale: json: cannot unmarshal ${what} into Go struct field ScaleSpec.spec.replicas of type int32`);
  }
}

/** A Scale's spec: replicas is an int32 with omitempty, so 0 is left out, as the API server writes it. */
export function scaleSpec(replicas: unknown): { replicas?: unknown } {
  return replicas === undefined || replicas === null || replicas === 0 ? {} : { replicas };
}
