/**
 * `create --edit`: each object read from the files opens in the editor ($KUBE_EDITOR, $EDITOR,
 * vi) before it is created, as kubectl's EditBeforeCreate mode does; an emptied file cancels.
 */
import { readFileSync, rmSync } from 'node:fs';
import type { ManifestDoc } from '../api/manifest.js';
import { parseYamlDocuments } from '../api/yaml-documents.js';
import type { KubeObject } from '../api/types.js';
import { CliError } from '../errors.js';
import { toYaml } from '../printers/yaml.js';
import { editHeader, editorFromEnv, launchEditor, manualStrip, tempFile } from './edit.js';
import type { Context } from './framework.js';

export function editBeforeCreate(ctx: Context, docs: ManifestDoc[]): ManifestDoc[] {
  const editor = editorFromEnv(ctx.env);
  return docs.map((doc) => {
    const file = tempFile(ctx, '.yaml', editHeader([]) + toYaml(doc.object));
    try {
      launchEditor(ctx, editor, file);
      const text = manualStrip(readFileSync(file, 'utf8'));
      const edited = text.trim() === '' ? undefined : parseYamlDocuments(file, text)[0];
      if (edited === undefined || edited === null) throw new CliError('Edit cancelled, no valid changes were saved.');
      return { source: doc.source, object: edited as KubeObject };
    } finally {
      rmSync(file, { force: true });
    }
  });
}
