#!/usr/bin/env bash
# The walkthrough (../shared/reference/walkthrough.md) on the embedded dev cluster, step by step:
# every command is printed before it runs, with what it printed. Needs root (network namespaces,
# iptables). Leaves the cluster running with its kubeconfig printed; DEMO_TEARDOWN=1 stops it at
# the end instead.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" != 0 ]; then
  echo "make demo needs root: the dev cluster's nodes and pods are network namespaces with iptables rules (run it with sudo)" >&2
  exit 1
fi
for tool in ip iptables kubectl curl; do
  command -v "$tool" >/dev/null || { echo "make demo needs $tool (make deps installs it)" >&2; exit 1; }
done
fixtures=../shared/fixtures/jwt
[ -s "$fixtures/jwks.json" ] && [ -s "$fixtures/demo.jwt" ] || {
  echo "the JWT step needs $fixtures/jwks.json and demo.jwt (the shared fixtures beside this checkout)" >&2; exit 1; }

for product in controlplane ztunnel waypoint meshctl; do swift build --product "$product" >/dev/null; done
bin=$(swift build --show-bin-path)
state=$PWD/.mesh/dev
mkdir -p "$state"
export KUBECONFIG=$state/apiserver/kubeconfig
rm -f "$KUBECONFIG"
"$bin/meshctl" dev down --state-dir "$state" >/dev/null 2>&1 || true
rm -rf "$state"  # a fresh cluster: objects of an earlier run would name pods that no longer run
mkdir -p "$state"
"$bin/meshctl" dev up --state-dir "$state" --nodes 2 --bin-dir "$bin" --log-level warning >"$state/up.log" 2>&1 &
up=$!
stop() { kill -INT "$up" 2>/dev/null; wait "$up" 2>/dev/null || true; }
[ "${DEMO_TEARDOWN:-0}" = 1 ] && trap stop EXIT
for _ in $(seq 300); do [ -s "$KUBECONFIG" ] && kubectl get ns >/dev/null 2>&1 && break; sleep 0.2; done
kubectl get ns >/dev/null || { echo "the dev cluster did not start; see $state/up.log" >&2; tail -20 "$state/up.log" >&2; exit 1; }

step() { echo; echo "\$ $*"; "$@"; }
title() { echo; echo "== $* =="; }
wait_ready() { kubectl wait --for=condition=Ready pod -l "$2" -n "$1" --timeout="${3:-120s}" >/dev/null; }
in_sleep() { kubectl exec -n ambient-apps "$SLEEP_POD" -- "$@"; }

title "0. Install the mesh from manifests/"
step kubectl apply -f manifests/crds/
step kubectl apply -f manifests/mesh/
wait_ready istio-system app=istiod 180s
wait_ready istio-system app=ztunnel 180s
step kubectl get pods -n istio-system -o wide
step kubectl get gatewayclass istio-waypoint

title "1. Two namespaces, one enrolled"
for ns in legacy-apps ambient-apps; do kubectl get ns "$ns" >/dev/null 2>&1 || step kubectl create ns "$ns"; done
step kubectl apply -f manifests/samples/walkthrough-apps.yaml
sed 's/ambient/legacy/g' manifests/samples/walkthrough-apps.yaml | kubectl apply -f - >/dev/null
wait_ready ambient-apps app=sleep-ambient
wait_ready ambient-apps app=httpbin-ambient
wait_ready legacy-apps app=httpbin-legacy
SLEEP_POD=$(kubectl get pod -n ambient-apps -l app=sleep-ambient -o jsonpath='{.items[0].metadata.name}')
step kubectl label ns ambient-apps istio.io/dataplane-mode=ambient --overwrite
for _ in $(seq 100); do
  [ "$(kubectl get pods -n ambient-apps -l app=httpbin-ambient -o jsonpath='{.items[0].metadata.annotations.ambient\.istio\.io/redirection}')" = enabled ] && break
  sleep 0.2
