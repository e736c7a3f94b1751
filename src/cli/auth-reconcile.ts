/**
 * `auth reconcile -f FILE`: RBAC Roles, ClusterRoles, RoleBindings and ClusterRoleBindings from
 * files, reconciled with the cluster as kubectl does it: missing objects are created, missing
 * rules (broken down to one verb, group, resource and name each) and subjects are added, extra
 * ones are removed only with --remove-extra-permissions / --remove-extra-subjects, a binding whose
 * roleRef changed is recreated, and an object annotated autoupdate=false is left alone. Each
 * object is printed `<kind>/<name> reconciled`, and what changed goes to stderr in kubectl's words.
 * Other kinds in the files are skipped, as kubectl skips them.
 */
import type { ApiServer } from '../api/server.js';
import { deepClone, type KubeObject } from '../api/types.js';
import { CliError } from '../errors.js';
import type { Context, FlagValues, VerbSpec } from './framework.js';
import { DRY_RUN_FLAG, filenameFlags, OUTPUT_FLAG, readDocuments, requireNamespace } from './manifest-objects.js';
import { isTemplateExecutionError, outputOf, PRINT_FLAGS, printOptionsOf } from './print-flags.js';
import { typedRoundTrip } from './typed-objects.js';
import { dryRunSuffix, parseDryRun } from './workload-targets.js';

const RBAC = 'rbac.authorization.k8s.io';
const AUTOUPDATE = 'rbac.authorization.kubernetes.io/autoupdate';

interface Rule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

interface Subject {
  kind: string;
  apiGroup?: string;
  name: string;
  namespace?: string;
}

export const reconcile: VerbSpec = {
  name: 'reconcile',
  summary: 'Reconciles rules for RBAC role, role binding, cluster role, and cluster role binding objects',
  usage: '-f FILENAME',
  flags: [
    ...filenameFlags('identifying the resource to reconcile.'),
    DRY_RUN_FLAG,
    OUTPUT_FLAG,
    ...PRINT_FLAGS,
    { name: 'remove-extra-permissions', type: 'bool', description: 'If true, removes extra permissions added to roles' },
    { name: 'remove-extra-subjects', type: 'bool', description: 'If true, removes extra subjects added to rolebindings' },
  ],
  async run(ctx, _args, flags) {
    await runReconcile(ctx, flags);
  },
};

/** Go's %v of a string slice: `[a b]` (an empty string prints as nothing). */
function goSlice(v: string[] | undefined): string {
  return `[${(v ?? []).join(' ')}]`;
}

/** Go's %+v of an rbacv1.PolicyRule. */
function ruleText(r: Rule): string {
  return `{Verbs:${goSlice(r.verbs)} APIGroups:${goSlice(r.apiGroups)} Resources:${goSlice(r.resources)} ResourceNames:${goSlice(r.resourceNames)} NonResourceURLs:${goSlice(r.nonResourceURLs)}}`;
}

/** Go's %+v of an rbacv1.Subject. */
function subjectText(s: Subject): string {
  return `{Kind:${s.kind} APIGroup:${s.apiGroup ?? ''} Name:${s.name} Namespace:${s.namespace ?? ''}}`;
}

/** kubectl's BreakdownRule: one rule per verb, group, resource and name (or verb and URL). */
function breakdown(r: Rule): Rule[] {
  const out: Rule[] = [];
  for (const g of r.apiGroups ?? []) {
    for (const res of r.resources ?? []) {
      for (const v of r.verbs ?? []) {
        if (r.resourceNames?.length) for (const n of r.resourceNames) out.push({ verbs: [v], apiGroups: [g], resources: [res], resourceNames: [n] });
        else out.push({ verbs: [v], apiGroups: [g], resources: [res] });
      }
    }
  }
  for (const url of r.nonResourceURLs ?? []) for (const v of r.verbs ?? []) out.push({ verbs: [v], nonResourceURLs: [url] });
  return out;
}

const has = (list: string[] | undefined, v: string) => (list ?? []).includes('*') || (list ?? []).includes(v);

function resourceCovers(owned: string[] | undefined, wanted: string): boolean {
  if (has(owned, wanted)) return true;
  // `*/scale` covers every resource's scale subresource.
  const slash = wanted.indexOf('/');
  return slash >= 0 && (owned ?? []).includes(`*${wanted.slice(slash)}`);
}

