/**
 * --overrides (run, expose): the JSON applied to the object kubectl generated, as a JSON merge
 * patch (the default), a JSON patch or a strategic merge patch for the object's kind.
 */
import type { JsonMap } from '../api/merge/index.js';
import type { KubeObject } from '../api/types.js';
import { CliError } from '../errors.js';

export async function withOverrides(obj: KubeObject, overrides: string, type: string, verb: 'run' | 'expose' = 'run'): Promise<KubeObject> {
  if (!['json', 'merge', 'strategic'].includes(type)) {
    // run checks the flag itself; expose leaves it to the override code, with its own words.
    throw new CliError(verb === 'run' ? `--override-type must be one of (json, merge, strategic), got: ${type}` : `invalid override type: ${type}`);
  }
  let patch: unknown;
  try {
    patch = JSON.parse(overrides);
  } catch {
    throw new CliError('Invalid JSON Patch');
  }
  const merge = await import('../api/merge/index.js');
  let out: KubeObject;
  if (type === 'json') {
    out = merge.applyJsonPatch(obj as unknown as JsonMap, patch) as unknown as KubeObject;
  } else {
    if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
      // A merge patch that is not an object replaces the whole object, which then fails to decode.
      const what = Array.isArray(patch) ? 'array' : typeof patch === 'boolean' ? 'bool' : typeof patch;
      throw new CliError(
        `couldn't get version/kind; json parse error: json: cannot unmarshal ${what} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`,
      );
    }
    out =
      type === 'merge'
        ? (merge.applyMergePatch(obj as unknown as JsonMap, patch as JsonMap) as unknown as KubeObject)
        : (merge.applyStrategicPatch(obj as unknown as JsonMap, patch as JsonMap, merge.strategyForKind(obj.kind)) as unknown as KubeObject);
  }
  return out;
}
