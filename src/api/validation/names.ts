/** apimachinery's name rules (validation.IsDNS1123Subdomain and friends) with their exact messages. */

const DNS1123_LABEL_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL_RE = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

export const DNS1123_LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
export const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
export const DNS1035_LABEL_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

const maxLen = (n: number): string => `must be no more than ${n} characters`;

export function dns1123Label(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLen(63));
  if (!DNS1123_LABEL_RE.test(value)) errs.push(DNS1123_LABEL_MSG);
  return errs;
}

export function dns1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) errs.push(maxLen(253));
  if (!DNS1123_SUBDOMAIN_RE.test(value)) errs.push(DNS1123_SUBDOMAIN_MSG);
  return errs;
}

export function dns1035Label(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLen(63));
  if (!DNS1035_LABEL_RE.test(value)) errs.push(DNS1035_LABEL_MSG);
  return errs;
}

/** path.IsValidPathSegmentName: RBAC object names may hold ':' and more, but not '/' or '%'. */
export function pathSegmentName(value: string): string[] {
  if (value === '.' || value === '..') return [`may not be '${value}'`];
  const errs: string[] = [];
  for (const bad of ['/', '%']) if (value.includes(bad)) errs.push(`may not contain '${bad}'`);
  return errs;
}

/** CronJob names leave room for the 11-character suffix of the Jobs they create. */
function cronJobName(value: string): string[] {
  const errs = dns1123Subdomain(value);
  if (value.length > 52) errs.unshift(maxLen(52));
  return errs;
}

const NAME_RULES: Record<string, (v: string) => string[]> = {
  Namespace: dns1123Label,
  Service: dns1035Label,
  Role: pathSegmentName,
  ClusterRole: pathSegmentName,
  RoleBinding: pathSegmentName,
  ClusterRoleBinding: pathSegmentName,
  CronJob: cronJobName,
};

/** Kinds whose names follow their own rules (checked elsewhere or not at all here). */
const FREE_NAMES = new Set(['CustomResourceDefinition', 'APIService']);

/** Messages for an invalid metadata.name of a built-in kind; [] when valid. */
export function nameErrors(kind: string, name: string, custom: boolean): string[] {
  if (FREE_NAMES.has(kind)) return [];
  if (custom) return pathSegmentName(name);
  return (NAME_RULES[kind] ?? dns1123Subdomain)(name);
}
