/**
 * `kubectl create role|clusterrole|rolebinding|clusterrolebinding`: the RBAC objects kubectl's
 * generators build (one rule per API group, resources resolved through discovery), with
 * kubectl's validation messages.
 */
import type { Registry } from '../api/registry.js';
import type { KubeObject } from '../api/types.js';
import { CliError, RawError } from '../errors.js';
import type { Context, FlagSpec, FlagValues, VerbSpec } from './framework.js';
import { createGenerated, GENERATOR_FLAGS, newObjectMeta, requireName, wrap } from './generated.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io';
const RBAC_VERSION = `${RBAC_GROUP}/v1`;

/** The verbs kubectl knows for resources; others draw a warning, not an error. */
const RESOURCE_VERBS = ['*', 'get', 'delete', 'list', 'create', 'update', 'patch', 'watch', 'proxy', 'deletecollection', 'use', 'bind', 'escalate', 'impersonate'];
/** The verbs allowed on non-resource URLs. */
const NON_RESOURCE_VERBS = ['*', 'get', 'post', 'put', 'delete', 'patch', 'head', 'options'];

/** Verbs that only make sense on some group/resources (`bind` on roles, ...). */
const SPECIAL_VERBS: Record<string, Array<[string, string]>> = {
  use: [['policy', 'podsecuritypolicies'], ['extensions', 'podsecuritypolicies']],
  bind: [[RBAC_GROUP, 'roles'], [RBAC_GROUP, 'clusterroles']],
  escalate: [[RBAC_GROUP, 'roles'], [RBAC_GROUP, 'clusterroles']],
  impersonate: [['', 'users'], ['', 'serviceaccounts'], ['', 'groups'], ['authentication.k8s.io', 'userextras']],
};

interface ResourceArg {
  group: string;
  resource: string;
  subresource: string;
}

/** pflag's StringSlice: every occurrence, split at commas. */
export function sliceFlag(value: unknown): string[] {
  return ((value as string[] | undefined) ?? []).flatMap((v) => (v === '' ? [] : v.split(',')));
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}

/** `pods`, `deployments.apps`, `pods/status`, `*`: kubectl keeps only a bare `*` when it is given. */
function parseResources(values: string[]): ResourceArg[] {
  const out: ResourceArg[] = [];
  for (const r of values) {
    const slash = r.indexOf('/');
    const main = slash < 0 ? r : r.slice(0, slash);
    const subresource = slash < 0 ? '' : r.slice(slash + 1);
    const dot = main.indexOf('.');
    const arg = { resource: dot < 0 ? main : main.slice(0, dot), group: dot < 0 ? '' : main.slice(dot + 1), subresource };
    if (arg.resource === '*' && dot < 0 && slash < 0) return [arg];
    out.push(arg);
  }
  return out;
}

/** The group and plural discovery gives a resource argument; undefined when the server has no such type. */
function mapResource(registry: Registry, r: ResourceArg): { group: string; resource: string } | undefined {
  const t = registry.resourceFor(r.resource, r.group)?.type;
  return t && { group: t.group, resource: t.plural };
}

/** kubectl prints this one without its usual `error: ` prefix. */
function noMatch(r: ResourceArg): RawError {
  return new RawError(`the server doesn't have a resource type "${r.resource}"${r.group ? ` in group "${r.group}"` : ''}`);
}

/** kubectl's Validate for resources: special verbs need their resources; unknown resources fail. */
function validateResources(registry: Registry, resources: ResourceArg[], verbs: string[]): void {
  for (const r of resources) {
    if (!r.resource) throw new CliError('resource must be specified if apiGroup/subresource specified');
    if (r.resource === '*') return;
    const mapped = mapResource(registry, r);
    const target = mapped ?? { group: r.group, resource: r.resource };
    let known = mapped !== undefined;
    for (const v of verbs) {
      const allowed = SPECIAL_VERBS[v];
      if (!allowed) continue;
      if (!allowed.some(([g, res]) => g === target.group && res === target.resource)) {
        throw new CliError(`can not perform '${v}' on '${target.resource}' in group '${target.group}'`);
      }
      known = true;
    }
    if (!known) throw noMatch(r);
  }
}

/** One rule per API group (groups sorted), then one for the non-resource URLs. */
function policyRules(registry: Registry, verbs: string[], resources: ResourceArg[], resourceNames: string[], urls: string[]): Array<Record<string, unknown>> {
  const byGroup = new Map<string, string[]>();
  for (const r of resources) {
    const mapped = mapResource(registry, r) ?? { group: r.group, resource: r.resource };
    const name = r.subresource ? `${mapped.resource}/${r.subresource}` : mapped.resource;
    const list = byGroup.get(mapped.group) ?? [];
    if (!list.includes(name)) list.push(name);
    byGroup.set(mapped.group, list);
  }
  const rules: Array<Record<string, unknown>> = [...byGroup.keys()].sort().map((g) => {
    const rule: Record<string, unknown> = { verbs, apiGroups: [g], resources: byGroup.get(g) };
    if (resourceNames.length) rule.resourceNames = resourceNames;
    return rule;
  });
  if (urls.length) rules.push({ verbs, nonResourceURLs: urls });
  return rules;
}

