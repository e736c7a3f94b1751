#!/usr/bin/env node
/**
 * Writes assets/protobuf-schemas.json: the protobuf field numbers and types of the Kubernetes API
 * messages serve decodes (kubectl's typed clients send `application/vnd.kubernetes.protobuf`
 * bodies). They are read from the FileDescriptorProtos every Kubernetes Go binary carries
 * (gzipped, registered by the generated code), here the real kubectl's:
 *
 *   npm run build && node scripts/proto-schemas.mjs [/usr/bin/kubectl]
 *
 * Only the group versions kubectl-lite serves are kept. Output, per message full name:
 * `{ "<field number>": [jsonName, type, typeName, repeated] }` (type as in descriptor.proto:
 * 1 double ... 18 sint64; typeName without the leading dot, or 0), `"$map": 1` on map entries.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import { wireFields } from '../dist/src/serve/protowire.js';

const KEEP = [
  'k8s.io/api/core/v1/',
  'k8s.io/api/apps/v1/',
  'k8s.io/api/batch/v1/',
  'k8s.io/api/rbac/v1/',
  'k8s.io/api/policy/v1/',
  'k8s.io/api/networking/v1/',
  'k8s.io/api/scheduling/v1/',
  'k8s.io/api/autoscaling/v1/',
  'k8s.io/api/autoscaling/v2/',
  'k8s.io/api/storage/v1/',
  'k8s.io/api/coordination/v1/',
  'k8s.io/api/discovery/v1/',
  'k8s.io/api/events/v1/',
  'k8s.io/api/authentication/v1/',
  'k8s.io/api/authorization/v1/',
  'k8s.io/api/certificates/v1/',
  'k8s.io/api/admissionregistration/v1/',
  'k8s.io/apimachinery/pkg/apis/meta/v1/',
  'k8s.io/apimachinery/pkg/runtime/generated',
  'k8s.io/apimachinery/pkg/api/resource/',
  'k8s.io/apimachinery/pkg/util/intstr/',
];

/** Reads a protobuf message into [field number, wire type, value] triples (serve's reader, built). */
const fields = (buf) => wireFields(buf);

const text = (b) => Buffer.from(b).toString('utf8');

function addMessage(prefix, msg, schema) {
  let name = '';
  const entry = {};
  const nested = [];
  for (const [no, , v] of fields(msg)) {
    if (no === 1) name = text(v);
    else if (no === 3) nested.push(v);
    else if (no === 7) for (const [o, , ov] of fields(v)) if (o === 7 && ov) entry.$map = 1;
  }
  const full = `${prefix}.${name}`;
  for (const [no, , v] of fields(msg)) {
    if (no !== 2) continue;
    const f = { name: '', number: 0, label: 1, type: 0, typeName: '', jsonName: '' };
    for (const [fno, , fv] of fields(v)) {
      if (fno === 1) f.name = text(fv);
      else if (fno === 3) f.number = Number(fv);
      else if (fno === 4) f.label = Number(fv);
      else if (fno === 5) f.type = Number(fv);
      else if (fno === 6) f.typeName = text(fv).replace(/^\./, '');
      else if (fno === 10) f.jsonName = text(fv);
    }
    // Kubernetes' .proto files name fields as their JSON does, but for the few whose protobuf tag
    // names them otherwise (go-to-protobuf took the Go field's name).
    entry[f.number] = [JSON_NAMES[`${full}.${f.name}`] ?? f.name, f.type, f.typeName || 0, f.label === 3 ? 1 : 0];
  }
  schema[full] = entry;
  for (const n of nested) addMessage(full, n, schema);
}

/** Fields whose .proto name is not their JSON name. */
const JSON_NAMES = {
  'k8s.io.api.authentication.v1.BoundObjectReference.uID': 'uid',
  'k8s.io.api.networking.v1.IngressClassParametersReference.aPIGroup': 'apiGroup',
};

const binary = process.argv[2] ?? '/usr/bin/kubectl';
const data = readFileSync(binary);
const magic = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0xff]);
const schema = {};
const files = [];
for (let at = data.indexOf(magic); at >= 0; at = data.indexOf(magic, at + 1)) {
  let file;
  try {
    file = inflateRawSync(data.subarray(at + 10, at + 10 + 4 * 1024 * 1024));
  } catch {
    continue;
  }
  let name = '';
  let pkg = '';
  for (const [no, , v] of fields(file)) {
    if (no === 1) name = text(v);
    else if (no === 2) pkg = text(v);
  }
  if (!KEEP.some((k) => name.startsWith(k))) continue;
  files.push(name);
  for (const [no, , v] of fields(file)) if (no === 4) addMessage(pkg, v, schema);
}
const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'assets', 'protobuf-schemas.json');
writeFileSync(out, JSON.stringify(schema) + '\n');
console.log(`${files.length} files, ${Object.keys(schema).length} messages -> ${out}`);
