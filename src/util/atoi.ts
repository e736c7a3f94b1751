import { CliError } from '../errors.js';

/** Go's strconv.Atoi of a flag's text, its errors in Go's words (kubectl prints them as they are). */
export function atoi(text: string): number {
  if (!/^[+-]?\d+$/.test(text)) throw new CliError(`strconv.Atoi: parsing ${JSON.stringify(text)}: invalid syntax`);
  const n = BigInt(text);
  if (n > 2n ** 63n - 1n || n < -(2n ** 63n)) throw new CliError(`strconv.Atoi: parsing ${JSON.stringify(text)}: value out of range`);
  return Number(n);
}
