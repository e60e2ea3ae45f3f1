#!/usr/bin/env bash
# Pipeline planning time (--ap-pipeline-plan: one auto-shard ILP per submesh
# shape, then Alpa's stage DP) and splitting time (--pipeline-partition: the
# stage functions, each auto-sharded on its submesh, and the driver) for GPT
# configs from 1.3B on 4 GPUs to GPT-3 175B on 1024 GPUs. Prints a table.
# Usage: bench/pipeline_bench.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '%-12s %-16s %6s %7s %8s %8s %8s %-30s\n' model cluster GPUs layers plan-s split-s stages submeshes
for row in "gpt-1.3b p3-4gpu 4" "gpt-2.6b p3.16xlarge 8" "gpt-6.7b p3.16xlarge:2 16" \
           "gpt-15b p3.16xlarge:4 32" "gpt-39b p3.16xlarge:8 64" "gpt3-175b dgx-a100:128 1024"; do
  set -- $row
  model=$1 cluster=$2 gpus=$3
  # The GPT-3 preset's batch is 1: give it one the 8 micro-batches can split.
  batch=()
  [ "$model" = gpt3-175b ] && batch=(--batch 8)
  "$build/bin/ap-models" gpt --preset "$model" --dtype bf16 "${batch[@]}" -o "$tmp/m.mlir"
  spec=$cluster
  [ "$cluster" = p3-4gpu ] && spec=bench/p3-4gpu.json
  t0=$(date +%s.%N)
  if "$build/bin/ap-opt" "$tmp/m.mlir" --ap-pipeline-plan="cluster=$spec memory-budget=none summary=false plan=$tmp/p.json" \
       -o "$tmp/planned.mlir" 2> "$tmp/err"; then
    t1=$(date +%s.%N)
    split=failed
    if "$build/bin/ap-opt" "$tmp/planned.mlir" --pipeline-partition="memory-budget=none summary=false" \
         -o /dev/null 2>> "$tmp/err"; then
      split=$(python3 -c "import sys; print('%.2f' % (float(sys.argv[2]) - float(sys.argv[1])))" \
              "$t1" "$(date +%s.%N)")
    fi
    python3 - "$tmp/p.json" "$model" "$cluster" "$gpus" "$t0" "$t1" "$split" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
st = p["stages"]
meshes = ",".join("%dx%d" % tuple(s["submesh"]) for s in st)
layers = st[-1]["layers"][1] + 1
print("%-12s %-16s %6s %7d %8.2f %8s %8d %-30s" % (sys.argv[2], sys.argv[3], sys.argv[4], layers,
      float(sys.argv[6]) - float(sys.argv[5]), sys.argv[7], len(st), meshes[:30]))
PY
  else
    printf '%-12s %-16s %6s failed: %s\n' "$model" "$cluster" "$gpus" "$(head -c 200 "$tmp/err")"
  fi
done

# The joint refinement (refine=true) against Alpa's DP, both priced exactly.
echo
printf '%-12s %-16s %6s %12s %12s %12s %6s %-10s %8s\n' model cluster GPUs dp-model-s dp-exact-s refined-s moves winner plan-s
for row in "gpt-1.3b p3-4gpu 4" "gpt-2.6b p3.16xlarge 8" "gpt-1.3b p3.16xlarge:2 16" \
           "gpt-6.7b p3.16xlarge:2 16"; do
  set -- $row
  model=$1 cluster=$2 gpus=$3
  "$build/bin/ap-models" gpt --preset "$model" --dtype bf16 -o "$tmp/m.mlir"
  spec=$cluster
  [ "$cluster" = p3-4gpu ] && spec=bench/p3-4gpu.json
  t0=$(date +%s.%N)
  if "$build/bin/ap-opt" "$tmp/m.mlir" --ap-pipeline-plan="cluster=$spec memory-budget=none refine=true summary=false plan=$tmp/r.json" \
       -o /dev/null 2> "$tmp/err"; then
    t1=$(date +%s.%N)
    python3 - "$tmp/r.json" "$model" "$cluster" "$gpus" "$t0" "$t1" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
r = p.get("refinement")
secs = float(sys.argv[6]) - float(sys.argv[5])
if not r:
    print("%-12s %-16s %6s %12s %12s %12s %6s %-10s %8.2f" % (sys.argv[2], sys.argv[3], sys.argv[4],
          "-", "-", "-", "-", "1 stage", secs))
else:
    f = lambda x: "%.5g" % x if x is not None else "-"
    print("%-12s %-16s %6s %12s %12s %12s %6d %-10s %8.2f" % (sys.argv[2], sys.argv[3], sys.argv[4],
          f(r["alpa_dp_predicted_s"]), f(r["alpa_dp_exact_s"]), f(r["refined_s"]), r["moves"],
          r["winner"], secs))
PY
  else
    printf '%-12s %-16s %6s failed: %s\n' "$model" "$cluster" "$gpus" "$(head -c 200 "$tmp/err")"
  fi
done