/** Whether `owner` allows everything the atomic rule `r` does (kubectl's ruleCovers). */
function covers(owner: Rule, r: Rule): boolean {
  if (!has(owner.verbs, r.verbs![0]!)) return false;
  if (r.nonResourceURLs) {
    const url = r.nonResourceURLs[0]!;
    return (owner.nonResourceURLs ?? []).some((u) => u === '*' || u === url || (u.endsWith('*') && url.startsWith(u.slice(0, -1))));
  }
  if (!has(owner.apiGroups, r.apiGroups![0]!) || !resourceCovers(owner.resources, r.resources![0]!)) return false;
  return !owner.resourceNames?.length || (r.resourceNames?.length ? owner.resourceNames.includes(r.resourceNames[0]!) : false);
}

/** kubectl's validation.Covers: the atomic rules of `wanted` that no rule of `owned` covers. */
function uncovered(owned: Rule[], wanted: Rule[]): Rule[] {
  return wanted.flatMap(breakdown).filter((r) => !owned.some((o) => covers(o, r)));
}

const sameSubject = (a: Subject, b: Subject) => a.kind === b.kind && a.name === b.name && (a.namespace ?? '') === (b.namespace ?? '') && (a.apiGroup ?? '') === (b.apiGroup ?? '');

type Operation = 'none' | 'create' | 'update' | 'recreate';

interface Result {
  object: KubeObject;
  operation: Operation;
  protected: boolean;
  missingSubjects: Subject[];
  extraSubjects: Subject[];
  missingRules: Rule[];
  extraRules: Rule[];
}

/** Labels and annotations: the file's, with the live object's winning where both have a key. */
function mergeMeta(result: KubeObject, expected: KubeObject): boolean {
  let changed = false;
  for (const key of ['labels', 'annotations'] as const) {
    const merged = { ...(expected.metadata[key] ?? {}), ...(result.metadata[key] ?? {}) };
    if (JSON.stringify(Object.entries(merged).sort()) !== JSON.stringify(Object.entries(result.metadata[key] ?? {}).sort())) {
      result.metadata[key] = merged;
      changed = true;
    }
  }
  return changed;
}

function reconcileRole(existing: KubeObject | undefined, expected: KubeObject, removeExtra: boolean): Result {
  const empty = { missingSubjects: [], extraSubjects: [], extraRules: [] as Rule[] };
  if (!existing) return { ...empty, object: expected, operation: 'create', protected: false, missingRules: (expected.rules as Rule[] | undefined) ?? [] };
  const object = deepClone(existing);
  let operation: Operation = mergeMeta(object, expected) ? 'update' : 'none';
  const want = (expected.rules as Rule[] | undefined) ?? [];
  const have = (existing.rules as Rule[] | undefined) ?? [];
  const extraRules = uncovered(want, have);
  const missingRules = uncovered(have, want);
  if (!removeExtra && missingRules.length) {
    object.rules = [...have, ...missingRules];
    operation = 'update';
  } else if (removeExtra && (missingRules.length || extraRules.length)) {
    object.rules = want;
    operation = 'update';
  }
  return { ...empty, object, operation, protected: existing.metadata.annotations?.[AUTOUPDATE] === 'false', missingRules, extraRules };
}

function reconcileBinding(existing: KubeObject | undefined, expected: KubeObject, removeExtra: boolean): Result {
  const empty = { missingRules: [], extraRules: [], extraSubjects: [] as Subject[] };
  const want = (expected.subjects as Subject[] | undefined) ?? [];
  if (!existing) return { ...empty, object: expected, operation: 'create', protected: false, missingSubjects: want };
  const isProtected = existing.metadata.annotations?.[AUTOUPDATE] === 'false';
  if (JSON.stringify(existing.roleRef) !== JSON.stringify(expected.roleRef)) {
    return { ...empty, object: expected, operation: 'recreate', protected: isProtected, missingSubjects: [] };
  }
  const object = deepClone(existing);
  let operation: Operation = mergeMeta(object, expected) ? 'update' : 'none';
  const have = (existing.subjects as Subject[] | undefined) ?? [];
  const missingSubjects = want.filter((s) => !have.some((h) => sameSubject(h, s)));
  const extraSubjects = have.filter((h) => !want.some((s) => sameSubject(h, s)));
  if (!removeExtra && missingSubjects.length) {
    object.subjects = [...have, ...missingSubjects];
    operation = 'update';
  } else if (removeExtra && (missingSubjects.length || extraSubjects.length)) {
    object.subjects = want;
    operation = 'update';
  }
  return { ...empty, object, operation, protected: isProtected, missingSubjects, extraSubjects };
}

