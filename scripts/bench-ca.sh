#!/usr/bin/env bash
# Runs the CA benchmark and the OpenSSL reference in the same run, and prints the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${SIGNINGS:-5000}
mkdir -p bench/results
out=bench/results/ca-$(date -u +%Y%m%d).json
echo "== ours: single core (taskset -c 0) =="
taskset -c 0 .build/release/ca-bench --signings "$n" --calls 10 --concurrency 1 | head -1 | tee /tmp/ca-bench-ours.txt
echo "== ours: gRPC+TLS on loopback (all cores; client and server share the machine) =="
.build/release/ca-bench --signings 10 --calls "${CALLS:-2000}" --concurrency 16 --json "$out" | tail -2
echo "== reference: OpenSSL via Python cryptography, same job, single core =="
ref=$(taskset -c 0 python3 bench/ca_reference.py "$n")
ours=$(sed -E 's/.*: ([0-9]+) signings\/s.*/\1/' /tmp/ca-bench-ours.txt)
echo "reference: $ref signings/s"
python3 - "$out" "$ours" "$ref" <<'PY'
import json, sys
path, ours, ref = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
data = json.load(open(path))
data.update({"signings_per_second_one_core": ours, "reference_openssl_python_per_second": ref, "ratio_to_reference": ours / ref})
json.dump(data, open(path, "w"), indent=2, sort_keys=True)
print(f"ratio ours/reference: {ours / ref:.2f}x  (goal: >= 5000 signings/s per core: {'met' if ours >= 5000 else 'NOT met'})")
print(f"results: {path}")
PY
