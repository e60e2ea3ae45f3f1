#!/usr/bin/env bash
# Generation time and peak memory of ap-models for Megatron-LM's 1T config at
# growing depth: time and output grow linearly with layers, memory stays
# small (the text is streamed). Usage: bench/models_bench.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
printf '%-8s %10s %12s %12s\n' layers seconds peak-RSS-MB MLIR-MB
for L in 16 32 64 128; do
  stats=$( { /usr/bin/time -f "%e %M" "$build/bin/ap-models" gpt --preset megatron-1t \
             --layers "$L" -o "$out"; } 2>&1 | tail -n 1)
  set -- $stats
  awk -v l="$L" -v s="$1" -v rss="$2" -v bytes="$(stat -c %s "$out")" \
    'BEGIN { printf "%-8s %10s %12.1f %12.1f\n", l, s, rss / 1024, bytes / 1e6 }'
done
echo
echo "Every family's largest preset"
printf '%-16s %10s %12s %12s\n' preset seconds peak-RSS-MB MLIR-MB
for row in "gpt megatron-1t" "llama llama2-7b" "moe moe-70b" "wresnet wresnet-13b"; do
  set -- $row
  stats=$( { /usr/bin/time -f "%e %M" "$build/bin/ap-models" "$1" --preset "$2" -o "$out"; } 2>&1 | tail -n 1)
  preset=$2
  set -- $stats
  awk -v p="$preset" -v s="$1" -v rss="$2" -v bytes="$(stat -c %s "$out")" \
    'BEGIN { printf "%-16s %10s %12.1f %12.1f\n", p, s, rss / 1024, bytes / 1e6 }'
done