done
step kubectl get pods -n ambient-apps -o wide
step kubectl exec -n ambient-apps "$SLEEP_POD" -- curl -s -o /dev/null -w '%{http_code}\n' http://httpbin-ambient.ambient-apps:8000/headers
step kubectl exec -n ambient-apps "$SLEEP_POD" -- curl -s -o /dev/null -w '%{http_code}\n' http://httpbin-legacy.legacy-apps:8000/headers

title "2. L4 authorization at the destination ztunnel"
step kubectl apply -f manifests/samples/walkthrough-l4-policy.yaml
step kubectl apply -f manifests/samples/walkthrough-rogue.yaml
wait_ready ambient-apps app=rogue-client
ROGUE_POD=$(kubectl get pod -n ambient-apps -l app=rogue-client -o jsonpath='{.items[0].metadata.name}')
sleep 2
step kubectl exec -n ambient-apps "$SLEEP_POD" -- curl -s -o /dev/null -w '%{http_code}\n' http://httpbin-ambient.ambient-apps:8000/headers
echo; echo "\$ kubectl exec -n ambient-apps $ROGUE_POD -- curl -s -m 5 http://httpbin-ambient.ambient-apps:8000/headers"
kubectl exec -n ambient-apps "$ROGUE_POD" -- curl -s -m 5 -o /dev/null -w '%{http_code}\n' http://httpbin-ambient.ambient-apps:8000/headers \
  || echo "(refused by the destination ztunnel, as the policy says)"

title "3. A waypoint for L7"
step kubectl delete -f manifests/samples/walkthrough-l4-policy.yaml
step kubectl apply -f manifests/samples/walkthrough-waypoint.yaml
step kubectl label ns ambient-apps istio.io/use-waypoint=httpbin-ambient-waypoint --overwrite
kubectl wait --for=condition=Available deploy/httpbin-ambient-waypoint -n ambient-apps --timeout=120s >/dev/null
step kubectl get gateway,deploy,svc -n ambient-apps
sleep 2
step kubectl exec -n ambient-apps "$SLEEP_POD" -- curl -s -o /dev/null -w '%{http_code}\n' http://httpbin-ambient.ambient-apps:8000/headers

title "4. L7 policy with JWT at the waypoint (JWKS inline: this machine may have no internet)"
python3 - "$fixtures/jwks.json" >"$state/request-authentication.yaml" <<'PY'
import json, sys
jwks = json.dumps(json.load(open(sys.argv[1])))
print(f"""apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: {{name: require-jwt-for-billing, namespace: ambient-apps}}
spec:
  selector: {{matchLabels: {{app: httpbin-ambient}}}}
  jwtRules:
  - issuer: "testing@secure.istio.io"
    jwks: '{jwks}'""")
PY
step kubectl apply -f "$state/request-authentication.yaml"
step kubectl apply -f manifests/samples/walkthrough-jwt-policy.yaml
TOKEN=$(cat "$fixtures/demo.jwt")
sleep 3
url=http://httpbin-ambient.ambient-apps:8000
echo; echo "# /headers with the token → 403"
in_sleep curl -s -o /dev/null -w '%{http_code}\n' -H "Authorization: Bearer $TOKEN" "$url/headers"
echo "# /ip without a token → 403"
in_sleep curl -s -o /dev/null -w '%{http_code}\n' "$url/ip"
echo "# /ip with the token → 200"
in_sleep curl -s -w '\n%{http_code}\n' -H "Authorization: Bearer $TOKEN" "$url/ip"
echo "# /ip with a tampered token → 401"
in_sleep curl -s -o /dev/null -w '%{http_code}\n' -H "Authorization: Bearer ${TOKEN%?}x" "$url/ip"

echo
echo "dev cluster running: export KUBECONFIG=$KUBECONFIG   (stop: kill -INT $up, or meshctl dev down)"
[ "${DEMO_TEARDOWN:-0}" = 1 ] || wait "$up"
