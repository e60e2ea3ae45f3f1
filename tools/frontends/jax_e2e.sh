#!/usr/bin/env bash
# A JAX training step through ap-opt, end to end: export a small GPT-2-style
# step from JAX as StableHLO (jax_export.py), import it (--ap-import-stablehlo),
# check the imported step against JAX's own numbers (mlir-runner), auto-shard
# it on a 4-device mesh and check the partitioned program against the
# reference on 4 MPI ranks (ap-run), then cut it into 2 pipeline stages and
# check that on 2 ranks.
#
#   tools/frontends/jax_e2e.sh [WORKDIR]     (default: a temporary folder)
#
# Environment: AP_BIN (ap-opt, ap-run; default build/bin), AP_JAX_PYTHON (a
# python with jax and flax; default .venv-jax/bin/python, made by
# scripts/install-deps.sh), JAX_E2E_ARGS (model size, jax_export.py's flags).
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
bin=${AP_BIN:-$src/build/bin}
py=${AP_JAX_PYTHON:-$src/.venv-jax/bin/python}
llvm=/usr/lib/llvm-22
work=${1:-$(mktemp -d)}
mkdir -p "$work"
size=${JAX_E2E_ARGS:---layers 2 --hidden 16 --heads 2 --seq 8 --batch 4 --vocab 32}
export JAX_PLATFORMS=cpu

echo "== export ($size) and import"
# shellcheck disable=SC2086
"$py" "$src/tools/frontends/jax_export.py" gpt $size --donate -o "$work/step.shlo.mlir"
# --canonicalize folds the reshape pairs JAX's broadcasts leave.
"$bin/ap-opt" --allow-unregistered-dialect --ap-import-stablehlo "$work/step.shlo.mlir" \
  --canonicalize -o "$work/step.mlir"

echo "== the imported step against JAX's values (mlir-runner)"
# shellcheck disable=SC2086
"$py" "$src/tools/frontends/jax_export.py" gpt $size --check -o "$work/check.shlo.mlir"
"$bin/ap-opt" --allow-unregistered-dialect --ap-import-stablehlo "$work/check.shlo.mlir" |
  sed '/^}$/d' > "$work/check.mlir"
sed -n 's|^// DRV: ||p' "$work/check.shlo.mlir" >> "$work/check.mlir"
"$llvm/bin/mlir-opt" "$work/check.mlir" --one-shot-bufferize=bufferize-function-boundaries \
  --convert-linalg-to-loops --expand-strided-metadata --lower-affine --convert-scf-to-cf \
  --math-expand-ops --convert-math-to-llvm --convert-vector-to-llvm --convert-arith-to-llvm \
  --convert-index-to-llvm --finalize-memref-to-llvm --convert-func-to-llvm \
  --convert-cf-to-llvm --reconcile-unrealized-casts |
  "$llvm/bin/mlir-runner" -e entry -entry-point-result=void \
    -shared-libs="$llvm/lib/libmlir_c_runner_utils.so" \
    -shared-libs="$llvm/lib/libmlir_runner_utils.so" > "$work/check.out"
results=$(( $(wc -l < "$work/check.out") / 2 ))
bad=$(paste - - < "$work/check.out" | awk '$2 != 1' | wc -l)
echo "$results results, $bad outside tolerance of JAX's"
[ "$results" -gt 0 ] && [ "$bad" -eq 0 ]

echo "== auto-shard on 4 devices, ap-run on 4 ranks"
"$bin/ap-opt" "$work/step.mlir" --ap-cluster="$src/examples/mesh4.json" --auto-shard \
  -o "$work/sharded.mlir"
"$bin/ap-run" "$work/sharded.mlir" --int-range "${JAX_E2E_INT_RANGE:-16}"

echo "== 2 pipeline stages, ap-run on 2 ranks"
# One micro-batch: micro-batching cannot yet slice the reshapes that read the
# batch (JAX's reshapes of [batch, seq, ...] activations).
"$bin/ap-opt" "$work/step.mlir" --ap-cluster-layers --pipeline-partition="stages=2 micro-batches=1" \
  -o "$work/pipelined.mlir"
"$bin/ap-run" "$work/pipelined.mlir" --reference "$work/step.mlir" --int-range "${JAX_E2E_INT_RANGE:-16}"
echo "jax_e2e: ok"