/** `*` among the verbs stands for all of them. */
function normaliseVerbs(values: string[]): string[] {
  return values.includes('*') ? ['*'] : unique(values);
}

function warnNonStandard(ctx: Context, verbs: string[]): void {
  for (const v of verbs) if (!RESOURCE_VERBS.includes(v)) ctx.io.err.write(`Warning: '${v}' is not a standard resource verb\n`);
}

const RULE_FLAGS: FlagSpec[] = [
  { name: 'verb', type: 'strings', description: 'Verb that applies to the resources contained in the rule' },
  { name: 'resource', type: 'strings', description: 'Resource that the rule applies to' },
  { name: 'resource-name', type: 'strings', description: 'Resource in the white list that the rule applies to, repeat this flag for multiple items' },
];

function registryOf(ctx: Context): Registry {
  const session = ctx.session();
  return session.read((api) => api.registry);
}

const role: VerbSpec = {
  name: 'role',
  summary: 'Create a role with single rule',
  usage: 'NAME --verb=verb --resource=resource.group/subresource [--resource-name=resourcename] [--dry-run=server|client|none]',
  flags: [...RULE_FLAGS, ...GENERATOR_FLAGS],
  async run(ctx, args, flags) {
    const name = requireName(args, ctx);
    const verbs = normaliseVerbs(sliceFlag(flags.verb));
    const resources = parseResources(sliceFlag(flags.resource));
    const resourceNames = unique((flags['resource-name'] as string[] | undefined) ?? []);
    if (verbs.length === 0) throw new CliError('at least one verb must be specified');
    warnNonStandard(ctx, verbs);
    if (resources.length === 0) throw new CliError('at least one resource must be specified');
    const registry = registryOf(ctx);
    validateResources(registry, resources, verbs);
    const obj: KubeObject = { apiVersion: RBAC_VERSION, kind: 'Role', metadata: newObjectMeta(name), rules: policyRules(registry, verbs, resources, resourceNames, []) };
    await createGenerated(ctx, obj, flags, { verb: 'created' });
  },
};

/** cliflag's MapStringString: `a=b,c=d`, repeatable. */
/** A map flag (`a=b,c=d`) as pflag parses it: a pair without `=` is cobra's usage error (`commandPath` names the verb). */
function parseMapFlag(values: string[], flag: string, commandPath: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    for (const pair of v.split(',')) {
      if (!pair) continue;
      const i = pair.indexOf('=');
      if (i < 0) throw new RawError(`Error: invalid argument "${v}" for "--${flag}" flag: malformed pair, expect string=string\nSee '${commandPath} --help' for usage.`);
      out[pair.slice(0, i).trim()] = pair.slice(i + 1).trim();
    }
  }
  return out;
}

const clusterrole: VerbSpec = {
  name: 'clusterrole',
  summary: 'Create a cluster role',
  usage: 'NAME --verb=verb --resource=resource.group [--resource-name=resourcename] [--dry-run=server|client|none]',
  flags: [
    ...RULE_FLAGS,
    { name: 'non-resource-url', type: 'strings', description: 'A partial url that user should have access to.' },
    { name: 'aggregation-rule', type: 'strings', description: 'An aggregation label selector for combining ClusterRoles.' },
    ...GENERATOR_FLAGS,
  ],
  async run(ctx, args, flags) {
    const aggregation = parseMapFlag((flags['aggregation-rule'] as string[] | undefined) ?? [], 'aggregation-rule', ctx.commandPath ?? `${ctx.programName} create clusterrole`);
    const name = requireName(args, ctx);
    const urls = unique(sliceFlag(flags['non-resource-url']));
    const verbs = normaliseVerbs(sliceFlag(flags.verb));
    const resources = parseResources(sliceFlag(flags.resource));
    const resourceNames = unique((flags['resource-name'] as string[] | undefined) ?? []);
    const obj: KubeObject = { apiVersion: RBAC_VERSION, kind: 'ClusterRole', metadata: newObjectMeta(name) };
    if (Object.keys(aggregation).length) {
      if (urls.length || verbs.length || resources.length || resourceNames.length) {
        throw new CliError('aggregation rule must be specified without nonResourceURLs, verbs, resources or resourceNames');
      }
      obj.rules = null;
      obj.aggregationRule = { clusterRoleSelectors: [{ matchLabels: aggregation }] };
    } else {
      if (verbs.length === 0) throw new CliError('at least one verb must be specified');
      if (resources.length === 0 && urls.length === 0) throw new CliError('one of resource or nonResourceURL must be specified');
      const registry = registryOf(ctx);
      if (resources.length) {
        warnNonStandard(ctx, verbs);
        validateResources(registry, resources, verbs);
      }
      if (urls.length) {
        for (const v of verbs) if (!NON_RESOURCE_VERBS.includes(v)) throw new CliError(`invalid verb: '${v}' for nonResourceURL`);
        for (const url of urls) {
          if (url === '*') continue;
          if (!url.startsWith('/')) throw new CliError('nonResourceURL should start with /');
          if (url.slice(0, -1).includes('*')) throw new CliError("nonResourceURL only supports wildcard matches when '*' is at the end");
        }
      }
      obj.rules = policyRules(registry, verbs, resources, resourceNames, urls);
    }
    await createGenerated(ctx, obj, flags, { verb: 'created' });
  },
};

