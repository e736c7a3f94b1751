/**
 * The field order of the Go structs kubectl prints when it prints an object it built or decoded
 * into a typed value (the generators' `-o json`): encoding/json writes struct fields in declaration
 * order and map keys sorted. The orders come from schemas/*.json (whose field lists follow the Go
 * types); statuses, which the schemas leave free-form, and the few top levels whose schema order
 * differs are listed here. Loaded only when such an object is printed as JSON.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KubeObject } from '../api/types.js';
import { packageRoot } from '../util/paths.js';
import { byteCompare, type GoShape } from './go-values.js';

interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
}

interface SchemaFile extends SchemaNode {
  'x-api-version'?: string;
  definitions?: Record<string, SchemaNode>;
}

/** A struct whose fields are listed here (names in Go order; `children` gives nested shapes). */
interface Fields {
  fields: string[];
  children?: Record<string, Fields | { list: Fields }>;
}

const OBJECT_META: Fields = {
  fields: ['name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields'],
};

/** A typed list: TypeMeta, ListMeta (metav1.ListMeta's fields), items. */
const LIST: Fields = {
  fields: ['kind', 'apiVersion', 'metadata', 'items'],
  children: { metadata: { fields: ['selfLink', 'resourceVersion', 'continue', 'remainingItemCount'] } },
};

const CONDITION: Fields = { fields: ['type', 'status', 'observedGeneration', 'lastProbeTime', 'lastUpdateTime', 'lastHeartbeatTime', 'lastTransitionTime', 'reason', 'message'] };
const CONDITIONS = { list: CONDITION };
const LOAD_BALANCER: Fields = { fields: ['ingress'], children: { ingress: { list: { fields: ['ip', 'hostname', 'ipMode', 'ports'] } } } };

/** Status structs, which schemas/ leaves free-form. */
const STATUS: Record<string, Fields> = {
  Deployment: {
    fields: ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas', 'terminatingReplicas', 'conditions', 'collisionCount'],
    children: { conditions: CONDITIONS },
  },
  PodDisruptionBudget: {
    fields: ['observedGeneration', 'disruptedPods', 'disruptionsAllowed', 'currentHealthy', 'desiredHealthy', 'expectedPods', 'conditions'],
    children: { conditions: CONDITIONS },
  },
  Namespace: { fields: ['phase', 'conditions'], children: { conditions: CONDITIONS } },
  ResourceQuota: { fields: ['hard', 'used'] },
  Ingress: { fields: ['loadBalancer'], children: { loadBalancer: LOAD_BALANCER } },
  Job: {
    fields: ['conditions', 'startTime', 'completionTime', 'active', 'succeeded', 'failed', 'terminating', 'completedIndexes', 'failedIndexes', 'uncountedTerminatedPods', 'ready'],
    children: { conditions: CONDITIONS },
  },
  CronJob: { fields: ['active', 'lastScheduleTime', 'lastSuccessfulTime'] },
  StatefulSet: {
    fields: ['observedGeneration', 'replicas', 'readyReplicas', 'currentReplicas', 'updatedReplicas', 'currentRevision', 'updateRevision', 'collisionCount', 'conditions', 'availableReplicas'],
    children: { conditions: CONDITIONS },
  },
  DaemonSet: {
    fields: ['currentNumberScheduled', 'numberMisscheduled', 'desiredNumberScheduled', 'numberReady', 'observedGeneration', 'updatedNumberScheduled', 'numberAvailable', 'numberUnavailable', 'collisionCount', 'conditions'],
    children: { conditions: CONDITIONS },
  },
  ReplicaSet: { fields: ['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration', 'conditions'], children: { conditions: CONDITIONS } },
  Pod: {
    fields: ['observedGeneration', 'phase', 'conditions', 'message', 'reason', 'nominatedNodeName', 'hostIP', 'hostIPs', 'podIP', 'podIPs', 'startTime', 'initContainerStatuses', 'containerStatuses', 'qosClass', 'ephemeralContainerStatuses', 'resize', 'resourceClaimStatuses'],
    children: { conditions: CONDITIONS },
  },
  HorizontalPodAutoscaler: {
    fields: ['observedGeneration', 'lastScaleTime', 'currentReplicas', 'desiredReplicas', 'currentCPUUtilizationPercentage', 'currentMetrics', 'conditions'],
    children: { conditions: CONDITIONS },
  },
};

