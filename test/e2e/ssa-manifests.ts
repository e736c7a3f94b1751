/** The Deployment the managedFields and server-side apply tests apply (CLI and real kubectl alike). */
export const DEPLOYMENT = (name: string, extraLabels = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels: {app: ${name}${extraLabels}}
spec:
  replicas: 2
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports: [{containerPort: 80}]
`;
