import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { clusterDir } from '../../src/config.js';
import { FileStore } from '../../src/store/file-store.js';
import { runCli, tempHome } from '../helpers/cli.js';

/** The pod's labels/annotations as stored. */
function meta(home: string, name: string): { labels?: Record<string, string>; annotations?: Record<string, string> } {
  return new FileStore(clusterDir(home, 'lite')).read((s) => (s.get('core/pods', `default/${name}`) as any).metadata);
}

/** Writes pods straight into the store through the CLI's own session (no apply needed). */
async function seedPods(home: string, names: string[], labels: Record<string, string>): Promise<void> {
  const { makeContext } = await import('../../src/main.js');
  const ctx = makeContext({ io: { out: { write() {} }, err: { write() {} }, isTTY: false, readStdin: async () => Buffer.alloc(0) }, env: { KUBECTL_LITE_HOME: home }, cwd: '/' });
  ctx.session().write((api) => {
    for (const name of names) {
      api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels }, spec: { containers: [{ name: 'app', image: 'nginx' }] } });
    }
  });
}

describe('label and annotate', () => {
  let home: string;
  let dispose: () => void;
  before(async () => {
    ({ home, dispose } = tempHome());
    await seedPods(home, ['nginx'], { run: 'nginx' });
    await seedPods(home, ['web-1', 'web-2'], { app: 'web' });
  });
  after(() => dispose());

  test('label: add, refuse overwrite, overwrite, no-op, remove, remove absent', async () => {
    assert.deepEqual(await runCli('label pod nginx env=prod', { home }), { stdout: 'pod/nginx labeled\n', stderr: '', code: 0 });
    assert.deepEqual(meta(home, 'nginx').labels, { env: 'prod', run: 'nginx' });
    assert.deepEqual(await runCli('label pod nginx env=dev', { home }), { stdout: '', stderr: "error: 'env' already has a value (prod), and --overwrite is false\n", code: 1 });
    assert.equal(meta(home, 'nginx').labels!.env, 'prod');
    assert.equal((await runCli('label pod nginx env=dev --overwrite', { home })).stdout, 'pod/nginx labeled\n');
    assert.equal((await runCli('label pod nginx env=dev --overwrite', { home })).stdout, 'pod/nginx not labeled\n');
    assert.equal((await runCli('label pod nginx env-', { home })).stdout, 'pod/nginx unlabeled\n');
    assert.deepEqual(meta(home, 'nginx').labels, { run: 'nginx' });
    assert.deepEqual(await runCli('label pod nginx env-', { home }), { stdout: 'label "env" not found.\npod/nginx not labeled\n', stderr: '', code: 0 });
    assert.deepEqual(await runCli('label pod nginx', { home }), { stdout: '', stderr: 'error: at least one label update is required\n', code: 1 });
  });

  test('label by selector, TYPE/NAME form, missing object, dry run', async () => {
    assert.equal((await runCli('label pods -l app=web tier=fe', { home })).stdout, 'pod/web-1 labeled\npod/web-2 labeled\n');
    assert.equal(meta(home, 'web-2').labels!.tier, 'fe');
    assert.equal((await runCli('label pod/web-1 pod/web-2 x=1', { home })).stdout, 'pod/web-1 labeled\npod/web-2 labeled\n');
    const missing = await runCli('label pod nosuch web-1 y=2', { home });
    assert.deepEqual(missing, { stdout: 'pod/web-1 labeled\n', stderr: 'Error from server (NotFound): pods "nosuch" not found\n', code: 1 });
    assert.equal((await runCli('label pod web-1 z=3 --dry-run=client', { home })).stdout, 'pod/web-1 labeled (dry run)\n');
    assert.equal(meta(home, 'web-1').labels!.z, undefined);
    assert.equal((await runCli('label pod web-1 --list', { home })).stdout, 'app=web\ntier=fe\nx=1\ny=2\n');
    // Unless the arguments name one object, each is introduced by its Kind.group/name and its lines indented.
    assert.equal((await runCli('label pods -l app=web --list', { home })).stdout, 'Listing labels for Pod./web-1:\n app=web\n tier=fe\n x=1\n y=2\nListing labels for Pod./web-2:\n app=web\n tier=fe\n x=1\n');
    assert.equal((await runCli('label pod/web-2 --list', { home })).stdout, 'app=web\ntier=fe\nx=1\n');
    assert.equal((await runCli('annotate pod web-1 web-2 --list', { home })).stdout, 'Listing annotations for Pod./web-1:\nListing annotations for Pod./web-2:\n');
  });

  test("label: kubectl checks the value; the key is the API server's to refuse", async () => {
    const before = meta(home, 'nginx').labels;
    assert.deepEqual(await runCli('label pod nginx a=b=c', { home }), { stdout: '', stderr: 'error: invalid label spec: a=b=c\n', code: 1 });
    const badValue = await runCli('label pod nginx foo=_y', { home });
    assert.deepEqual([badValue.code, badValue.stdout], [1, '']);
    assert.match(badValue.stderr, /^error: invalid label value: "foo=_y": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '\.', and must start and end with an alphanumeric character \(e\.g\. 'MyValue', {2}or 'my_value', {2}or '12345', regex used for validation is '\(\(\[A-Za-z0-9\]\[-A-Za-z0-9_\.\]\*\)\?\[A-Za-z0-9\]\)\?'\)\n$/);
    // Too long and badly formed: both reasons, joined by a bare ';' (as kubectl v1.32 prints them).
    const long = `${'a'.repeat(64)}-`;
    const both = await runCli(`label pod nginx k=${long}`, { home });
    assert.deepEqual([both.code, both.stdout], [1, '']);
    assert.ok(both.stderr.startsWith(`error: invalid label value: "k=${long}": must be no more than 63 characters;a valid label must be an empty string`), both.stderr);
    assert.equal(both.stderr.split('\n').length, 2);
    const badKey = await runCli('label pod nginx __proto__=v', { home });
    assert.deepEqual([badKey.code, badKey.stdout], [1, '']);
    assert.match(badKey.stderr, /^The Pod "nginx" is invalid: metadata\.labels: Invalid value: "__proto__": name part must consist of alphanumeric characters/);
    assert.equal(badKey.stderr.split('\n').length, 2);
    assert.deepEqual(meta(home, 'nginx').labels, before);
  });

  test('annotate: add, refuse overwrite, remove', async () => {
    assert.deepEqual(await runCli('annotate pod nginx note=hello', { home }), { stdout: 'pod/nginx annotated\n', stderr: '', code: 0 });
    const clash = await runCli('annotate pod nginx note=bye', { home });
    assert.deepEqual(clash, { stdout: '', stderr: "error: --overwrite is false but found the following declared annotation(s): 'note' already has a value (hello)\n", code: 1 });
    assert.equal((await runCli('annotate pod nginx note-', { home })).stdout, 'pod/nginx annotated\n');
    assert.equal(meta(home, 'nginx').annotations, undefined);
  });

  test('label and annotate --field-selector: only the objects the server selects; bad labels and --all refused as kubectl does', async () => {
    assert.deepEqual(await runCli('label pods --field-selector metadata.name=web-1 picked=yes', { home }), { stdout: 'pod/web-1 labeled\n', stderr: '', code: 0 });
    assert.equal(meta(home, 'web-1').labels!.picked, 'yes');
    assert.equal(meta(home, 'web-2').labels?.picked, undefined, 'web-2 is not selected');
    assert.equal(meta(home, 'nginx').labels?.picked, undefined, 'nginx is not selected');
    assert.deepEqual(await runCli('annotate pods --field-selector metadata.name!=web-1 -l app=web note=x', { home }), { stdout: 'pod/web-2 annotated\n', stderr: '', code: 0 });
    assert.deepEqual(await runCli('label pods --field-selector spec.bogus=1 refused=y', { home }), {
      stdout: '',
      stderr: 'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", field selector "spec.bogus=1": field label not supported: spec.bogus\n',
      code: 1,
    });
    assert.deepEqual(await runCli('label pods --all --field-selector metadata.name=web-1 refused=y', { home }), { stdout: '', stderr: 'error: cannot set --all and --field-selector at the same time\n', code: 1 });
    assert.deepEqual(await runCli('label pod web-1 --field-selector metadata.name=web-1 refused=y', { home }), { stdout: '', stderr: 'error: name cannot be provided when a selector is specified\n', code: 1 });
    assert.equal(meta(home, 'web-1').labels?.refused, undefined, 'nothing labeled by the refused commands');
  });

  test('--list lists the labels as changed on the client, sending nothing; a client dry run never reaches the server', async () => {
    const before = meta(home, 'web-2');
    assert.deepEqual(await runCli('label pod web-2 tier- q=1 --list', { home }), { stdout: 'app=web\nq=1\nx=1\n', stderr: '', code: 0 });
    assert.deepEqual(await runCli('annotate pod web-2 q=1 --list --resource-version=1', { home }), { stdout: 'note=x\nq=1\n', stderr: '', code: 0 });
    assert.deepEqual(await runCli('label pod web-2 app=db --list', { home }), { stdout: '', stderr: "error: 'app' already has a value (web), and --overwrite is false\n", code: 1 });
    // kubectl changes its copy only: the API server's validation and resourceVersion check are not asked.
    assert.deepEqual(await runCli(['label', 'pod', 'web-2', 'bad key=1', '--dry-run=client'], { home }), { stdout: 'pod/web-2 labeled (dry run)\n', stderr: '', code: 0 });
    assert.deepEqual(await runCli('annotate pod web-2 q=1 --resource-version=1 --dry-run=client -o jsonpath={.metadata.resourceVersion}', { home }), { stdout: '1', stderr: '', code: 0 });
    assert.equal((await runCli('label pod web-2 q=1 --resource-version=1 --dry-run=server', { home })).stderr, 'Error from server (Conflict): Operation cannot be fulfilled on pods "web-2": the object has been modified; please apply your changes to the latest version and try again\n');
    // An --overwrite refusal comes before the resourceVersion's.
    assert.equal((await runCli('label pod web-2 app=db --resource-version=1', { home })).stderr, "error: 'app' already has a value (web), and --overwrite is false\n");
    assert.deepEqual(meta(home, 'web-2'), before);
  });

  test("kubectl's checks in its order (kubectl v1.32 through serve)", async () => {
    const refused = (message: string) => ({ stdout: '', stderr: `error: ${message}\n`, code: 1 });
    const cases: Array<[string, string]> = [
      ['label pod web-1 --list -o yaml --all -l a=b', '--list and --output may not be specified together'],
      ['label --local pod web-1 --all -l a=b', 'cannot set --all and --selector at the same time'],
      ['label --local --dry-run=server', 'cannot specify --local and --dry-run=server - did you mean --dry-run=client?'],
      ['label pod web-1 --local', 'can only use local files by -f pod.yaml or --filename=pod.json when --local=true is set'],
      ['label --local', 'one or more files must be specified as -f pod.yaml or --filename=pod.json'],
      ['label --all -l x=y', 'cannot set --all and --selector at the same time'],
      ['label pod web-1 a=1 a- --list -o yaml', 'can not both modify and remove a label in the same command'],
      ['annotate pod web-1 --local', 'can only use local files by -f rsrc.yaml or --filename=rsrc.json when --local=true is set'],
      ['annotate --local x=1', 'one or more files must be specified as -f rsrc.yaml or --filename=rsrc.json'],
      ['annotate pod web-1 a=1 b=2 b- a- --all -l a=b', 'cannot set --all and --selector at the same time'],
      ['annotate pod web-1 a=1 b=2 b- a-', 'can not both modify and remove the following annotation(s) in the same command: b, a'],
    ];
    for (const [line, message] of cases) assert.deepEqual(await runCli(line, { home }), refused(message), line);
  });

  test('label builds its printer once it has labeled: no wide, no custom-columns', async () => {
    assert.deepEqual(await runCli('label pod web-1 printed=1 -o custom-columns=N:.metadata.name', { home }), {
      stdout: '',
      stderr: 'error: unable to match a printer suitable for the output format "custom-columns=N:.metadata.name", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml\n',
      code: 1,
    });
    assert.equal(meta(home, 'web-1').labels!.printed, '1', 'labeled before the printer failed');
  });
});
