/**
 * `kubectl create quota|poddisruptionbudget|priorityclass|ingress|token`: the objects kubectl's
 * generators build, with kubectl's validation messages. `create token` asks the (simulated)
 * server for a ServiceAccount token, as kubectl asks the TokenRequest API.
 */
import { BOUND_KINDS, requestToken } from '../api/token-request.js';
import type { KubeObject } from '../api/types.js';
import { ApiError, ClientRefusal, CliError } from '../errors.js';
import { parseQuantity, formatQuantity } from '../sim/admission/quantity.js';
import { hmacSha256 } from '../util/digest.js';
import { parseGoDuration } from '../util/duration.js';
import type { Context, VerbSpec } from './framework.js';
import { createGenerated, GENERATOR_FLAGS, newObjectMeta, printGenerated, requireName, wrap } from './generated.js';
import { outputOf, PRINT_FLAGS } from './print-flags.js';
import { labelSelector } from './label-selector.js';

/** `cpu=1,pods=2` → canonical quantities, as kubectl parses a resource list (create quota --hard, set resources). */
export function resourceList(spec: string): Record<string, string> | undefined {
  if (!spec) return undefined;
  const out: Record<string, string> = {};
  for (const statement of spec.split(',')) {
    const parts = statement.split('=');
    if (parts.length !== 2) throw new CliError(`Invalid argument syntax ${statement}, expected <resource>=<value>`);
    const q = parseQuantity(parts[1]);
    if (!q) throw new CliError("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
    out[parts[0]!] = formatQuantity(q);
  }
  return out;
}

const quota: VerbSpec = {
  name: 'quota',
  aliases: ['resourcequota'],
  summary: 'Create a quota with the specified name',
  usage: 'NAME [--hard=key1=value1,key2=value2] [--scopes=Scope1,Scope2] [--dry-run=server|client|none]',
  flags: [
    { name: 'hard', type: 'string', description: 'A comma-delimited set of resource=quantity pairs that define a hard limit.' },
    { name: 'scopes', type: 'string', description: 'A comma-delimited set of quota scopes that must all match each object tracked by the quota.' },
    ...GENERATOR_FLAGS,
  ],
  async run(ctx, args, flags) {
    const name = requireName(args, ctx);
    const spec: Record<string, unknown> = {};
    const hard = resourceList((flags.hard as string | undefined) ?? '');
    if (hard) spec.hard = hard;
    const scopesText = (flags.scopes as string | undefined) ?? '';
    if (scopesText) {
      const scopes = scopesText.split(',');
      if (scopes.includes('')) throw new CliError('invalid resource quota scope ""');
      spec.scopes = scopes;
    }
    const obj: KubeObject = { apiVersion: 'v1', kind: 'ResourceQuota', metadata: newObjectMeta(name), spec, status: {} };
    await createGenerated(ctx, obj, flags, { verb: 'created', wrapError: wrap('failed to create quota: ') });
  },
};

/** intstr.Parse: an integer when the text is one, else the text. */
function intOrString(text: string): number | string {
  return /^[+-]?\d+$/.test(text) && Math.abs(Number(text)) <= 2 ** 31 - 1 ? Number(text) : text;
}

const pdb: VerbSpec = {
  name: 'poddisruptionbudget',
  aliases: ['pdb'],
  summary: 'Create a pod disruption budget with the specified name',
  usage: 'NAME --selector=SELECTOR --min-available=N [--dry-run=server|client|none]',
  flags: [
    { name: 'min-available', type: 'string', description: 'The minimum number or percentage of available pods this budget requires.' },
    { name: 'max-unavailable', type: 'string', description: 'The maximum number or percentage of unavailable pods this budget requires.' },
    { name: 'selector', type: 'string', description: 'A label selector to use for this budget. Only equality-based selector requirements are supported.' },
    ...GENERATOR_FLAGS,
  ],
  async run(ctx, args, flags) {
    const name = requireName(args, ctx);
    const selector = (flags.selector as string | undefined) ?? '';
    const minAvailable = (flags['min-available'] as string | undefined) ?? '';
    const maxUnavailable = (flags['max-unavailable'] as string | undefined) ?? '';
    if (!selector) throw new CliError('a selector must be specified');
    if (!minAvailable && !maxUnavailable) throw new CliError('one of min-available or max-unavailable must be specified');
    if (minAvailable && maxUnavailable) throw new CliError('min-available and max-unavailable cannot be both specified');
    const re = /^[0-9]+%?$/;
    if (minAvailable && !re.test(minAvailable)) throw new CliError('invalid format specified for min-available');
    if (maxUnavailable && !re.test(maxUnavailable)) throw new CliError('invalid format specified for max-unavailable');
    const spec: Record<string, unknown> = {};
    if (minAvailable) spec.minAvailable = intOrString(minAvailable);
    spec.selector = labelSelector(selector);
    if (maxUnavailable) spec.maxUnavailable = intOrString(maxUnavailable);
    const obj: KubeObject = {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: newObjectMeta(name),
      spec,
      status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 },
    };
    await createGenerated(ctx, obj, flags, { verb: 'created', wrapError: wrap('failed to create poddisruptionbudgets: ') });
  },
};

