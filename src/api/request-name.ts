/**
 * client-go's check of a name before it goes into a request's path (Request.Name, with apimachinery's
 * IsValidPathSegmentName): kubectl refuses such a name itself, the server never hears of it.
 */
import { CliError } from '../errors.js';
import { goQuote } from '../printers/go-values.js';

/** Throws kubectl's `invalid resource name "a%b": [may not contain '%']` for a name no request path can hold. */
export function checkRequestName(name: string): void {
  const problems = name === '.' || name === '..' ? [`may not be '${name}'`] : ['/', '%'].filter((c) => name.includes(c)).map((c) => `may not contain '${c}'`);
  if (problems.length) throw new CliError(`invalid resource name ${goQuote(name)}: [${problems.join(' ')}]`);
}
