/** Manifests several kubectl comparisons write to files. */

/** A one-container Deployment with a port, no replicas (the default). */
export const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: d, labels: {app: d}}
spec:
  selector: {matchLabels: {app: d}}
  template:
    metadata: {labels: {app: d}}
    spec: {containers: [{name: c, image: nginx, ports: [{containerPort: 80}]}]}
`;
