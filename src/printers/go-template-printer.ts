/** kubectl's GoTemplatePrinter: parse and execution errors reported as kubectl reports them. */
import type { Writer } from '../cli/framework.js';
import { CliError } from '../errors.js';
import { GoTemplate, TemplateError } from './go-template.js';
import { goJson, goQuote, goSprint } from './go-values.js';

/**
 * `allowMissingKeys` false: a missing map key fails the template (Go's missingkey=error), as kubectl sets it.
 * `rawJson` writes the object's JSON in the debugging dump (a typed object's in Go struct order).
 */
export function goTemplatePrinter(text: string, allowMissingKeys = true, rawJson: (target: unknown) => string = goJson): (target: unknown, objects: unknown, out: Writer) => void {
  let template: GoTemplate;
  try {
    template = new GoTemplate(text);
  } catch (e) {
    if (e instanceof TemplateError) throw new CliError(`error parsing template ${text}, ${e.message}\n`);
    throw e;
  }
  return (target, _objects, out) => {
    let written = '';
    try {
      template.execute(target, (s) => void (written += s), !allowMissingKeys);
      out.write(written);
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
      // kubectl writes what the template produced, then a debugging dump, to stdout.
      out.write(
        written +
          `Error executing template: ${e.message}. Printing more information for debugging the template:\n` +
          `\ttemplate was:\n\t\t${text}\n` +
          `\traw data was:\n\t\t${rawJson(target)}\n` +
          `\tobject given to template engine was:\n\t\t${goSprint(target)}\n\n`,
      );
      throw new CliError(`error executing template ${goQuote(text)}: ${e.message}`);
    }
  };
}
