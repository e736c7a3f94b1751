/** `-k DIR` on the file-driven verbs: the kustomization's objects as manifest documents. */
import { resolve } from 'node:path';
import type { ManifestDoc } from '../api/manifest.js';
import type { KubeObject } from '../api/types.js';
import { KustomizeBuildError } from '../errors.js';
import type { Context } from '../cli/framework.js';
import { build, isRemote, KustomizeError } from './build.js';

/** Builds DIR as kubectl's -k does; deprecation notes go to stderr, errors are `error: <kustomize's message>`. */
export function kustomizeDocuments(ctx: Context, dir: string): ManifestDoc[] {
  try {
    const objects = build(isRemote(dir) ? dir : resolve(ctx.cwd, dir), { warn: (m) => ctx.io.err.write(`${m}\n`), asGiven: dir });
    return objects.map((object) => ({ source: dir, object: object as unknown as KubeObject }));
  } catch (e) {
    if (e instanceof KustomizeError) throw new KustomizeBuildError(e.message);
    throw e;
  }
}
