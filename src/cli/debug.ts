/**
 * `kubectl debug POD --image=IMG [-it] [--target=C] [-- CMD]`: an ephemeral container added to a
 * running pod through its ephemeralcontainers subresource, as kubectl v1.32 adds it, then (with -i)
 * its command run in it: in the pod's network (localhost is the other containers), with the
 * pod's volumes as it mounts them. `debug node/NAME` makes a pod on the node, in its host's network
 * with its root at /host; `--copy-to=NEW` a copy of the pod with the debug container in it.
 */
import { readFileSync } from 'node:fs';
import type { KubeObject } from '../api/types.js';
import { CliError, RawError } from '../errors.js';
import type { Context, FlagSpec, FlagValues, VerbSpec } from './framework.js';
import type { ResourceType } from '../api/registry.js';
import type { Session } from './session.js';
import { resolvePod } from './workload-pods.js';
import { splitNameArgs } from './resource-args.js';
import { isImageReference } from '../util/image-reference.js';

const PROFILES = ['legacy', 'general', 'baseline', 'netadmin', 'restricted', 'sysadmin'];

const flag = (name: string, type: FlagSpec['type'], description: string, extra: Partial<FlagSpec> = {}): FlagSpec => ({ name, type, description, ...extra });

export const verb: VerbSpec = {
  name: 'debug',
  summary: 'Create debugging sessions for troubleshooting workloads and nodes',
  usage: '(POD | TYPE[[.VERSION].GROUP]/NAME) [ -- COMMAND [args...] ]',
  flags: [
    flag('arguments-only', 'bool', 'If specified, everything after -- will be passed to the new container as Args instead of Command.'),
    flag('attach', 'bool', "If true, wait for the container to start running, and then attach as if 'kubectl attach ...' were called.  Default false, unless '-i/--stdin' is set, in which case the default is true."),
    flag('container', 'string', 'Container name to use for debug container.', { short: 'c' }),
    flag('copy-to', 'string', 'Create a copy of the target Pod with this name.'),
    flag('custom', 'string', 'Path to a JSON or YAML file containing a partial container spec to customize built-in debug profiles.'),
    flag('env', 'strings', 'Environment variables to set in the container.'),
    flag('filename', 'strings', 'identifying the resource to debug', { short: 'f' }),
    flag('image', 'string', 'Container image to use for debug container.'),
    flag('image-pull-policy', 'string', 'The image pull policy for the container. If left empty, this value will not be specified by the client and defaulted by the server.'),
    flag('keep-annotations', 'bool', "If true, keep the original pod annotations.(This flag only works when used with '--copy-to')"),
    flag('keep-init-containers', 'bool', "Run the init containers for the pod. Defaults to true.(This flag only works when used with '--copy-to')", { default: true }),
    flag('keep-labels', 'bool', "If true, keep the original pod labels.(This flag only works when used with '--copy-to')"),
    flag('keep-liveness', 'bool', "If true, keep the original pod liveness probes.(This flag only works when used with '--copy-to')"),
    flag('keep-readiness', 'bool', "If true, keep the original pod readiness probes.(This flag only works when used with '--copy-to')"),
    flag('keep-startup', 'bool', "If true, keep the original startup probes.(This flag only works when used with '--copy-to')"),
    flag('profile', 'string', 'Options are "legacy", "general", "baseline", "netadmin", "restricted" or "sysadmin".', { default: 'legacy' }),
    flag('quiet', 'bool', 'If true, suppress informational messages.', { short: 'q' }),
    flag('replace', 'bool', "When used with '--copy-to', delete the original Pod."),
    flag('same-node', 'bool', "When used with '--copy-to', schedule the copy of target Pod on the same node."),
    flag('set-image', 'strings', "When used with '--copy-to', a list of name=image pairs for changing container images, similar to how 'kubectl set image' works."),
    flag('share-processes', 'bool', "When used with '--copy-to', enable process namespace sharing in the copy.", { default: true }),
    flag('stdin', 'bool', 'Keep stdin open on the container(s) in the pod, even if nothing is attached.', { short: 'i' }),
    flag('target', 'string', 'When using an ephemeral container, target processes in this container name.'),
    flag('tty', 'bool', 'Allocate a TTY for the debugging container.', { short: 't' }),
  ],
  async run(ctx, args, flags) {
    const positional = args.slice(0, args.length - ctx.dashArgs.length);
    // --env and --set-image are pflag's stringToString flags: `k=v[,k=v]`, a malformed value failing as the flags are parsed.
    const env = stringToString(ctx, 'env', (flags.env as string[] | undefined) ?? []);
    const setImages = stringToString(ctx, 'set-image', (flags['set-image'] as string[] | undefined) ?? []);
    // kubectl's Complete, then its Validate, in their order.
    const profile = String(flags.profile ?? 'legacy');
    if (!PROFILES.includes(profile)) throw new CliError(`unknown profile: ${profile}`);
    const custom = flags.custom ? await customProfile(String(flags.custom)) : undefined;
    const image = flags.image ? String(flags.image) : '';
    const copyTo = flags['copy-to'] ? String(flags['copy-to']) : '';
    if (flags.attach === true && !image && !flags.container) throw new CliError('you must specify --container or create a new container using --image in order to attach.');
    if (copyTo) {
      if (!image && !Object.keys(setImages).length && !ctx.dashArgs.length) throw new CliError('you must specify --image, --set-image or command arguments.');
      if (ctx.dashArgs.length && !flags.container && !image) throw new CliError('you must specify an existing container or a new image when specifying args.');
    } else {
      const copyOnly = flags.replace ? 'replace' : flags['same-node'] ? 'same-node' : Object.keys(setImages).length ? 'set-image' : undefined;
      if (copyOnly) throw new CliError(`--${copyOnly} may only be used with --copy-to.`);
      if (!image) throw new CliError('you must specify --image when not using --copy-to.');
    }
    if (image && !isImageReference(image)) throw new CliError(`invalid image name ${JSON.stringify(image)}: invalid reference format`);
    if (positional.length === 0 && !(flags.filename as string[] | undefined)?.length) throw new CliError('NAME or filename is required for debug');
    const pullPolicy = flags['image-pull-policy'] as string | undefined;
    if (pullPolicy && !['Always', 'IfNotPresent', 'Never'].includes(pullPolicy)) throw new CliError(`invalid image pull policy: ${pullPolicy}`);
    for (const [name, ref] of Object.entries(setImages)) {
      if (!isImageReference(ref)) throw new CliError(`invalid image name ${JSON.stringify(ref)} for container ${JSON.stringify(name)}: invalid reference format`);
    }
    if (flags.target) {
      if (copyTo) throw new CliError('--target is incompatible with --copy-to. Use --share-processes instead.');
      // Once, as kubectl validates, and on stdout as its other informational lines.
      if (!flags.quiet) ctx.io.out.write(`Targeting container ${JSON.stringify(flags.target)}. If you don't see processes from this container it may be because the container runtime doesn't support this feature.\n`);
    }
    if (flags.tty && !flags.stdin) throw new CliError('-i/--stdin is required for containers with -t/--tty=true');
    if (profile === 'legacy') {
      ctx.io.err.write('--profile=legacy is deprecated and will be removed in the future. It is recommended to explicitly specify a profile, for example "--profile=general".\n');
    }
    const session = ctx.session();
    // What to debug: the named object, or each object the files name (kubectl's builder).
    const { liveTargets, readTargetDocuments } = await import('./file-targets.js');
    const docs = await readTargetDocuments(ctx, flags, positional, 'debug', 'plain');
    // Each named object (a NAME is a pod's) is fetched as it is visited: the first that fails ends the command.
    const targets: Array<() => { type: ResourceType; obj: KubeObject }> = docs
      ? session.read((api) => liveTargets(ctx, api, session, docs, undefined, { latest: false })).map((t) => () => t)
      : namedTargets(session, positional);
    for (const target of targets) {
      const { type, obj } = target();
      // A limit of kubectl's own: it debugs pods and nodes.
      if ((type.kind !== 'Pod' && type.kind !== 'Node') || type.group) throw new CliError(`"${type.group}/${type.version}, Kind=${type.kind}" not supported by debug`);
      await debugOne(ctx, session, obj, flags, { profile, custom }, env, setImages);
    }
  },
};

