/**
 * `exec -it POD -- sh` on a terminal: busybox ash's prompt (`/ # `), a continuation prompt for
 * an unfinished command, Ctrl-C stopping the running command, `exit` or Ctrl-D leaving. What
 * each command wrote is committed before the next prompt.
 */
import { createInterface } from 'node:readline';
import type { ContainerProcess } from './container.js';
import { Shell } from './shell.js';

/** busybox ash's prompt for root: the working directory (`~` for $HOME) and `#`. */
function promptFor(shell: Shell, proc: ContainerProcess): string {
  const cwd = proc.fs.cwd;
  const home = shell.vars.get('HOME');
  return `${home && cwd === home ? '~' : cwd} # `;
}

/** The terminal the shell talks to: the user's (exec), or one a client streams over serve. */
export interface Terminal {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** What stops the session itself (Ctrl-C on kubectl-lite, the connection closing). */
  signal?: AbortSignal;
}

/**
 * The shell, line by line, until `exit` or the end of input; `setSignal` is told what stops the
 * command running now (Ctrl-C stops it, not the session).
 */
export async function interactiveShell(term: Terminal, proc: ContainerProcess, commit: () => void, setSignal: (s: AbortSignal | undefined) => void): Promise<number> {
  const { input, output } = term;
  const shell = proc.shell();
  const rl = createInterface({ input, output, terminal: true, historySize: 500 });
  let running: AbortController | undefined;
  let buffer = '';
  rl.on('SIGINT', () => {
    if (running) {
      running.abort();
      return;
    }
    buffer = '';
    output.write('^C\n');
    rl.setPrompt(promptFor(shell, proc));
    rl.prompt();
  });
  const write = (t: string) => output.write(t);
  rl.setPrompt(promptFor(shell, proc));
  rl.prompt();
  for await (const line of rl) {
    buffer += (buffer ? '\n' : '') + line;
    if (Shell.incomplete(buffer)) {
      rl.setPrompt('> ');
      rl.prompt();
      continue;
    }
    const script = buffer;
    buffer = '';
    if (script.trim()) {
      running = new AbortController();
      setSignal(running.signal);
      rl.pause();
      proc.imageMisses = 0;
      await shell.runScript(script, { stdin: { data: '', pos: 0 }, out: write, err: write, tty: true });
      rl.resume();
      running = undefined;
      setSignal(term.signal);
      commit();
      if (shell.exited) break;
    }
    rl.setPrompt(promptFor(shell, proc));
    rl.prompt();
  }
  rl.close();
  if (!shell.exited) output.write('\n');
  return shell.status;
}
