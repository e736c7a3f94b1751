/** Realistic objects for the output-format fidelity tests (served to real kubectl and printed by ours). */
import type { KubeObject } from '../../src/api/types.js';

const lastApplied =
  '{"apiVersion":"v1","kind":"Pod","metadata":{"annotations":{},"labels":{"app":"web"},"name":"web-1","namespace":"default"},"spec":{"containers":[{"image":"nginx:1.27","name":"app"}]}}\n';

function pod(name: string, created: string, extra: Partial<KubeObject> & { restarts?: number; phase?: string; ready?: string } = {}): KubeObject {
  const { restarts = 0, phase = 'Running', ready = 'True', ...rest } = extra;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      uid: `0f0e0d0c-${name.padEnd(4, 'x').slice(0, 4)}-4a61-8b72-000000000001`,
      resourceVersion: '1734',
      creationTimestamp: created,
      labels: { app: 'web', 'app.kubernetes.io/name': 'web', tier: 'frontend' },
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied },
      managedFields: [
        {
          apiVersion: 'v1',
          fieldsType: 'FieldsV1',
          fieldsV1: { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } } },
          manager: 'kubectl-client-side-apply',
          operation: 'Update',
          time: created,
        },
      ],
    },
    spec: {
      containers: [
        {
          name: 'app',
          image: 'nginx:1.27',
          ports: [{ containerPort: 80, protocol: 'TCP' }],
          resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '128Mi' } },
          env: [{ name: 'MODE', value: 'true' }, { name: 'COUNT', value: '1734' }, { name: 'EMPTY', value: '' }],
        },
        { name: 'sidecar', image: 'envoyproxy/envoy:v1.31', args: ['--log-level', 'info'] },
      ],
      nodeName: 'kind-worker',
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      tolerations: [{ effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 }],
      securityContext: {},
    },
    status: {
      phase,
      podIP: '10.244.1.5',
      podIPs: [{ ip: '10.244.1.5' }],
      startTime: created,
      conditions: [
        { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: created },
        { type: 'Ready', status: ready, lastProbeTime: null, lastTransitionTime: created },
      ],
      containerStatuses: [
        { name: 'app', ready: ready === 'True', restartCount: restarts, image: 'nginx:1.27', state: { running: { startedAt: created } } },
        { name: 'sidecar', ready: true, restartCount: 0, image: 'envoyproxy/envoy:v1.31', state: { running: { startedAt: created } } },
      ],
      qosClass: 'Burstable',
    },
    ...rest,
  };
}

export const PODS: KubeObject[] = [
  pod('web-2', '2026-11-21T21:00:00Z', { restarts: 3 }),
  pod('web-10', '2026-11-21T20:00:00Z', { restarts: 12 }),
  pod('web-1', '2026-11-21T21:00:00Z', { restarts: 0, ready: 'False' }),
  pod('api-0', '2026-11-21T19:30:00Z', { restarts: 1, phase: 'Pending' }),
  pod('a_b', '2026-11-21T21:00:00Z'),
  pod('aB', '2026-11-21T21:00:00Z'),
];

export const SERVICE: KubeObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'default', creationTimestamp: '2026-11-21T21:51:17Z', labels: { app: 'web' }, resourceVersion: '1037', uid: '5c1b2d3e-4f50-4a61-8b72-000000000027' },
  spec: {
    clusterIP: '10.96.142.17',
    clusterIPs: ['10.96.142.17'],
    ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }, { name: 'https', port: 443, protocol: 'TCP', targetPort: 'https' }],
    selector: { app: 'web' },
    type: 'ClusterIP',
    sessionAffinity: 'None',
  },
  status: { loadBalancer: {} },
};

