/**
 * Field validation after decoding (the registry strategies' Validate): required values, names,
 * labels, enums, selectors, ports. Causes use Kubernetes' field-error wording and come in the
 * order the API server's validation code produces them.
 */
import type { StatusCause } from '../../errors.js';
import { checkCertificateSigningRequest } from '../certificates.js';
import { CronParseError, knownTimeZone, parseSchedule } from '../cron-schedule.js';
import { labelSelectorMatches, labelValueErrors, qualifiedNameErrors } from '../labels.js';
import type { KubeObject, LabelSelector } from '../types.js';
import { dns1123Label, nameErrors } from './names.js';

type Obj = Record<string, any>;

/** Go's %q / %#v rendering of a value inside `Invalid value: ...`. */
export function renderValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string')) {
    const entries = Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${JSON.stringify((v as Obj)[k])}`);
    return `map[string]string{${entries.join(', ')}}`;
  }
  return JSON.stringify(v);
}

export const required = (field: string, detail?: string): StatusCause => ({
  field,
  message: detail ? `Required value: ${detail}` : 'Required value',
});
export const invalidValue = (field: string, value: unknown, detail: string): StatusCause => ({
  field,
  message: `Invalid value: ${renderValue(value)}: ${detail}`,
});
export const unsupported = (field: string, value: unknown, supported: string[]): StatusCause => ({
  field,
  message: `Unsupported value: ${renderValue(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`,
});
export const duplicate = (field: string, value: unknown): StatusCause => ({ field, message: `Duplicate value: ${renderValue(value)}` });
const notFoundValue = (field: string, value: unknown): StatusCause => ({ field, message: `Not found: ${renderValue(value)}` });

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);

function checkEnum(out: StatusCause[], field: string, value: unknown, supported: string[]): void {
  if (value !== undefined && !supported.includes(value as string)) out.push(unsupported(field, value, supported));
}

function checkLabels(out: StatusCause[], field: string, labels: unknown): void {
  if (!isObj(labels)) return;
  // Every reason for each key and value, one cause each (apimachinery's ValidateLabels).
  for (const [k, v] of Object.entries(labels)) {
    for (const msg of qualifiedNameErrors(k)) out.push(invalidValue(field, k, msg));
    if (typeof v === 'string') for (const msg of labelValueErrors(v)) out.push(invalidValue(field, v, msg));
  }
}

/** Annotations together may hold 256 KiB (keys and values), which large applied configurations can exceed. */
const ANNOTATIONS_MAX_BYTES = 256 * 1024;

function checkAnnotations(out: StatusCause[], field: string, annotations: unknown): void {
  if (!isObj(annotations)) return;
  let size = 0;
  for (const [k, v] of Object.entries(annotations)) {
    // A qualified name but for case: checked lowercased, every complaint, each naming the key as written.
    for (const msg of qualifiedNameErrors(k.toLowerCase())) out.push(invalidValue(field, k, msg));
    size += Buffer.byteLength(k) + (typeof v === 'string' ? Buffer.byteLength(v) : 0);
  }
  if (size > ANNOTATIONS_MAX_BYTES) out.push({ field, message: `Too long: may not be more than ${ANNOTATIONS_MAX_BYTES} bytes` });
}

/** ValidateObjectMeta for the object itself. */
export function checkObjectMeta(out: StatusCause[], obj: KubeObject, custom: boolean): void {
  const meta = isObj(obj.metadata) ? obj.metadata : {};
  const name = meta.name;
  if (typeof meta.generateName === 'string' && meta.generateName) {
    // A prefix may end in '-': only the rest must already be a valid name.
    const masked = meta.generateName.replace(/-$/, 'a');
    for (const msg of nameErrors(obj.kind, masked, custom)) out.push(invalidValue('metadata.generateName', meta.generateName, msg));
  }
  if (!name) {
    out.push(required('metadata.name', 'name or generateName is required'));
  } else {
    for (const msg of nameErrors(obj.kind, name, custom)) out.push(invalidValue('metadata.name', name, msg));
  }
  checkLabels(out, 'metadata.labels', meta.labels);
  checkAnnotations(out, 'metadata.annotations', meta.annotations);
}

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const DNS_POLICIES = ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'];
const MESSAGE_POLICIES = ['FallbackToLogsOnError', 'File'];

const TOLERATION_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

function checkTolerations(out: StatusCause[], path: string, tolerations: unknown): void {
  list(tolerations).forEach((t, i) => {
    const at = `${path}[${i}]`;
    if (t.key) for (const msg of qualifiedNameErrors(String(t.key))) out.push(invalidValue(`${at}.key`, t.key, msg));
    if (!t.key && t.operator !== 'Exists') out.push(invalidValue(`${at}.operator`, t.operator ?? '', 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute') {
      out.push(invalidValue(`${at}.effect`, t.effect ?? '', 'effect must be \'NoExecute\' when `tolerationSeconds` is set'));
    }
    if (t.operator === undefined || t.operator === 'Equal') {
      // Every complaint about the value in one cause, joined by ';' as the API server does.
      const valueErrs = labelValueErrors(String(t.value ?? ''));
      if (valueErrs.length) out.push(invalidValue(`${at}.operator`, String(t.value), valueErrs.join(';')));
    } else if (t.operator === 'Exists') {
      if (t.value) out.push({ field: `${at}.operator`, message: `Invalid value: ${goToleration(t)}: value must be empty when \`operator\` is 'Exists'` });
    } else out.push(unsupported(`${at}.operator`, t.operator, ['Equal', 'Exists']));
    if (t.effect) checkEnum(out, `${at}.effect`, t.effect, TOLERATION_EFFECTS);
  });
}

