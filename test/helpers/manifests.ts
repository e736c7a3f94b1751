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

/** A Service and the one-replica Deployment it selects, both named and labelled web. */
export const WEB_APP = `apiVersion: v1
kind: Service
metadata: {name: web, labels: {app: web}}
spec: {selector: {app: web}, ports: [{port: 80}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {app: web}}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx}]}
`;
