/** kubectl's JSONPathPrinter: parse errors and execution errors worded as kubectl words them. */
import { CliError } from '../errors.js';
import { goQuote, goSharpV } from './go-values.js';
import { JsonPath, JsonPathError } from './jsonpath.js';

export function jsonPathPrinter(template: string, asJson: boolean, allowMissingKeys = true, typed = false): (target: unknown) => string {
  let jp: JsonPath;
  try {
    jp = new JsonPath(template, allowMissingKeys, asJson, typed);
  } catch (e) {
    if (e instanceof JsonPathError) throw new CliError(`error parsing jsonpath ${template}, ${e.message}\n`);
    throw e;
  }
  return (target) => {
    try {
      return jp.execute(target);
    } catch (e) {
      if (!(e instanceof JsonPathError)) throw e;
      const detail =
        `Error executing template: ${e.message}. Printing more information for debugging the template:\n` +
        `\ttemplate was:\n\t\t${template}\n` +
        `\tobject given to jsonpath engine was:\n\t\t${goSharpV(target)}\n\n`;
      throw new CliError(`error executing jsonpath ${goQuote(template)}: ${detail}\n`);
    }
  };
}