/** Top levels whose Go order the schema files do not follow, and kinds without a schema file. */
const TOP: Record<string, Fields> = {
  ConfigMap: { fields: ['kind', 'apiVersion', 'metadata', 'immutable', 'data', 'binaryData'] },
  Secret: { fields: ['kind', 'apiVersion', 'metadata', 'immutable', 'data', 'stringData', 'type'] },
  TokenRequest: {
    fields: ['kind', 'apiVersion', 'metadata', 'spec', 'status'],
    children: {
      spec: { fields: ['audiences', 'expirationSeconds', 'boundObjectRef'], children: { boundObjectRef: { fields: ['kind', 'apiVersion', 'name', 'uid'] } } },
      status: { fields: ['token', 'expirationTimestamp'] },
    },
  },
};

function sortedRest(o: Record<string, unknown>, known: string[]): string[] {
  const set = new Set(known);
  return [...known.filter((k) => k in o), ...Object.keys(o).filter((k) => !set.has(k)).sort(byteCompare)];
}

/** A map: keys sorted, every value of one shape. */
function mapShape(value: GoShape | undefined): GoShape {
  return { keys: (o) => Object.keys(o).sort(byteCompare), child: () => value, item: () => undefined };
}

function listShape(item: GoShape | undefined): GoShape {
  return { keys: (o) => Object.keys(o).sort(byteCompare), child: () => undefined, item: () => item };
}

function fieldsShape(f: Fields, fallback?: (key: string) => GoShape | undefined): GoShape {
  return {
    keys: (o) => sortedRest(o, f.fields),
    child: (key) => {
      const c = f.children?.[key];
      if (c) return 'list' in c ? listShape(fieldsShape(c.list)) : fieldsShape(c);
      return fallback?.(key);
    },
    item: () => undefined,
  };
}

function schemaShape(node: SchemaNode | undefined, defs: Record<string, SchemaNode>): GoShape | undefined {
  if (!node) return undefined;
  if (node.$ref) return schemaShape(defs[node.$ref.replace('#/definitions/', '')], defs);
  if (node.properties) {
    const props = node.properties;
    // An object embedded whole (a StatefulSet's volumeClaimTemplates): metav1.TypeMeta is Kind, APIVersion.
    const embedded = 'metadata' in props && 'apiVersion' in props && 'kind' in props;
    const order = embedded ? ['kind', 'apiVersion', ...Object.keys(props).filter((k) => k !== 'kind' && k !== 'apiVersion')] : Object.keys(props);
    return { keys: (o) => sortedRest(o, order), child: (key) => schemaShape(props[key], defs), item: () => undefined };
  }
  if (node.items) return listShape(schemaShape(node.items, defs));
  if (node.additionalProperties && typeof node.additionalProperties === 'object') return mapShape(schemaShape(node.additionalProperties, defs));
  return undefined;
}

function readSchema(kind: string, apiVersion: string): SchemaFile | undefined {
  const version = apiVersion.slice(apiVersion.indexOf('/') + 1);
  for (const file of [`${kind}.${version}.json`, `${kind}.json`]) {
    try {
      const s = JSON.parse(readFileSync(join(packageRoot(), 'schemas', file), 'utf8')) as SchemaFile;
      if (s['x-api-version'] === apiVersion) return s;
    } catch {
      // No schema under this name.
    }
  }
  return undefined;
}

/** The shape of a typed object of this kind, so that -o json lists its fields as kubectl does. */
export function goShapeOf(obj: KubeObject): GoShape | undefined {
  const kind = obj.kind ?? '';
  const schema = readSchema(kind, obj.apiVersion ?? '');
  // A typed list (EventList, ...): TypeMeta, ListMeta, then its items, each the typed object.
  if (!schema && kind.endsWith('List') && Array.isArray((obj as { items?: unknown }).items)) {
    const item = goShapeOf({ kind: kind.slice(0, -'List'.length), apiVersion: obj.apiVersion } as KubeObject);
    if (item) return fieldsShape(LIST, (key) => (key === 'items' ? listShape(item) : undefined));
  }
  const defs = schema?.definitions ?? {};
  const top = TOP[kind];
  const fromSchema = (key: string): GoShape | undefined => {
    if (key === 'status' && STATUS[kind]) return fieldsShape(STATUS[kind]!);
    if (key === 'metadata' && !schema) return undefined;
    return schemaShape(schema?.properties?.[key], defs);
  };
  if (top) return fieldsShape(top, (key) => (key === 'metadata' ? (schemaShape(defs.ObjectMeta, defs) ?? fieldsShape(OBJECT_META)) : fromSchema(key)));
  if (!schema?.properties) return undefined;
  const order = ['kind', 'apiVersion', ...Object.keys(schema.properties).filter((k) => k !== 'kind' && k !== 'apiVersion')];
  return { keys: (o) => sortedRest(o, order), child: fromSchema, item: () => undefined };
}