/** Users, groups and `namespace:name` service accounts, in kubectl's order. */
function subjects(flags: FlagValues): Array<Record<string, unknown>> | undefined {
  const out: Array<Record<string, unknown>> = [];
  for (const user of (flags.user as string[] | undefined) ?? []) out.push({ kind: 'User', apiGroup: RBAC_GROUP, name: user });
  for (const group of (flags.group as string[] | undefined) ?? []) out.push({ kind: 'Group', apiGroup: RBAC_GROUP, name: group });
  for (const sa of (flags.serviceaccount as string[] | undefined) ?? []) {
    const parts = sa.split(':');
    if (parts.length !== 2 || !parts[0] || !parts[1]) throw new CliError('serviceaccount must be <namespace>:<name>');
    out.push({ kind: 'ServiceAccount', namespace: parts[0], name: parts[1] });
  }
  return out.length ? out : undefined;
}

const SUBJECT_FLAGS: FlagSpec[] = [
  { name: 'user', type: 'strings', description: 'Usernames to bind to the role' },
  { name: 'group', type: 'strings', description: 'Groups to bind to the role' },
  { name: 'serviceaccount', type: 'strings', description: 'Service accounts to bind to the role, in the format <namespace>:<name>' },
];

function binding(kind: 'RoleBinding' | 'ClusterRoleBinding', name: string, roleKind: string, roleName: string, flags: FlagValues): KubeObject {
  const obj: KubeObject = { apiVersion: RBAC_VERSION, kind, metadata: newObjectMeta(name) };
  const subs = subjects(flags);
  if (subs) obj.subjects = subs;
  obj.roleRef = { apiGroup: RBAC_GROUP, kind: roleKind, name: roleName };
  return obj;
}

const rolebinding: VerbSpec = {
  name: 'rolebinding',
  summary: 'Create a role binding for a particular role or cluster role',
  usage: 'NAME --clusterrole=NAME|--role=NAME [--user=username] [--group=groupname] [--serviceaccount=namespace:serviceaccountname] [--dry-run=server|client|none]',
  flags: [
    { name: 'clusterrole', type: 'string', description: 'ClusterRole this RoleBinding should reference' },
    { name: 'role', type: 'string', description: 'Role this RoleBinding should reference' },
    ...SUBJECT_FLAGS,
    ...GENERATOR_FLAGS,
  ],
  async run(ctx, args, flags) {
    const name = requireName(args, ctx);
    const clusterRole = (flags.clusterrole as string | undefined) ?? '';
    const roleName = (flags.role as string | undefined) ?? '';
    if ((clusterRole === '') === (roleName === '')) throw new CliError('exactly one of clusterrole or role must be specified');
    const obj = roleName ? binding('RoleBinding', name, 'Role', roleName, flags) : binding('RoleBinding', name, 'ClusterRole', clusterRole, flags);
    await createGenerated(ctx, obj, flags, { verb: 'created', wrapError: wrap('failed to create rolebinding: ') });
  },
};

const clusterrolebinding: VerbSpec = {
  name: 'clusterrolebinding',
  summary: 'Create a cluster role binding for a particular cluster role',
  usage: 'NAME --clusterrole=NAME [--user=username] [--group=groupname] [--serviceaccount=namespace:serviceaccountname] [--dry-run=server|client|none]',
  flags: [{ name: 'clusterrole', type: 'string', required: true, description: 'ClusterRole this ClusterRoleBinding should reference' }, ...SUBJECT_FLAGS, ...GENERATOR_FLAGS],
  async run(ctx, args, flags) {
    const name = requireName(args, ctx);
    const obj = binding('ClusterRoleBinding', name, 'ClusterRole', flags.clusterrole as string, flags);
    await createGenerated(ctx, obj, flags, { verb: 'created', wrapError: wrap('failed to create clusterrolebinding: ') });
  },
};

export const rbacSubcommands: VerbSpec[] = [clusterrole, clusterrolebinding, role, rolebinding];
