/**
 * `create --edit`: kubectl's edit loop in its EditBeforeCreate mode. Each object read from the
 * files opens in the editor ($KUBE_EDITOR, $EDITOR, vi) on its own, with its namespace filled in,
 * and is created once saved changed: unchanged, nothing is created ("Edit cancelled, no changes
 * made."), an error re-opens it as `edit` does. The printer is edit's (-o json or yaml only), and
 * --dry-run does not apply: the edited object is created.
 */
import { kindPrefix, type ResourceType } from '../api/registry.js';
import type { KubeObject } from '../api/types.js';
import { failAggregate } from './aggregate-errors.js';
import { withApplyAnnotation } from './apply.js';
import { editLoop, editPrinterRefusal, HEADER } from './edit.js';
import type { Context, FlagValues } from './framework.js';
import { fieldValidationOf, readDocuments, resolveDoc } from './manifest-objects.js';
import { outputOf } from './print-flags.js';

export async function createWithEdit(ctx: Context, flags: FlagValues): Promise<void> {
  const output = outputOf(flags);
  const docs = await readDocuments(ctx, flags, 'create');
  const refused = editPrinterRefusal(output);
  // kubectl makes edit's printer for each object it read, before any editor opens: one error each.
  if (refused) return failAggregate(ctx, docs.map(() => refused));
  const session = ctx.session();
  const originals = session.read((api) => docs.map((doc) => resolveDoc(api, session, doc)).map((r) => ({ type: r.type, object: r.object })));
  const fieldManager = (flags['field-manager'] as string | undefined) || 'kubectl-create';
  for (const original of originals) {
    await editLoop(ctx, flags, [original], {
      header: HEADER,
      emptied: 'invalid',
      apply: (updated) => {
        const lines: string[] = [];
        const printed: Array<{ object: KubeObject; type: ResourceType }> = [];
        session.write((api) => {
          for (const doc of updated) {
            const r = resolveDoc(api, session, { source: 'edited-file', object: doc });
            const object = withApplyAnnotation(r.object, flags['save-config'] === true);
            const created = api.create(object, { fieldManager, fieldValidation: fieldValidationOf(flags) });
            if (output) printed.push({ object: created, type: r.type });
            else lines.push(`${kindPrefix(r.type)}/${created.metadata.name} created\n`);
          }
        });
        return { lines, printed };
      },
    });
  }
}
