#!/usr/bin/env bash
# Idempotent setup the way scripts do it, reading a Secret back, and relying on exit codes.
set -euo pipefail

if ! kubectl get namespace tools >/dev/null 2>&1; then
  kubectl create namespace tools
fi
kubectl get namespace tools -o name | grep -qx 'namespace/tools'

kubectl -n tools create secret generic db --from-literal=password='s3cr3t!' --dry-run=client -o yaml | kubectl apply -f -
password=$(kubectl -n tools get secret db -o go-template='{{.data.password | base64decode}}')
[ "$password" = 's3cr3t!' ] || { echo "read back '$password'" >&2; exit 1; }

# A missing object: exit 1 and kubectl's message on stderr only.
if out=$(kubectl -n tools get pod nosuch 2>/dev/null); then
  echo "get of a missing pod succeeded" >&2
  exit 1
fi
[ -z "$out" ]
err=$(kubectl -n tools get pod nosuch 2>&1 >/dev/null || true)
[ "$err" = 'Error from server (NotFound): pods "nosuch" not found' ]

# --ignore-not-found turns that into success with no output.
[ -z "$(kubectl -n tools delete pod nosuch --ignore-not-found)" ]

kubectl -n tools run probe --image=busybox:1.36 --restart=Never --labels=app=probe >/dev/null
kubectl -n tools wait --for=jsonpath='{.status.phase}'=Succeeded pod/probe --timeout=60s
count=$(kubectl -n tools get pods -l app=probe -o name | wc -l)
[ "$count" -eq 1 ]
kubectl delete namespace tools >/dev/null
echo "secrets-and-errors: ok"
