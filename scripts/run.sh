#!/usr/bin/env bash
# Starts what exists of the mesh: the control plane (CA and Delta ADS on 127.0.0.1:15012,
# self-signed root kept in .mesh/ca); requests a certificate for the walkthrough's sleep workload
# with meshctl and shows what OpenSSL says about it; subscribes to xDS as a ztunnel would.
# Ctrl-C stops the control plane.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product controlplane --product meshctl >/dev/null
bin=$(swift build --show-bin-path)
state=.mesh
mkdir -p "$state"
token=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
ztoken=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
printf '%s,ambient-apps,sleep-ambient\n%s,istio-system,ztunnel,ztunnel-node-a\n' "$token" "$ztoken" >"$state/tokens"
printf '%s\n' "$token" >"$state/sleep.token"
printf '%s\n' "$ztoken" >"$state/ztunnel.token"
chmod 600 "$state/tokens" "$state/sleep.token" "$state/ztunnel.token"
"$bin/controlplane" --listen 127.0.0.1:15012 --ca-dir "$state/ca" --token-file "$state/tokens" \
  --root-out "$state/root-cert.pem" &
cp=$!
trap 'kill $cp 2>/dev/null; wait $cp 2>/dev/null' EXIT
for _ in $(seq 50); do [ -s "$state/root-cert.pem" ] && (exec 3<>/dev/tcp/127.0.0.1/15012) 2>/dev/null && break; sleep 0.1; done
"$bin/meshctl" ca fetch --address 127.0.0.1:15012 --root "$state/root-cert.pem" --token-file "$state/sleep.token" \
  --identity spiffe://cluster.local/ns/ambient-apps/sa/sleep-ambient --out "$state/sleep"
openssl verify -CAfile "$state/root-cert.pem" "$state/sleep/cert-chain.pem"
openssl x509 -in "$state/sleep/cert-chain.pem" -noout -subject -ext subjectAltName,extendedKeyUsage -enddate
echo
echo "== what a ztunnel receives over Delta ADS (empty until the Kubernetes controllers land) =="
"$bin/meshctl" xds dump --address 127.0.0.1:15012 --root "$state/root-cert.pem" --token-file "$state/ztunnel.token"
echo
echo "control plane running on 127.0.0.1:15012 (CA + Delta ADS), root $state/root-cert.pem; Ctrl-C to stop"
wait $cp