const priorityclass: VerbSpec = {
  name: 'priorityclass',
  aliases: ['pc'],
  summary: 'Create a priority class with the specified name',
  usage: 'NAME --value=VALUE --global-default=BOOL [--dry-run=server|client|none]',
  flags: [
    { name: 'value', type: 'int', bits: 32, default: 0, description: 'the value of this priority class.' },
    { name: 'global-default', type: 'bool', description: 'global-default specifies whether this PriorityClass should be considered as the default priority.' },
    { name: 'description', type: 'string', description: 'description is an arbitrary string that usually provides guidelines on when this priority class should be used.' },
    { name: 'preemption-policy', type: 'string', default: 'PreemptLowerPriority', description: 'preemption-policy is the policy for preempting pods with lower priority.' },
    ...GENERATOR_FLAGS,
  ],
  async run(ctx, args, flags) {
    const name = requireName(args, ctx);
    const obj: KubeObject = { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: newObjectMeta(name), value: flags.value ?? 0 };
    if (flags['global-default'] === true) obj.globalDefault = true;
    if (flags.description) obj.description = flags.description;
    obj.preemptionPolicy = flags['preemption-policy'] ?? 'PreemptLowerPriority';
    await createGenerated(ctx, obj, flags, { verb: 'created', wrapError: wrap('failed to create priorityclass: ') });
  },
};

/** host/path=svc:port[,tls[=secret]]: kubectl v1.32 checks only the start (the tls part is optional and unanchored). */
const RULE_RE = /^([\w*\-.]*)(\/[^,=\n]*)=([\w-]+):([\w-]+)/;

function backend(service: string): Record<string, unknown> {
  const [name, port] = service.split(':') as [string, string];
  const p = intOrString(port);
  return { service: { name, port: typeof p === 'number' ? { number: p } : { name: p } } };
}

