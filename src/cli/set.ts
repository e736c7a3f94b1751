/**
 * kubectl set image|env|resources: edits the containers of a pod template (or a pod) and
 * prints `<kind>/<name> image updated` etc. for each object that changed.
 */
import { jsonEqual } from '../api/server.js';
import { deepClone, type KubeObject } from '../api/types.js';
import { CliError } from '../errors.js';
import type { Context, FlagSpec, FlagValues, VerbSpec } from './framework.js';
import { dryRunSuffix, parseDryRun, PROVIDE_RESOURCES, rejectFilenames, resolveTargets, targetName, type Target } from './workload-targets.js';

/** The pod spec inside an object (UpdatePodSpecForObject), or undefined for kinds without one. */
export function podSpecOf(obj: KubeObject): any | undefined {
  switch (obj.kind) {
    case 'Pod':
      return (obj.spec ??= {});
    case 'CronJob': {
      const job = (((obj.spec ??= {}).jobTemplate ??= {}).spec ??= {});
      return ((job.template ??= {}).spec ??= {});
    }
    case 'Deployment':
    case 'ReplicaSet':
    case 'ReplicationController':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'Job':
      return (((obj.spec ??= {}).template ??= {}).spec ??= {});
    default:
      return undefined;
  }
}

type Edit = (spec: any, errors: string[]) => void;

interface EditRun {
  operation: string;
  /** Splits args into resources and the verb's own KEY=VALUE arguments. */
  args: string[];
  edit: Edit;
  flags: FlagValues;
}