/** Debugs one pod (an ephemeral container, or with --copy-to a copy) or node (a pod on it). */
async function debugOne(
  ctx: Context,
  session: Session,
  target: KubeObject,
  flags: FlagValues,
  { profile, custom }: { profile: string; custom: Record<string, unknown> | undefined },
  env: Record<string, string>,
  setImages: Record<string, string>,
): Promise<void> {
  const { addEphemeralContainer, debugContainer, nodeDebugPod, podCopyForDebug } = await import('../api/debug-container.js');
  const { randomSuffix } = await import('../api/server.js');
  const stdin = Boolean(flags.stdin);
  const tty = Boolean(flags.tty);
  const quiet = Boolean(flags.quiet);
  // kubectl's informational lines go to stdout.
  const inform = (text: string) => {
    if (!quiet) ctx.io.out.write(text);
  };
  const options = {
    name: flags.container as string | undefined,
    image: flags.image ? String(flags.image) : '',
    imagePullPolicy: flags['image-pull-policy'] as string | undefined,
    env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
    stdin,
    tty,
    target: flags.target as string | undefined,
    argv: ctx.dashArgs,
    argumentsOnly: Boolean(flags['arguments-only']),
    profile,
    custom,
    suffix: () => randomSuffix(),
  };
  const attach = flags.attach === undefined ? stdin : Boolean(flags.attach);
  if (target.kind === 'Node') {
    const pod = nodeDebugPod(target, session.namespace, options);
    const container = pod.spec!.containers[0];
    inform(`Creating debugging pod ${pod.metadata.name} with container ${container.name} on node ${target.metadata.name}.\n`);
    const created = session.write((api) => api.create(pod, { fieldManager: 'kubectl' }));
    if (attach) await attachTo(ctx, session, created, container, { stdin, tty, quiet, startsProcess: true });
    return;
  }
  if (flags['copy-to']) {
    const copy = podCopyForDebug(target, options, {
      copyTo: String(flags['copy-to']),
      sameNode: Boolean(flags['same-node']),
      setImages,
      keepLabels: Boolean(flags['keep-labels']),
      keepAnnotations: Boolean(flags['keep-annotations']),
      keepLiveness: Boolean(flags['keep-liveness']),
      keepReadiness: Boolean(flags['keep-readiness']),
      keepStartup: Boolean(flags['keep-startup']),
      keepInitContainers: flags['keep-init-containers'] !== false,
      shareProcesses: flags['share-processes'] !== false,
    });
    if (copy.generated) inform(`Defaulting debug container name to ${copy.container}.\n`);
    const created = session.write((api) => {
      const made = api.create(copy.pod, { fieldManager: 'kubectl' });
      if (flags.replace) api.delete(api.registry.resolve('pods'), target.metadata.namespace, target.metadata.name!, {});
      return made;
    });
    if (attach && copy.container) await attachTo(ctx, session, created, { name: copy.container }, { stdin, tty, quiet, startsProcess: false });
    return;
  }
  const container = debugContainer(target, options);
  if (!flags.container) inform(`Defaulting debug container name to ${container.name}.\n`);
  const updated = session.write((api) => addEphemeralContainer(api, target, container));
  if (attach) await attachTo(ctx, session, updated, container, { stdin, tty, quiet, startsProcess: false });
}

