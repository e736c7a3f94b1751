/** Defaulting of pod specs (core/v1 SetDefaults_PodSpec, _Container, _Probe, _Volume...), shared by Pods and templates. */

type Obj = Record<string, any>;

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const each = (v: unknown, fn: (o: Obj) => void): void => {
  if (Array.isArray(v)) v.filter(isObj).forEach(fn);
};

/**
 * The object at `o[key]`, created when unset; undefined when something else is there (a wrong
 * type is left for validation to report, not defaulted away).
 */
export function child(o: Obj, key: string): Obj | undefined {
  if (o[key] === undefined || o[key] === null) o[key] = {};
  return isObj(o[key]) ? o[key] : undefined;
}

/** Sets `o[key]` when it is unset (undefined or null), as Go defaulting does for nil/zero fields. */
export function setDefault(o: Obj, key: string, value: unknown): void {
  if (o[key] === undefined || o[key] === null || o[key] === '') o[key] = value;
}

/** `Always` for `:latest` or an untagged, undigested image; `IfNotPresent` otherwise. */
export function defaultPullPolicy(image: string): string {
  if (image.includes('@')) return 'IfNotPresent';
  const lastPart = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastPart.lastIndexOf(':');
  if (colon < 0) return 'Always';
  return lastPart.slice(colon + 1) === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultHttpGet(h: unknown): void {
  if (!isObj(h)) return;
  setDefault(h, 'path', '/');
  setDefault(h, 'scheme', 'HTTP');
}

function defaultProbe(p: unknown): void {
  if (!isObj(p)) return;
  setDefault(p, 'timeoutSeconds', 1);
  setDefault(p, 'periodSeconds', 10);
  setDefault(p, 'successThreshold', 1);
  setDefault(p, 'failureThreshold', 3);
  defaultHttpGet(p.httpGet);
  if (isObj(p.grpc)) setDefault(p.grpc, 'service', '');
}

function defaultFieldRef(ref: unknown): void {
  if (isObj(ref)) setDefault(ref, 'apiVersion', 'v1');
}

function defaultContainer(c: Obj, hostNetwork: boolean): void {
  if (typeof c.image === 'string') setDefault(c, 'imagePullPolicy', defaultPullPolicy(c.image));
  setDefault(c, 'terminationMessagePath', '/dev/termination-log');
  setDefault(c, 'terminationMessagePolicy', 'File');
  setDefault(c, 'resources', {});
  each(c.ports, (p) => {
    setDefault(p, 'protocol', 'TCP');
    if (hostNetwork && p.hostPort === undefined) p.hostPort = p.containerPort;
  });
  each(c.env, (e) => {
    if (isObj(e.valueFrom)) defaultFieldRef(e.valueFrom.fieldRef);
  });
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  if (isObj(c.lifecycle)) {
    if (isObj(c.lifecycle.postStart)) defaultHttpGet(c.lifecycle.postStart.httpGet);
    if (isObj(c.lifecycle.preStop)) defaultHttpGet(c.lifecycle.preStop.httpGet);
  }
}

const VOLUME_SOURCES = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi',
  'glusterfs', 'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc',
  'azureFile', 'configMap', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected',
  'portworxVolume', 'scaleIO', 'storageos', 'csi', 'ephemeral', 'image',
];

function defaultDownwardItems(items: unknown): void {
  each(items, (i) => defaultFieldRef(i.fieldRef));
}

