/** Storage end to end: kind's default class provisions for the first consumer; claims without a class wait. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runCli, tempHome } from '../helpers/cli.js';
import { SKIP_UNLESS_SIMULATION as SKIP } from './services-ready.js';
const NOW = Date.parse('2026-03-01T10:00:00Z');

const CLAIM_AND_POD = `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 1Gi
---
apiVersion: v1
kind: Pod
metadata:
  name: db
spec:
  containers:
  - name: db
    image: postgres:16
    volumeMounts:
    - name: data
      mountPath: /var/lib/postgresql/data
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: data
`;

const NO_CLASS = `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: manual
spec:
  storageClassName: ""
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 5Gi
`;

let home: { home: string; dispose(): void };
const cli = (args: string, stdin?: string) => runCli(args, { home: home.home, now: NOW, stdin });

before(() => {
  home = tempHome();
});
after(() => home.dispose());

test('a claim of the default class binds to a pvc-<uid> volume once its pod is scheduled', { skip: SKIP }, async () => {
  assert.deepEqual(await cli('apply -f -', CLAIM_AND_POD), { stdout: 'persistentvolumeclaim/data created\npod/db created\n', stderr: '', code: 0 });
  const pvc = (await cli('get pvc data')).stdout;
  const volume = /pvc-[0-9a-f-]{36}/.exec(pvc)?.[0] ?? 'no volume';
  assert.equal(
    pvc,
    'NAME   STATUS   VOLUME                                     CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE\n' +
      `data   Bound    ${volume}   1Gi        RWO            standard       <unset>                 0s\n`,
  );
  assert.equal(
    (await cli(`get pv ${volume}`)).stdout,
    'NAME                                       CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS   CLAIM          STORAGECLASS   VOLUMEATTRIBUTESCLASS   REASON   AGE\n' +
      `${volume}   1Gi        RWO            Delete           Bound    default/data   standard       <unset>                          0s\n`,
  );
  assert.equal((await cli('get pod db')).stdout, 'NAME   READY   STATUS    RESTARTS   AGE\ndb     1/1     Running   0          0s\n');
});

test('a claim with storageClassName "" and no matching volume stays Pending', { skip: SKIP }, async () => {
  assert.equal((await cli('apply -f -', NO_CLASS)).code, 0);
  const header = 'NAME     STATUS    VOLUME   CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE\n';
  assert.equal((await cli('get pvc manual')).stdout, `${header}manual   Pending                                                     <unset>                 0s\n`);
  const volume = 'apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: disk1\nspec:\n  capacity:\n    storage: 10Gi\n  accessModes: [ReadWriteOnce]\n  hostPath:\n    path: /data/disk1\n';
  assert.equal((await cli('apply -f -', volume)).code, 0);
  assert.equal(
    (await cli('get pvc manual')).stdout,
    'NAME     STATUS   VOLUME   CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE\n' +
      'manual   Bound    disk1    10Gi       RWO                           <unset>                 0s\n',
  );
});
