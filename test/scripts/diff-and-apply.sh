#!/usr/bin/env bash
# `kubectl diff` exit codes drive a deploy gate: 0 same, 1 differs, >1 error.
set -euo pipefail
manifests="$1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

kubectl create namespace gate
kubectl -n gate apply -f "$manifests/web.yaml" >/dev/null

set +e
kubectl -n gate diff -f "$manifests/web.yaml" >/dev/null
same=$?
sed 's/replicas: 3/replicas: 4/' "$manifests/web.yaml" > "$work/web.yaml"
kubectl -n gate diff -f "$work/web.yaml" > "$work/diff.txt"
differs=$?
kubectl -n gate diff -f "$work/does-not-exist.yaml" 2>/dev/null
broken=$?
set -e

[ "$same" -eq 0 ] || { echo "diff of the applied manifest exited $same" >&2; exit 1; }
[ "$differs" -eq 1 ] || { echo "diff of a changed manifest exited $differs" >&2; exit 1; }
[ "$broken" -gt 1 ] || { echo "diff of a missing file exited $broken" >&2; exit 1; }
grep -q '^-  replicas: 3$' "$work/diff.txt"
grep -q '^+  replicas: 4$' "$work/diff.txt"

kubectl -n gate apply -f "$work/web.yaml" | grep -q 'deployment.apps/web configured'
kubectl delete namespace gate >/dev/null
echo "diff-and-apply: ok"
