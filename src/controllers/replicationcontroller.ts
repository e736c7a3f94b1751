/** ReplicationController: the ReplicaSet manager with a map selector (defaulting to the template labels). */
import { mapSelectorMatches } from '../api/labels.js';
import { manageReplicasController, type ReplicaManagerKind } from './replicaset.js';

const RC_KIND: ReplicaManagerKind = {
  apiVersion: 'v1',
  kind: 'ReplicationController',
  component: 'replication-controller',
  matcher(rc) {
    const selector = rc.spec?.selector ?? rc.spec?.template?.metadata?.labels;
    return (pod) => mapSelectorMatches(selector, pod.metadata.labels);
  },
};

export const replicationControllerController = manageReplicasController('replicationcontroller', RC_KIND);
