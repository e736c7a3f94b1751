/**
 * client-go's check of a name before it goes into a request's path (Request.Name, with apimachinery's
 * IsValidPathSegmentName): kubectl refuses such a name itself, the server never hears of it.
 */
import { CliError } from '../errors.js';
import { goQuote } from '../printers/go-values.js';

/** kubectl's `invalid resource name "a%b": [may not contain '%']` for a name no request path can hold; undefined for another. */
export function requestNameError(name: string): CliError | undefined {
  const problems = name === '.' || name === '..' ? [`may not be '${name}'`] : ['/', '%'].filter((c) => name.includes(c)).map((c) => `may not contain '${c}'`);
  return problems.length ? new CliError(`invalid resource name ${goQuote(name)}: [${problems.join(' ')}]`) : undefined;
}

/** Throws requestNameError's refusal, if the name has one. */
export function checkRequestName(name: string): void {
  const error = requestNameError(name);
  if (error) throw error;
}
