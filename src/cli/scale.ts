/** kubectl scale: sets spec.replicas of Deployments, ReplicaSets, ReplicationControllers and StatefulSets. */
import type { ApiServer } from '../api/server.js';
import { crdFor } from '../api/crd/resources.js';
import { checkScaleReplicasDecode } from '../api/scale-replicas.js';
import { readPath, scalePaths, writePath } from '../api/crd/scale.js';
import { deepClone, type KubeObject } from '../api/types.js';
import { ApiError, CliError, notFound } from '../errors.js';
import type { Context, FlagValues, VerbSpec } from './framework.js';
import { NO_NAME, readTargetDocuments } from './file-targets.js';
import { filenameFlags, OUTPUT_FLAG, printResults, resolveDoc } from './manifest-objects.js';
import { BuilderErrorList, BuilderErrors, failAggregate } from './aggregate-errors.js';
import { checkPrintFlags, outputOf, PRINT_FLAGS } from './print-flags.js';
import { recordChangeCause } from './record.js';
import { dryRunSuffix, parseDryRun, PROVIDE_RESOURCES, resolveTargets, targetName, type DryRun, type Target } from './workload-targets.js';
import { noResourcesError } from './resource-args.js';

const SCALABLE = new Set(['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet']);

/** The type's scale subresource (a custom resource's paths), or the API server's NotFound for a type without one. */
function scalableAs(api: ApiServer, t: Target): ReturnType<typeof scalePaths> | undefined {
  const custom = t.type.custom ? scalePaths(crdFor(api, t.type), t.obj.apiVersion) : undefined;
  if (!SCALABLE.has(t.type.kind) && !custom) throw new ApiError('NotFound', 404, 'the server could not find the requested resource');
  return custom;
}

/** ScalePrecondition.validate, then the scale itself. */
export function scaleOne(api: ApiServer, t: Target, replicas: number, dryRun: DryRun, current: number, resourceVersion?: string, record?: (obj: KubeObject) => void): void {
  const custom = scalableAs(api, t);
  const actual = custom ? (readPath(t.obj, custom.specReplicasPath) ?? 0) : (t.obj.spec?.replicas ?? 1);
  if (current !== -1 && actual !== current) throw new CliError(`Expected replicas to be ${current}, was ${actual}`);
  if (resourceVersion && t.obj.metadata.resourceVersion !== resourceVersion) {
    throw new CliError(`Expected resource version to be ${resourceVersion}, was ${t.obj.metadata.resourceVersion}`);
  }
  // kubectl sends the Scale: one the API server cannot decode fails there, whatever the object.
  checkScaleReplicasDecode(replicas);
  const copy = deepClone(t.obj);
  record?.(copy);
  if (custom) {
    // Through the scale subresource: the custom resource is validated as any write of it.
    writePath(copy, custom.specReplicasPath, replicas);
    api.update(copy, { dryRun: dryRun === 'server' });
    return;
  }
  copy.spec = { ...(copy.spec ?? {}), replicas };
  api.update(copy, { dryRun: dryRun === 'server', trusted: true, fieldManager: 'kubectl', subresource: 'scale' });
}