/** Go's %#v of a core.Toleration. */
function goToleration(t: Obj): string {
  const seconds = typeof t.tolerationSeconds === 'number' ? `(*int64)(${t.tolerationSeconds})` : '(*int64)(nil)';
  const q = (v: unknown): string => JSON.stringify(String(v ?? ''));
  return `core.Toleration{Key:${q(t.key)}, Operator:${q(t.operator)}, Value:${q(t.value)}, Effect:${q(t.effect)}, TolerationSeconds:${seconds}}`;
}

/** validation.IsValidPortNum; `isRequired` reports an unset (zero) port as `Required value` instead. */
function checkPort(out: StatusCause[], field: string, port: unknown, isRequired: boolean): void {
  if (isRequired && (port === undefined || port === 0)) {
    out.push(required(field));
    return;
  }
  if (typeof port === 'number' && (port < 1 || port > 65535)) {
    out.push(invalidValue(field, port, 'must be between 1 and 65535, inclusive'));
  }
}

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];

function checkProbes(out: StatusCause[], at: string, c: Obj): void {
  for (const probe of PROBES) {
    const p = c[probe];
    if (isObj(p) && !PROBE_HANDLERS.some((h) => p[h] !== undefined)) out.push(required(`${at}.${probe}`, 'must specify a handler type'));
  }
}

