/**
 * `kubectl cp` as kubectl does it: over exec, with `tar` in the container (the simulated
 * userland's busybox applet). To a pod: `test -d DEST` decides whether DEST is a directory to
 * copy into, then the local files, made into an archive here, are extracted there with
 * `tar -xmf - -C DIR`. From a pod: `tar cf - SRC` there, and the archive unpacked here (symlinks
 * skipped with kubectl's warning). As in kubectl, the container's tar messages about a copy from
 * it go to stdout, and a failed `tar cf` does not fail the copy (kubectl#980: kubectl returns
 * before it hears the exit code, so a missing file is reported by tar's message, exit 0).
 */
import { lstatSync, readdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { posix, resolve as resolveLocal } from 'node:path';
import { checkExecContainer } from '../api/pod-exec.js';
import { CliError, RawError } from '../errors.js';
import { errnoText } from '../util/errno.js';
import { decodeTar, encodeTar, type TarEntry } from '../util/tar.js';
import type { Context, VerbSpec } from './framework.js';
import { mkdirAll } from '../util/mkdir-all.js';

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

/** Go's path.Clean: no `.`, `..` resolved where it can be, no trailing slash, `.` for nothing. */
function clean(p: string): string {
  if (p === '') return '.';
  const out = posix.normalize(p);
  return out.length > 1 && out.endsWith('/') ? out.slice(0, -1) : out;
}

function base(p: string): string {
  const c = clean(p);
  return c === '/' ? '/' : posix.basename(c);
}

/** What kubectl strips from the start of the source's path to find the archive's members. */
function stripShortcuts(p: string): string {
  let out = p;
  while (out.startsWith('../')) out = out.slice(3);
  if (out === '.' || out === '..') return '';
  return out.startsWith('/') ? out.slice(1) : out;
}

/** A Node error as Go's os package words it (`open x: is a directory`). */
function goError(op: string, path: string, e: unknown): CliError {
  return new CliError(`${op} ${path}: ${errnoText(e)}`);
}

/** The text streams carry: a file's bytes as UTF-8 (the simulated filesystem holds text). */
function asText(bytes: Buffer): Buffer {
  return Buffer.from(bytes.toString('utf8'), 'utf8');
}

/**
 * The archive kubectl sends: `src` (a file, a symlink, or a directory's files, an empty directory
 * as an entry of its own) under the name `dest`, relative to the directory it is extracted in.
 */
function makeTar(cwd: string, src: string, dest: string): Buffer {
  const entries: TarEntry[] = [];
  const walk = (path: string, name: string): void => {
    const abs = resolveLocal(cwd, path);
    const st = lstatSync(abs);
    const mtime = Math.floor(st.mtimeMs / 1000);
    const mode = st.mode & 0o777;
    if (st.isDirectory()) {
      const children = readdirSync(abs).sort();
      if (!children.length) entries.push({ name, type: 'dir', mode, mtime });
      for (const c of children) walk(posix.join(path, c), `${name}/${c}`);
    } else if (st.isSymbolicLink()) entries.push({ name, type: 'symlink', mode, mtime, linkname: readlinkSync(abs) });
    else entries.push({ name, type: 'file', mode, mtime, data: asText(readFileSync(abs)) });
  };
  walk(clean(src), base(dest));
  return encodeTar(entries);
}

function containerFlag(flags: Record<string, any>): string | undefined {
  return flags.container || undefined;
}

async function copyToPod(ctx: Context, src: FileSpec, dest: FileSpec, flags: Record<string, any>): Promise<void> {
  const { chooseExecTarget, cliExecHost, runWithStreams } = await import('../userland/exec.js');
  const session = ctx.session();
  const host = cliExecHost(ctx, session);
  const target = { namespace: dest.namespace, target: dest.pod!, container: containerFlag(flags) };
  const run = async (argv: string[], stdin: string, out: (t: string) => void, err: (t: string) => void, notice?: (t: string) => void): Promise<number> => {
    const { pod, container, snap } = chooseExecTarget(session, { ...target, notice });
    checkExecContainer(pod, container);
    return runWithStreams(host, snap, pod, container, argv, { stdin: { data: stdin, pos: 0 }, out, err }, notice !== undefined);
  };
  const discard = () => {};
  let destFile = dest.file;
  // kubectl's own probe: its output and any failure are dropped (a failure means "not a directory").
  const isDir = await run(['test', '-d', dest.file], '', discard, discard).then(
    (code) => code === 0,
    () => false,
  );
  if (isDir) destFile = posix.join(destFile, base(src.file));
  const archive = makeTar(ctx.cwd, src.file, destFile).toString('utf8');
  const argv = flags['no-preserve'] ? ['tar', '--no-same-permissions', '--no-same-owner', '-xmf', '-'] : ['tar', '-xmf', '-'];
  const dir = posix.dirname(clean(destFile));
  argv.push('-C', dir);
  const code = await run(argv, archive, (t) => ctx.io.out.write(t), (t) => ctx.io.err.write(t), (t) => ctx.io.err.write(t));
  if (code !== 0) throw new RawError(`command terminated with exit code ${code}`, code);
}

/** Go's %q of a plain string. */
function quoted(s: string): string {
  return JSON.stringify(s);
}

async function copyFromPod(ctx: Context, src: FileSpec, dest: FileSpec, flags: Record<string, any>): Promise<void> {
  const { chooseExecTarget, cliExecHost, runWithStreams } = await import('../userland/exec.js');
  const session = ctx.session();
  // The exec's error stream is kubectl's stdout here.
  const toStdout = (t: string) => ctx.io.out.write(t);
  const { pod, container, snap } = chooseExecTarget(session, { namespace: src.namespace, target: src.pod!, container: containerFlag(flags), notice: toStdout });
  checkExecContainer(pod, container);
  const chunks: string[] = [];
  await runWithStreams(cliExecHost(ctx, session), snap, pod, container, ['tar', 'cf', '-', src.file], { stdin: { data: '', pos: 0 }, out: (t) => chunks.push(t), err: toStdout });
  const prefix = stripShortcuts(clean(src.file.replace(/^\/+/, '')));
  const destPath = clean(dest.file);
  const local = (p: string) => resolveLocal(ctx.cwd, p);
  let symlinkWarned = false;
  for (const entry of decodeTar(Buffer.from(chunks.join(''), 'utf8'))) {
    if (!entry.name.startsWith(prefix)) throw new CliError('tar contents corrupted');
    const rest = entry.name.slice(prefix.length);
    const name = rest ? clean(posix.join(destPath, clean(rest))) : destPath;
    const relative = posix.relative(resolveLocal('/', destPath), resolveLocal('/', name));
    if (relative.startsWith('..')) {
      ctx.io.err.write(`warning: file ${quoted(name)} is outside target destination, skipping\n`);
      continue;
    }
    const parent = posix.dirname(name);
    try {
      mkdirAll(local(parent), 0o755);
    } catch (e) {
      throw goError('mkdir', parent, e);
    }
    if (entry.type === 'dir') {
      try {
        mkdirAll(local(name), 0o755);
      } catch (e) {
        throw goError('mkdir', name, e);
      }
      continue;
    }
    if (entry.type === 'symlink') {
      const hint = symlinkWarned ? '' : ` (consider using "kubectl exec -n ${quoted(src.namespace ?? '')} ${quoted(src.pod!)} -- tar cf - ${quoted(src.file)} | tar xf -")`;
      ctx.io.err.write(`warning: skipping symlink: ${quoted(name)} -> ${quoted(entry.linkname ?? '')}${hint}\n`);
      symlinkWarned = true;
      continue;
    }
    try {
      writeFileSync(local(name), entry.data!, { mode: 0o666 });
    } catch (e) {
      throw goError('open', name, e);
    }
  }
}

export const verb: VerbSpec = {
  name: 'cp',
  summary: 'Copy files and directories to and from containers',
  usage: '<file-spec-src> <file-spec-dest> [options]',
  examples: `  # Copy a local file into a pod's /tmp (tar runs in the container, as with kubectl)
  kubectl-lite cp ./index.html web:/tmp/index.html

  # Copy a directory out of a pod in another namespace
  kubectl-lite cp shop/web:/etc/config ./config

  # Choose the container
  kubectl-lite cp ./app.conf web:/tmp/app.conf -c sidecar`,
  flags: [
    { name: 'container', short: 'c', type: 'string', description: 'Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen' },
    { name: 'no-preserve', type: 'bool', description: "The copied file/directory's ownership and permissions will not be preserved in the container" },
    { name: 'retries', type: 'int', default: '0', description: 'Set number of retries to complete a copy operation from a container. Specify 0 to disable or any negative value for infinite retrying. The default is 0 (no retry).' },
  ],
  async run(ctx, args, flags) {
    if (args.length !== 2) throw new CliError('source and destination are required');
    const src = fileSpec(args[0]!);
    const dest = fileSpec(args[1]!);
    if (src.pod && dest.pod) throw new CliError('one of src or dest must be a local file specification');
    if (!src.file || !dest.file) throw new CliError('filepath can not be empty');
    if (src.pod) return copyFromPod(ctx, src, dest, flags);
    if (!dest.pod) throw new CliError('one of src or dest must be a remote file specification');
    try {
      statSync(resolveLocal(ctx.cwd, src.file));
    } catch {
      throw new CliError(`${src.file} doesn't exist in local filesystem`);
    }
    return copyToPod(ctx, src, dest, flags);
  },
};