async function run(ctx: Context, args: string[], flags: FlagValues): Promise<void> {
  // kubectl builds the printer first (Complete), before it checks --replicas.
  await checkPrintFlags(ctx.cwd, flags);
  const replicas: number = flags.replicas;
  if (replicas < 0) throw new CliError('The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
  if ((flags['current-replicas'] ?? -1) < -1) throw new CliError('The --current-replicas must specify an integer of -1 or greater');
  // The documents or objects kubectl's builder could not read, map or find (its infoErr): reported
  // at the end, unless an object fails to scale first.
  const unread = new BuilderErrorList();
  // scale's builder filters the files' objects by their own labels (it fetches nothing first).
  const docs = await readTargetDocuments(ctx, flags, args, 'scale', 'plain', unread.add, true);
  if (args.length === 0 && !docs) throw noResourcesError(flags.selector !== undefined);
  const dryRun = parseDryRun(flags['dry-run']);
  const output = outputOf(flags);
  // kubectl prints each object as it read it, before the scale (-o name: its name).
  const printed: Target[] = [];
  const session = ctx.session();
  let failed: unknown;
  try {
    session.write((api) => {
      let found: Target[];
      if (docs) {
        // The objects as the files have them: the scaler reads the live ones.
        found = [];
        for (const doc of docs) {
          try {
            // A document without apiVersion is the core kind to kubectl's mapper (its scale request reaches it).
            const r = resolveDoc(api, session, doc, { coreAsV1: true });
            found.push({ type: r.type, obj: r.object });
          } catch (err) {
            unread.add(err, doc.seq ?? 0);
          }
        }
      } else {
        const selected = resolveTargets(api, { args, namespace: session.namespace, selector: flags.selector, all: flags.all, noArgsMessage: PROVIDE_RESOURCES });
        found = selected.found;
        selected.missing.forEach((err, i) => unread.add(err, i));
      }
      if (flags['resource-version'] && found.length > 1) throw new CliError('cannot use --resource-version with multiple resources');
      if (found.length === 0) throw new CliError(unread.length ? `no objects passed to scale ${new BuilderErrors(unread.errors).message}` : 'no objects passed to scale');
      for (const t of found) {
        if (dryRun !== 'client') {
          try {
            // client-go refuses the scale request for an object the document did not name.
            const name = t.obj.metadata.name;
            if (typeof name !== 'string' || !name) throw new CliError(NO_NAME);
            // kubectl sends the file's object's scale request without reading the object: a GET of its scale
            // first when it has preconditions to check, else the PATCH; the live object is the server's to read.
            if (docs) api.request((flags['current-replicas'] ?? -1) !== -1 || flags['resource-version'] ? 'get' : 'patch', t.type, t.obj.metadata.namespace, name, 'scale');
            const live = docs ? api.asSystem().tryGet(t.type, t.obj.metadata.namespace, name) : t.obj;
            if (!live) {
              // The request goes to the type's scale subresource: a type without one is not found first.
              scalableAs(api, t);
              throw notFound(t.type.plural, t.type.group, t.obj.metadata.name!);
            }
            scaleOne(api, { type: t.type, obj: live }, replicas, dryRun, flags['current-replicas'] ?? -1, flags['resource-version'], flags.record === true ? (o) => recordChangeCause(ctx, o) : undefined);
          } catch (err) {
            // kubectl stops at the first object it cannot scale; those it scaled before stay scaled.
            failed = err;
            return;
          }
        }
        if (output === 'name') ctx.io.out.write(`${targetName(t)}\n`);
        else if (output) printed.push(t);
        else ctx.io.out.write(`${targetName(t)} scaled${dryRunSuffix(dryRun)}\n`);
      }
    });
  } finally {
    // What was printed before a failure is printed still, as kubectl prints each object as it goes.
    if (printed.length) await printResults(ctx, output, printed.map((t) => ({ object: t.obj, type: t.type })), 'documents', flags);
  }
  if (failed !== undefined) throw failed;
  failAggregate(ctx, unread.aggregate());
}

export const verb: VerbSpec = {
  name: 'scale',
  summary: 'Set a new size for a deployment, replica set, or replication controller',
  usage: '[--resource-version=version] [--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME)',
  flags: [
    { name: 'replicas', type: 'int', required: true, description: 'The new desired number of replicas. Required.' },
    { name: 'current-replicas', type: 'int', default: -1, description: 'Precondition for current size. Requires that the current size of the resource match this value in order to scale. -1 (default) for no condition.' },
    { name: 'resource-version', type: 'string', description: 'Precondition for resource version. Requires that the current resource version match this value in order to scale.' },
    { name: 'selector', short: 'l', type: 'string', description: 'Selector (label query) to filter on' },
    { name: 'all', type: 'bool', description: 'Select all resources in the namespace of the specified resource types' },
    { name: 'dry-run', type: 'string', default: 'none', description: 'Must be "none", "server", or "client".' },
    OUTPUT_FLAG,
    ...PRINT_FLAGS,
    { name: 'timeout', type: 'string', arg: 'duration', default: '0s', description: 'The length of time to wait before giving up on a scale operation' },
    ...filenameFlags('identifying the resource to set a new size'),
    { name: 'record', type: 'bool', hidden: true, description: 'Record current kubectl command in the resource annotation.' },
  ],
  run,
};
