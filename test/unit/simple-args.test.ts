import assert from 'node:assert/strict';
import { test } from 'node:test';
import { verb as create } from '../../src/cli/create.js';
import { verb as get } from '../../src/cli/get.js';
import { findVerb, GLOBAL_FLAGS } from '../../src/cli/index.js';
import { parseSimpleArgs } from '../../src/cli/simple-args.js';

const parse = (line: string) => parseSimpleArgs(line.split(' '), findVerb(line.split(' '))!, get, GLOBAL_FLAGS);

test('the common command line is parsed as commander would: values, defaults, globals anywhere', () => {
  const r = parse('-n kube-system get pods web -o wide -l app=web -L tier -L zone --chunk-size=20 -A --watch=false')!;
  assert.deepEqual(r.args, ['pods', 'web']);
  assert.deepEqual(r.globals, { namespace: 'kube-system', context: undefined, kubeconfig: undefined, requestTimeout: undefined });
  assert.equal(r.flags.output, 'wide');
  assert.equal(r.flags.selector, 'app=web');
  assert.deepEqual(r.flags['label-columns'], ['tier', 'zone']);
  assert.equal(r.flags['chunk-size'], 20);
  assert.equal(r.flags['all-namespaces'], true);
  assert.equal(r.flags.watch, false);
  assert.equal(r.flags['no-headers'], false, 'a no- flag not given is false');
  assert.equal(parse('get pods')!.flags['chunk-size'], 500, 'the default');
  for (const form of ['get pods -oyaml', 'get pods -o=yaml', 'get pods --output=yaml', 'get pods --output yaml']) assert.equal(parse(form)!.flags.output, 'yaml', form);
  assert.equal(parse('get pods --no-headers')!.flags['no-headers'], true);
  assert.equal(parse('get pods --no-watch')!.flags.watch, false);
  assert.equal(parse('get pods -n x')!.globals.namespace, 'x');
});

test('anything unusual is left to commander (help, unknown or malformed flags, --, bundles, subcommands)', () => {
  for (const line of ['get --help', 'get pods -h', 'get pods --bogus', 'get pods -o', 'get pods -l -x', 'get pods -Aw', 'get pods --watch=maybe', 'get pods --chunk-size=ten', '-o yaml get pods', 'get pods -- x']) {
    assert.equal(parse(line), undefined, line);
  }
  assert.equal(parseSimpleArgs(['create', 'deployment', 'web', '--image=nginx'], 'create', create, GLOBAL_FLAGS), undefined, 'a verb with subcommands');
});
