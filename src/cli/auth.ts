import type { SubjectRules, UserInfo } from '../api/rbac.js';
import { CliError, ExitError, RawError } from '../errors.js';
import { tabwrite } from '../util/tabwriter.js';
import { reconcile } from './auth-reconcile.js';
import type { Context, VerbSpec } from './framework.js';
import { PRINT_FLAGS, printOptionsOf, requirePrintFormat } from './print-flags.js';

const KNOWN_RESOURCE_VERBS = new Set(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'use', 'bind', 'impersonate', '*', 'approve', 'sign', 'escalate', 'attest']);
const KNOWN_NON_RESOURCE_VERBS = new Set(['get', 'put', 'post', 'head', 'options', 'delete', 'patch', '*']);
/** Resources RBAC names that no API serves: no warning for them. */
const NON_STANDARD_RESOURCES = new Set(['users', 'groups']);

/**
 * `auth can-i`: a SelfSubjectAccessReview (or, with --list, a SelfSubjectRulesReview) for the
 * requester, with kubectl's argument checks and warnings; exit 1 when the answer is no.
 */
const canI: VerbSpec = {
  name: 'can-i',
  summary: 'Check whether an action is allowed',
  usage: 'VERB [TYPE | TYPE/NAME | NONRESOURCEURL]',
  flags: [
    { name: 'all-namespaces', short: 'A', type: 'bool', description: 'If true, check the specified action in all namespaces.' },
    { name: 'list', type: 'bool', description: 'If true, prints all allowed actions.' },
    { name: 'quiet', short: 'q', type: 'bool', description: 'If true, suppress output and just return the exit code.' },
    { name: 'no-headers', type: 'bool', description: 'If true, prints allowed actions without headers' },
    { name: 'subresource', type: 'string', description: 'SubResource such as pod/log or deployment/scale' },
  ],
  run(ctx, args, flags) {
    const session = ctx.session();
    const warn = (message: string) => ctx.io.err.write(`Warning: ${message}\n`);
    const subresource = (flags.subresource as string | undefined) ?? '';
    if (flags.list) {
      if (args.length) throw new CliError('list option must be specified with no arguments');
      if (flags.quiet || flags['all-namespaces'] || subresource) throw new CliError("list option can't be specified with neither quiet, all-namespaces nor subresource options");
      const review = session.read((api) => api.create({ apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', metadata: {}, spec: { namespace: session.namespace } }));
      printRules(ctx, review.status as SubjectRules, Boolean(flags['no-headers']));
      return;
    }
    if (args.length !== 2) {
      throw new RawError(`error: you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples.`);
    }
    const [verb, target] = args as [string, string];
    const namespace = flags['all-namespaces'] ? '' : session.namespace;
    const spec = session.read((api): Record<string, unknown> => {
      if (target.startsWith('/')) {
        if (subresource) throw new CliError('--subresource can not be used with NonResourceURL');
        if (!KNOWN_NON_RESOURCE_VERBS.has(verb)) warn(`verb '${verb}' is not a known verb\n`);
        return { nonResourceAttributes: { path: target, verb } };
      }
      const slash = target.indexOf('/');
      const resourceArg = slash < 0 ? target : target.slice(0, slash);
      const name = slash < 0 ? '' : target.slice(slash + 1);
      let group = '';
      let resource = resourceArg;
      // kubectl maps the argument in lower case, as a resource only (resourceFor).
      const type = resourceArg === '*' ? undefined : api.registry.lookupResource(resourceArg.toLowerCase())?.type;
      if (type) [group, resource] = [type.group, type.plural];
      else if (resourceArg !== '*') {
        const lower = resourceArg.toLowerCase();
        const dot = lower.indexOf('.');
        const [r, g] = dot < 0 ? [lower, ''] : [lower.slice(0, dot), lower.slice(dot + 1)];
        if (!NON_STANDARD_RESOURCES.has(dot < 0 ? r : `${r}.${g}`)) {
          warn(g ? `the server doesn't have a resource type '${r}' in group '${g}'\n` : `the server doesn't have a resource type '${r}'\n`);
        }
      }
      if (type && !type.namespaced && !flags['all-namespaces']) {
        warn(group ? `resource '${resource}' is not namespace scoped in group '${group}'\n` : `resource '${resource}' is not namespace scoped\n`);
      }
      if (!KNOWN_RESOURCE_VERBS.has(verb)) warn(`verb '${verb}' is not a known verb\n`);
      return { resourceAttributes: { namespace, verb, group, resource, subresource, name } };
    });
    if (flags['no-headers']) throw new CliError('--no-headers cannot be set without --list specified');
    const review = session.read((api) => api.create({ apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', metadata: {}, spec }));
    const status = review.status as { allowed: boolean; reason?: string; evaluationError?: string };
    if (!flags.quiet) {
      ctx.io.out.write(status.allowed ? 'yes\n' : `no${status.reason ? ` - ${status.reason}` : ''}${status.evaluationError ? ` - ${status.evaluationError}` : ''}\n`);
    }
    if (!status.allowed) throw new ExitError(1);
  },
};

/** Go's %v of a []string: `[a b]`. */
const goList = (v: string[] | undefined) => `[${(v ?? []).join(' ')}]`;

interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

/** `auth can-i --list`: the rules as kubectl prints them, one per group, resource and name, verbs merged. */
function printRules(ctx: Context, status: SubjectRules, noHeaders: boolean): void {
  if (status.incomplete) ctx.io.err.write(`warning: the list may be incomplete: ${status.evaluationError ?? ''}\n`);
  const rules: PolicyRule[] = [...status.resourceRules, ...status.nonResourceRules.map((r) => ({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs }))];
  const compacted = compactRules(rules.flatMap(breakdownRule));
  const sorted = compacted.map((rule) => ({ rule, key: ruleString(rule) })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const rows = sorted.map(({ rule }) => [combineResourceGroup(rule.resources, rule.apiGroups), goList(rule.nonResourceURLs), goList(rule.resourceNames), goList(rule.verbs)].join('\t'));
  if (!noHeaders) rows.unshift('Resources\tNon-Resource URLs\tResource Names\tVerbs');
  ctx.io.out.write(tabwrite(rows.map((r) => `${r}\n`).join('')));
}

/** One rule per API group, resource and resource name; one per non-resource URL. */
function breakdownRule(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const group of rule.apiGroups ?? []) {
    for (const resource of rule.resources ?? []) {
      if (rule.resourceNames?.length) for (const name of rule.resourceNames) out.push({ verbs: rule.verbs, apiGroups: [group], resources: [resource], resourceNames: [name] });
      else out.push({ verbs: rule.verbs, apiGroups: [group], resources: [resource] });
    }
  }
  for (const url of rule.nonResourceURLs ?? []) out.push({ verbs: rule.verbs, nonResourceURLs: [url] });
  return out;
}

/** Rules of one group, resource and (at most one) name merged, their verbs in first-seen order. */
function compactRules(rules: PolicyRule[]): PolicyRule[] {
  const complex: PolicyRule[] = [];
  const simple = new Map<string, PolicyRule>();
  for (const rule of rules) {
    if (rule.nonResourceURLs?.length || (rule.resourceNames?.length ?? 0) > 1) {
      complex.push(rule);
      continue;
    }
    const key = JSON.stringify([rule.apiGroups![0], rule.resources![0], rule.resourceNames?.[0] ?? null]);
    const seen = simple.get(key);
    if (!seen) simple.set(key, { ...rule, verbs: [...rule.verbs] });
    else for (const verb of rule.verbs) if (!seen.verbs.includes(verb)) seen.verbs.push(verb);
  }
  return [...complex, ...simple.values()];
}

/** The order kubectl sorts rules in: their generated Go String() text. */
function ruleString(rule: PolicyRule): string {
  const list = goList;
  return `&PolicyRule{Verbs:${list(rule.verbs)},APIGroups:${list(rule.apiGroups)},Resources:${list(rule.resources)},ResourceNames:${list(rule.resourceNames)},NonResourceURLs:${list(rule.nonResourceURLs)},}`;
}

/** `pods`, `deployments.apps`, `deployments.apps/scale`: a rule's first resource with its first group. */
function combineResourceGroup(resources: string[] | undefined, groups: string[] | undefined): string {
  if (!resources?.length) return '';
  const [resource, sub] = resources[0]!.split(/\/(.*)/s, 2) as [string, string | undefined];
  return `${resource}${groups?.length && groups[0] ? `.${groups[0]}` : ''}${sub !== undefined ? `/${sub}` : ''}`;
}

const whoami: VerbSpec = {
  name: 'whoami',
  summary: 'Experimental: Check self subject attributes',
  flags: [
    { name: 'output', short: 'o', type: 'string', description: 'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).' },
    ...PRINT_FLAGS,
  ],
  async run(ctx, _args, flags) {
    // The SelfSubjectReview the API server answers with, created at the cluster's now.
    const review = ctx.session().read((api) => api.create({ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview', metadata: {} }));
    if (!flags.output) {
      const info = (review.status as { userInfo: UserInfo }).userInfo;
      const extras = Object.keys(info.extra ?? {}).sort().map((k) => [`Extra: ${k}`, goList(info.extra![k])]);
      const rows = [['ATTRIBUTE', 'VALUE'], ['Username', info.username], ...(info.uid ? [['UID', info.uid]] : []), ['Groups', goList(info.groups)], ...extras];
      ctx.io.out.write(tabwrite(rows.map((r) => r.join('\t')).join('\n') + '\n'));
      return;
    }
    requirePrintFormat(flags.output);
    const format = flags.output.split('=')[0];
    // kubectl prints this object in its Go field order; it has no name (the name printer's <unknown>).
    if (format === 'json') return void ctx.io.out.write(JSON.stringify(review, null, 4) + '\n');
    if (format === 'name') return void ctx.io.out.write('selfsubjectreview.authentication.k8s.io/<unknown>\n');
    const { printObjects } = await import('../printers/format.js');
    const type = { group: 'authentication.k8s.io', version: 'v1', kind: 'SelfSubjectReview', plural: 'selfsubjectreviews', namespaced: false };
    await printObjects({ output: flags.output, items: [{ object: review as never, type: type as never }], single: true, typed: true, cwd: ctx.cwd, out: ctx.io.out, ...printOptionsOf(flags) });
  },
};

export const verb: VerbSpec = {
  name: 'auth',
  summary: 'Inspect authorization',
  usage: 'SUBCOMMAND',
  subcommands: [canI, reconcile, whoami],
};
