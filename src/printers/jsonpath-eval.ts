/**
 * JSONPath evaluation for `wait --for=jsonpath`: the values of the expression's first result,
 * with kubectl's relaxed syntax (`.status.phase`, `{.status.phase}`) and missing keys allowed.
 */
import { JsonPath, JsonPathError, plainValue } from './jsonpath.js';
import { relaxedJsonPath } from './sort.js';

export function evaluateJsonPath(obj: unknown, template: string): unknown[] {
  let expr = template;
  try {
    expr = relaxedJsonPath(template);
  } catch {
    // Not a single path: evaluate the template as given.
  }
  try {
    const groups = new JsonPath(expr, true).findResults(obj);
    return (groups[0] ?? []).map(plainValue);
  } catch (e) {
    if (e instanceof JsonPathError) return [];
    throw e;
  }
}