function ingressSpec(rules: string[], defaultBackend: string, ingressClass: string): Record<string, unknown> {
  const spec: Record<string, unknown> = {};
  if (ingressClass) spec.ingressClassName = ingressClass;
  if (defaultBackend) spec.defaultBackend = backend(defaultBackend);
  // TLS entries: one per secret, a host only once.
  const tls: Array<{ hosts?: string[]; secretName?: string }> = [];
  const seenHosts = new Set<string>();
  for (const rule of rules) {
    const parts = rule.split(',');
    if (parts.length !== 2) continue;
    const host = rule.split('/')[0]!;
    const secretParts = parts[1]!.split('=');
    const secret = secretParts.length > 1 ? secretParts[1]! : '';
    if (seenHosts.has(host)) continue;
    seenHosts.add(host);
    const same = tls.find((t) => (t.secretName ?? '') === secret);
    if (same) {
      (same.hosts ??= []).push(host);
      continue;
    }
    const entry: { hosts?: string[]; secretName?: string } = {};
    if (host) entry.hosts = [host];
    if (secret) entry.secretName = secret;
    if (entry.hosts || entry.secretName) tls.push(entry);
  }
  if (tls.length) spec.tls = tls;
  // Rules: one per host, the paths of a host together.
  const out: Array<{ host?: string; http: { paths: Array<Record<string, unknown>> } }> = [];
  for (const rule of rules) {
    const noTls = rule.split(',')[0]!;
    const slash = noTls.indexOf('/');
    const host = noTls.slice(0, slash);
    const [pathPart, service] = noTls.slice(slash + 1).split('=') as [string, string];
    let path = `/${pathPart}`;
    let pathType = 'Exact';
    if (path.endsWith('*')) {
      pathType = 'Prefix';
      path = path.slice(0, -1);
    }
    const entry = { path, pathType, backend: backend(service) };
    const existing = out.find((r) => (r.host ?? '') === host);
    if (existing) existing.http.paths.push(entry);
    else out.push({ ...(host ? { host } : {}), http: { paths: [entry] } });
  }
  if (out.length) spec.rules = out;
  return spec;
}

const ingress: VerbSpec = {
  name: 'ingress',
  aliases: ['ing'],
  summary: 'Create an ingress with the specified name',
  usage: 'NAME --rule=host/path=service:port[,tls[=secret]] ',
  flags: [
    { name: 'class', type: 'string', description: 'Ingress Class to be used' },
    { name: 'rule', type: 'strings', description: "Rule in format host/path=service:port[,tls=secretname]. Paths containing the leading character '*' are considered pathType=Prefix. tls argument is optional." },
    { name: 'default-backend', type: 'string', description: 'Default service for backend, in format of svcname:port' },
    { name: 'annotation', type: 'strings', description: 'Annotation to insert in the ingress object, in the format annotation=value' },
    ...GENERATOR_FLAGS,
  ],
  async run(ctx, args, flags) {
    const name = requireName(args, ctx);
    const rules = (flags.rule as string[] | undefined) ?? [];
    const annotations = (flags.annotation as string[] | undefined) ?? [];
    const defaultBackend = (flags['default-backend'] as string | undefined) ?? '';
    if (!defaultBackend && rules.length === 0) {
      throw new CliError('not enough information provided: every ingress has to either specify a default-backend (which catches all traffic) or a list of rules (which catch specific paths)');
    }
    for (const rule of rules) {
      if (!RULE_RE.test(rule)) throw new CliError(`rule ${rule} is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]`);
    }
    const annotationMap: Record<string, string> = {};
    for (const a of annotations) {
      const i = a.indexOf('=');
      if (i < 0) throw new CliError(`annotation ${a} is invalid and should be in format key=[value]`);
      annotationMap[a.slice(0, i)] = a.slice(i + 1);
    }
    if (defaultBackend && defaultBackend.split(':').length !== 2) throw new CliError('default-backend should be in format servicename:serviceport');
    const metadata = newObjectMeta(name);
    if (Object.keys(annotationMap).length) metadata.annotations = annotationMap;
    const obj: KubeObject = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata,
      spec: ingressSpec(rules, defaultBackend, (flags.class as string | undefined) ?? ''),
      status: { loadBalancer: {} },
    };
    await createGenerated(ctx, obj, flags, { verb: 'created', wrapError: wrap('failed to create ingress: ') });
  },
};

