import { setKey } from '../util/own.js';
import { atoi } from '../util/atoi.js';
import { isImageReference } from '../util/image-reference.js';
import type { KubeObject } from '../api/types.js';
import { CliError, RawError } from '../errors.js';
import type { VerbSpec } from './framework.js';
import { podRunningTimeoutFlag, podRunningTimeoutOf } from './pod-running-timeout.js';
import { createGenerated, GENERATOR_FLAGS_UNVALIDATED, newObjectMeta, parsePairs } from './generated.js';
import { checkPrintFlags, outputOf } from './print-flags.js';

export const verb: VerbSpec = {
  name: 'run',
  summary: 'Run a particular image on the cluster',
  usage: 'NAME --image=image [--env="key=value"] [--port=port] [--dry-run=server|client] [--overrides=inline-json] [--command] -- [COMMAND] [args...]',
  flags: [
    { name: 'image', type: 'string', required: true, description: 'The image for the container to run.' },
    { name: 'port', type: 'string', description: 'The port that this container exposes.' },
    { name: 'labels', short: 'l', type: 'string', description: 'Comma separated labels to apply to the pod. Will override previous values.' },
    { name: 'env', type: 'strings', description: 'Environment variables to set in the container.' },
    { name: 'restart', type: 'string', default: 'Always', description: 'The restart policy for this Pod. Legal values [Always, OnFailure, Never].' },
    { name: 'command', type: 'bool', description: 'If true and extra arguments are present, use them as the \'command\' field in the container, rather than the \'args\' field which is the default.' },
    { name: 'image-pull-policy', type: 'string', description: 'The image pull policy for the container.' },
    { name: 'annotations', type: 'strings', description: 'Annotations to apply to the pod.' },
    { name: 'expose', type: 'bool', description: 'If true, create a ClusterIP service associated with the pod. Requires `--port`.' },
    { name: 'stdin', short: 'i', type: 'bool', description: 'Keep stdin open on the container in the pod.' },
    { name: 'tty', short: 't', type: 'bool', description: 'Allocate a TTY for the container in the pod.' },
    { name: 'rm', type: 'bool', description: 'If true, delete the pod after it exits.' },
    { name: 'attach', type: 'bool', description: 'If true, wait for the Pod to start running, and then attach to the Pod.' },
    { name: 'override-type', type: 'string', default: 'merge', description: 'The method used to override the generated object: json, merge, or strategic.' },
    { name: 'overrides', type: 'string', description: 'An inline JSON override for the generated object. If this is non-empty, it is used to override the generated object. Requires that the object supply a valid apiVersion field.' },
    { name: 'privileged', type: 'bool', description: 'If true, run the container in privileged mode.' },
    { name: 'leave-stdin-open', type: 'bool', description: 'If the pod is started in interactive mode or with stdin, leave stdin open after the first attach completes.' },
    { name: 'quiet', short: 'q', type: 'bool', description: 'If true, suppress prompt messages.' },
    podRunningTimeoutFlag('1m0s'),
    // The deletion flags kubectl gives run for the pod --rm deletes.
    { name: 'cascade', type: 'string', arg: 'string', default: 'background', description: 'Must be "background", "orphan", or "foreground". Selects the deletion cascading strategy for the dependents (e.g. Pods created by a ReplicationController). Defaults to background.' },
    { name: 'grace-period', type: 'int', default: -1, description: 'Period of time in seconds given to the resource to terminate gracefully. Ignored if negative. Set to 1 for immediate shutdown. Can only be set to 0 when --force is true (force deletion).' },
    { name: 'force', type: 'bool', description: 'If true, immediately remove resources from API and bypass graceful deletion. Note that immediate deletion of some resources may result in inconsistency or data loss and requires confirmation.' },
    { name: 'wait', type: 'bool', description: 'If true, wait for resources to be gone before returning. This waits for finalizers.' },
    { name: 'timeout', type: 'string', arg: 'duration', default: '0s', description: 'The length of time to wait before giving up on a delete, zero means determine a timeout from the size of the object' },
    { name: 'filename', short: 'f', type: 'strings', description: 'to use to replace the resource (accepted and unused, as by kubectl run).' },
    { name: 'recursive', short: 'R', type: 'bool', description: 'Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.' },
    { name: 'kustomize', short: 'k', type: 'string', description: "Process a kustomization directory. This flag can't be used together with -f or -R (accepted and unused, as by kubectl run)." },
    ...GENERATOR_FLAGS_UNVALIDATED,
  ],
  async run(ctx, args, flags) {
    // kubectl's Complete builds the printer; the NAME and the image are checked after, in Run.
    await checkPrintFlags(ctx.cwd, flags);
    const positional = args.slice(0, args.length - ctx.dashArgs.length);
    const name = positional[0];
    const usage = (msg: string) => new RawError(`error: ${msg}\nSee '${ctx.programName} run -h' for help and examples`);
    if (!name) throw usage('NAME is required for run');
    podRunningTimeoutOf(ctx, flags, true);
    if (!flags.image) throw new CliError('--image is required');
    if (!isImageReference(flags.image)) throw new CliError(`Invalid image name "${flags.image}": invalid reference format`);
    // -i attaches unless --attach says otherwise (kubectl's Complete).
    const attach = flags.attach === undefined ? Boolean(flags.stdin) : Boolean(flags.attach);
    // The options of the deletion --rm makes (checked whatever the run, as kubectl does).
    const [{ gracePeriodOf }, { cascadeOf }] = await Promise.all([import('./delete.js'), import('./deletion-flags.js')]);
    const deleteOptions = { propagationPolicy: cascadeOf(flags.cascade as string | undefined, (w) => ctx.io.err.write(w)), gracePeriodSeconds: gracePeriodOf(flags) };
    // kubectl's Run checks these in this order.
    if (flags.tty && !flags.stdin) throw usage('-i/--stdin is required for containers with -t/--tty=true');
    if (flags.expose && flags.port === undefined) throw usage('--port must be set when exposing a service');
    // An empty --restart passes the check and the generator makes it Always.
    const restart = flags.restart === '' ? 'Always' : flags.restart;
    if (!['Always', 'OnFailure', 'Never'].includes(restart)) throw usage(`invalid restart policy: ${restart}`);
    if (flags.rm && !attach) throw usage('--rm should only be used for attached containers');
    if (attach && flags['dry-run'] !== undefined && flags['dry-run'] !== 'none') throw usage("--dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)");
    const labels = flags.labels ? runLabels(String(flags.labels)) : { run: name };
    const pullPolicy = flags['image-pull-policy'] as string | undefined;
    if (pullPolicy && !['Always', 'IfNotPresent', 'Never'].includes(pullPolicy)) throw usage(`invalid image pull policy: ${pullPolicy}`);
    const container: Record<string, unknown> = { image: flags.image, name };
    if (ctx.dashArgs.length) container[flags.command ? 'command' : 'args'] = [...ctx.dashArgs];
    if (flags.env?.length) container.env = parsePairs(flags.env, 'env').map(([n, v]) => ({ name: n, value: v }));
    if (pullPolicy) container.imagePullPolicy = pullPolicy;
    if (flags.port !== undefined) {
      // kubectl only parses it (Go's Atoi); the API server checks the range.
      container.ports = [{ containerPort: atoi(String(flags.port)) }];
    }
    container.resources = {};
    if (flags.privileged) container.securityContext = { privileged: true };
    if (flags.stdin) {
      container.stdin = true;
      if (!flags['leave-stdin-open']) container.stdinOnce = true;
      if (flags.tty) container.tty = true;
    }
    const meta = newObjectMeta(name, labels);
    if (flags.annotations?.length) meta.annotations = Object.fromEntries(parsePairs(flags.annotations, 'annotations format'));
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: meta,
      spec: { containers: [container], dnsPolicy: 'ClusterFirst', restartPolicy: restart },
      status: {},
    };
    let serviceError: unknown;
    if (flags.expose) {
      const svc: KubeObject = {
        apiVersion: 'v1',
        kind: 'Service',
        // kubectl's service generator labels the Service with --labels, when given (the selector defaults to run=NAME).
        metadata: newObjectMeta(name, flags.labels ? { ...labels } : undefined),
        spec: { ports: [{ port: Number(flags.port), protocol: 'TCP', targetPort: Number(flags.port) }], selector: labels },
        status: { loadBalancer: {} },
      };
      // kubectl goes on to the Pod when the Service fails (to be created or printed) and reports that last.
      try {
        await createGenerated(ctx, svc, flags, { verb: 'created', fieldManager: 'kubectl-run' });
        // kubectl writes a `---` of its own after the Service's YAML, and its YAML printer another before the Pod's.
        if (outputOf(flags) === 'yaml') ctx.io.out.write('---\n---\n');
      } catch (err) {
        serviceError = err;
      }
    }
    const final = flags.overrides ? await podWithOverrides(pod, flags.overrides, flags['override-type'] ?? 'merge') : pod;
    if (!attach) {
      await createGenerated(ctx, final, flags, { verb: 'created', fieldManager: 'kubectl-run' });
    } else {
      // Attached: the command is the container's own process; its output is what we print.
      const { runAttached } = await import('../userland/run-attached.js');
      await runAttached(ctx, final, { stdin: Boolean(flags.stdin), tty: Boolean(flags.tty), rm: Boolean(flags.rm), argv: ctx.dashArgs, quiet: Boolean(flags.quiet), deleteOptions });
    }
    if (serviceError) throw serviceError;
  },
};

/**
 * --overrides on the generated Pod, read back as kubectl reads it into a typed Pod, where every
 * container has its (possibly empty) resources and the Pod a status.
 */
async function podWithOverrides(pod: KubeObject, overrides: string, type: string): Promise<KubeObject> {
  const { withOverrides } = await import('./overrides.js');
  const out = await withOverrides(pod, overrides, type);
  for (const c of (out.spec?.containers as Array<Record<string, unknown>> | undefined) ?? []) c.resources ??= {};
  out.status ??= {};
  return out;
}

/** --labels as kubectl run reads it: `k=v,k2=v2`, each pair with exactly one `=` and a key. */
function runLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const spec of text.split(',')) {
    const parts = spec.split('=');
    if (parts.length !== 2) throw new CliError(`unexpected label spec: ${spec}`);
    if (!parts[0]) throw new CliError('unexpected empty label key');
    setKey(labels, parts[0], parts[1]!);
  }
  return labels;
}
