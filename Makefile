# Ambient mesh in Swift. `make test` is what CI runs; `make run` starts what exists of the mesh.
SHELL := /bin/bash
SWIFT ?= swift
PY ?= python3

.PHONY: build release test deps proto proto-check fmt fmt-check run bench bench-ca bench-xds clean

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release

# Installs the real peers the tests talk to (OpenSSL, protoc, Python grpcio/cryptography),
# only when missing: a no-op on a prepared machine.
deps:
	@command -v openssl >/dev/null && command -v protoc >/dev/null || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssl protobuf-compiler; }
	@$(PY) -c 'import grpc, grpc_tools, cryptography' 2>/dev/null || $(PY) -m pip install -q grpcio grpcio-tools cryptography

test: deps proto-check
	$(SWIFT) test --parallel

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

# Every benchmark (not part of make test).
bench: bench-ca bench-xds

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

clean:
	rm -rf .build .build-protoc .mesh
