/**
 * Harder fidelity cases against real kubectl: go-yaml folding and quoting corners, Go fmt
 * verbs in templates, and the order Go's unstable sort gives tied --sort-by keys.
 */
import { EDGE_OBJECTS } from './format-fixtures.js';
import { defineOracleSuite } from './format-harness.js';

const FMT = [
  '{{printf "%d|%s|%5.2f|%x|%q|%v|%T|%T|%T" "a" 3 1.5 "hi" 7 .kind .kind (len .items) 2.5}}',
  '{{printf "%s %s" "a"}}{{printf "%d" 1 2}}',
  '{{print 1 2 "a" "b" 3 nil}}{{println}}',
  '{{printf "%e %g %.3g %08.3f %+d %x %X %o %c %U %t" 1234567.0 0.00001234 3.14159 3.14159 5 255 255 8 65 65 true}}',
  '{{printf "%v|%s|%d" (index .items 0).spec (index .items 0).metadata.name (index .items 0).status.containerStatuses}}',
  '{{printf "%#v" (index .items 0).metadata}}',
  '{{printf "%10s|%-10s|%.2s|%x" "right" "left" "truncate" (index .items 0).metadata.name}}',
  '{{len 3}}',
  '{{index .kind 0}}',
  '{{slice .kind 1 3}}',
  '{{lt 1 2.0}}',
  '{{lt "a" "b"}} {{le 2 2}} {{gt 3 1}} {{ge 1 2}} {{ne 1 2}} {{eq 1 2 1}}',
  '{{and 1 0 2}} {{or 0 "" "x"}} {{not 0}}',
  '{{js "a\\"b<c>\\n=&"}} {{html "\\"x\\" <y> & \'z\'"}} {{urlquery "a b/c?d=é"}}',
  '{{range $i, $e := .items}}{{if gt $i 2}}{{break}}{{end}}{{$i}}{{end}}',
  '{{range $i, $e := .items}}{{if eq (len $e.metadata.name) 3}}{{continue}}{{end}}{{$e.metadata.name}},{{end}}',
  '{{range .nope}}x{{else}}empty{{end}}',
  '{{with .nope}}x{{else with .kind}}{{.}}{{end}}',
  '{{if .nope}}a{{else if .kind}}b{{end}}',
  '{{range $x := .items}}{{$x.metadata.name}}{{end}}',
  '{{$x := 1}}{{range .items}}{{$x = 2}}{{end}}{{$x}}',
  '{{range 3}}{{.}}{{end}}',
  '{{.kind | printf "%s-%s" "a"}}',
  '{{"x" | .kind}}',
  '{{nil}}',
  '{{$}}{{$.kind}}'.slice(0, 3) + '.kind}}',
  '{{.kind.x}}',
  '{{(index .items 0).spec.priority}}{{(index .items 0).nope.x}}',
  '{{index .items 0 "x"}}',
  '{{index (index .items 0).metadata "name" 0}}',
  '{{ .kind -}}  \n\n  {{- .kind }}',
  '{{- /* c */ -}}  x',
  '{{range .items}}{{.metadata.name}}{{end',
  '{{.kind}}{{template "x"}}',
  '{{$y}}',
  '{{if}}{{end}}',
  '{{.kind | 3}}',
  '{{"unterminated}}',
  '{{3x}}',
  '{{(.kind}}',
  '{{.kind)}}',
  '{{printf}}',
  '{{len}}',
  '{{eq 1}}',
  '{{index .items 1 2 3}}',
  '{{exists .items 0}} {{exists .items 99}} {{exists . "kind"}} {{exists . "nope"}}',
  '{{range .items}}{{printf "%v" .status}}\n{{end}}',
];

const SORT = [
  '.metadata.creationTimestamp',
  '.status.containerStatuses[0].restartCount',
  '.spec.containers[0].resources.requests.cpu',
  '.status.phase',
  '.spec.priority',
  '{.metadata.name}',
];

defineOracleSuite('edge', EDGE_OBJECTS, [
  ['get', 'cm', 'edge', '-o', 'yaml'],
  ['get', 'cm', 'edge', '-o', 'json'],
  ['get', 'cm', 'edge', '-o', 'jsonpath={.metadata.annotations}'],
  ['get', 'cm', 'edge', '-o', 'jsonpath={.spec.float}'],
  ['get', 'cm', 'edge', '-o', 'jsonpath={.spec.float[*]}'],
  ['get', 'cm', 'edge', '-o', 'jsonpath={.spec.lists[3][0].a}{.spec.objs[0].items[2]}{.spec.objs[0].items[3]}'],
  ['get', 'cm', 'edge', '-o', 'custom-columns=F:.spec.float,O:.spec.objs,L:.spec.lists[4]'],
  ['get', 'cm', 'edge', '-o', 'go-template={{.spec.float}} {{.spec.objs}}'],
  ...FMT.map((t) => ['get', 'pods', '-o', `go-template=${t}`]),
  ...SORT.map((s) => ['get', 'pods', '-o', 'name', `--sort-by=${s}`]),
  ...SORT.map((s) => ['get', 'pods', '-o', 'custom-columns=N:.metadata.name', '--no-headers', `--sort-by=${s}`]),
]);
