import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BIN, runBin, tempHome } from '../helpers/cli.js';

const hasScript = spawnSync('script', ['--version']).status === 0;
if (!hasScript) process.stderr.write('SKIPPING shell terminal tests: script(1) from util-linux/bsdutils is not installed\n');

/**
 * Runs `kubectl-lite shell` under a real pseudo-terminal (script(1)), typing `keys` with pauses; a
 * key given as `{ send, until }` is followed by waiting for `until` to appear in the output.
 */
async function shellSession(home: string, keys: Array<string | { send: string; until: RegExp }>): Promise<string> {
  const child = spawn('script', ['-qfec', `${process.execPath} ${BIN} shell`, '/dev/null'], {
    env: { PATH: process.env.PATH, HOME: home, KUBECTL_LITE_HOME: home, TERM: 'xterm', NO_COLOR: '1' },
  });
  const exited = new Promise((r) => child.on('exit', r));
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const waitFor = async (re: RegExp, ms = 5000) => {
    const end = Date.now() + ms;
    while (!re.test(out) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  };
  await waitFor(/\]> /);
  for (const k of keys) {
    const prompts = out.split(']> ').length;
    if (typeof k !== 'string') {
      const seen = out.length;
      child.stdin.write(k.send);
      const end = Date.now() + 5000;
      while (!k.until.test(out.slice(seen)) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
      continue;
    }
    child.stdin.write(k);
    if (k.endsWith('\r')) {
      const end = Date.now() + 5000;
      while (out.split(']> ').length <= prompts && Date.now() < end && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
    } else {
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  await exited;
  return out.replace(/\r/g, '').replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
}

describe('interactive shell', { skip: !hasScript && 'script(1) is not installed' }, () => {
  let home: string;
  let dispose: () => void;
  before(() => ({ home, dispose } = tempHome()));
  after(() => dispose());

  test('runs commands without the prefix, survives a bad one, completes with Tab, keeps history', async () => {
    const out = await shellSession(home, ['version --client\r', 'nosuchverb\r', 'config cur\t', '\r', 'config set-context --current --namespace=dev\r', 'exit\r']);
    assert.match(out, /kubectl-lite \[lite:default\]> version --client\nClient Version: v1\.32\.4\n/);
    assert.match(out, /Error: unknown command "nosuchverb" for "kubectl-lite"/);
    // Tab completed the subcommand, and the completed command ran.
    assert.match(out, /> config current-context \nlite\n/);
    // The prompt follows the context's namespace.
    assert.match(out, /kubectl-lite \[lite:dev\]> exit/);
    const history = readFileSync(join(home, 'shell_history'), 'utf8');
    assert.equal(history, 'version --client\nnosuchverb\nconfig current-context\nconfig set-context --current --namespace=dev\nexit\n');
    // History is offered again in the next session: Up-arrow recalls the last command.
    const again = await shellSession(home, ['\u001b[A\u001b[A\r', 'exit\r']);
    assert.match(again, /config set-context --current --namespace=dev\nContext "lite" modified\.\n/);
  });
});

describe('Ctrl-C in the shell', { skip: !hasScript && 'script(1) is not installed' }, () => {
  let home: string;
  let dispose: () => void;
  before(() => ({ home, dispose } = tempHome()));
  after(() => dispose());

  test('stops the running watch or follow and returns to the prompt; exit and Ctrl-D still work', { timeout: 60_000 }, async () => {
    const started = Date.now();
    const out = await shellSession(home, [
      'run web --image=nginx\r',
      { send: 'get pods -w\r', until: /web +1\/1 +Running/ },
      { send: '\u0003', until: /\]> / },
      { send: 'logs -f web\r', until: /container web started/ },
      { send: '\u0003', until: /\]> / },
      'version --client\r',
      'exit\r',
    ]);
    assert.ok(Date.now() - started < 20_000, 'the session ended by itself');
    // The watch printed its table, stopped on ^C, and the prompt came back for the next commands.
    assert.match(out, /> get pods -w\nNAME +READY +STATUS +RESTARTS +AGE\nweb +1\/1 +Running +0 +\S+\n\^C\n(?:.*\n)*?kubectl-lite \[lite:default\]> logs -f web\n/);
    assert.match(out, /> logs -f web\n\[kubectl-lite\] container web started \(image nginx\)\n\^C\n/);
    assert.match(out, /> version --client\nClient Version: v1\.32\.4\n/);
    assert.match(out, /> exit\n?$/);

    // Ctrl-D at the prompt after a cancelled watch leaves the shell too.
    const again = await shellSession(home, [{ send: 'get pods -w\r', until: /web +1\/1/ }, { send: '\u0003', until: /\]> / }, '\u0004']);
    assert.match(again, /\^C\n/);
  });
});

describe('completion', () => {
  let home: string;
  let dispose: () => void;
  before(() => ({ home, dispose } = tempHome()));
  after(() => dispose());

  test('scripts for bash, zsh and fish call back __complete', () => {
    for (const shell of ['bash', 'zsh', 'fish']) {
      const r = runBin(['completion', shell], { home });
      assert.equal(r.code, 0, shell);
      assert.match(r.stdout, /kubectl-lite __complete/);
    }
    const bad = runBin('completion tcsh', { home });
    assert.deepEqual([bad.code, bad.stderr], [1, "error: Unsupported shell type \"tcsh\".\nSee 'kubectl-lite completion -h' for help and examples\n"]);
  });

  test('bash really completes through the script', () => {
    const script = runBin('completion bash', { home }).stdout;
    const bash = spawnSync('bash', ['-c', `${script}\nCOMP_WORDS=(kubectl-lite config use); COMP_CWORD=2; __kubectl_lite_complete; printf '%s\\n' "\${COMPREPLY[@]}"`], {
      env: { PATH: `${join(BIN, '..')}:${process.env.PATH}`, KUBECTL_LITE_HOME: home, HOME: home },
      encoding: 'utf8',
    });
    assert.equal(bash.stdout, 'use-context\n');
  });

  test('candidates: verbs, subcommands, flags, namespaces, contexts', () => {
    const c = (args: string[]) => runBin(['__complete', ...args], { home }).stdout;
    assert.equal(c(['conf']), 'config\n');
    assert.equal(c(['config', 'use-context', '']), 'lite\n');
    assert.equal(c(['-n', 'kube-p']), 'kube-public\n');
    assert.equal(c(['config', 'view', '--mini']), '--minify\n');
  });
});
