import type { KubeObject } from '../api/types.js';
import { builtinRegistry } from '../api/registry.js';
import { CliError } from '../errors.js';
import type { Context, FlagValues, VerbSpec } from './framework.js';
import { createGenerated, dryRunMode, GENERATOR_FLAGS_UNVALIDATED, newObjectMeta } from './generated.js';
import { generateForEach } from './file-targets.js';
import { filenameFlags } from './manifest-objects.js';
import { recordChangeCause } from './record.js';

const SCALABLE = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController']);

export const verb: VerbSpec = {
  name: 'autoscale',
  summary: 'Auto-scale a deployment, replica set, stateful set, or replication controller',
  usage: '(-f FILENAME | TYPE NAME | TYPE/NAME) [--min=MINPODS] --max=MAXPODS [--cpu-percent=CPU]',
  flags: [
    { name: 'min', type: 'int', bits: 32, default: -1, description: 'The lower limit for the number of pods that can be set by the autoscaler.' },
    { name: 'max', type: 'int', bits: 32, required: true, description: 'The upper limit for the number of pods that can be set by the autoscaler. Required.' },
    { name: 'cpu-percent', type: 'int', bits: 32, default: -1, description: 'The target average CPU utilization (represented as a percent of requested CPU) over all the pods.' },
    { name: 'name', type: 'string', description: 'The name for the newly created object.' },
    ...GENERATOR_FLAGS_UNVALIDATED,
    ...filenameFlags('identifying the resource to autoscale'),
    { name: 'record', type: 'bool', hidden: true, description: 'Record current kubectl command in the resource annotation.' },
  ],
  async run(ctx, args, flags) {
    if (flags.max < 1) throw new CliError(`--max=MAXPODS is required and must be at least 1, max: ${flags.max}`);
    if (flags.max < flags.min) throw new CliError(`--max=MAXPODS must be larger or equal to --min=MINPODS, max: ${flags.max}, min: ${flags.min}`);
    await generateForEach(ctx, flags, args, 'autoscale', (target, printed) => autoscaleOne(ctx, target, flags, printed), false, true);
  },
};

async function autoscaleOne(ctx: Context, target: KubeObject, flags: FlagValues, printed: { count: number }): Promise<void> {
  if (!SCALABLE.has(target.kind)) {
    // kubectl looks the type's scale subresource up in discovery, by its group, version and resource.
    const apiVersion = String(target.apiVersion ?? '');
    const gv = apiVersion.includes('/') ? apiVersion : `/${apiVersion}`;
    const plural = builtinRegistry.forKind(apiVersion, target.kind)?.plural ?? `${target.kind.toLowerCase()}s`;
    throw new CliError(`cannot autoscale a ${target.kind}: could not find scale subresource for ${gv}, Resource=${plural} in discovery information`);
  }
  const spec: Record<string, unknown> = {
    maxReplicas: flags.max,
    ...(flags.min >= 1 ? { minReplicas: flags.min } : {}),
    scaleTargetRef: { apiVersion: target.apiVersion, kind: target.kind, name: target.metadata.name },
  };
  if (flags['cpu-percent'] >= 0) spec.targetCPUUtilizationPercentage = flags['cpu-percent'];
  const hpa: KubeObject = {
    apiVersion: 'autoscaling/v1',
    kind: 'HorizontalPodAutoscaler',
    metadata: newObjectMeta(flags.name ?? target.metadata.name!),
    spec,
    status: { currentReplicas: 0, desiredReplicas: 0 },
  };
  if (flags.record === true) recordChangeCause(ctx, hpa);
  // kubectl's client dry run prints the object it built as `created`; what the server returns is `autoscaled`.
  await createGenerated(ctx, hpa, flags, { verb: dryRunMode(flags['dry-run']) === 'client' ? 'created' : 'autoscaled', fieldManager: 'kubectl-autoscale', printed });
}
