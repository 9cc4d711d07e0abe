#!/usr/bin/env bash
# The walkthrough (../shared/reference/walkthrough.md) on the embedded dev cluster, step by step:
# every command is printed before it runs, with what it printed, and every "Observe" line of the
# walkthrough is checked (✓ or ✗). The same script is the end-to-end test of `make test`: it exits
# non-zero when any observation did not hold.
#
# Needs root (network namespaces, iptables) and tcpdump/tshark (the wire capture). Leaves the
# cluster running with its kubeconfig printed; DEMO_TEARDOWN=1 stops it at the end instead.
# DEMO_STATE sets the state directory (default .mesh/dev).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" != 0 ]; then
  echo "make demo needs root: the dev cluster's nodes and pods are network namespaces with iptables rules (run it with sudo)" >&2
  exit 1
fi
for tool in ip iptables kubectl curl tcpdump tshark python3; do
  command -v "$tool" >/dev/null || { echo "make demo needs $tool (make deps installs it)" >&2; exit 1; }
done
fixtures=../shared/fixtures/jwt
[ -s "$fixtures/jwks.json" ] && [ -s "$fixtures/demo.jwt" ] || {
  echo "the JWT step needs $fixtures/jwks.json and demo.jwt (the shared fixtures beside this checkout)" >&2; exit 1; }

for product in controlplane ztunnel waypoint meshctl; do swift build --product "$product" >/dev/null; done
bin=$(swift build --show-bin-path)
state=${DEMO_STATE:-$PWD/.mesh/dev}
export KUBECONFIG=$state/apiserver/kubeconfig
"$bin/meshctl" dev down --state-dir "$state" >/dev/null 2>&1 || true
rm -rf "$state"  # a fresh cluster: objects of an earlier run would name pods that no longer run
mkdir -p "$state"
bridge=mdvdev  # the host bridge between the nodes of cluster "dev" (ClusterTopology: mdv<cluster>)
"$bin/meshctl" dev up --state-dir "$state" --nodes 2 --bin-dir "$bin" --log-level warning >"$state/up.log" 2>&1 &
up=$!
stop() { kill -INT "$up" 2>/dev/null; wait "$up" 2>/dev/null || true; }
[ "${DEMO_TEARDOWN:-0}" = 1 ] && trap stop EXIT
for _ in $(seq 300); do [ -s "$KUBECONFIG" ] && kubectl get ns >/dev/null 2>&1 && break; sleep 0.2; done
kubectl get ns >/dev/null || { echo "the dev cluster did not start; see $state/up.log" >&2; tail -20 "$state/up.log" >&2; exit 1; }