function runEdit(ctx: Context, run: EditRun): void {
  const dryRun = parseDryRun(run.flags['dry-run']);
  if (run.args.length === 0) throw new CliError(PROVIDE_RESOURCES);
  const session = ctx.session();
  session.write((api) => {
    const { found, missing } = resolveTargets(api, {
      args: run.args,
      namespace: session.namespace,
      selector: run.flags.selector,
      all: run.flags.all,
      noArgsMessage: PROVIDE_RESOURCES,
    });
    if (missing.length) throw missing[0];
    const errors: string[] = [];
    for (const t of found) {
      const updated = editTarget(t, run.edit, errors);
      if (!updated) continue;
      if (dryRun !== 'client') api.update(updated, { dryRun: dryRun === 'server', fieldManager: (run.flags['field-manager'] as string | undefined) || 'kubectl-set' });
      ctx.io.out.write(`${targetName(t)} ${run.operation}${dryRunSuffix(dryRun)}\n`);
    }
    if (errors.length) ctx.fail(new CliError(errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]`));
  });
}

function editTarget(t: Target, edit: Edit, errors: string[]): KubeObject | undefined {
  const copy = deepClone(t.obj);
  const spec = podSpecOf(copy);
  if (!spec) {
    errors.push(`error: ${t.type.plural}/${t.obj.metadata.name} the object is not a pod or does not have a pod template: *v1.${t.type.kind}`);
    return undefined;
  }
  edit(spec, errors);
  return jsonEqual(podSpecOf(deepClone(t.obj)), spec) ? undefined : copy;
}

function containersOf(spec: any): any[] {
  return [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
}

/** The -c/--containers wildcard (path.Match style `*` and `?`). */
function globPattern(glob: string): RegExp {
  const escaped = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

function splitAssignments(args: string[], isAssignment: (a: string) => boolean): { resources: string[]; assignments: string[] } {
  const resources: string[] = [];
  const assignments: string[] = [];
  for (const a of args) (isAssignment(a) ? assignments : resources).push(a);
  return { resources, assignments };
}

// ---- image ----

export function imageEdit(images: Map<string, string>): Edit {
  return (spec, errors) => {
    for (const [name, image] of images) {
      let found = false;
      for (const c of containersOf(spec)) {
        if (name === '*' || c.name === name) {
          c.image = image;
          found = true;
        }
      }
      if (!found) errors.push(`error: unable to find container named "${name}"`);
    }
  };
}

function runImage(ctx: Context, args: string[], flags: FlagValues): void {
  const { resources, assignments } = splitAssignments(args, (a) => a.includes('='));
  if (flags.all && flags.selector) throw new CliError('cannot set --all and --selector at the same time');
  if (resources.length === 0) throw new CliError(PROVIDE_RESOURCES);
  if (assignments.length === 0) throw new CliError('at least one image update is required');
  const images = new Map(assignments.map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]));
  if (images.size > 1 && images.has('*')) {
    throw new CliError('all containers are already specified by *, but saw more than one container_name=container_image pairs');
  }
  runEdit(ctx, { operation: 'image updated', args: resources, edit: imageEdit(images), flags });
}

// ---- env ----

export function envEdit(set: Array<[string, string]>, remove: string[], containerGlob: string, overwrite: boolean): Edit {
  const pattern = globPattern(containerGlob);
  return (spec, errors) => {
    for (const c of containersOf(spec).filter((x) => pattern.test(x.name))) {
      let env: any[] = [...(c.env ?? [])];
      for (const [k, v] of set) {
        const at = env.findIndex((e) => e.name === k);
        if (at >= 0 && !overwrite && env[at].value !== v) {
          errors.push(`'${k}' already has a value (${env[at].value}), and --overwrite is false`);
          continue;
        }
        if (at >= 0) env[at] = { name: k, value: v };
        else env.push({ name: k, value: v });
      }
      env = env.filter((e) => !remove.includes(e.name));
      if (env.length) c.env = env;
      else delete c.env;
    }
  };
}

function listEnv(ctx: Context, args: string[], flags: FlagValues): void {
  const session = ctx.session();
  session.read((api) => {
    const { found, missing } = resolveTargets(api, { args, namespace: session.namespace, selector: flags.selector, all: flags.all, noArgsMessage: PROVIDE_RESOURCES });
    if (missing.length) throw missing[0];
    for (const t of found) {
      const spec = podSpecOf(deepClone(t.obj));
      for (const c of containersOf(spec ?? {})) {
        ctx.io.out.write(`# ${t.type.kind} ${t.obj.metadata.name}, container ${c.name}\n`);
        for (const e of c.env ?? []) {
          if (e.valueFrom?.fieldRef) ctx.io.out.write(`# ${e.name} from field path ${e.valueFrom.fieldRef.fieldPath}\n`);
          else if (e.valueFrom?.secretKeyRef) ctx.io.out.write(`# ${e.name} from secret ${e.valueFrom.secretKeyRef.name}, key ${e.valueFrom.secretKeyRef.key}\n`);
          else if (e.valueFrom?.configMapKeyRef) ctx.io.out.write(`# ${e.name} from configmap ${e.valueFrom.configMapKeyRef.name}, key ${e.valueFrom.configMapKeyRef.key}\n`);
          else ctx.io.out.write(`${e.name}=${e.value ?? ''}\n`);
        }
      }
    }
  });
}

function runEnv(ctx: Context, args: string[], flags: FlagValues): void {
  const { resources, assignments } = splitAssignments(args, (a) => a.includes('=') || /^[A-Za-z_][A-Za-z0-9_.-]*-$/.test(a));
  if (resources.length === 0) throw new CliError('one or more resources must be specified as <resource> <name> or <resource>/<name>');
  if (flags.list) return listEnv(ctx, resources, flags);
  const set: Array<[string, string]> = [];
  const remove: string[] = [];
  for (const a of [...assignments, ...(flags.env ?? [])]) {
    if (a.includes('=')) set.push([a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]);
    else remove.push(a.slice(0, -1));
  }
  if (set.length === 0 && remove.length === 0) throw new CliError('at least one environment variable must be provided');
  runEdit(ctx, { operation: 'env updated', args: resources, edit: envEdit(set, remove, flags.containers ?? '*', flags.overwrite !== false), flags });
}

// ---- resources ----

function parseResourceList(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!text) return out;
  for (const part of text.split(',')) {
    const i = part.indexOf('=');
    if (i <= 0) throw new CliError(`invalid resource specification: ${part}`);
    out[part.slice(0, i)] = part.slice(i + 1);
  }
  return out;
}