/**
 * `debug -i`: kubectl waits for the container to run, then attaches to it (src/cli/attach.ts), or prints the
 * log of one that has exited already (its handleAttachPod falls back to the logs). A node
 * debugger's process is the attached command itself (`startsProcess`, as `run -i`'s): its pod has
 * only to be on its node.
 */
async function attachTo(
  ctx: Context,
  session: Session,
  pod: KubeObject,
  container: { name: string },
  o: { stdin: boolean; tty: boolean; quiet: boolean; startsProcess: boolean },
): Promise<void> {
  const name = pod.metadata.name!;
  const { current, now } = session.read((api) => ({ current: api.get(api.registry.resolve('pods'), pod.metadata.namespace, name), now: api.clock.now().getTime() }));
  const { containerSpec, containerStatus } = await import('../api/pod-exec.js');
  const status = containerStatus(current, container.name);
  if (!o.startsProcess && status?.state?.terminated) {
    // The container has exited already: kubectl prints its log instead of attaching.
    const { formatLog, logsOf } = await import('./logs.js');
    ctx.io.out.write(formatLog(logsOf(current, container.name, false, now), {}, '', now));
    return;
  }
  if (o.startsProcess ? !current.spec?.nodeName : !status?.state?.running) {
    const phase = current.status?.phase ?? 'Pending';
    throw new CliError(`container ${container.name} of pod ${name} is not running (pod phase ${phase}); kubectl would wait for it`);
  }
  const { attachToProcess } = await import('./attach.js');
  await attachToProcess(ctx, current, containerSpec(current, container.name), o);
}

