/**
 * What an object looks like after kubectl decodes it into its Go type and encodes it again
 * (`set ... --local -o yaml`, `--dry-run=client`): struct fields without omitempty come back as
 * `{}`, `null` or zero. Only the workload kinds whose pod templates `set` edits are covered.
 */
import { deepClone, type KubeObject } from '../api/types.js';

function meta(m: any): any {
  const out = m && typeof m === 'object' ? m : {};
  if (!('creationTimestamp' in out)) out.creationTimestamp = null;
  return out;
}

function podSpec(spec: any): void {
  if (!spec || typeof spec !== 'object') return;
  for (const list of ['initContainers', 'containers']) {
    for (const c of spec[list] ?? []) if (c && typeof c === 'object' && !c.resources) c.resources = {};
  }
  for (const c of spec.ephemeralContainers ?? []) if (c && typeof c === 'object' && !c.resources) c.resources = {};
}

function template(spec: any): void {
  if (!spec || typeof spec !== 'object') return;
  spec.template = spec.template ?? {};
  spec.template.metadata = meta(spec.template.metadata);
  podSpec((spec.template.spec ??= {}));
}

const ZERO_STATUS: Record<string, Record<string, number>> = {
  ReplicaSet: { replicas: 0 },
  ReplicationController: { replicas: 0 },
  StatefulSet: { replicas: 0, availableReplicas: 0 },
  DaemonSet: { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 },
};

export function typedRoundTrip(given: KubeObject): KubeObject {
  const obj = deepClone(given);
  obj.metadata = meta(obj.metadata);
  // RBAC objects (`set subject`, `auth reconcile`) have neither spec nor status.
  if (['RoleBinding', 'ClusterRoleBinding', 'Role', 'ClusterRole'].includes(obj.kind)) return obj;
  const spec = (obj.spec ??= {}) as any;
  switch (obj.kind) {
    case 'Pod':
      podSpec(spec);
      break;
    case 'Deployment':
      spec.strategy ??= {};
      template(spec);
      break;
    case 'StatefulSet':
      spec.serviceName ??= '';
      spec.updateStrategy ??= {};
      template(spec);
      break;
    case 'DaemonSet':
      spec.updateStrategy ??= {};
      template(spec);
      break;
    case 'ReplicaSet':
    case 'ReplicationController':
    case 'Job':
      template(spec);
      break;
    case 'CronJob': {
      const jt = (spec.jobTemplate ??= {});
      jt.metadata = meta(jt.metadata);
      template((jt.spec ??= {}));
      break;
    }
    case 'Service':
      for (const p of spec.ports ?? []) if (p && typeof p === 'object' && !('targetPort' in p)) p.targetPort = 0;
      obj.status = { loadBalancer: {}, ...((obj.status as object) ?? {}) };
      return obj;
    default:
      return given;
  }
  obj.status = { ...(ZERO_STATUS[obj.kind] ?? {}), ...((obj.status as object) ?? {}) };
  return obj;
}
