/**
 * What `kubectl debug` builds, as kubectl v1.32 builds it on the client: the ephemeral container (its
 * fields, the profile's security context, `--custom` merged over it, the name `debugger-xxxxx` when
 * none is given) and its addition through the pod's ephemeralcontainers subresource; the pod that
 * debugs a node; the debugging copy of a pod (`--copy-to`).
 */
import { CliError } from '../errors.js';
import { clone, type JsonMap } from './merge/json.js';
import { applyStrategicPatch, createStrategicPatch } from './merge/strategic.js';
import { strategyForKind } from './merge/strategy.js';
import { updateEphemeralContainers } from './subresources.js';
import type { ApiServer } from './server.js';
import type { KubeObject } from './types.js';

export interface DebugContainerOptions {
  name?: string;
  image: string;
  imagePullPolicy?: string;
  /** `KEY=VALUE` each. */
  env: string[];
  stdin: boolean;
  tty: boolean;
  target?: string;
  /** What follows `--`: the command, or with argumentsOnly its args. */
  argv: string[];
  argumentsOnly: boolean;
  profile: string;
  /** --custom: a partial container spec, strategically merged over the profile's container. */
  custom?: Record<string, unknown>;
  /** Five characters of the API server's generateName alphabet. */
  suffix: () => string;
}

export interface EphemeralContainer {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: Array<{ name: string; value: string }>;
  imagePullPolicy?: string;
  securityContext?: Record<string, unknown>;
  stdin?: boolean;
  tty?: boolean;
  terminationMessagePolicy: string;
  targetContainerName?: string;
}

/** What each profile sets on an ephemeral container (the legacy and baseline profiles: nothing). */
const PROFILE_SECURITY: Record<string, Record<string, unknown> | undefined> = {
  general: { capabilities: { add: ['SYS_PTRACE'] } },
  netadmin: { capabilities: { add: ['NET_ADMIN', 'NET_RAW'] } },
  sysadmin: { privileged: true },
  restricted: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
};

function containerNames(pod: KubeObject): Set<string> {
  const spec = pod.spec ?? {};
  return new Set([...(spec.containers ?? []), ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])].map((c: { name: string }) => c.name));
}

/** `KEY=VALUE` pairs as a container's env. */
function envVars(pairs: string[]): Array<{ name: string; value: string }> {
  return pairs.map((pair) => {
    const eq = pair.indexOf('=');
    if (eq < 0) throw new CliError(`invalid env: ${pair}`);
    return { name: pair.slice(0, eq), value: pair.slice(eq + 1) };
  });
}

export function debugContainer(pod: KubeObject, o: DebugContainerOptions): EphemeralContainer {
  let name = o.name;
  if (!name) {
    const taken = containerNames(pod);
    do name = `debugger-${o.suffix()}`;
    while (taken.has(name));
  }
  const env = envVars(o.env);
  const c: EphemeralContainer = { name, image: o.image, terminationMessagePolicy: 'File' };
  if (o.argv.length) c[o.argumentsOnly ? 'args' : 'command'] = [...o.argv];
  if (env.length) c.env = env;
  if (o.imagePullPolicy) c.imagePullPolicy = o.imagePullPolicy;
  const security = PROFILE_SECURITY[o.profile];
  if (security) c.securityContext = structuredClone(security);
  if (o.stdin) c.stdin = true;
  if (o.tty) c.tty = true;
  if (o.target) c.targetContainerName = o.target;
  return withCustom(c, o.custom);
}

/** The container with --custom merged over it, as kubectl merges it (a strategic merge patch of a Container). */
function withCustom<T extends object>(container: T, custom: Record<string, unknown> | undefined): T {
  if (!custom || !Object.keys(custom).length) return container;
  const strategy = strategyForKind('Pod');
  const merged = applyStrategicPatch({ spec: { containers: [clone(container) as unknown as JsonMap] } }, { spec: { containers: [{ ...(custom as JsonMap), name: (container as { name?: string }).name ?? '' }] } }, strategy);
  return ((merged.spec as JsonMap).containers as JsonMap[])[0] as unknown as T;
}

/**
 * The pod with `container` among its ephemeral containers, as kubectl adds it: the strategic merge
 * patch from the pod to the pod with the container appended (kubectl's CreateTwoWayMergePatch), applied
 * to the live pod and written through the ephemeralcontainers subresource. (With a name already
 * there, the patch changes the old container into the new one and adds the old one back after it, as
 * kubectl's does: merged, nothing changes. kubectl also applies the profile to the first container of
 * that name, the old one, which kubectl-lite does not: with --profile=general the API server then
 * refuses kubectl's change of it.)
 */
export function addEphemeralContainer(api: ApiServer, pod: KubeObject, container: EphemeralContainer): KubeObject {
  const podType = api.registry.forKind('v1', 'Pod')!;
  const strategy = strategyForKind('Pod');
  const from = pod as unknown as JsonMap;
  const to = clone(from);
  const spec = ((to.spec as JsonMap | undefined) ?? (to.spec = {})) as JsonMap;
  // kubectl marshals a typed container: its resources are always there, empty or not.
  spec.ephemeralContainers = [...((spec.ephemeralContainers as JsonMap[] | undefined) ?? []), { ...container, resources: {} } as unknown as JsonMap];
  const patch = createStrategicPatch(from, to, strategy);
  const live = api.get(podType, pod.metadata.namespace, pod.metadata.name!) as unknown as JsonMap;
  const next = applyStrategicPatch(clone(live), patch, strategy) as unknown as KubeObject;
  return updateEphemeralContainers(api, podType, next, { fieldManager: 'kubectl' });
}

