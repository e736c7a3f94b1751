#!/usr/bin/env node
/**
 * Writes test/golden/kubectl-flags.json: for every command kubectl-lite implements that kubectl
 * has too, the flags real kubectl v1.32 lists in its help (`kubectl PATH --help`), its
 * subcommands, and the global flags (`kubectl options`). test/unit/kubectl-flags.test.ts
 * compares kubectl-lite's flag data with this file (and the file with real kubectl, where it is
 * installed). Run after a build: `node scripts/kubectl-flags.mjs`.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The flags a kubectl help text lists: `{ name, short?, default }` by long name. */
export function parseHelpFlags(text) {
  const flags = [];
  for (const m of text.matchAll(/^ {4}(?:-(\w), )?--([\w-]+)=(.*):$/gm)) {
    flags.push(m[1] ? { name: m[2], short: m[1], default: m[3] } : { name: m[2], default: m[3] });
  }
  return flags;
}

/** The subcommands a kubectl help text lists under `Available Commands:`. */
export function parseHelpCommands(text) {
  const i = text.indexOf('Available Commands:');
  if (i < 0) return [];
  const out = [];
  for (const line of text.slice(i).split('\n').slice(1)) {
    const m = /^ {2}(\S+)\s/.exec(line);
    if (!m) break;
    out.push(m[1]);
  }
  return out;
}

function kubectl(args) {
  const r = spawnSync('kubectl', args, { encoding: 'utf8', env: { ...process.env, KUBECONFIG: '/dev/null' } });
  return { code: r.status, out: r.stdout };
}

/** Every command path kubectl has under the verbs kubectl-lite implements. */
export function kubectlCommands(verbs) {
  const commands = {};
  const visit = (path) => {
    const r = kubectl([...path, '--help']);
    if (r.code !== 0) return;
    const subs = parseHelpCommands(r.out);
    commands[path.join(' ')] = { flags: parseHelpFlags(r.out), subcommands: subs };
    for (const s of subs) visit([...path, s]);
  };
  for (const v of verbs) visit([v]);
  return commands;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { VERBS } = await import(join(root, 'dist/src/cli/index.js'));
  const names = VERBS.filter((v) => v.name !== '__complete' && v.group !== 'Simulated Cluster Commands:').map((v) => v.name);
  const known = kubectl(['--help']).out;
  const commands = kubectlCommands(names.filter((n) => known.includes(`\n  ${n} `)));
  const globals = parseHelpFlags(kubectl(['options']).out);
  const version = /Client Version: (\S+)/.exec(kubectl(['version', '--client']).out)?.[1];
  const file = join(root, 'test/golden/kubectl-flags.json');
  writeFileSync(file, JSON.stringify({ kubectl: version, globals, commands }, null, 1) + '\n');
  console.log(`wrote ${file}: ${Object.keys(commands).length} commands`);
}
