/**
 * `kubectl logs` for simulated containers. A simulated container prints what the simulation
 * knows of it: a line when it starts, the lines of the `sim.kubectl-lite.io/log` annotation
 * (or `sim.kubectl-lite.io/log-<container>`; `\n`-separated) as its output, and a line when it
 * exits. Each container instance (restart) has its own log; --previous reads the last one.
 */
import { containerSpec, containerStatus } from '../api/pod-exec.js';
import { checkRequestPath } from '../api/request-name.js';
import { defaultContainer } from './pod-containers.js';
import { matches } from '../api/labels.js';
import { qualifiedName } from '../api/registry.js';
import type { ApiServer } from '../api/server.js';
import type { KubeObject } from '../api/types.js';
import { ApiError, CliError, RawError } from '../errors.js';
import { runLines, writerOf } from '../sim/writer.js';
import { parseGoDuration } from '../util/duration.js';
import type { Context, VerbSpec } from './framework.js';
import { requestDeadline } from './global-checks.js';
import { podRunningTimeoutFlag, podRunningTimeoutOf } from './pod-running-timeout.js';
import { parseRFC3339 } from '../util/go-time.js';
import { parseLabelSelectorArg, splitResourceTypeName } from './resource-args.js';
import { listSelected } from './indexed-list.js';
import { selectedPods } from './workload-pods.js';

export interface LogLine {
  time: string;
  text: string;
}

const LOG_ANNOTATION = 'sim.kubectl-lite.io/log';

/** The log of one container instance, from its start/finish times, the pod's log annotation and what it writes to stdout over time (src/sim/writer.ts). */
export function instanceLog(pod: KubeObject, container: string, state: any, now = Infinity): LogLine[] {
  const running = state?.running;
  const terminated = state?.terminated;
  const started: string | undefined = running?.startedAt ?? terminated?.startedAt;
  if (!started) return [];
  const image = containerSpec(pod, container)?.image;
  const annotations = pod.metadata.annotations ?? {};
  const appLines: string[] = (annotations[`${LOG_ANNOTATION}-${container}`] ?? annotations[LOG_ANNOTATION] ?? '').split('\n').filter((l: string) => l !== '');
  const lines: LogLine[] = [{ time: started, text: `[kubectl-lite] container ${container} started (image ${image ?? 'unknown'})` }];
  for (const text of appLines) lines.push({ time: started, text });
  const writer = writerOf(pod, container);
  if (writer?.path === '/dev/stdout' && Number.isFinite(now)) {
    for (const l of runLines(writer, pod, container, started, terminated?.finishedAt, now)) lines.push({ time: new Date(l.at).toISOString().replace(/\.000Z$/, 'Z'), text: l.text });
  }
  if (terminated) {
    const how = terminated.exitCode === 0 ? 'exited successfully' : `exited with code ${terminated.exitCode}${terminated.reason ? ` (${terminated.reason})` : ''}`;
    lines.push({ time: terminated.finishedAt ?? started, text: `[kubectl-lite] container ${container} ${how}` });
  }
  return lines;
}

export function logsOf(pod: KubeObject, container: string, previous: boolean, now: number): LogLine[] {
  const all = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []), ...(pod.spec?.ephemeralContainers ?? [])].map((c: any) => c.name);
  if (!all.includes(container)) throw new CliError(`container ${container} is not valid for pod ${pod.metadata.name}`);
  const status = containerStatus(pod, container);
  if (previous) {
    if (!status?.lastState?.terminated) {
      throw new ApiError('BadRequest', 400, `previous terminated container "${container}" in pod "${pod.metadata.name}" not found`);
    }
    return instanceLog(pod, container, status.lastState, now);
  }
  const waiting = status?.state?.waiting;
  if (!status || (waiting && !status.lastState?.terminated)) {
    const reason = waiting?.reason ?? 'ContainerCreating';
    throw new ApiError('BadRequest', 400, `container "${container}" in pod "${pod.metadata.name}" is waiting to start: ${reason}`);
  }
  // A container in back-off shows its last run, as the kubelet serves the latest log file.
  return instanceLog(pod, container, waiting ? status.lastState : status.state, now);
}

