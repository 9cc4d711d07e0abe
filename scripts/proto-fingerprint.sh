#!/usr/bin/env bash
# Prints sha256 of every .proto and every generated file. proto/GENERATED.sha256 holds the
# fingerprint taken right after generation; `make proto-check` fails when either side changed
# without the other (a proto edited but not regenerated, or generated code edited by hand).
set -euo pipefail
cd "$(dirname "$0")/.."
find proto -name '*.proto' | LC_ALL=C sort | xargs sha256sum
find Sources -path '*/Wire/Generated/*.swift' | LC_ALL=C sort | xargs sha256sum