/** validation.IsValidPortName (IANA service names): named container and target ports. */
export function portNameErrors(name: string): string[] {
  const errs: string[] = [];
  if (name.length > 15) errs.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(name)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(name)) errs.push('must contain at least one letter (a-z)');
  if (name.includes('--')) errs.push('must not contain consecutive hyphens');
  if (name.startsWith('-') || name.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

const SUFFIXES: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** The value of a resource.Quantity as a number (precise enough to compare requests with limits). */
export function quantityValue(q: unknown): number | undefined {
  if (typeof q === 'number') return q;
  if (typeof q !== 'string') return undefined;
  const m = /^([+-]?[0-9.]+)([eE][-+]?[0-9]+|[a-zA-Z]*)$/.exec(q);
  if (!m) return undefined;
  const n = Number(m[1]);
  if (m[2]!.startsWith('e') || m[2]!.startsWith('E')) return n * 10 ** Number(m[2]!.slice(1));
  const factor = SUFFIXES[m[2]!];
  return factor === undefined ? undefined : n * factor;
}

function checkResources(out: StatusCause[], at: string, resources: unknown): void {
  if (!isObj(resources)) return;
  const limits: Obj = isObj(resources.limits) ? resources.limits : {};
  const requests: Obj = isObj(resources.requests) ? resources.requests : {};
  for (const [kind, values] of [['limits', limits], ['requests', requests]] as const) {
    for (const [name, q] of Object.entries(values)) {
      const v = quantityValue(q);
      if (v !== undefined && v < 0) out.push(invalidValue(`${at}.resources.${kind}[${name}]`, String(q), 'must be greater than or equal to 0'));
    }
  }
  for (const [name, q] of Object.entries(requests)) {
    const request = quantityValue(q);
    const limit = quantityValue(limits[name]);
    if (request !== undefined && limit !== undefined && request > limit) {
      out.push(invalidValue(`${at}.resources.requests[${name}]`, String(q), `must be less than or equal to ${name} limit of ${String(limits[name])}`));
    }
  }
}

function checkContainers(out: StatusCause[], path: string, containers: Obj[], volumes: Set<string>, names: Set<string>): void {
  containers.forEach((c, i) => {
    const at = `${path}[${i}]`;
    if (!c.name) out.push(required(`${at}.name`));
    else {
      for (const msg of dns1123Label(c.name)) out.push(invalidValue(`${at}.name`, c.name, msg));
      if (names.has(c.name)) out.push(duplicate(`${at}.name`, c.name));
      names.add(c.name);
    }
    if (!c.image) out.push(required(`${at}.image`));
    const portNames = new Set<string>();
    list(c.ports).forEach((p, j) => {
      if (typeof p.name === 'string' && p.name) {
        const errs = portNameErrors(p.name);
        for (const msg of errs) out.push(invalidValue(`${at}.ports[${j}].name`, p.name, msg));
        if (!errs.length && portNames.has(p.name)) out.push(duplicate(`${at}.ports[${j}].name`, p.name));
        portNames.add(p.name);
      }
      checkPort(out, `${at}.ports[${j}].containerPort`, p.containerPort, true);
      if (p.hostPort) checkPort(out, `${at}.ports[${j}].hostPort`, p.hostPort, false);
      checkEnum(out, `${at}.ports[${j}].protocol`, p.protocol, PROTOCOLS);
    });
    list(c.volumeMounts).forEach((m, j) => {
      if (m.name && !volumes.has(m.name)) out.push(notFoundValue(`${at}.volumeMounts[${j}].name`, m.name));
    });
    checkResources(out, at, c.resources);
    checkProbes(out, at, c);
    checkEnum(out, `${at}.terminationMessagePolicy`, c.terminationMessagePolicy, MESSAGE_POLICIES);
    checkEnum(out, `${at}.imagePullPolicy`, c.imagePullPolicy, PULL_POLICIES);
  });
}

/** ValidatePodSpec; `restartPolicies` narrows the allowed policies (templates of controllers). */
export function checkPodSpec(out: StatusCause[], path: string, spec: unknown, restartPolicies = RESTART_POLICIES, claimNames: string[] = []): void {
  if (!isObj(spec)) {
    out.push(required(`${path}.containers`));
    return;
  }
  const volumes = new Set<string>();
  list(spec.volumes).forEach((v, i) => {
    if (!v.name) return;
    for (const msg of dns1123Label(v.name)) out.push(invalidValue(`${path}.volumes[${i}].name`, v.name, msg));
    if (volumes.has(v.name)) out.push(duplicate(`${path}.volumes[${i}].name`, v.name));
    volumes.add(v.name);
  });
  for (const claim of claimNames) volumes.add(claim);
  const containers = list(spec.containers);
  const names = new Set<string>();
  if (containers.length === 0) out.push(required(`${path}.containers`));
  checkContainers(out, `${path}.containers`, containers, volumes, names);
  checkContainers(out, `${path}.initContainers`, list(spec.initContainers), volumes, names);
  checkTolerations(out, `${path}.tolerations`, spec.tolerations);
  if (spec.restartPolicy === undefined) out.push(required(`${path}.restartPolicy`));
  else checkEnum(out, `${path}.restartPolicy`, spec.restartPolicy, restartPolicies);
  checkEnum(out, `${path}.dnsPolicy`, spec.dnsPolicy, DNS_POLICIES);
}

/** A controller's pod template: labels, pod spec, and the selector that must match the labels. */
function checkTemplate(
  out: StatusCause[],
  path: string,
  template: unknown,
  restartPolicies: string[],
  matches?: (labels: Obj | undefined) => boolean,
  claimNames: string[] = [],
): void {
  if (!isObj(template)) {
    out.push(required(path));
    return;
  }
  const labels = isObj(template.metadata) ? template.metadata.labels : undefined;
  if (matches && !matches(labels)) {
    out.push(invalidValue(`${path}.metadata.labels`, labels ?? {}, '`selector` does not match template `labels`'));
  }
  checkLabels(out, `${path}.metadata.labels`, labels);
  checkPodSpec(out, `${path}.spec`, template.spec, restartPolicies, claimNames);
}

/**
 * apps/v1 workloads require a selector; without one the template is checked against a selector
 * that matches nothing, as LabelSelectorAsSelector(nil) does.
 */
function requiredSelector(out: StatusCause[], selector: unknown): (labels: Obj | undefined) => boolean {
  if (!isObj(selector)) {
    out.push(required('spec.selector'));
    return () => false;
  }
  return (labels) => labelSelectorMatches(selector as LabelSelector, labels as Record<string, string> | undefined);
}

function optionalSelector(selector: unknown): ((labels: Obj | undefined) => boolean) | undefined {
  return isObj(selector) ? (labels) => labelSelectorMatches(selector as LabelSelector, labels as Record<string, string> | undefined) : undefined;
}

function checkService(out: StatusCause[], spec: Obj): void {
  const type = spec.type ?? 'ClusterIP';
  checkEnum(out, 'spec.type', spec.type, ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']);
  const ports = list(spec.ports);
  const headless = spec.clusterIP === 'None';
  if (ports.length === 0 && !headless && type !== 'ExternalName') out.push(required('spec.ports'));
  const seen = new Set<string>();
  ports.forEach((p, i) => {
    const at = `spec.ports[${i}]`;
    if (ports.length > 1 && !p.name) out.push(required(`${at}.name`));
    else if (p.name) {
      for (const msg of dns1123Label(p.name)) out.push(invalidValue(`${at}.name`, p.name, msg));
      if (seen.has(p.name)) out.push(duplicate(`${at}.name`, p.name));
      seen.add(p.name);
    }
    // A service port has no `Required value`: 0 (or none) is simply out of range.
    checkPort(out, `${at}.port`, p.port ?? 0, false);
    checkEnum(out, `${at}.protocol`, p.protocol, PROTOCOLS);
    if (typeof p.targetPort === 'number') checkPort(out, `${at}.targetPort`, p.targetPort, false);
    if (typeof p.targetPort === 'string') for (const msg of portNameErrors(p.targetPort)) out.push(invalidValue(`${at}.targetPort`, p.targetPort, msg));
  });
  if (type === 'ExternalName' && !spec.externalName) out.push(required('spec.externalName'));
  checkEnum(out, 'spec.sessionAffinity', spec.sessionAffinity, ['ClientIP', 'None']);
}

const CONFIG_KEY_RE = /^[-._a-zA-Z0-9]+$/;
const CONFIG_KEY_MSG =
  "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

function checkDataKeys(out: StatusCause[], field: string, data: unknown): void {
  if (!isObj(data)) return;
  for (const k of Object.keys(data)) {
    if (!CONFIG_KEY_RE.test(k)) out.push(invalidValue(`${field}[${k}]`, k, CONFIG_KEY_MSG));
  }
}

const CONCURRENCY_POLICIES = ['Allow', 'Forbid', 'Replace'];

/**
 * validateCronJobSpec: the schedule as robfig/cron reads it, with no `TZ=` in it unless the stored
 * one had one; the time zone as Go loads it (checked when it changes); then the job template and
 * the limits.
 */
function checkCronJobSpec(out: StatusCause[], spec: Obj, oldSpec: Obj | undefined): void {
  const schedule: unknown = spec.schedule;
  if (schedule === undefined || schedule === '') out.push(required('spec.schedule'));
  else if (typeof schedule === 'string') {
    try {
      parseSchedule(schedule);
    } catch (err) {
      if (!(err instanceof CronParseError)) throw err;
      out.push(invalidValue('spec.schedule', schedule, err.message));
    }
    const hadZone = typeof oldSpec?.schedule === 'string' && oldSpec.schedule.includes('TZ');
    if (schedule.includes('TZ') && !hadZone) out.push(invalidValue('spec.schedule', schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
    else if (schedule.includes('TZ') && spec.timeZone !== undefined) out.push(invalidValue('spec.schedule', schedule, 'cannot use both timeZone field and TZ or CRON_TZ in schedule'));
  }
  checkNonNegative(out, 'spec.startingDeadlineSeconds', spec.startingDeadlineSeconds);
  if (!oldSpec || oldSpec.timeZone !== spec.timeZone) checkTimeZoneName(out, 'spec.timeZone', spec.timeZone);
  checkEnum(out, 'spec.concurrencyPolicy', spec.concurrencyPolicy, CONCURRENCY_POLICIES);
  const jobSpec: Obj = isObj(spec.jobTemplate) && isObj(spec.jobTemplate.spec) ? spec.jobTemplate.spec : {};
  checkNonNegative(out, 'spec.jobTemplate.spec.parallelism', jobSpec.parallelism);
  checkNonNegative(out, 'spec.jobTemplate.spec.completions', jobSpec.completions);
  checkNonNegative(out, 'spec.jobTemplate.spec.backoffLimit', jobSpec.backoffLimit);
  checkTemplate(out, 'spec.jobTemplate.spec.template', jobSpec.template, JOB_RESTART);
  checkNonNegative(out, 'spec.successfulJobsHistoryLimit', spec.successfulJobsHistoryLimit);
  checkNonNegative(out, 'spec.failedJobsHistoryLimit', spec.failedJobsHistoryLimit);
}

/** Each part of an IANA zone name: letters, digits, `.`, `-`, `_`, `+`, at most 14 (validateTimeZone). */
const TIME_ZONE_PART = /^[A-Za-z.\-_0-9+]{1,14}$/;

function checkTimeZoneName(out: StatusCause[], field: string, tz: unknown): void {
  if (typeof tz !== 'string') return;
  if (tz === '') {
    out.push(invalidValue(field, tz, 'timeZone must be nil or non-empty string'));
    return;
  }
  if (tz.split('/').some((part) => part === '.' || part === '..' || part.startsWith('-') || !TIME_ZONE_PART.test(part))) {
    out.push(invalidValue(field, tz, `unknown time zone ${tz}`));
    return;
  }
  if (tz.toLowerCase() === 'local') out.push(invalidValue(field, tz, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones'));
  // Go's LoadLocation takes `Local` (the line above refuses it); any other name must be in the zone database.
  if (tz !== 'Local' && !knownTimeZone(tz)) out.push(invalidValue(field, tz, `unknown time zone ${tz}`));
}

function checkNonNegative(out: StatusCause[], field: string, value: unknown): void {
  if (typeof value === 'number' && value < 0) out.push(invalidValue(field, value, 'must be greater than or equal to 0'));
}

/** Go's %#v of an intstr.IntOrString (the value of percent errors). */
function goIntOrString(v: unknown): string {
  return typeof v === 'string'
    ? `intstr.IntOrString{Type:1, IntVal:0, StrVal:${JSON.stringify(v)}}`
    : `intstr.IntOrString{Type:0, IntVal:${Number(v ?? 0)}, StrVal:""}`;
}

const PERCENT_MSG = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

/** ValidatePositiveIntOrPercent. */
function checkIntOrPercent(out: StatusCause[], field: string, v: unknown): void {
  if (typeof v === 'string' && !/^[0-9]+%$/.test(v)) out.push({ field, message: `Invalid value: ${goIntOrString(v)}: ${PERCENT_MSG}` });
  if (typeof v === 'number') checkNonNegative(out, field, v);
}

const intOrPercentValue = (v: unknown): number => (typeof v === 'number' ? v : parseInt(String(v ?? '0'), 10) || 0);

function checkDeploymentStrategy(out: StatusCause[], strategy: unknown): void {
  if (!isObj(strategy)) return;
  checkEnum(out, 'spec.strategy.type', strategy.type, ['Recreate', 'RollingUpdate']);
  if (strategy.type === 'Recreate' && strategy.rollingUpdate !== undefined) {
    out.push({ field: 'spec.strategy.rollingUpdate', message: "Forbidden: may not be specified when strategy `type` is 'Recreate'" });
  }
  const rolling = strategy.rollingUpdate;
  if (strategy.type !== 'RollingUpdate' || !isObj(rolling)) return;
  const path = 'spec.strategy.rollingUpdate';
  checkIntOrPercent(out, `${path}.maxUnavailable`, rolling.maxUnavailable);
  checkIntOrPercent(out, `${path}.maxSurge`, rolling.maxSurge);
  if (intOrPercentValue(rolling.maxUnavailable) === 0 && intOrPercentValue(rolling.maxSurge) === 0) {
    out.push({ field: `${path}.maxUnavailable`, message: `Invalid value: ${goIntOrString(rolling.maxUnavailable)}: may not be 0 when \`maxSurge\` is 0` });
  }
  if (typeof rolling.maxUnavailable === 'string' && intOrPercentValue(rolling.maxUnavailable) > 100) {
    out.push({ field: `${path}.maxUnavailable`, message: `Invalid value: ${goIntOrString(rolling.maxUnavailable)}: must not be greater than 100%` });
  }
}

/** Keys a typed Secret must hold (in data or stringData). */
const SECRET_KEYS: Record<string, string[]> = {
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
};

function checkSecret(out: StatusCause[], obj: KubeObject): void {
  checkDataKeys(out, 'data', obj.data);
  checkDataKeys(out, 'stringData', obj.stringData);
  const keys = new Set([...Object.keys(isObj(obj.data) ? obj.data : {}), ...Object.keys(isObj(obj.stringData) ? obj.stringData : {})]);
  for (const key of SECRET_KEYS[obj.type as string] ?? []) if (!keys.has(key)) out.push(required(`data[${key}]`));
  if (obj.type === 'kubernetes.io/service-account-token' && !(isObj(obj.metadata.annotations) && obj.metadata.annotations['kubernetes.io/service-account.name'])) {
    out.push(required('metadata.annotations[kubernetes.io/service-account.name]'));
  }
}

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];

function checkClaimSpec(out: StatusCause[], path: string, spec: Obj): void {
  const modes = Array.isArray(spec.accessModes) ? spec.accessModes : [];
  if (modes.length === 0) out.push(required(`${path}.accessModes`, 'at least 1 access mode is required'));
  for (const m of modes) checkEnum(out, `${path}.accessModes`, m, ACCESS_MODES);
  const requests = isObj(spec.resources) && isObj(spec.resources.requests) ? spec.resources.requests : {};
  if (requests.storage === undefined) out.push(required(`${path}.resources[storage]`));
}

const JOB_RESTART = ['OnFailure', 'Never'];
export const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
const ALWAYS = ['Always'];

/** Kind-specific checks of the spec (and top-level fields of spec-less kinds); `old` on an update. */
export function checkKind(out: StatusCause[], obj: KubeObject, old?: KubeObject): void {
  const spec: Obj = isObj(obj.spec) ? obj.spec : {};
  switch (obj.kind) {
    case 'CertificateSigningRequest':
      if (obj.apiVersion?.startsWith('certificates.k8s.io/')) checkCertificateSigningRequest(out, obj);
      break;
    case 'Pod':
      checkPodSpec(out, 'spec', obj.spec);
      break;
    case 'PodTemplate':
      checkTemplate(out, 'template', obj.template, RESTART_POLICIES);
      break;
    case 'Deployment':
    case 'ReplicaSet':
    case 'DaemonSet':
      checkNonNegative(out, 'spec.replicas', spec.replicas);
      if (obj.kind === 'Deployment') checkDeploymentStrategy(out, spec.strategy);
      checkTemplate(out, 'spec.template', spec.template, ALWAYS, requiredSelector(out, spec.selector));
      break;
    case 'StatefulSet': {
      // Containers may mount the volumes the claim templates will provide.
      const claims = list(spec.volumeClaimTemplates).map((c) => (isObj(c.metadata) ? c.metadata.name : undefined)).filter((n): n is string => typeof n === 'string');
      checkNonNegative(out, 'spec.replicas', spec.replicas);
      checkTemplate(out, 'spec.template', spec.template, ALWAYS, requiredSelector(out, spec.selector), claims);
      break;
    }
    case 'ReplicationController': {
      const sel = spec.selector;
      const matcher = isObj(sel) ? (labels: Obj | undefined) => labelSelectorMatches({ matchLabels: sel as Record<string, string> }, labels as Record<string, string>) : undefined;
      checkTemplate(out, 'spec.template', spec.template, ALWAYS, matcher);
      break;
    }
    case 'Ingress':
      list(spec.rules).forEach((rule, i) => {
        const http = isObj(rule.http) ? rule.http : {};
        list(http.paths).forEach((p, j) => {
          const at = `spec.rules[${i}].http.paths[${j}].pathType`;
          if (!p.pathType) out.push(required(at, 'pathType must be specified'));
          else checkEnum(out, at, p.pathType, ['Exact', 'ImplementationSpecific', 'Prefix']);
        });
      });
      // ValidateIngressCreate: the old class annotation beside the field (an update may keep both).
      if (!old && spec.ingressClassName !== undefined && isObj(obj.metadata?.annotations) && Object.hasOwn(obj.metadata.annotations, INGRESS_CLASS_ANNOTATION)) {
        out.push(invalidValue(`annotations.${INGRESS_CLASS_ANNOTATION}`, obj.metadata.annotations[INGRESS_CLASS_ANNOTATION], 'can not be set when the class field is also set'));
      }
      break;
    case 'PersistentVolumeClaim':
      checkClaimSpec(out, 'spec', spec);
      break;
    case 'Job':
      checkNonNegative(out, 'spec.parallelism', spec.parallelism);
      checkNonNegative(out, 'spec.completions', spec.completions);
      checkNonNegative(out, 'spec.backoffLimit', spec.backoffLimit);
      if (spec.manualSelector === true) checkTemplate(out, 'spec.template', spec.template, JOB_RESTART, optionalSelector(spec.selector));
      else checkTemplate(out, 'spec.template', spec.template, JOB_RESTART);
      break;
    case 'CronJob':
      checkCronJobSpec(out, spec, old && isObj(old.spec) ? old.spec : undefined);
      break;
    case 'Service':
      checkService(out, spec);
      break;
    case 'ConfigMap':
      checkDataKeys(out, 'data', obj.data);
      checkDataKeys(out, 'binaryData', obj.binaryData);
      break;
    case 'Secret':
      checkSecret(out, obj);
      break;
    case 'PodDisruptionBudget':
      checkIntOrPercent(out, 'spec.minAvailable', spec.minAvailable);
      checkIntOrPercent(out, 'spec.maxUnavailable', spec.maxUnavailable);
      break;
  }
}