# --- helpers: printing, checking, waiting ---------------------------------------------------------
failed=()
step() { echo; echo "\$ $*"; "$@"; }
title() { echo; echo "== $* =="; }
pass() { echo "  ✓ $*"; }
fail() { echo "  ✗ $*"; failed+=("$*"); }
# observe WHAT COMMAND...: the command's success is the observation.
observe() { local what=$1; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }
# eventually SECONDS COMMAND...: retries until the command succeeds (configuration propagates).
eventually() {
  local deadline=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do [ "$SECONDS" -ge "$deadline" ] && return 1; sleep 0.5; done
}
wait_ready() { kubectl wait --for=condition=Ready pod -l "$2" -n "$1" --timeout="${3:-120s}" >/dev/null; }
pod_of() { kubectl get pod -n "$1" -l "$2" -o jsonpath='{.items[0].metadata.name}'; }
# status POD CURL-ARGS...: the HTTP status curl in the pod got (000: no HTTP answer at all).
status() {
  local pod=$1; shift
  kubectl exec -n ambient-apps "$pod" -- curl -s -m 5 -o /dev/null -w '%{http_code}' "$@" 2>/dev/null || true
}
is_status() { local want=$1; shift; [ "$(status "$@")" = "$want" ]; }
# expect WANT WHAT POD CURL-ARGS...: prints the call, waits up to 30 s for WANT, checks it.
expect() {
  local want=$1 what=$2 pod=$3; shift 3
  local shown="$*"
  [ -n "${TOKEN:-}" ] && shown=${shown//$TOKEN/\$TOKEN}
  echo; echo "\$ kubectl exec -n ambient-apps $pod -- curl -s -o /dev/null -w '%{http_code}' $shown"
  eventually "${WAIT:-30}" is_status "$want" "$pod" "$@" || true
  local got; got=$(status "$pod" "$@"); echo "$got"
  if [ "$got" = "$want" ]; then pass "$what"; else fail "$what (got $got, want $want)"; fi
}
# in_a_row N WANT POD CURL-ARGS...: N calls one after another, no retries, all answer WANT.
in_a_row() {
  local count=$1 want=$2 pod=$3; shift 3
  for _ in $(seq "$count"); do [ "$(status "$pod" "$@")" = "$want" ] || return 1; done
}
# The pods of a namespace as uid, restarts and start times: equal before and after = nothing restarted.
pod_processes() {
  kubectl get pods -n "$1" ${2:+-l "$2"} -o jsonpath='{range .items[*]}{.metadata.name} {.metadata.uid} {.status.containerStatuses[*].restartCount} {.status.containerStatuses[*].state.running.startedAt}{"\n"}{end}' | sort
}
redirection() { kubectl get pod -n ambient-apps "$1" -o jsonpath='{.metadata.annotations.ambient\.istio\.io/redirection}'; }
is_redirected() { [ "$(redirection "$1")" = enabled ]; }
not_redirected() { [ -z "$(redirection "$1")" ]; }
# capture FILE COMMAND...: records the packets between the sleep and httpbin pods on the bridge
# between the nodes while the command runs.
capture() {
  local file=$1; shift
  tcpdump -i "$bridge" -nn -U -s 0 -w "$file" "tcp and host $SLEEP_IP and host $HTTPBIN_IP" >/dev/null 2>&1 &
  local dump=$!
  sleep 1
  "$@" || true
  sleep 1
  kill -INT "$dump"; wait "$dump" 2>/dev/null || true
}
# What a capture holds: packets, packets not to or from 15008, TLS application-data records,
# and whether the request line is readable on the wire.
packets() { tshark -r "$1" 2>/dev/null | wc -l; }
non_hbone_packets() { tshark -r "$1" -Y 'not (tcp.port == 15008)' 2>/dev/null | wc -l; }
tls_records() { tshark -r "$1" -d tcp.port==15008,tls -Y 'tls.app_data' 2>/dev/null | wc -l; }
plaintext_seen() { grep -a -q 'GET /headers' "$1"; }
tls_only() { [ "$(packets "$1")" -gt 0 ] && [ "$(non_hbone_packets "$1")" = 0 ] && [ "$(tls_records "$1")" -gt 0 ] && ! plaintext_seen "$1"; }
# Unenrolled: the request line is readable on the wire and no tunnel was opened for it (keepalive
# PINGs on a pooled HBONE connection of the enrolled past may still cross; they carry nothing).
new_tunnels() { tshark -r "$1" -Y 'tcp.flags.syn == 1 && tcp.flags.ack == 0 && tcp.dstport == 15008' 2>/dev/null | wc -l; }
plaintext_only() { [ "$(packets "$1")" -gt 0 ] && [ "$(new_tunnels "$1")" = 0 ] && plaintext_seen "$1"; }
# metric_sum POD PORT NAME FILTER: the sum of a Prometheus counter's series whose labels match FILTER.
metric_sum() {
  kubectl exec -n "$1" "$2" -- curl -s "http://127.0.0.1:15020/metrics" 2>/dev/null \
    | awk -v name="$3{" -v filter="$4" 'index($0, name) == 1 && index($0, filter) { sum += $NF } END { printf "%d\n", sum }'
}
ztunnel_on() { kubectl get pods -n istio-system -l app=ztunnel --field-selector "spec.nodeName=$1" -o jsonpath='{.items[0].metadata.name}'; }
url=http://httpbin-ambient.ambient-apps:8000

title "0. Install the mesh from manifests/"
step kubectl apply -f manifests/crds/
step kubectl apply -f manifests/mesh/
wait_ready istio-system app=istiod 180s || true
wait_ready istio-system app=ztunnel 180s || true
step kubectl get pods -n istio-system -o wide
nodes=$(kubectl get nodes -o name | wc -l)
ready_ztunnels() { kubectl get pods -n istio-system -l app=ztunnel -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' | grep -c True; }
observe "one ztunnel per node ready ($nodes nodes)" eventually 60 test "$(ready_ztunnels)" = "$nodes"
observe "the control plane is ready" kubectl wait --for=condition=Available deploy/istiod -n istio-system --timeout=60s
step kubectl get gatewayclass istio-waypoint
observe "the istio-waypoint GatewayClass exists" kubectl get gatewayclass istio-waypoint

title "1. Two namespaces, one enrolled"
step kubectl create ns legacy-apps
step kubectl create ns ambient-apps
step kubectl apply -f manifests/samples/walkthrough-apps.yaml
echo "(the same for httpbin-legacy in legacy-apps)"
sed 's/ambient/legacy/g' manifests/samples/walkthrough-apps.yaml | kubectl apply -f - >/dev/null
wait_ready ambient-apps app=sleep-ambient
wait_ready ambient-apps app=httpbin-ambient
wait_ready legacy-apps app=httpbin-legacy
SLEEP_POD=$(pod_of ambient-apps app=sleep-ambient)
HTTPBIN_POD=$(pod_of ambient-apps app=httpbin-ambient)
SLEEP_IP=$(kubectl get pod -n ambient-apps "$SLEEP_POD" -o jsonpath='{.status.podIP}')
HTTPBIN_IP=$(kubectl get pod -n ambient-apps "$HTTPBIN_POD" -o jsonpath='{.status.podIP}')
SLEEP_NODE=$(kubectl get pod -n ambient-apps "$SLEEP_POD" -o jsonpath='{.spec.nodeName}')
HTTPBIN_NODE=$(kubectl get pod -n ambient-apps "$HTTPBIN_POD" -o jsonpath='{.spec.nodeName}')
observe "sleep ($SLEEP_NODE) and httpbin ($HTTPBIN_NODE) run on different nodes" test "$SLEEP_NODE" != "$HTTPBIN_NODE"
before=$(pod_processes ambient-apps)
step kubectl label ns ambient-apps istio.io/dataplane-mode=ambient
observe "the pods are captured (ambient.istio.io/redirection=enabled)" \
  eventually 30 bash -c "$(declare -f redirection is_redirected); is_redirected $SLEEP_POD && is_redirected $HTTPBIN_POD"
step kubectl get pods -n ambient-apps -o wide
capture "$state/enrolled.pcap" expect 200 "sleep → httpbin-ambient succeeds" "$SLEEP_POD" "$url/headers"
echo "# the bridge between the nodes during that call ($(packets "$state/enrolled.pcap") packets):"
tshark -r "$state/enrolled.pcap" -d tcp.port==15008,tls 2>/dev/null | sed -n '1,6p'
observe "between the nodes only TLS on 15008, no plaintext HTTP ($(tls_records "$state/enrolled.pcap") TLS records)" \
  tls_only "$state/enrolled.pcap"
expect 200 "sleep → httpbin-legacy (outside the mesh) succeeds" "$SLEEP_POD" http://httpbin-legacy.legacy-apps:8000/headers
observe "20 calls in a row, each a new connection, all succeed (through the mesh and to legacy)" \
  bash -c "$(declare -f status in_a_row); in_a_row 20 200 $SLEEP_POD $url/headers \
    && in_a_row 20 200 $SLEEP_POD http://httpbin-legacy.legacy-apps:8000/headers"
observe "labelling the namespace restarted nothing" test "$before" = "$(pod_processes ambient-apps)"
step kubectl label ns ambient-apps istio.io/dataplane-mode-
observe "removing the label takes the pods out of the mesh" \
  eventually 30 bash -c "$(declare -f redirection not_redirected); not_redirected $SLEEP_POD && not_redirected $HTTPBIN_POD"
sleep 1
capture "$state/unenrolled.pcap" expect 200 "unenrolled, sleep → httpbin-ambient still succeeds" "$SLEEP_POD" "$url/headers"
observe "unenrolled, the call crosses the nodes in plaintext (so the capture above would have seen it)" \
  plaintext_only "$state/unenrolled.pcap"
observe "removing the label restarted nothing" test "$before" = "$(pod_processes ambient-apps)"
step kubectl label ns ambient-apps istio.io/dataplane-mode=ambient
observe "enrolled again" \
  eventually 30 bash -c "$(declare -f redirection is_redirected); is_redirected $SLEEP_POD && is_redirected $HTTPBIN_POD"
expect 200 "sleep → httpbin-ambient succeeds again" "$SLEEP_POD" "$url/headers"

title "2. L4 authorization at the destination ztunnel"
step kubectl apply -f manifests/samples/walkthrough-l4-policy.yaml
step kubectl apply -f manifests/samples/walkthrough-rogue.yaml
wait_ready ambient-apps app=rogue-client
ROGUE_POD=$(pod_of ambient-apps app=rogue-client)
eventually 30 is_redirected "$ROGUE_POD" || true
DEST_ZTUNNEL=$(ztunnel_on "$HTTPBIN_NODE")
denials() { metric_sum istio-system "$DEST_ZTUNNEL" istio_tcp_connections_failed_total 'response_flags="DENY"'; }
denied_before=$(denials)
expect 200 "sleep → httpbin still 200" "$SLEEP_POD" "$url/headers"
expect 000 "rogue → httpbin gets no HTTP answer (the destination ztunnel refuses)" "$ROGUE_POD" "$url/headers"
echo; echo "\$ kubectl exec -n istio-system $DEST_ZTUNNEL -- curl -s localhost:15020/metrics | grep 'response_flags=\"DENY\"'"
kubectl exec -n istio-system "$DEST_ZTUNNEL" -- curl -s localhost:15020/metrics | grep 'response_flags="DENY"' | cut -c1-400 | head -3
denied_after=$(denials)
observe "the destination ztunnel counts the denial (response_flags=\"DENY\": $denied_before → $denied_after)" \
  test "$denied_after" -gt "$denied_before"

title "2b. meshctl: what the mesh decided about a pod, and why"
meshctl() { "$bin/meshctl" "$@"; }
# shows FILE TEXT: the saved output of a meshctl command contains TEXT.
shows() { grep -qF -- "$2" "$1"; }
echo; echo "\$ meshctl describe pod -n ambient-apps $HTTPBIN_POD --from ambient-apps/$ROGUE_POD"
meshctl describe pod -n ambient-apps "$HTTPBIN_POD" --from "ambient-apps/$ROGUE_POD" | tee "$state/describe-rogue.txt" || true
observe "describe: httpbin is enrolled through its namespace's label" \
  shows "$state/describe-rogue.txt" "Mesh:       enrolled: namespace ambient-apps has istio.io/dataplane-mode=ambient"
observe "describe: its SPIFFE identity" \
  shows "$state/describe-rogue.txt" "Identity:   spiffe://cluster.local/ns/ambient-apps/sa/httpbin-ambient"
observe "describe: its node's ztunnel holds its certificate (read through the API server's pods/proxy)" \
  shows "$state/describe-rogue.txt" "Cert:       Available, expires"
observe "describe: the L4 policy applies, enforced by ztunnel" \
  shows "$state/describe-rogue.txt" "ALLOW  ambient-apps/require-sleep-identity  at ztunnel (L4)"
observe "describe --from rogue: DENY, as the wire showed" shows "$state/describe-rogue.txt" "to port 80: DENY"
meshctl describe pod -n ambient-apps "$HTTPBIN_POD" --from "ambient-apps/$SLEEP_POD" -o json >"$state/describe-sleep.json" || true
observe "describe --from sleep -o json: allowed" \
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["verdict"]["allowed"] else 1)' "$state/describe-sleep.json"
step meshctl proxy-config workloads "$HTTPBIN_NODE" | tee "$state/proxy-config.txt" || true
observe "proxy-config: the node's ztunnel knows httpbin as an HBONE workload" \
  bash -c "grep '$HTTPBIN_POD' '$state/proxy-config.txt' | grep -q HBONE"
step meshctl analyze | tee "$state/analyze-clean.txt" || true
observe "analyze: no problems in the walkthrough's objects" shows "$state/analyze-clean.txt" "No problems found"
step kubectl label ns legacy-apps istio.io/dataplane-mode=ambiant
echo; echo "\$ meshctl analyze"
meshctl analyze | tee "$state/analyze-typo.txt" || true
observe "analyze: the label typo, with the command that fixes it" \
  shows "$state/analyze-typo.txt" "fix: kubectl label namespace legacy-apps istio.io/dataplane-mode=ambient --overwrite"
step kubectl label ns legacy-apps istio.io/dataplane-mode-
step meshctl version | tee "$state/version.txt" || true
observe "version: the client and each control plane replica" \
  test "$(grep -c "control plane version: $(meshctl version --client | cut -d' ' -f3)" "$state/version.txt")" -ge 1

title "3. A waypoint for L7"
step kubectl delete -f manifests/samples/walkthrough-l4-policy.yaml
httpbin_before=$(pod_processes ambient-apps app=httpbin-ambient)
step kubectl apply -f manifests/samples/walkthrough-waypoint.yaml
step kubectl label ns ambient-apps istio.io/use-waypoint=httpbin-ambient-waypoint
observe "a Deployment httpbin-ambient-waypoint appears and becomes ready" \
  kubectl wait --for=condition=Available deploy/httpbin-ambient-waypoint -n ambient-apps --timeout=120s
step kubectl get gateway,deploy,svc -n ambient-apps
WAYPOINT_POD=$(pod_of ambient-apps gateway.networking.k8s.io/gateway-name=httpbin-ambient-waypoint)
through_waypoint() { metric_sum ambient-apps "$WAYPOINT_POD" istio_requests_total 'destination_service="httpbin-ambient.ambient-apps.svc.cluster.local"'; }
is_through_waypoint() { local before; before=$(through_waypoint); is_status 200 "$SLEEP_POD" "$url/headers" && [ "$(through_waypoint)" -gt "$before" ]; }
eventually 30 is_through_waypoint || true
counted_before=$(through_waypoint)
for _ in 1 2 3 4 5; do status "$SLEEP_POD" "$url/headers" >/dev/null; done
expect 200 "sleep → httpbin through the waypoint" "$SLEEP_POD" "$url/headers"
echo; echo "\$ kubectl exec -n ambient-apps $WAYPOINT_POD -- curl -s localhost:15020/metrics | grep istio_requests_total"
kubectl exec -n ambient-apps "$WAYPOINT_POD" -- curl -s localhost:15020/metrics | grep '^istio_requests_total' | cut -c1-400 | head -3
observe "the waypoint's request metrics count the calls ($(through_waypoint) - $counted_before >= 6)" \
  test "$(($(through_waypoint) - counted_before))" -ge 6
observe "httpbin pods were not touched" test "$httpbin_before" = "$(pod_processes ambient-apps app=httpbin-ambient)"
step meshctl waypoint list -n ambient-apps | tee "$state/waypoints.txt" || true
observe "meshctl waypoint list: programmed, used by the namespace" \
  bash -c "grep httpbin-ambient-waypoint '$state/waypoints.txt' | grep True | grep -q 'namespace ambient-apps'"

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
bearer="Authorization: Bearer $TOKEN"
expect 403 "/headers with the token → 403" "$SLEEP_POD" -H "$bearer" "$url/headers"
expect 403 "/ip without a token → 403" "$SLEEP_POD" "$url/ip"
expect 200 "/ip with the token → 200" "$SLEEP_POD" -H "$bearer" "$url/ip"
echo "\$ kubectl exec -n ambient-apps $SLEEP_POD -- curl -s -H 'Authorization: Bearer \$TOKEN' $url/ip"
body=$(kubectl exec -n ambient-apps "$SLEEP_POD" -- curl -s -m 5 -H "$bearer" "$url/ip" || true)
echo "$body"
observe "… with httpbin's JSON" python3 -c 'import json,sys; assert "origin" in json.loads(sys.argv[1])' "$body"
expect 401 "/ip with a tampered token → 401" "$SLEEP_POD" -H "Authorization: Bearer ${TOKEN%?}x" "$url/ip"

title "5. Failure domains"
replicas=$(kubectl get deploy istiod -n istio-system -o jsonpath='{.spec.replicas}')
step kubectl scale deploy/istiod -n istio-system --replicas=0
no_istiod() { [ -z "$(kubectl get pods -n istio-system -l app=istiod -o name)" ]; }
observe "the control plane is stopped (no istiod pod)" eventually 60 no_istiod
# The dev cluster removes a deleted pod at once, while its process still drains for up to 3 s
# (what a Terminating pod does on a real cluster): wait for the processes to end.
sleep 4
expect 200 "control plane down: traffic keeps flowing with the last configuration" "$SLEEP_POD" -H "$bearer" "$url/ip"
step kubectl delete -f manifests/samples/walkthrough-jwt-policy.yaml
sleep 3
expect 403 "control plane down: a policy change waits for it (/headers still 403)" "$SLEEP_POD" -H "$bearer" "$url/headers"
step kubectl scale deploy/istiod -n istio-system --replicas="$replicas"
wait_ready istio-system app=istiod 120s || true
WAIT=60 expect 200 "control plane back: the agents reconnect and converge (/headers now 200)" "$SLEEP_POD" -H "$bearer" "$url/headers"

echo; echo "# stop the ztunnel on $SLEEP_NODE (sleep's node): a nodeSelector only the other nodes match"
for node in $(kubectl get nodes -o jsonpath='{.items[*].metadata.name}'); do
  [ "$node" = "$SLEEP_NODE" ] || kubectl label node "$node" demo.mesh/ztunnel=run --overwrite >/dev/null
done
step kubectl patch ds ztunnel -n istio-system -p '{"spec":{"template":{"spec":{"nodeSelector":{"demo.mesh/ztunnel":"run"}}}}}'
no_ztunnel_on_sleep_node() { [ -z "$(ztunnel_on "$SLEEP_NODE")" ]; }
observe "the ztunnel on $SLEEP_NODE is gone" eventually 60 no_ztunnel_on_sleep_node
capture "$state/ztunnel-down.pcap" expect 000 "ztunnel down: sleep's mesh traffic stops (fail closed)" "$SLEEP_POD" -H "$bearer" "$url/headers"
observe "ztunnel down: nothing crossed the nodes in plaintext" bash -c "! grep -a -q 'GET /headers' '$state/ztunnel-down.pcap'"
step kubectl patch ds ztunnel -n istio-system --type=json -p '[{"op":"remove","path":"/spec/template/spec/nodeSelector"}]'
WAIT=90 expect 200 "ztunnel back: sleep's mesh traffic recovers" "$SLEEP_POD" -H "$bearer" "$url/headers"
observe "ztunnel back: sleep is captured again" is_redirected "$SLEEP_POD"

echo; echo "# stop the waypoint: only the traffic it carries (L7 to httpbin-ambient) may be affected"
step kubectl scale deploy/httpbin-ambient-waypoint -n ambient-apps --replicas=0
no_waypoint_pod() { [ -z "$(kubectl get pods -n ambient-apps -l gateway.networking.k8s.io/gateway-name=httpbin-ambient-waypoint -o name)" ]; }
observe "the waypoint is stopped (no waypoint pod)" eventually 60 no_waypoint_pod
expect 000 "waypoint down: traffic to httpbin-ambient stops (fails closed, never around the waypoint)" \
  "$SLEEP_POD" -H "$bearer" "$url/headers"
expect 200 "waypoint down: traffic to httpbin-legacy is unaffected" "$SLEEP_POD" http://httpbin-legacy.legacy-apps:8000/headers
step kubectl scale deploy/httpbin-ambient-waypoint -n ambient-apps --replicas=1
WAIT=90 expect 200 "waypoint back: traffic to httpbin-ambient recovers" "$SLEEP_POD" -H "$bearer" "$url/headers"

title "Result"
[ "${DEMO_TEARDOWN:-0}" = 1 ] \
  || echo "dev cluster: export KUBECONFIG=$KUBECONFIG   (stop: kill -INT $up, or meshctl dev down --state-dir $state)"
if [ "${#failed[@]}" -gt 0 ]; then
  echo "${#failed[@]} observation(s) did not hold:"; printf '  ✗ %s\n' "${failed[@]}"
  echo "logs: $state/up.log, kubectl logs -n istio-system <pod>"
  exit 1
fi
echo "every observation of the walkthrough held"
[ "${DEMO_TEARDOWN:-0}" = 1 ] || wait "$up"