export const DEPLOYMENT: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', generation: 3, creationTimestamp: '2026-11-21T20:00:00Z', annotations: { 'deployment.kubernetes.io/revision': '2' } },
  spec: {
    replicas: 3,
    progressDeadlineSeconds: 600,
    revisionHistoryLimit: 10,
    selector: { matchLabels: { app: 'web' } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    template: {
      metadata: { creationTimestamp: null, labels: { app: 'web' } },
      spec: { containers: [{ name: 'app', image: 'nginx:1.27', resources: {} }], dnsPolicy: 'ClusterFirst' },
    },
  },
  status: {
    availableReplicas: 3,
    readyReplicas: 3,
    replicas: 3,
    updatedReplicas: 3,
    observedGeneration: 3,
    conditions: [{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.', lastUpdateTime: '2026-11-21T20:01:00Z', lastTransitionTime: '2026-11-21T20:01:00Z' }],
  },
};

export const SECRET: KubeObject = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'creds', namespace: 'default', creationTimestamp: '2026-11-21T20:00:00Z' },
  type: 'kubernetes.io/tls',
  data: {
    password: Buffer.from('s3cr3t!').toString('base64'),
    'tls.crt': Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n').toString('base64'),
    username: Buffer.from('admin').toString('base64'),
  },
};

const longText =
  'This is a long description that goes well past the eighty column limit of the emitter so that it has to fold somewhere sensible, twice over if it can manage it.';

export const CONFIGMAP: KubeObject = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'settings', namespace: 'default', creationTimestamp: '2026-11-21T20:00:00Z', labels: { 'x-y': 'z', x_y: 'z', x10: 'a', x9: 'b', X: 'c', '0': 'zero' } },
  data: {
    'app.properties': 'color=blue\nsize=10\n',
    'no-newline': 'line one\nline two',
    'two-newlines': 'a\nb\n\n',
    'trailing-space': 'line one \nline two\n',
    'leading-space': '  indented\nnext\n',
    tabbed: 'a\tb',
    long: longText,
    longquoted: `: ${longText}`,
    unicode: 'héllo wörld 日本語',
    emoji: 'party 🎉 time',
    'bool-like': 'True',
    'yes-like': 'yes',
    'null-like': 'null',
    'tilde': '~',
    'num-like': '1734',
    'float-like': '1.5',
    'exp-like': '1e3',
    'octal-like': '0755',
    'hex-like': '0x1F',
    'time-like': '12:30',
    'date-like': '2026-11-21',
    'version-like': '1.2.3',
    'ip-like': '10.0.0.1',
    empty: '',
    dash: '- item',
    colon: 'key: value',
    'colon-nospace': 'http://example.com:8080/path',
    hash: 'a #comment',
    'hash-nospace': 'a#b',
    star: '*',
    'at-sign': '@home',
    quote: "it's",
    dquote: 'say "hi"',
    'lead-space': ' lead',
    'trail-space': 'trail ',
    bracket: '[x]',
    brace: '{a}',
    percent: '100%',
    backslash: 'C:\\path',
    html: '<b>&amp;</b>',
    json: '{"a":1}',
    'only-newline': '\n',
    'crlf': 'a\r\nb',
  },
};

export const NUMBERS: KubeObject = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'numbers', namespace: 'default', creationTimestamp: '2026-11-21T20:00:00Z', annotations: {} },
  data: {},
  binaryData: {},
  spec: { big: 1000000, bigger: 123456789, huge: 1e21, half: 0.5, tiny: 0.00001, neg: -3, zero: 0, float: 1234567.5, list: [], map: {}, nested: { a: [], b: {}, c: null }, flag: false },
} as KubeObject;

export const ALL: KubeObject[] = [...PODS, SERVICE, DEPLOYMENT, SECRET, CONFIGMAP, NUMBERS];
export const OBJECTS = ALL;

const words = (n: number, w = 'word') => Array.from({ length: n }, (_, i) => `${w}${i}`).join(' ');

