#!/usr/bin/env bash
# Deploy, wait for the rollout, check the Service's endpoints, clean up.
set -euo pipefail
manifests="$1"

kubectl apply -f "$manifests/web.yaml"
kubectl rollout status deployment/web --timeout=60s
kubectl wait --for=condition=Available deployment/web --timeout=60s

ready=$(kubectl get deployment web -o jsonpath='{.status.readyReplicas}')
[ "$ready" = "3" ] || { echo "expected 3 ready replicas, got $ready" >&2; exit 1; }

ips=$(kubectl get endpoints web -o jsonpath='{.subsets[*].addresses[*].ip}' | wc -w)
[ "$ips" -eq 3 ] || { echo "expected 3 endpoint addresses, got $ips" >&2; exit 1; }

# Re-applying the same manifest changes nothing.
kubectl apply -f "$manifests/web.yaml" | grep -q 'deployment.apps/web unchanged'

kubectl delete -f "$manifests/web.yaml"
if kubectl get deployment web >/dev/null 2>&1; then
  echo "deployment still there" >&2
  exit 1
fi
echo "deploy-and-wait: ok"
