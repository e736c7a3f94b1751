#!/usr/bin/env bash
# Scale with a patch, roll out a new image, inspect history, undo.
set -euo pipefail
manifests="$1"

kubectl apply -f "$manifests/web.yaml" >/dev/null
kubectl rollout status deployment/web --timeout=60s >/dev/null

kubectl patch deployment web --type=merge -p '{"spec":{"replicas":5}}'
kubectl rollout status deployment/web --timeout=60s >/dev/null
[ "$(kubectl get deployment web -o jsonpath='{.status.availableReplicas}')" = "5" ]

kubectl set image deployment/web web=nginx:1.27
kubectl rollout status deployment/web --timeout=60s
image=$(kubectl get deployment web -o jsonpath='{.spec.template.spec.containers[0].image}')
[ "$image" = "nginx:1.27" ]

revisions=$(kubectl rollout history deployment/web | grep -cE '^[0-9]+ ')
[ "$revisions" -eq 2 ]

kubectl rollout undo deployment/web
kubectl rollout status deployment/web --timeout=60s >/dev/null
[ "$(kubectl get deployment web -o jsonpath='{.spec.template.spec.containers[0].image}')" = "nginx:1.26" ]

# Every pod runs the restored image.
for img in $(kubectl get pods -l app=web -o jsonpath='{.items[*].spec.containers[0].image}'); do
  [ "$img" = "nginx:1.26" ] || { echo "pod still runs $img" >&2; exit 1; }
done
kubectl delete -f "$manifests/web.yaml" --wait=true >/dev/null
echo "patch-and-rollout: ok"