function report(ctx: Context, r: Result): void {
  if (r.operation === 'none') return;
  const caveat = r.protected ? ', but object opted out (rbac.authorization.kubernetes.io/autoupdate: false)' : '';
  const lines = [`\treconciliation required ${r.operation}${caveat}`];
  const section = (title: string, items: string[]) => items.length && lines.push(`\t${title}:`, ...items.map((i) => `\t\t${i}`));
  section('missing subjects added', r.missingSubjects.map(subjectText));
  section('extra subjects removed', r.extraSubjects.map(subjectText));
  section('missing rules added', r.missingRules.map(ruleText));
  section('extra rules removed', r.extraRules.map(ruleText));
  ctx.io.err.write(lines.join('\n') + '\n');
}

async function runReconcile(ctx: Context, flags: FlagValues): Promise<void> {
  const dryRun = parseDryRun(flags['dry-run']);
  const docs = await readDocuments(ctx, flags, 'reconcile');
  const session = ctx.session();
  const printed: KubeObject[] = [];
  const output = outputOf(flags);
  session.write((api: ApiServer) => {
    for (const doc of docs) {
      const obj = doc.object;
      // The builder (Local: no mapping, so any document with a namespace counts as namespaced)
      // checks every document's namespace, before reconcile passes over what is not RBAC.
      requireNamespace(session, obj.metadata?.namespace);
      if (!obj.apiVersion?.startsWith(`${RBAC}/`) || !['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'].includes(obj.kind)) continue;
      const type = api.registry.resolve(`${obj.kind.toLowerCase()}s.${RBAC}`);
      const expected = deepClone(obj);
      if (type.namespaced) {
        expected.metadata.namespace = expected.metadata.namespace ?? session.namespace;
      }
      const existing = api.tryGet(type, expected.metadata.namespace, expected.metadata.name!);
      const isRole = obj.kind.endsWith('Role');
      const r = isRole ? reconcileRole(existing, expected, flags['remove-extra-permissions'] === true) : reconcileBinding(existing, expected, flags['remove-extra-subjects'] === true);
      // What kubectl prints without writing is its typed object (`creationTimestamp: null`).
      let result = dryRun === 'client' ? typedRoundTrip(r.object) : r.object;
      if (!r.protected && dryRun !== 'client') {
        const server = { dryRun: dryRun === 'server', fieldManager: 'kubectl-reconcile' };
        if (r.operation === 'create') result = api.create(r.object, server);
        else if (r.operation === 'update') result = api.update(r.object, server);
        else if (r.operation === 'recreate') {
          if (!server.dryRun) api.delete(type, expected.metadata.namespace, expected.metadata.name!, {});
          result = api.create(r.object, server);
        }
      }
      const name = `${obj.kind.toLowerCase()}.${RBAC}/${expected.metadata.name}`;
      if (output === 'name') ctx.io.out.write(`${name}\n`);
      else if (output) printed.push(result);
      else ctx.io.out.write(`${name} reconciled${dryRunSuffix(dryRun)}\n`);
      report(ctx, r);
    }
  });
  if (printed.length) {
    const { printObjects } = await import('../printers/format.js');
    // Each object through a printer of its own, a typed one; kubectl ignores a template's failure
    // (its dump is printed, the command succeeds).
    for (const object of printed) {
      try {
        await printObjects({ output, items: [{ object, type: undefined as never }], single: true, typed: true, cwd: ctx.cwd, out: ctx.io.out, ...printOptionsOf(flags) });
      } catch (err) {
        if (!isTemplateExecutionError(err)) throw err;
      }
    }
  }
}