/** --custom: a partial container spec (JSON or YAML) merged over what the profile made; some fields it may not set. */
async function customProfile(path: string): Promise<Record<string, unknown>> {
  const { errnoText } = await import('../util/errno.js');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new CliError(`must pass a container spec json file for custom profile: open ${path}: ${errnoText(e)}`);
  }
  const { parseYamlDocuments, YamlSyntaxError } = await import('../api/yaml-documents.js');
  let spec: unknown;
  try {
    spec = parseYamlDocuments(path, text)[0];
  } catch (e) {
    const detail = e instanceof YamlSyntaxError ? `error converting YAML to JSON: ${e.reason}` : (e as Error).message;
    throw new CliError(`${path} does not contain a valid container spec: ${detail}`);
  }
  const out = spec !== null && typeof spec === 'object' && !Array.isArray(spec) ? (spec as Record<string, unknown>) : {};
  if (['name', 'command', 'image', 'lifecycle', 'volumeDevices'].some((k) => out[k] !== undefined)) {
    throw new CliError('name, command, image, lifecycle and volume devices are not modifiable via custom profile');
  }
  return out;
}

/**
 * A stringToString flag's values as pflag reads them: a value with one `=` is one pair (commas and
 * all), one with more is split as a CSV line, each part `key=value` (split at the first `=`); later
 * keys replace earlier ones.
 */
function stringToString(ctx: Context, flag: string, values: string[]): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  const bad = (value: string, part: string) => new RawError(`Error: invalid argument "${value}" for "--${flag}" flag: ${part} must be formatted as key=value\nSee '${ctx.programName} debug --help' for usage.`);
  for (const value of values) {
    const equals = value.split('=').length - 1;
    if (equals === 0) throw bad(value, value);
    const pairs = equals === 1 ? [value.replace(/^"+|"+$/g, '')] : value.split(',');
    for (const pair of pairs) {
      const eq = pair.indexOf('=');
      if (eq < 0) throw bad(value, pair);
      out[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
  }
  return out;
}

/**
 * The objects debug's arguments name, as kubectl's builder takes them: every argument split and
 * every type mapped first (a NAME is a pod's), then each object fetched as it is visited.
 */
function namedTargets(session: Session, args: string[]): Array<() => { type: ResourceType; obj: KubeObject }> {
  const split = splitNameArgs(args);
  const types = session.read((api) => split.map(({ typeArg }) => api.registry.resolve(typeArg ?? 'pods')));
  return split.map(({ typeArg, name }, i) => () =>
    session.read((api) => {
      const type = types[i]!;
      if (typeArg === undefined) return { type, obj: resolvePod(api, session.namespace, name) };
      return { type, obj: api.get(type, type.namespaced ? session.namespace : undefined, name) };
    }),
  );
}
