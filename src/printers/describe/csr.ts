/**
 * describe certificatesigningrequest: kubectl parses the PKCS#10 request to show its subject
 * and alternative names, so this reads just enough DER to do the same.
 */
import type { KubeObject } from '../../api/types.js';
import { formatLabels } from '../../api/labels.js';
import { humanDuration } from '../../util/duration.js';
import { describeEvents, rfc1123z } from './common.js';
import { LEVEL_0, tabbedString, type PrefixWriter } from './writer.js';

interface Der {
  tag: number;
  content: Buffer;
}

function readAll(buf: Buffer): Der[] {
  const out: Der[] = [];
  let i = 0;
  while (i < buf.length) {
    const tag = buf[i++]!;
    let len = buf[i++]!;
    if (len & 0x80) {
      const n = len & 0x7f;
      len = 0;
      for (let k = 0; k < n; k++) len = len * 256 + buf[i++]!;
    }
    out.push({ tag, content: buf.subarray(i, i + len) });
    i += len;
  }
  return out;
}

function oid(buf: Buffer): string {
  const parts = [Math.floor(buf[0]! / 40), buf[0]! % 40];
  let v = 0;
  for (const b of buf.subarray(1)) {
    v = v * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

export interface CSRSubject {
  commonName: string;
  serialNumber: string;
  lists: Record<string, string[]>;
  dnsNames: string[];
  emails: string[];
  uris: string[];
  ips: string[];
}

const NAME_OIDS: Record<string, string> = {
  '2.5.4.10': 'Organization',
  '2.5.4.11': 'Organizational Unit',
  '2.5.4.6': 'Country',
  '2.5.4.7': 'Locality',
  '2.5.4.8': 'Province',
  '2.5.4.9': 'StreetAddress',
  '2.5.4.17': 'PostalCode',
};

function ipString(b: Buffer): string {
  if (b.length === 4) return [...b].join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(b.readUInt16BE(i).toString(16));
  // Go's net.IP.String: the longest run of zero groups becomes `::`.
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

/** Subject and SANs of a PEM (base64 in the object) certificate request; undefined if unreadable. */
export function parseCSR(requestB64: string): CSRSubject | undefined {
  try {
    const pem = Buffer.from(requestB64, 'base64').toString('utf8');
    const m = /-----BEGIN CERTIFICATE REQUEST-----([\s\S]*?)-----END CERTIFICATE REQUEST-----/.exec(pem);
    if (!m) return undefined;
    const der = Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64');
    const info = readAll(readAll(readAll(der)[0]!.content)[0]!.content);
    const out: CSRSubject = { commonName: '', serialNumber: '', lists: {}, dnsNames: [], emails: [], uris: [], ips: [] };
    for (const set of readAll(info[1]!.content)) {
      for (const atv of readAll(set.content)) {
        const [type, value] = readAll(atv.content) as [Der, Der];
        const id = oid(type.content);
        const text = value.content.toString(value.tag === 0x1e ? 'utf16le' : 'utf8');
        if (id === '2.5.4.3') out.commonName = text;
        else if (id === '2.5.4.5') out.serialNumber = text;
        else if (NAME_OIDS[id]) (out.lists[NAME_OIDS[id]!] ??= []).push(text);
      }
    }
    const attrs = info.find((d) => d.tag === 0xa0);
    for (const attr of attrs ? readAll(attrs.content) : []) {
      const [type, values] = readAll(attr.content) as [Der, Der];
      if (oid(type.content) !== '1.2.840.113549.1.9.14') continue;
      for (const ext of readAll(readAll(values.content)[0]!.content)) {
        const parts = readAll(ext.content);
        if (oid(parts[0]!.content) !== '2.5.29.17') continue;
        for (const name of readAll(readAll(parts[parts.length - 1]!.content)[0]!.content)) {
          const tag = name.tag & 0x1f;
          if (tag === 1) out.emails.push(name.content.toString('latin1'));
          else if (tag === 2) out.dnsNames.push(name.content.toString('latin1'));
          else if (tag === 6) out.uris.push(name.content.toString('latin1'));
          else if (tag === 7) out.ips.push(ipString(name.content));
        }
      }
    }
    return out;
  } catch {
    return undefined;
  }
}

function csrStatus(csr: KubeObject): string {
  const types = new Set((csr.status?.conditions ?? []).map((c: any) => c.type));
  let status = types.has('Denied') ? 'Denied' : types.has('Approved') ? 'Approved' : 'Pending';
  if (types.has('Failed')) status += ',Failed';
  if (csr.status?.certificate) status += ',Issued';
  return status;
}

function printList(w: PrefixWriter, name: string, values: string[] | undefined): void {
  if (!values?.length) return;
  w.write(LEVEL_0, `\t${name}:\t${values.join('\n\t\t')}\n`);
}

export function describeCSR(csr: KubeObject, subject: CSRSubject, events: KubeObject[] | undefined, now: Date): string {
  return tabbedString((w) => {
    const spec = csr.spec ?? {};
    w.write(LEVEL_0, `Name:\t${csr.metadata.name}\n`);
    w.write(LEVEL_0, `Labels:\t${formatLabels(csr.metadata.labels)}\n`);
    w.write(LEVEL_0, `Annotations:\t${formatLabels(csr.metadata.annotations)}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(csr.metadata.creationTimestamp)}\n`);
    w.write(LEVEL_0, `Requesting User:\t${spec.username ?? ''}\n`);
    if (spec.signerName) w.write(LEVEL_0, `Signer:\t${spec.signerName}\n`);
    if (spec.expirationSeconds !== undefined && spec.expirationSeconds !== null) w.write(LEVEL_0, `Requested Duration:\t${humanDuration(spec.expirationSeconds * 1000)}\n`);
    w.write(LEVEL_0, `Status:\t${csrStatus(csr)}\n`);
    w.write(LEVEL_0, 'Subject:\n');
    w.write(LEVEL_0, `\tCommon Name:\t${subject.commonName}\n`);
    w.write(LEVEL_0, `\tSerial Number:\t${subject.serialNumber}\n`);
    for (const name of ['Organization', 'Organizational Unit', 'Country', 'Locality', 'Province', 'StreetAddress', 'PostalCode']) printList(w, name, subject.lists[name]);
    if (subject.dnsNames.length + subject.emails.length + subject.ips.length + subject.uris.length > 0) {
      w.write(LEVEL_0, 'Subject Alternative Names:\n');
      printList(w, 'DNS Names', subject.dnsNames);
      printList(w, 'Email Addresses', subject.emails);
      printList(w, 'URIs', subject.uris);
      printList(w, 'IP Addresses', subject.ips);
    }
    if (events) describeEvents(events, w, now);
  });
}
