/**
 * The global flags kubectl checks before any verb runs: a --kubeconfig that cannot be read or
 * parsed, a --request-timeout that is no duration. kubectl-lite keeps its contexts in its home,
 * so a readable kubeconfig is accepted and otherwise unused.
 */
import { readFileSync } from 'node:fs';
import { CliError, RawError } from '../errors.js';
import { parseGoDuration } from '../util/duration.js';
import type { Context, GlobalFlags } from './framework.js';

const TIMEOUT_ERROR =
  'Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)';

/** How the caller words two of kubectl's failures: cobra's pointer to help, klog's `"command failed"` line. */
export interface GlobalCheckWords {
  seeHelp: string;
  commandFailed(err: string): Error;
}

export async function checkGlobals(g: GlobalFlags, words?: GlobalCheckWords): Promise<void> {
  const timeout = g.requestTimeout;
  if (timeout !== undefined && timeout !== '' && !/^\d+$/.test(timeout) && parseGoDuration(timeout) === undefined) {
    throw new CliError(TIMEOUT_ERROR);
  }
  if (g.kubeconfig) await checkKubeconfig(g.kubeconfig);
  checkCredentials(g, words);
}

const PROFILES = ['none', 'cpu', 'heap', 'goroutine', 'threadcreate', 'block', 'mutex'];

/** kubectl's --profile and --log-flush-frequency values (the credentials are the session's to check: client-config.ts). */
function checkCredentials(g: GlobalFlags, words?: GlobalCheckWords): void {
  if (g.logFlushFrequency !== undefined && parseGoDuration(g.logFlushFrequency) === undefined) {
    throw new RawError(`Error: invalid argument "${g.logFlushFrequency}" for "--log-flush-frequency" flag: parse error${words ? `\n${words.seeHelp}` : ''}`);
  }
  if (g.profile !== undefined && !PROFILES.includes(g.profile)) {
    const message = `unknown profile '${g.profile}'`;
    throw words ? words.commandFailed(message) : new CliError(message);
  }
}

async function checkKubeconfig(path: string): Promise<void> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') throw new CliError(`stat ${path}: no such file or directory`);
    if (err.code === 'EISDIR') throw new CliError(`error loading config file "${path}": read ${path}: is a directory`);
    throw new CliError(`error loading config file "${path}": ${err.message}`);
  }
  if (text.trim() === '') return;
  const { parseYamlDocuments, YamlSyntaxError } = await import('../api/yaml-documents.js');
  let doc: unknown;
  try {
    doc = parseYamlDocuments(path, text)[0];
  } catch (e) {
    const detail = e instanceof YamlSyntaxError ? e.reason : (e as Error).message;
    throw new CliError(`error loading config file "${path}": ${detail}`);
  }
  if (doc !== undefined && doc !== null && (typeof doc !== 'object' || Array.isArray(doc))) {
    const got = Array.isArray(doc) ? 'array' : typeof doc === 'boolean' ? 'bool' : typeof doc;
    throw new CliError(
      `error loading config file "${path}": couldn't get version/kind; json parse error: json: cannot unmarshal ${got} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`,
    );
  }
}

/** When --request-timeout ends what reads on (a watch, a follow): never without one, or with 0. */
export function requestDeadline(ctx: Context): number {
  const timeout = ctx.globals.requestTimeout ? parseGoDuration(ctx.globals.requestTimeout) : undefined;
  return timeout && timeout > 0 ? ctx.realNow() + timeout : Infinity;
}
