#!/usr/bin/env bash
# Starts what exists of the mesh on this machine:
#   1. the dev cluster's Kubernetes API server (TLS on loopback, kubeconfig in .mesh/dev/kubeconfig);
#   2. the walkthrough's first steps with kubectl: CRDs, namespaces, the ambient label, workloads;
#   3. the control plane (CA + Delta ADS on 127.0.0.1:15012) authenticating callers by TokenReview
#      against that API server, as istiod does;
#   4. a certificate for sleep-ambient requested with a `kubectl create token` service-account token
#      (what an agent does), checked by OpenSSL; an xDS subscription as a ztunnel makes it.
# Pods do not run yet (the node/pod runner is issue 8). Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product controlplane >/dev/null
swift build --product meshctl >/dev/null
bin=$(swift build --show-bin-path)
state=.mesh
mkdir -p "$state"
export KUBECONFIG="$state/dev/kubeconfig"
rm -f "$KUBECONFIG"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null' EXIT
"$bin/meshctl" dev apiserver --state-dir "$state/dev" --port 0 --log-level warning &
pids+=($!)
for _ in $(seq 100); do [ -s "$KUBECONFIG" ] && break; sleep 0.1; done
step() { echo; echo "\$ $*"; "$@"; }
step kubectl version
step kubectl apply -f manifests/crds/
for ns in istio-system legacy-apps ambient-apps; do kubectl get ns "$ns" >/dev/null 2>&1 || step kubectl create ns "$ns"; done
step kubectl label ns ambient-apps istio.io/dataplane-mode=ambient --overwrite
step kubectl apply -f manifests/samples/walkthrough-apps.yaml
step kubectl get ns --show-labels
step kubectl get deploy,svc,sa -n ambient-apps
kubectl get sa ztunnel -n istio-system >/dev/null 2>&1 || kubectl create sa ztunnel -n istio-system >/dev/null

rm -f "$state/root-cert.pem"
"$bin/controlplane" --listen 127.0.0.1:15012 --kubeconfig "$KUBECONFIG" \
  --monitoring-listen 127.0.0.1:15014 --root-out "$state/root-cert.pem" --log-level warning &
pids+=($!)
for _ in $(seq 50); do [ -s "$state/root-cert.pem" ] && (exec 3<>/dev/tcp/127.0.0.1/15012) 2>/dev/null && break; sleep 0.1; done
echo
echo "== a workload certificate, authenticated by TokenReview of a TokenRequest token =="
echo "\$ kubectl create token sleep-ambient -n ambient-apps --audience istio-ca --duration 1h"
kubectl create token sleep-ambient -n ambient-apps --audience istio-ca --duration 1h >"$state/sleep.token"
kubectl create token ztunnel -n istio-system --audience istio-ca --duration 1h >"$state/ztunnel.token"
chmod 600 "$state/sleep.token" "$state/ztunnel.token"
step "$bin/meshctl" ca fetch --address 127.0.0.1:15012 --root "$state/root-cert.pem" \
  --token-file "$state/sleep.token" --identity spiffe://cluster.local/ns/ambient-apps/sa/sleep-ambient \
  --out "$state/sleep"
step openssl verify -CAfile "$state/root-cert.pem" "$state/sleep/cert-chain.pem"
openssl x509 -in "$state/sleep/cert-chain.pem" -noout -subject -ext subjectAltName,extendedKeyUsage -enddate
echo
echo "== what a ztunnel receives over Delta ADS: the translated Services (no pods run until the node runner lands) =="
"$bin/meshctl" xds dump --address 127.0.0.1:15012 --root "$state/root-cert.pem" --token-file "$state/ztunnel.token"
step curl -s http://127.0.0.1:15014/ready
echo "\$ curl -s http://127.0.0.1:15014/debug/config_dump"
curl -s http://127.0.0.1:15014/debug/config_dump | python3 -m json.tool | head -40
echo
echo "dev cluster API: export KUBECONFIG=$PWD/$KUBECONFIG   control plane: 127.0.0.1:15012 (monitoring :15014)   Ctrl-C to stop"
wait
