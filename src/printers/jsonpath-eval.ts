/**
 * JSONPath evaluation for `wait --for=jsonpath`. Placeholder until the JSONPath printer lands:
 * supports plain field paths such as `{.status.phase}` and `{.status.conditions[0].type}`.
 */
export function evaluateJsonPath(obj: unknown, template: string): unknown[] {
  const path = template.replace(/^\{|\}$/g, '').replace(/^\./, '');
  let cur: unknown = obj;
  for (const part of path.split('.').filter(Boolean)) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) return [];
    if (m[1]) cur = (cur as Record<string, unknown> | undefined)?.[m[1]];
    for (const idx of m[2]!.match(/\d+/g) ?? []) cur = (cur as unknown[] | undefined)?.[Number(idx)];
    if (cur === undefined) return [];
  }
  return cur === undefined ? [] : [cur];
}
