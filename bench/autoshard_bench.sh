#!/usr/bin/env bash
# Auto-shard planning time and graph size for GPT training steps (Alpa's
# suite: seq 1024, vocab 51200, bf16, SGD) on Alpa's testbed (p3.16xlarge:
# 8x V100 16 GB per node, 25 Gb/s between nodes). Prints a table; Alpa's
# published compile time for GPT-39B on 64 GPUs was 2393 s (1583 s of it
# compilation). Usage: bench/autoshard_bench.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

printf '%-10s %5s %6s %7s %9s %9s %11s %10s %10s %9s %8s %9s\n' \
  model GPUs mesh ops ILP-nodes ILP-vars constraints gen-s solve-s plan-s gap peak-GiB
for row in "gpt-350m 1" "gpt-1.3b 1" "gpt-2.6b 1" "gpt-6.7b 2" "gpt-15b 4" "gpt-39b 8"; do
  set -- $row
  model=$1 nodes=$2
  gen0=$(date +%s.%N)
  "$build/bin/ap-models" gpt --preset "$model" --dtype bf16 -o "$tmp/$model.mlir"
  gen1=$(date +%s.%N)
  if "$build/bin/ap-opt" "$tmp/$model.mlir" --ap-cluster="p3.16xlarge:$nodes" \
      --auto-shard="time-limit=600" --ap-plan="$tmp/$model.json" \
      -o /dev/null 2> "$tmp/$model.err"; then
    status=ok
  else
    status=failed
  fi
  plan1=$(date +%s.%N)
  python3 - "$tmp/$model.json" "$model" "$nodes" "$gen0" "$gen1" "$plan1" "$status" "$tmp/$model.err" <<'PY'
import json, sys
path, model, nodes, g0, g1, p1, status, err = sys.argv[1:]
gpus = 8 * int(nodes)
gen, plan = float(g1) - float(g0), float(p1) - float(g1)
if status != "ok":
    msg = open(err).read().strip().splitlines()[-1][:60]
    print(f"{model:<10} {gpus:>5}  failed: {msg}")
    sys.exit(0)
f = json.load(open(path))["functions"][0]
import re
solve = float(re.search(r" in ([0-9.]+) s", open(err).read()).group(1))
print(f"{model:<10} {gpus:>5} {f['mesh']:>6} {f['graph_nodes']:>7} {f['ilp_nodes']:>9} "
      f"{f['ilp_vars']:>9} {f['ilp_constraints']:>11} {gen:>10.2f} "
      f"{solve:>10.2f} {plan:>9.2f} {100 * f['gap']:>7.2f}% "
      f"{f['peak_memory_bytes'] / 2**30:>9.2f}")
PY
done
echo "Alpa (OSDI'22), GPT-39B on 64 GPUs: 2393 s (1583 s compilation, 804 s profiling)"
