import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliError } from '../errors.js';
import { acceptedFlags, unsupportedVerb } from './unsupported.js';
import { resolvePod } from './workload-pods.js';

/** A `cp` argument as kubectl reads it: a local path, or `[namespace/]pod:path`. */
interface FileSpec {
  namespace?: string;
  pod?: string;
  file: string;
}

const NOT_CANONICAL = 'filespec must match the canonical format: [[namespace/]pod:]file/path';

function fileSpec(arg: string): FileSpec {
  const colon = arg.indexOf(':');
  if (colon === 0) throw new CliError(NOT_CANONICAL);
  if (colon < 0) return { file: arg };
  const pieces = arg.slice(0, colon).split('/');
  if (pieces.length > 2) throw new CliError(NOT_CANONICAL);
  const file = arg.slice(colon + 1);
  return pieces.length === 2 ? { namespace: pieces[0], pod: pieces[1], file } : { pod: pieces[0], file };
}

/**
 * kubectl's cp checks its two file specifications, and a local source, then finds the pod (through
 * exec, which it runs tar with): those errors are kubectl's. The copy itself is not simulated.
 */
export const verb = unsupportedVerb('cp', 'Copy files and directories to and from containers', 'copying files in or out of a simulated container is not simulated (exec can read and write them)', acceptedFlags([['no-preserve', 'bool'], ['retries', 'int']]), (ctx, args) => {
  if (args.length !== 2) throw new CliError('source and destination are required');
  const src = fileSpec(args[0]!);
  const dest = fileSpec(args[1]!);
  if (src.pod && dest.pod) throw new CliError('one of src or dest must be a local file specification');
  if (!src.file || !dest.file) throw new CliError('filepath can not be empty');
  const remote = src.pod ? src : dest.pod ? dest : undefined;
  if (!remote) throw new CliError('one of src or dest must be a remote file specification');
  if (remote === dest && !existsSync(resolve(ctx.cwd, src.file))) throw new CliError(`${src.file} doesn't exist in local filesystem`);
  const session = ctx.session();
  session.read((api) => resolvePod(api, remote.namespace ?? session.namespace, remote.pod!));
});