/** What `--copy-to` keeps of the pod, and how (kubectl's flags). */
export interface CopyOptions {
  copyTo: string;
  sameNode: boolean;
  /** `--set-image`: container name (or `*`) to image. */
  setImages: Record<string, string>;
  keepLabels: boolean;
  keepAnnotations: boolean;
  keepLiveness: boolean;
  keepReadiness: boolean;
  keepStartup: boolean;
  keepInitContainers: boolean;
  shareProcesses: boolean;
}

/**
 * The pod `kubectl debug POD --copy-to=NEW` creates: a copy of the pod (no ephemeral containers, off
 * its node unless --same-node), the images --set-image names changed, then the debug container
 * (appended, or the one -c names changed) and the profile applied to the copy. The legacy profile
 * only drops the labels; the others drop labels, annotations and probes unless kept, keep the init
 * containers unless told not to, and share the process namespace. A copy that only changes images
 * (no --image) is the pod as it was, with those images. Undefined `container`: no debug container.
 */
export function podCopyForDebug(pod: KubeObject, o: DebugContainerOptions, c: CopyOptions): { pod: KubeObject; container?: string; generated: boolean } {
  const meta: Record<string, unknown> = { name: c.copyTo, namespace: pod.metadata.namespace };
  if (pod.metadata.labels) meta.labels = { ...pod.metadata.labels };
  if (pod.metadata.annotations) meta.annotations = { ...pod.metadata.annotations };
  const spec = structuredClone(pod.spec ?? {}) as Record<string, any>;
  delete spec.ephemeralContainers;
  if (!c.sameNode) delete spec.nodeName;
  for (const container of spec.containers ?? []) {
    const image = c.setImages[container.name] ?? c.setImages['*'];
    if (image) container.image = image;
  }
  const copy = { apiVersion: 'v1', kind: 'Pod', metadata: meta, spec } as unknown as KubeObject;
  let target = (spec.containers ?? []).find((x: { name: string }) => o.name && x.name === o.name);
  let generated = false;
  if (!target) {
    if (!o.image) {
      if (Object.keys(c.setImages).length) return { pod: copy, generated };
      throw new CliError('you must specify image when creating new container');
    }
    let name = o.name;
    if (!name) {
      const taken = containerNames(copy);
      do name = `debugger-${o.suffix()}`;
      while (taken.has(name));
      generated = true;
    }
    target = { name, terminationMessagePolicy: 'File' };
    (spec.containers ??= []).push(target);
  }
  if (o.argv.length) {
    if (o.argumentsOnly) target.args = [...o.argv];
    else {
      target.command = [...o.argv];
      delete target.args;
    }
  }
  if (o.env.length) target.env = envVars(o.env);
  if (o.image) target.image = o.image;
  if (o.imagePullPolicy) target.imagePullPolicy = o.imagePullPolicy;
  if (o.stdin) target.stdin = true;
  else delete target.stdin;
  if (o.tty) target.tty = true;
  else delete target.tty;
  applyCopyProfile(copy, target, o.profile, c);
  spec.containers[spec.containers.indexOf(target)] = withCustom(target, o.custom);
  return { pod: copy, container: target.name, generated };
}

function applyCopyProfile(copy: KubeObject, debug: Record<string, any>, profile: string, c: CopyOptions): void {
  const meta = copy.metadata as Record<string, unknown>;
  const labels = meta.labels;
  delete meta.labels;
  if (profile === 'legacy') return;
  if (c.keepLabels && labels) meta.labels = labels;
  const spec = copy.spec as Record<string, any>;
  if (!c.keepAnnotations) delete meta.annotations;
  for (const container of spec.containers ?? []) {
    if (!c.keepLiveness) delete container.livenessProbe;
    if (!c.keepReadiness) delete container.readinessProbe;
    if (!c.keepStartup) delete container.startupProbe;
  }
  if (!c.keepInitContainers) delete spec.initContainers;
  if (c.shareProcesses) spec.shareProcessNamespace = true;
  const security = PROFILE_SECURITY[profile];
  if (security) debug.securityContext = structuredClone(security);
}

/** Profiles that debug a node in its host's namespaces, with its root filesystem at /host (the Pod Security baseline and restricted levels allow neither). */
const HOST_PROFILES = new Set(['legacy', 'general', 'sysadmin', 'netadmin']);

/** The pod `kubectl debug node/NAME` creates: `node-debugger-NAME-xxxxx`, bound to the node, tolerating every taint. */
export function nodeDebugPod(node: KubeObject, namespace: string, o: DebugContainerOptions): KubeObject {
  const nodeName = node.metadata.name!;
  const c = debugContainer({ spec: { containers: [] } } as unknown as KubeObject, { ...o, name: o.name || 'debugger', target: undefined, custom: undefined });
  const { terminationMessagePolicy, ...rest } = c;
  // The general profile clears a node debugger's security context (its ptrace capability is for targeting a container).
  if (o.profile === 'general') delete rest.securityContext;
  const host = HOST_PROFILES.has(o.profile);
  let container: Record<string, unknown> = { ...rest, terminationMessagePolicy };
  if (host) container.volumeMounts = [{ mountPath: '/host', name: 'host-root' }];
  container = withCustom(container, o.custom);
  const spec: Record<string, unknown> = { containers: [container], nodeName, restartPolicy: 'Never', tolerations: [{ operator: 'Exists' }] };
  if (host) Object.assign(spec, { hostIPC: true, hostNetwork: true, hostPID: true, volumes: [{ name: 'host-root', hostPath: { path: '/' } }] });
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: `node-debugger-${nodeName}-${o.suffix()}`, namespace }, spec } as KubeObject;
}