function defaultVolume(v: Obj): void {
  if (!VOLUME_SOURCES.some((k) => v[k] !== undefined && v[k] !== null)) v.emptyDir = {};
  for (const k of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    if (isObj(v[k])) setDefault(v[k], 'defaultMode', 420);
  }
  if (isObj(v.hostPath)) setDefault(v.hostPath, 'type', '');
  if (isObj(v.downwardAPI)) defaultDownwardItems(v.downwardAPI.items);
  if (isObj(v.projected)) {
    each(v.projected.sources, (s) => {
      if (isObj(s.downwardAPI)) defaultDownwardItems(s.downwardAPI.items);
      if (isObj(s.serviceAccountToken)) setDefault(s.serviceAccountToken, 'expirationSeconds', 3600);
    });
  }
  if (isObj(v.iscsi)) setDefault(v.iscsi, 'iscsiInterface', 'default');
  if (isObj(v.azureDisk)) {
    setDefault(v.azureDisk, 'cachingMode', 'ReadWrite');
    setDefault(v.azureDisk, 'fsType', 'ext4');
    setDefault(v.azureDisk, 'readOnly', false);
    setDefault(v.azureDisk, 'kind', 'Shared');
  }
  if (isObj(v.ephemeral) && isObj(v.ephemeral.volumeClaimTemplate)) {
    defaultEmbeddedMeta(v.ephemeral.volumeClaimTemplate);
    if (isObj(v.ephemeral.volumeClaimTemplate.spec)) setDefault(v.ephemeral.volumeClaimTemplate.spec, 'volumeMode', 'Filesystem');
  }
}

/** SetDefaults_PodSpec and what it reaches; `isPod` adds the defaults only Pods get (not templates). */
export function defaultPodSpec(spec: unknown, isPod: boolean): void {
  if (!isObj(spec)) return;
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'securityContext', {});
  setDefault(spec, 'schedulerName', 'default-scheduler');
  if (isPod) setDefault(spec, 'enableServiceLinks', true);
  const hostNetwork = spec.hostNetwork === true;
  for (const list of [spec.initContainers, spec.containers, spec.ephemeralContainers]) {
    each(list, (c) => defaultContainer(c, hostNetwork));
  }
  if (isPod) {
    for (const list of [spec.initContainers, spec.containers]) each(list, copyLimitsToRequests);
  }
  each(spec.volumes, defaultVolume);
}

/** SetDefaults_Pod: a container with limits but no request for a resource requests the limit. */
function copyLimitsToRequests(c: Obj): void {
  const res = c.resources;
  if (!isObj(res) || !isObj(res.limits) || (res.requests !== undefined && !isObj(res.requests))) return;
  const requests: Obj = res.requests ?? {};
  for (const [k, v] of Object.entries(res.limits)) if (requests[k] === undefined) requests[k] = v;
  if (Object.keys(requests).length) res.requests = requests;
}

/**
 * An embedded ObjectMeta (templates) is always serialized by the API server, its zero
 * creationTimestamp as null: `template: {metadata: {creationTimestamp: null}}`.
 */
export function defaultEmbeddedMeta(holder: Obj): void {
  const meta = child(holder, 'metadata');
  if (meta && meta.creationTimestamp === undefined) meta.creationTimestamp = null;
}

export function defaultPodTemplate(template: unknown): void {
  if (!isObj(template)) return;
  defaultEmbeddedMeta(template);
  defaultPodSpec(template.spec, false);
}

type Resources = Record<string, unknown> | undefined;

/** Guaranteed / Burstable / BestEffort from the containers' requests and limits. */
export function qosClass(spec: Obj): string {
  const containers = [...(Array.isArray(spec.initContainers) ? spec.initContainers : []), ...(Array.isArray(spec.containers) ? spec.containers : [])].filter(isObj);
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const requests = (isObj(c.resources) ? c.resources.requests : undefined) as Resources;
    const limits = (isObj(c.resources) ? c.resources.limits : undefined) as Resources;
    const relevant = (r: Resources): string[] => Object.keys(r ?? {}).filter((k) => k === 'cpu' || k === 'memory');
    if (relevant(requests).length || relevant(limits).length) any = true;
    for (const k of ['cpu', 'memory']) {
      const limit = limits?.[k];
      const request = requests?.[k] ?? limit;
      if (limit === undefined || String(request) !== String(limit)) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
