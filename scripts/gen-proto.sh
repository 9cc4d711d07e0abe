#!/usr/bin/env bash
# Regenerates the committed Swift code for proto/ and records its fingerprint.
#
# Messages go to Sources/Shared/Wire/Generated (the only module that owns wire types);
# gRPC service stubs go to the target that serves them, importing messages from Shared.
# protoc comes from Debian (protobuf-compiler); the plugins are built from the exact
# package versions pinned in tools/protoc-plugins/Package.swift, so output is reproducible.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v protoc >/dev/null || { echo "protoc not found: apt-get install -y protobuf-compiler" >&2; exit 1; }
plugins=.build-protoc/release
if [ ! -x "$plugins/protoc-gen-swift" ] || [ ! -x "$plugins/protoc-gen-grpc-swift-2" ]; then
  (cd tools/protoc-plugins && swift build -c release --scratch-path ../../.build-protoc \
      --product protoc-gen-swift >&2 && swift build -c release --scratch-path ../../.build-protoc \
      --product protoc-gen-grpc-swift-2 >&2)
fi

out_shared=Sources/Shared/Wire/Generated
out_ca=Sources/CA/Wire/Generated
out_xds=Sources/XDS/Wire/Generated
rm -rf "$out_shared" "$out_ca" "$out_xds"
mkdir -p "$out_shared" "$out_ca" "$out_xds"

messages=(
  istio/workload/workload.proto
  istio/security/authorization.proto
  istio/v1/auth/ca.proto
  envoy/config/core/v3/base.proto
  envoy/service/discovery/v3/discovery.proto
  google/rpc/status.proto
  mesh/waypoint/v1/waypoint.proto
)
protoc -I proto --plugin=protoc-gen-swift="$plugins/protoc-gen-swift" \
  --swift_opt=Visibility=Public --swift_opt=FileNaming=PathToUnderscores \
  --swift_out="$out_shared" "${messages[@]}"

# Service stubs find their messages in module Shared.
mapping=$(mktemp)
trap 'rm -f "$mapping"' EXIT
for p in "${messages[@]}"; do
  printf 'mapping { module_name: "Shared" proto_file_path: "%s" }\n' "$p" >>"$mapping"
done
protoc -I proto --plugin=protoc-gen-grpc-swift-2="$plugins/protoc-gen-grpc-swift-2" \
  --grpc-swift-2_opt=Visibility=Public,Server=true,Client=true,FileNaming=PathToUnderscores \
  --grpc-swift-2_opt=ProtoPathModuleMappings="$mapping",ExtraModuleImports=Shared \
  --grpc-swift-2_out="$out_ca" istio/v1/auth/ca.proto
protoc -I proto --plugin=protoc-gen-grpc-swift-2="$plugins/protoc-gen-grpc-swift-2" \
  --grpc-swift-2_opt=Visibility=Public,Server=true,Client=true,FileNaming=PathToUnderscores \
  --grpc-swift-2_opt=ProtoPathModuleMappings="$mapping",ExtraModuleImports=Shared \
  --grpc-swift-2_out="$out_xds" envoy/service/discovery/v3/discovery.proto

scripts/proto-fingerprint.sh >proto/GENERATED.sha256
echo "generated: $(ls "$out_shared" "$out_ca" "$out_xds" | grep -c swift) files; fingerprint in proto/GENERATED.sha256"