const token: VerbSpec = {
  name: 'token',
  summary: 'Request a service account token',
  usage: 'SERVICE_ACCOUNT_NAME',
  flags: [
    { name: 'output', short: 'o', type: 'string', description: 'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).' },
    { name: 'audience', type: 'strings', description: 'Audience of the requested token. If unset, defaults to requesting a token for use with the Kubernetes API server. May be repeated to request a token valid for multiple audiences.' },
    { name: 'duration', type: 'string', arg: 'duration', description: 'Requested lifetime of the issued token. If not set or if set to 0, the lifetime will be determined by the server automatically. The server may return a token with a longer or shorter lifetime.' },
    { name: 'bound-object-kind', type: 'string', description: 'Kind of an object to bind the token to. Supported kinds are Node, Pod, Secret. If set, --bound-object-name must be provided.' },
    { name: 'bound-object-name', type: 'string', description: 'Name of an object to bind the token to. The token will expire when the object is deleted. Requires --bound-object-kind.' },
    { name: 'bound-object-uid', type: 'string', description: 'UID of an object to bind the token to. Requires --bound-object-kind and --bound-object-name. If unset, the UID of the existing object is used.' },
    ...PRINT_FLAGS,
  ],
  async run(ctx, args, flags) {
    const name = requireName(args, ctx);
    const durationText = (flags.duration as string | undefined) ?? '0s';
    const durationMs = parseGoDuration(durationText.replace(/^-/, ''));
    if (durationMs === undefined) {
      throw new CliError(`invalid argument "${durationText}" for "--duration" flag: time: invalid duration "${durationText}"`);
    }
    const audiences = (flags.audience as string[] | undefined) ?? [];
    const kind = (flags['bound-object-kind'] as string | undefined) ?? '';
    const boundName = (flags['bound-object-name'] as string | undefined) ?? '';
    const boundUid = (flags['bound-object-uid'] as string | undefined) ?? '';
    if (durationText.startsWith('-') && durationMs > 0) throw new CliError('--duration must be greater than or equal to 0');
    if (durationMs % 1000 !== 0) throw new CliError('--duration cannot be expressed in units less than seconds');
    if (audiences.some((a) => a === '')) throw new CliError('--audience must not be an empty string');
    if (!kind) {
      if (boundName) throw new CliError('--bound-object-name can only be set if --bound-object-kind is provided');
      if (boundUid) throw new CliError('--bound-object-uid can only be set if --bound-object-kind is provided');
    } else {
      if (!BOUND_KINDS[kind]) throw new CliError(`supported --bound-object-kind values are ${Object.keys(BOUND_KINDS).sort().join(', ')}`);
      if (!boundName) throw new CliError('--bound-object-name is required if --bound-object-kind is provided');
    }
    const session = ctx.session();
    const namespace = session.namespace;
    const ask: KubeObject = {
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: {},
      spec: {
        audiences: audiences.length ? audiences : null,
        ...(durationMs > 0 ? { expirationSeconds: durationMs / 1000 } : {}),
        ...(kind ? { boundObjectRef: { kind, apiVersion: BOUND_KINDS[kind], name: boundName, ...(boundUid ? { uid: boundUid } : {}) } } : {}),
      },
    };
    const request = session.read((api) => {
      try {
        // The request is a create of the service account's token subresource; what the API server reads to answer it is its own.
        api.request('create', api.registry.resolve('serviceaccounts'), namespace, name, 'token');
        return requestToken(api.asSystem(), namespace, name, ask, hmacSha256);
      } catch (e) {
        if (e instanceof ApiError || e instanceof ClientRefusal) throw new CliError(`failed to create token: ${e.message}`);
        throw e;
      }
    });
    if (outputOf(flags)) {
      const type = { kind: 'TokenRequest', group: 'authentication.k8s.io', version: 'v1', versions: ['v1'], plural: 'tokenrequests', singular: 'tokenrequest', namespaced: true, shortNames: [], categories: [], verbs: ['create'] };
      await printGenerated(ctx, request, type as never, flags);
      return;
    }
    const text = (request.status as { token: string }).token;
    ctx.io.out.write(ctx.io.isTTY ? `${text}\n` : text);
  },
};

export const policySubcommands: VerbSpec[] = [ingress, pdb, priorityclass, quota, token];