export function resourcesEdit(limits: Record<string, string>, requests: Record<string, string>, containerGlob: string): Edit {
  const pattern = globPattern(containerGlob);
  return (spec, errors) => {
    const containers = containersOf(spec).filter((c) => pattern.test(c.name));
    if (containers.length === 0) errors.push(`error: unable to find container named ${containerGlob}`);
    for (const c of containers) {
      const r = (c.resources ??= {});
      if (Object.keys(limits).length) r.limits = { ...(r.limits ?? {}), ...limits };
      if (Object.keys(requests).length) r.requests = { ...(r.requests ?? {}), ...requests };
    }
  };
}

function runResources(ctx: Context, args: string[], flags: FlagValues): void {
  if (args.length === 0) throw new CliError(PROVIDE_RESOURCES);
  const limits = parseResourceList(flags.limits);
  const requests = parseResourceList(flags.requests);
  if (!Object.keys(limits).length && !Object.keys(requests).length) {
    throw new CliError('you must specify an update to requests or limits (in the form of --requests/--limits)');
  }
  runEdit(ctx, { operation: 'resource requirements updated', args, edit: resourcesEdit(limits, requests, flags.containers ?? '*'), flags });
}

const COMMON: FlagSpec[] = [
  { name: 'selector', short: 'l', type: 'string', description: 'Selector (label query) to filter on' },
  { name: 'all', type: 'bool', description: 'Select all resources, in the namespace of the specified resource types' },
  { name: 'dry-run', type: 'string', default: 'none', description: 'Must be "none", "server", or "client".' },
  { name: 'filename', short: 'f', type: 'strings', description: 'Filename, directory, or URL to files identifying the resource' },
];

/** Every set subcommand refuses -f first (no manifest reader yet). */
function withoutFiles(fn: (ctx: Context, args: string[], flags: FlagValues) => void) {
  return (ctx: Context, args: string[], flags: FlagValues) => {
    rejectFilenames(flags.filename, 'set');
    fn(ctx, args, flags);
  };
}

const CONTAINERS: FlagSpec = { name: 'containers', short: 'c', type: 'string', default: '*', description: 'The names of containers in the selected pod templates to change - may use wildcards' };

export const verb: VerbSpec = {
  name: 'set',
  summary: 'Set specific features on objects',
  usage: 'SUBCOMMAND',
  subcommands: [
    {
      name: 'image',
      summary: 'Update the image of a pod template',
      usage: '(-f FILENAME | TYPE NAME) CONTAINER_NAME_1=CONTAINER_IMAGE_1 ... CONTAINER_NAME_N=CONTAINER_IMAGE_N',
      flags: COMMON,
      run: withoutFiles(runImage),
    },
    {
      name: 'env',
      summary: 'Update environment variables on a pod template',
      usage: 'RESOURCE/NAME KEY_1=VAL_1 ... KEY_N=VAL_N',
      flags: [
        ...COMMON,
        CONTAINERS,
        { name: 'env', short: 'e', type: 'strings', description: 'Specify a key-value pair for an environment variable to set into each container.' },
        { name: 'list', type: 'bool', description: 'If true, display the environment and any changes in the standard format.' },
        { name: 'overwrite', type: 'bool', default: true, description: 'If true, allow environment to be overwritten, otherwise reject updates that overwrite existing environment.' },
      ],
      run: withoutFiles(runEnv),
    },
    {
      name: 'resources',
      summary: 'Update resource requests/limits on objects with pod templates',
      usage: '(-f FILENAME | TYPE NAME) ([--limits=LIMITS & --requests=REQUESTS]',
      flags: [
        ...COMMON,
        CONTAINERS,
        { name: 'limits', type: 'string', description: 'The resource requirement requests for this container.  For example, \'cpu=100m,memory=256Mi\'.' },
        { name: 'requests', type: 'string', description: 'The resource requirement requests for this container.  For example, \'cpu=100m,memory=256Mi\'.' },
      ],
      run: withoutFiles(runResources),
    },
  ],
};
