import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GoTemplate, TemplateError } from '../../src/printers/go-template.js';

const data = {
  kind: 'List',
  items: [
    { metadata: { name: 'web', labels: { app: 'web' } }, spec: { replicas: 3, big: 1000000, half: 0.5 }, status: { phase: 'Running' } },
    { metadata: { name: 'db' }, spec: { replicas: 1 }, status: { phase: 'Pending' } },
  ],
  data: { password: 'czNjcjN0IQ==', 'tls.crt': 'Y2VydA==' },
};
const run = (t: string) => {
  let out = '';
  new GoTemplate(t).execute(data, (s) => void (out += s));
  return out;
};

test('go-template: range, if/else, variables, missing keys', () => {
  assert.equal(run('{{range .items}}{{.metadata.name}}{{"\\n"}}{{end}}'), 'web\ndb\n');
  assert.equal(run('{{range $i, $p := .items}}{{$i}}={{$p.metadata.name}} {{end}}'), '0=web 1=db ');
  assert.equal(run('{{range .items}}{{if eq .status.phase "Running"}}up{{else}}down{{end}} {{end}}'), 'up down ');
  assert.equal(run('{{range .items}}{{.metadata.nope}}|{{end}}'), '<no value>|<no value>|');
  assert.equal(run('{{- range .items -}}\n  {{ .metadata.name }}\n{{- end }}'), 'webdb');
  assert.equal(run('{{range $k, $v := (index .items 0).metadata.labels}}{{$k}}={{$v}}{{end}}'), 'app=web');
});

test('go-template: numbers are int64 or float64 as kubectl decodes them', () => {
  assert.equal(run('{{(index .items 0).spec.big}} {{(index .items 0).spec.half}} {{len .items}}'), '1000000 0.5 2');
  assert.equal(run('{{if eq (index .items 0).spec.replicas 3}}three{{end}}'), 'three');
  assert.throws(() => run('{{if eq (index .items 0).spec.replicas 3.0}}x{{end}}'), /error calling eq: incompatible types for comparison/);
});

test('go-template: base64decode, index, printf', () => {
  assert.equal(run('{{.data.password | base64decode}}'), 's3cr3t!');
  assert.equal(run('{{index .data "tls.crt" | base64decode}}'), 'cert');
  assert.equal(run('{{printf "%s:%d:%q:%v" "a" 3 "b" (index .items 0).metadata.labels}}'), 'a:3:"b":map[app:web]');
  assert.equal(run('{{printf "%d" "a"}}'), '%!d(string=a)');
});

test('go-template: errors worded as text/template words them', () => {
  assert.throws(() => new GoTemplate('{{.items'), new TemplateError('template: output:1: unclosed action'));
  assert.throws(() => new GoTemplate('{{.a | nosuch}}'), new TemplateError('template: output:1: function "nosuch" not defined'));
  assert.throws(() => new GoTemplate('{{range .items}}'), new TemplateError('template: output:1: unexpected EOF'));
  assert.throws(
    () => run('{{index .items 99}}'),
    new TemplateError('template: output:1:2: executing "output" at <index .items 99>: error calling index: index out of range: 99'),
  );
});
