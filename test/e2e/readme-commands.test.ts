/**
 * The first five minutes: the README's tour and every scenario README under manifests/ run as
 * written, in bash, from the clone's root, in a temporary HOME (so the default ~/.kubectl-lite is a
 * fresh one), with nothing put on PATH but what the README itself says.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { REPO_ROOT, tempHome } from '../helpers/cli.js';

/** The commands of the first fenced block after `heading` (or of the whole file), comments removed. */
export function commandsOf(markdown: string, heading?: string): string[] {
  const from = heading ? markdown.indexOf(heading) : 0;
  assert.ok(from >= 0, `no ${heading}`);
  const block = /```\n([\s\S]*?)```/.exec(markdown.slice(from));
  assert.ok(block, 'no code block');
  return block[1]!
    .split('\n')
    .map((line) => line.replace(/\s+#\s.*$/, '').replace(/^\s*#.*$/, '').trim())
    .filter(Boolean);
}

interface Step {
  command: string;
  output: string;
  code: number;
  /** CPU seconds (user + system) the command took. */
  cpu: number;
}

/** Runs the commands in one bash, as a user pasting them would, and splits the transcript per command. */
function runAsWritten(commands: string[], home: string): Step[] {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const script = ['TIMEFORMAT="%U %S"', ...commands.flatMap((c) => [`printf '\\n@@@RUN %s\\n' ${quote(c)}`, `{ time ${c} ; } 2>&1; echo "@@@ exit $?"`])].join('\n');
  const r = spawnSync('bash', ['-c', script], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH!.split(':').filter((p) => !p.startsWith(REPO_ROOT)).join(':'), HOME: home, NO_COLOR: '1', TZ: 'UTC' },
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n@@@RUN ').slice(1).map((chunk) => {
    const lines = chunk.split('\n');
    const command = lines[0]!;
    const exit = lines.findIndex((l) => l.startsWith('@@@ exit '));
    const [user, sys] = lines[exit - 1]!.split(' ').map(Number);
    return { command, output: lines.slice(1, exit - 1).join('\n'), code: Number(lines[exit]!.slice(9)), cpu: user! + sys! };
  });
}

/** Commands of the first block whose comment says they fail on purpose (a timeout, a refusal, an error shown). */
export function expectedToFail(markdown: string): Set<string> {
  const block = /```\n([\s\S]*?)```/.exec(markdown);
  const out = new Set<string>();
  for (const line of block?.[1]?.split('\n') ?? []) {
    const m = /^(.*?)\s+#\s(.*)$/.exec(line);
    if (m && /timed out|refused|[Ee]rror|fails|NotFound|not found|denied|NXDOMAIN|can't find|exit code [1-9]|\(\d\d\)/.test(m[2]!)) out.add(m[1]!.trim());
  }
  return out;
}

function assertAllPass(steps: Step[], commands: string[], mayFail: Set<string> = new Set()): void {
  assert.deepEqual(steps.map((s) => s.command), commands);
  for (const s of steps) if (!mayFail.has(s.command)) assert.equal(s.code, 0, `${s.command} failed:\n${s.output}`);
}

const outputOf = (steps: Step[], command: string) => steps.filter((s) => s.command === command).map((s) => s.output);

describe('the README tour, as written', () => {
  let home: string;
  let dispose: () => void;
  before(() => ({ home, dispose } = tempHome()));
  after(() => dispose());

  test('puts kubectl-lite on PATH itself, every command works, the first call is quick, and it cleans up after itself', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const commands = commandsOf(readme, '## A tour');
    assert.ok(commands[0]!.startsWith('export PATH='), 'the tour starts by putting kubectl-lite on PATH');
    assert.ok(commands.slice(1).every((c) => c.startsWith('kubectl-lite ')), 'every other line is a kubectl-lite command');
    const steps = runAsWritten(commands, home);
    assertAllPass(steps, commands);
    // The first call makes the cluster: it costs a Node start and a bootstrap, not a build (CPU time,
    // so a loaded machine does not make this flaky).
    const first = steps[1]!;
    assert.match(first.output, /^NAME +STATUS +ROLES +AGE +VERSION\nlite-control-plane +Ready/);
    assert.ok(first.cpu < 0.6, `the first call took ${first.cpu} s of CPU`);
    assert.match(outputOf(steps, 'kubectl-lite describe pod big')[0]!, /FailedScheduling .*0\/4 nodes are available: .*Insufficient cpu\./);
    assert.match(outputOf(steps, 'kubectl-lite rollout status deployment/web')[0]!, /deployment "web" successfully rolled out/);

    // Nothing left behind: only what a fresh cluster has.
    const after = runAsWritten(['export PATH="$PWD/bin:$PATH"', 'kubectl-lite get all', 'kubectl-lite get pvc,configmaps,secrets'], home);
    assert.match(after[1]!.output, /^NAME +TYPE +CLUSTER-IP +EXTERNAL-IP +PORT\(S\) +AGE\nservice\/kubernetes +ClusterIP +10\.96\.0\.1 +<none> +443\/TCP +\S+$/);
    assert.match(after[2]!.output, /^NAME +DATA +AGE\nconfigmap\/kube-root-ca\.crt +1 +\S+$/);
  });
});

describe('every scenario README, as written', () => {
  const dirs = readdirSync(join(REPO_ROOT, 'manifests'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(REPO_ROOT, 'manifests', d.name, 'README.md')))
    .map((d) => d.name);

  test('there are scenarios', () => assert.ok(dirs.length >= 6, dirs.join(' ')));

  for (const dir of dirs) {
    test(dir, () => {
      const { home, dispose } = tempHome();
      try {
        const markdown = readFileSync(join(REPO_ROOT, 'manifests', dir, 'README.md'), 'utf8');
        const commands = commandsOf(markdown);
        assert.ok(commands.every((c) => c.startsWith('kubectl-lite ') || c.startsWith('export ')), 'scenarios use the bare kubectl-lite');
        // The PATH entry the manifests README says to make, then the scenario as written.
        const steps = runAsWritten(['export PATH="$PWD/bin:$PATH"', ...commands], home).slice(1);
        assertAllPass(steps, commands, expectedToFail(markdown));
        if (dir === 'pending') {
          // The hint works: the node added to this cluster takes the pod.
          assert.match(outputOf(steps, 'kubectl-lite get pod big -o wide')[1]!, /\nbig +1\/1 +Running .* big-node /);
        }
      } finally {
        dispose();
      }
    });
  }
});