export function formatLog(lines: LogLine[], flags: Record<string, any>, prefix: string, now: number, budget?: ByteBudget): string {
  let shown = lines;
  if (flags['since-time']) {
    const since = sinceTimeOf(flags['since-time']);
    shown = shown.filter((l) => Date.parse(l.time) >= since);
  }
  if (flags.since) {
    const ms = parseGoDuration(flags.since);
    if (ms === undefined) throw new CliError(`invalid argument "${flags.since}" for "--since" flag: time: invalid duration "${flags.since}"`);
    // A zero --since asks for no limit (kubectl sends none).
    if (ms !== 0) shown = shown.filter((l) => Date.parse(l.time) >= now - ms);
  }
  if (flags.tail !== undefined && flags.tail >= 0) shown = shown.slice(Math.max(0, shown.length - flags.tail));
  const texts = shown.map((l) => `${flags.timestamps ? `${l.time.replace(/Z$/, '.000000000Z')} ` : ''}${l.text}\n`);
  return prefixed(budget ? limited(texts, budget) : texts, prefix);
}

/** --since-time as kubectl reads it (Go's RFC 3339 parse), or Go's error. */
function sinceTimeOf(text: string): number {
  const t = parseRFC3339(text);
  if ('error' in t) throw new CliError(t.error);
  return t.ms;
}

/** kubectl's LogsOptions.Validate, in its order: `container` is -c's or the word after the pod's (`inline`). */
function validateLogOptions(flags: Record<string, any>, container: string | undefined, inline: boolean): void {
  const since = flags.since ? parseGoDuration(flags.since) : undefined;
  if (flags['since-time'] && since !== undefined && since !== 0) throw new CliError('at most one of `sinceTime` or `sinceSeconds` may be specified');
  if (flags['all-containers'] && container) throw new CliError(`--all-containers=true should not be specified with container name ${container}`);
  if (flags.container !== undefined && inline) throw new CliError('only one of -c or an inline [CONTAINER] arg is allowed');
  if ((flags['limit-bytes'] ?? 0) < 0) throw new CliError('--limit-bytes must be greater than 0');
  if (since !== undefined && Math.round(since / 1000) < 0) throw new CliError('--since must be greater than 0');
  if ((flags.tail ?? -1) < -1) throw new CliError('--tail must be greater than or equal to -1');
}

/** One stream's --limit-bytes: what the kubelet still sends of it. */
export interface ByteBudget {
  left: number;
}

/**
 * --limit-bytes: the kubelet stops a container's log after that many bytes (timestamps
 * included, kubectl's prefix not), in the middle of a line if it falls there.
 */
function limited(texts: string[], budget: ByteBudget): string[] {
  const out: string[] = [];
  for (const t of texts) {
    if (budget.left <= 0) break;
    const bytes = Buffer.from(t, 'utf8');
    if (bytes.length <= budget.left) {
      out.push(t);
      budget.left -= bytes.length;
      continue;
    }
    out.push(bytes.subarray(0, budget.left).toString('utf8'));
    budget.left = 0;
  }
  return out;
}

function prefixed(texts: string[], prefix: string): string {
  return prefix ? texts.map((t) => prefix + t).join('') : texts.join('');
}

