/** metav1's LabelSelector, as kubectl's verbs build it from a selector's text. */
import { parseSelector, SelectorParseError } from '../api/labels.js';
import { CliError } from '../errors.js';
import { setKey } from '../util/own.js';

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

/** metav1.ParseToLabelSelector: equality terms become matchLabels, the rest matchExpressions. */
export function labelSelector(text: string): LabelSelector {
  let reqs;
  try {
    reqs = parseSelector(text);
  } catch (e) {
    if (e instanceof SelectorParseError) throw new CliError(`couldn't parse the selector string "${text}": ${e.message}`);
    throw e;
  }
  const matchLabels: Record<string, string> = {};
  const matchExpressions: LabelSelectorRequirement[] = [];
  // labels.Parse sorts the requirements by key.
  for (const r of [...reqs].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    switch (r.operator) {
      case '=':
      case '==':
        // setKey: a label key may be any text (`__proto__` too).
        setKey(matchLabels, r.key, r.values[0] ?? '');
        break;
      case 'notin':
        matchExpressions.push({ key: r.key, operator: 'NotIn', values: r.values });
        break;
      case 'in':
        matchExpressions.push({ key: r.key, operator: 'In', values: r.values });
        break;
      case 'exists':
        matchExpressions.push({ key: r.key, operator: 'Exists' });
        break;
      case '!':
        matchExpressions.push({ key: r.key, operator: 'DoesNotExist' });
        break;
      default:
        throw new CliError(`"${r.operator}" is not a valid label selector operator`);
    }
  }
  const out: LabelSelector = {};
  if (Object.keys(matchLabels).length) out.matchLabels = matchLabels;
  if (matchExpressions.length) out.matchExpressions = matchExpressions;
  return out;
}

/** Go's %v of a LabelSelector's match expressions: `[{a In [b c]} {d Exists []}]`. */
export function goMatchExpressions(reqs: LabelSelectorRequirement[]): string {
  return `[${reqs.map((r) => `{${r.key} ${r.operator} [${(r.values ?? []).join(' ')}]}`).join(' ')}]`;
}
