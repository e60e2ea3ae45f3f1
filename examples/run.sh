#!/usr/bin/env bash
# The main job on the bundled example: auto-shard a 6-layer MLP training step
# over 4 devices, show the plan's summary and the sharded module, then the
# SPMD program upstream's shard-partition makes of it; finally run it on 4 MPI
# ranks and compare with the single-device reference; then the same step cut
# into two pipeline stages of two devices, run the same way.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${AP_OPT:-$here/../build/bin/ap-opt}
out=$here/../build

echo "== auto-shard (plan summary on stderr, plan in build/example-plan.json)"
"$bin" "$here/mlp-train-step.mlir" --ap-cluster="$here/mesh4.json" --auto-shard \
  --ap-plan="$out/example-plan.json" -o "$out/example-sharded.mlir"
echo
echo "== sharded module (first lines of build/example-sharded.mlir)"
head -n 30 "$out/example-sharded.mlir"
echo "..."
echo
echo "== per-device program after --shard-partition (collectives)"
"$bin" "$out/example-sharded.mlir" --shard-partition --canonicalize -o "$out/example-spmd.mlir"
grep -o 'shard\.all_[a-z_]*' "$out/example-spmd.mlir" | sort | uniq -c
grep -m1 'func.func @train_step' "$out/example-spmd.mlir" | cut -c1-160
echo "(full program: build/example-spmd.mlir)"
echo
echo "== the sharded step on 4 MPI ranks vs the single-device reference (ap-run)"
"$(dirname "$bin")/ap-run" "$out/example-sharded.mlir"
echo
echo "== pipelined: two stages of two devices, four micro-batches, 1F1B"
"$bin" "$here/mlp-train-step.mlir" --pipeline-partition="stages=2 stage-devices=2 micro-batches=4 cluster=$here/mesh4.json" \
  -o "$out/example-pipelined.mlir"
grep -m1 '"ap.schedule"' "$out/example-pipelined.mlir" | cut -c1-160
"$(dirname "$bin")/ap-run" "$out/example-pipelined.mlir" --reference "$here/mlp-train-step.mlir"