export const verb: VerbSpec = {
  name: 'logs',
  summary: 'Print the logs for a container in a pod',
  usage: '[-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]',
  flags: [
    { name: 'container', short: 'c', type: 'string', description: 'Print the logs of this container' },
    { name: 'follow', short: 'f', type: 'bool', description: 'Specify if the logs should be streamed.' },
    { name: 'previous', short: 'p', type: 'bool', description: 'If true, print the logs for the previous instance of the container in a pod if it exists.' },
    { name: 'tail', type: 'int', default: -1, description: 'Lines of recent log file to display.' },
    { name: 'timestamps', type: 'bool', description: 'Include timestamps on each line in the log output' },
    { name: 'selector', short: 'l', type: 'string', description: 'Selector (label query) to filter on.' },
    { name: 'all-containers', type: 'bool', description: 'Get all containers\' logs in the pod(s).' },
    { name: 'prefix', type: 'bool', description: 'Prefix each log line with the log source (pod name and container name)' },
    { name: 'since', type: 'string', arg: 'duration', description: 'Only return logs newer than a relative duration like 5s, 2m, or 3h.' },
    { name: 'since-time', type: 'string', description: 'Only return logs after a specific date (RFC3339).' },
    { name: 'max-log-requests', type: 'int', default: 5, description: 'Specify maximum number of concurrent logs to follow when using by a selector.' },
    { name: 'ignore-errors', type: 'bool', description: 'If watching / following pod logs, allow for any errors that occur to be non-fatal' },
    podRunningTimeoutFlag('20s'),
    { name: 'all-pods', type: 'bool', description: 'Get logs from all pod(s).' },
    { name: 'limit-bytes', type: 'int', default: 0, description: 'Maximum bytes of logs to return. Defaults to no limit.' },
    { name: 'insecure-skip-tls-verify-backend', type: 'bool', description: "Skip verifying the identity of the kubelet that logs are requested from (the simulated kubelet has no certificate: accepted, no effect)." },
  ],
  async run(ctx, args, flags) {
    // Following installs the signal handlers (ctx.signal) before the first output, so Ctrl-C right after it is caught.
    if (flags.follow) void ctx.signal;
    const session = ctx.session();
    const podType = session.read((api) => api.registry.resolve('pods'));
    // Each pod's log is a GET of its log subresource (checked when the command impersonates someone).
    const logRequests = (api: ApiServer, pods: KubeObject[]): KubeObject[] => {
      for (const pod of pods) api.request('get', podType, pod.metadata.namespace, pod.metadata.name, 'log');
      return pods;
    };
    let pods: KubeObject[];
    let picked: string | undefined;
    const usage = (msg: string) => new RawError(`error: ${msg}\nSee '${ctx.programName} logs -h' for help and examples`);
    // kubectl's Complete: the words (POD [CONTAINER], or none with -l), then the object they name;
    // its Validate after that, before any log is read.
    if (args.length > 2 || (args.length === 0 && flags.selector === undefined)) {
      throw usage("expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command");
    }
    if (args.length === 1 && flags.selector !== undefined) throw usage('only a selector (-l) or a POD name is allowed');
    podRunningTimeoutOf(ctx, flags);
    // ToLogOptions, the rest of kubectl's Complete.
    if (flags['since-time']) sinceTimeOf(flags['since-time']);
    if (args.length === 2 && flags.selector !== undefined) throw new CliError('selectors and the all flag cannot be used when passing resource/name arguments');
    const container: string | undefined = flags.container ?? args[1];
    if (flags.selector !== undefined) {
      const sel = parseLabelSelectorArg(flags.selector, podType);
      pods = session.read((api) => logRequests(api, listSelected(api, podType, session.namespace, { labels: sel }, (p) => matches(sel, p.metadata.labels))));
      if (pods.length === 0) {
        ctx.io.err.write(`No resources found in ${session.namespace} namespace.\n`);
        validateLogOptions(flags, container, false);
        return;
      }
    } else {
      const arg = args[0]!;
      pods = session.read((api) => logRequests(api, podsNamed(api)));
      function podsNamed(api: ApiServer): KubeObject[] {
        if (!arg.includes('/')) {
          checkRequestPath(podType, session.namespace, arg);
          const found = api.tryGet(podType, session.namespace, arg);
          if (!found) throw new CliError(`error from server (NotFound): pods "${arg}" not found in namespace "${session.namespace}"`);
          return [found];
        }
        const { typeArg, name } = splitResourceTypeName(arg);
        const type = api.registry.resolve(typeArg);
        checkRequestPath(type, session.namespace, name);
        const obj = api.tryGet(type, session.namespace, name);
        if (!obj) throw new CliError(`error from server (NotFound): ${qualifiedName(type)} "${name}" not found in namespace "${session.namespace}"`);
        if (type.kind === 'Pod') return [obj];
        // A workload or Service: the pods its selector names; its best one, as kubectl picks
        // it (or all of them with --all-pods).
        const selected = selectedPods(api, session.namespace, type, obj, 'cannot get the logs from');
        if (selected.length === 0) throw new CliError(`timed out waiting for the condition`);
        if (flags['all-pods']) return selected;
        // Said when the logs are read, after the options are checked.
        if (selected.length > 1) picked = `Found ${selected.length} pods, using pod/${selected[0]!.metadata.name}\n`;
        return [selected[0]!];
      }
    }
    validateLogOptions(flags, container, args.length === 2);
    if (picked) ctx.io.err.write(picked);
    const offset = session.read((api) => session.simulatedNow(api.store)) - ctx.realNow();
    const now = ctx.realNow();
    // kubectl prefixes the lines with their source when asked (--prefix), and always with --all-pods.
    const multi = Boolean(flags.prefix || flags['all-pods']);
    const printed = new Map<string, number>();
    const limit = (flags['limit-bytes'] as number | undefined) ?? 0;
    const budgets = new Map<string, ByteBudget>();
    /** A stream's --limit-bytes budget (one per container instance, as the kubelet counts). */
    const budgetOf = (key: string): ByteBudget | undefined => {
      if (limit === 0) return undefined;
      if (!budgets.has(key)) budgets.set(key, { left: limit });
      return budgets.get(key);
    };
    // --all-containers: the init containers, the containers, then the ephemeral ones, as kubectl visits them.
    const containersOf = (pod: KubeObject, announce: boolean): string[] =>
      flags['all-containers']
        ? [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? []), ...(pod.spec?.ephemeralContainers ?? [])].map((c: any) => c.name)
        : [container ?? defaultContainer(pod, announce ? (text) => ctx.io.err.write(text) : undefined)];
    const emit = (pod: KubeObject) => {
      for (const c of containersOf(pod, !printed.size)) {
        // One log per container instance: a restart starts a new one.
        const key = `${pod.metadata.name}/${c}/${containerStatus(pod, c)?.restartCount ?? 0}`;
        const lines = logsOf(pod, c, Boolean(flags.previous), ctx.realNow() + offset);
        const prefix = multi ? `[pod/${pod.metadata.name}/${c}] ` : '';
        const fresh = lines.slice(printed.get(key) ?? 0);
        printed.set(key, lines.length);
        if (fresh.length) ctx.io.out.write(formatLog(fresh, flags, prefix, now, budgetOf(key)));
      }
    };
    const streamCount = pods.reduce((n, pod) => n + (flags['all-containers'] ? (pod.spec?.containers ?? []).length : 1), 0);
    const maxStreams = (flags['max-log-requests'] as number | undefined) ?? 5;
    if (flags.follow && streamCount > 1 && streamCount > maxStreams) {
      throw new CliError(`you are attempting to follow ${streamCount} log streams, but maximum allowed concurrency is ${maxStreams}, use --max-log-requests to increase the limit`);
    }
    for (const pod of pods) emit(pod);
    if (!flags.follow || flags.previous) return;
    // Each followed stream is one container instance's log, and it ends when that instance does
    // (it exited, or the pod is gone): kubectl returns once every stream has ended.
    const streams = pods.flatMap((pod) => containersOf(pod, false).map((c) => ({ pod, c, instance: containerStatus(pod, c)?.restartCount ?? 0 })));
    const running = (pod: KubeObject | undefined, s: (typeof streams)[number]) => {
      const status = pod && containerStatus(pod, s.c);
      return Boolean(status?.state?.running) && (status.restartCount ?? 0) === s.instance;
    };
    let open = streams.filter((s) => running(s.pod, s));
    // --request-timeout cuts the streams kubectl is reading: client-go's words (it also says
    // `context deadline exceeded`, depending on where the read was when the time ran out).
    const deadline = requestDeadline(ctx);
    while (open.length > 0) {
      if (ctx.realNow() >= deadline) throw new CliError('net/http: request canceled (Client.Timeout or context cancellation while reading body)');
      await ctx.sleep(Math.min(500, Math.max(1, deadline - ctx.realNow())));
      if (ctx.signal.aborted) return;
      const current = session.read((api) => open.map((s) => api.tryGet(podType, s.pod.metadata.namespace, s.pod.metadata.name!)));
      open.forEach((s, i) => {
        const pod = current[i];
        const status = pod && containerStatus(pod, s.c);
        if (!status) return;
        // The followed instance's lines: its current state, or its last state once it was restarted.
        const state = (status.restartCount ?? 0) === s.instance ? (status.state?.waiting ? status.lastState : status.state) : (status.restartCount ?? 0) === s.instance + 1 ? status.lastState : undefined;
        const key = `${pod.metadata.name}/${s.c}/${s.instance}`;
        const lines = instanceLog(pod, s.c, state);
        const fresh = lines.slice(printed.get(key) ?? 0);
        printed.set(key, lines.length);
        if (fresh.length) ctx.io.out.write(formatLog(fresh, flags, multi ? `[pod/${pod.metadata.name}/${s.c}] ` : '', now, budgetOf(key)));
      });
      open = open.filter((s, i) => running(current[i], s));
    }
  },
};

