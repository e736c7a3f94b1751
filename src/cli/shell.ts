/**
 * `kubectl-lite shell`: a prompt that takes commands without the prefix, shows the current
 * context and namespace, completes with Tab, keeps history across sessions in
 * $KUBECTL_LITE_HOME/shell_history, and survives any bad command.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { homeDir, loadConfig } from '../config.js';
import { CliError } from '../errors.js';
import { splitArgs } from '../util/args.js';
import type { Context, VerbSpec } from './framework.js';

const HISTORY_SIZE = 1000;

function prompt(ctx: Context): string {
  try {
    const cfg = loadConfig(homeDir(ctx.env));
    const c = cfg.contexts[cfg.currentContext];
    return `kubectl-lite [${cfg.currentContext}:${c?.namespace ?? 'default'}]> `;
  } catch {
    return 'kubectl-lite> ';
  }
}

function loadHistory(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean).slice(-HISTORY_SIZE).reverse();
  } catch {
    return [];
  }
}

/** A command typed at the prompt, without a leading `kubectl-lite` or `kubectl`. */
export function shellWords(line: string): string[] {
  const words = splitArgs(line.trim());
  if (words[0] === 'kubectl-lite' || words[0] === 'kubectl') words.shift();
  return words;
}

export const verb: VerbSpec = {
  name: 'shell',
  summary: 'Open an interactive kubectl-lite prompt',
  async run(ctx) {
    const input = ctx.io.stdin;
    const output = ctx.io.stdout;
    if (!input || !output) throw new CliError('the shell needs a terminal');
    const { run, makeContext } = await import('../main.js');
    const { complete } = await import('./complete-core.js');
    const historyFile = join(homeDir(ctx.env), 'shell_history');
    const runOptions = { io: ctx.io, env: ctx.env, cwd: ctx.cwd, programName: ctx.programName, realNow: ctx.realNow };

    const rl = createInterface({
      input,
      output,
      terminal: true,
      history: loadHistory(historyFile),
      historySize: HISTORY_SIZE,
      completer: (line: string, callback: (err: Error | null, result: [string[], string]) => void) => {
        const words = shellWords(line);
        if (line.endsWith(' ') || words.length === 0) words.push('');
        const current = words[words.length - 1]!;
        complete(makeContext(runOptions), words).then(
          (hits) => callback(null, [hits.map((h) => (h.endsWith('=') || h.endsWith('/') ? h : `${h} `)), current]),
          () => callback(null, [[], current]),
        );
      },
    });
    // Ctrl-C cancels the running command (its signal) and the prompt comes back when it has
    // stopped; at the prompt it drops the line being typed.
    let running: AbortController | undefined;
    rl.on('SIGINT', () => {
      output.write('^C\n');
      if (running) {
        running.abort();
        return;
      }
      rl.setPrompt(prompt(ctx));
      rl.prompt();
    });
    output.write(`kubectl-lite shell: type commands without the prefix; Tab completes; "exit" or Ctrl-D leaves.\n`);
    rl.setPrompt(prompt(ctx));
    rl.prompt();
    for await (const line of rl) {
      const words = shellWords(line);
      if (words.length > 0) {
        try {
          appendFileSync(historyFile, `${line.trim()}\n`, { mode: 0o600 });
        } catch {
          /* history is a convenience */
        }
        if (words[0] === 'exit' || words[0] === 'quit') break;
        if (words[0] === 'shell') ctx.io.err.write('error: already in the kubectl-lite shell\n');
        else {
          running = new AbortController();
          try {
            await run(words, { ...runOptions, signal: running.signal });
          } finally {
            running = undefined;
          }
        }
      }
      rl.setPrompt(prompt(ctx));
      rl.prompt();
    }
    rl.close();
  },
};