export const YAML_EDGE: KubeObject = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: {
    name: 'edge',
    namespace: 'default',
    annotations: {
      ['a'.repeat(130)]: 'long key',
      [`k8s.io/${'b'.repeat(60)}`]: words(30),
      'description': `${'x'.repeat(90)} tail words here`,
      spaces: `two  spaces ${words(20)}  and  more`,
      unicodeLong: `${'é'.repeat(50)} ${'ü'.repeat(40)} ende`,
      quotedLong: `"${words(25)}"`,
      dq: `tab\there ${words(25)}`,
      multiTrailing: 'line  \nnext\n',
      literalLong: `${words(40)}\n${words(5)}\n`,
      keyWithColon: 'a:b',
      'key: colon': 'v',
      'key#hash': 'v',
      '#start': 'v',
      '-dash': 'v',
      '- dash': 'v',
      '?q': 'v',
      'yes': 'v',
      '123': 'v',
      'x\ny': 'v',
      '': 'empty key',
      'nbsp': 'a\u00a0b',
      'ctrl': 'a\u0001b',
      'nel': 'a\u0085b',
      'lsep': 'a\u2028b',
      'leading-newline': '\nstarts with newline\n',
      'only-spaces': '   ',
      'dot': '.',
      'dots': '...',
      'dashes': '---',
      'plus': '+',
      'neg': '-1',
      'negf': '-.5',
      'dotnum': '.5',
      'dotinf': '.inf',
      'under': '1_000',
      'sci': '6.02e23',
      'octal2': '0o17',
      'bin': '0b101',
      'ts': '2026-11-21T10:00:00Z',
      'ts2': '2026-1-2',
      'tsspace': '2026-11-21 10:00:00',
      'base60': '1:20:30',
      'merge': '<<',
      'equals': '=',
      'lt': '<',
      'Off': 'Off',
      'NULL': 'NULL',
      'nan': '.NaN',
      'bang': '!important',
      'amp': '&anchor',
      'pipe': '| x',
      'gt': '> x',
      'backtick': '`x`',
      'squote': "'x'",
      'comma': 'a, b',
      'qmark': 'what?',
      'brackets-mid': 'a[0]',
    },
  },
  data: { nested: 'v' },
  spec: {
    lists: [[1, 2], [], [{}], [{ a: 1, b: [] }], [[['deep']]]],
    objs: [{ name: 'x', items: [{ k: 'v' }, 'str', null, true, 1.5] }],
    float: [1e21, 1e20, 123456789012, 0.1, 1e-7, -0.5, 3.0, 2.5e-5],
    emptyString: [''],
    longList: [words(25), `- ${words(25)}`],
  },
} as KubeObject;

function smallPod(name: string, created: string, restarts: number, cpu: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', creationTimestamp: created },
    spec: { containers: [{ name: 'c', image: 'i', resources: { requests: { cpu } } }], priority: restarts % 3 },
    status: { phase: restarts % 2 ? 'Running' : 'Pending', containerStatuses: [{ name: 'c', restartCount: restarts }] },
  };
}

const cpus = ['100m', '0.1', '1', '250m', '2', '1500m', '50m', '1k', '0.5', '500m', 'abc', '3Gi', 'x9'];
export const MANY_PODS: KubeObject[] = Array.from({ length: 60 }, (_, i) =>
  smallPod(`p${String((i * 37) % 60).padStart(2, '0')}`, `2026-11-21T1${i % 4}:00:00Z`, (i * 7) % 5, cpus[i % cpus.length]!),
);

/** Keys Go sorts by their bytes ("" < "10" < "9") where a JavaScript object holds "9" before "10", first of all. */
const KEY_ORDER: KubeObject = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'key-order', namespace: 'default', uid: 'c0ffee00-0000-4000-8000-000000000001', creationTimestamp: '2024-01-01T00:00:00Z' },
  data: { 10: 'ten', 9: 'nine', 2: 'two', '': 'empty', b: 'b', '0': 'zero' },
};

export const EDGE_OBJECTS: KubeObject[] = [YAML_EDGE, KEY_ORDER, ...MANY_PODS];
