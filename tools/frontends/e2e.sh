#!/usr/bin/env bash
# A framework's training step through ap-opt, end to end: export a small
# GPT-2-style step (jax: Flax to StableHLO, then --ap-import-stablehlo;
# torch: torch.nn through torch-mlir to linalg), check the imported step
# against the framework's own numbers (mlir-runner), auto-shard it on a
# 4-device mesh and check the partitioned program against the reference on 4
# MPI ranks (ap-run), then cut it into 2 pipeline stages and check that on 2
# ranks.
#
#   tools/frontends/e2e.sh jax|torch [WORKDIR]   (default: a temporary folder)
#
# Environment: AP_BIN (ap-opt, ap-run; default build/bin), AP_JAX_PYTHON /
# AP_TORCH_PYTHON (a python with jax and flax / torch and torch-mlir; default
# .venv-jax/bin/python / .venv-torch/bin/python, made by
# scripts/install-deps.sh), E2E_ARGS (model size, the exporter's flags).
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
bin=${AP_BIN:-$src/build/bin}
llvm=/usr/lib/llvm-22
fw=${1:?usage: e2e.sh jax|torch [WORKDIR]}
work=${2:-$(mktemp -d)}
mkdir -p "$work"
size=${E2E_ARGS:---layers 2 --hidden 16 --heads 2 --seq 8 --batch 4 --vocab 32}

# export ARGS OUT: the step as linalg on tensors in OUT.
case "$fw" in
jax)
  py=${AP_JAX_PYTHON:-$src/.venv-jax/bin/python}
  export JAX_PLATFORMS=cpu
  export_step() {
    # shellcheck disable=SC2086
    "$py" "$src/tools/frontends/jax_export.py" gpt $size ${1:---donate} -o "$2.shlo"
    "$bin/ap-opt" --allow-unregistered-dialect --ap-import-stablehlo "$2.shlo" -o "$2"
  }
  ;;
torch)
  py=${AP_TORCH_PYTHON:-$src/.venv-torch/bin/python}
  export_step() {
    # shellcheck disable=SC2086
    "$py" "$src/tools/frontends/torch_export.py" gpt $size $1 -o "$2"
  }
  ;;
*) echo "e2e.sh: unknown framework '$fw' (jax or torch)" >&2; exit 2 ;;
esac

echo "== export ($fw: $size) and import"
export_step "" "$work/raw.mlir"
# --canonicalize folds the reshape pairs the frameworks leave.
"$bin/ap-opt" "$work/raw.mlir" --canonicalize -o "$work/step.mlir"

echo "== the imported step against $fw's values (mlir-runner)"
export_step --check "$work/check.raw.mlir"
"$bin/ap-opt" "$work/check.raw.mlir" | sed '/^}$/d' > "$work/check.mlir"
# The driver: `// DRV:` lines of the export (for jax, of its StableHLO).
sed -n 's|^// DRV: ||p' "$work/check.raw.mlir"* >> "$work/check.mlir"
"$llvm/bin/mlir-opt" "$work/check.mlir" --one-shot-bufferize=bufferize-function-boundaries \
  --convert-linalg-to-loops --expand-strided-metadata --lower-affine --convert-scf-to-cf \
  --math-expand-ops --convert-math-to-llvm --convert-math-to-libm --convert-vector-to-llvm \
  --convert-arith-to-llvm --convert-index-to-llvm --finalize-memref-to-llvm \
  --convert-func-to-llvm --convert-cf-to-llvm --reconcile-unrealized-casts |
  "$llvm/bin/mlir-runner" -e entry -entry-point-result=void \
    -shared-libs="$llvm/lib/libmlir_c_runner_utils.so" \
    -shared-libs="$llvm/lib/libmlir_runner_utils.so" > "$work/check.out"
results=$(( $(wc -l < "$work/check.out") / 2 ))
bad=$(paste - - < "$work/check.out" | awk '$2 != 1' | wc -l)
echo "$results results, $bad outside tolerance of $fw's"
[ "$results" -gt 0 ] && [ "$bad" -eq 0 ]

echo "== auto-shard on 4 devices, ap-run on 4 ranks"
"$bin/ap-opt" "$work/step.mlir" --ap-cluster="$src/examples/mesh4.json" --auto-shard \
  -o "$work/sharded.mlir"
"$bin/ap-run" "$work/sharded.mlir" --int-range "${E2E_INT_RANGE:-16}"

echo "== 2 pipeline stages of 2 micro-batches, ap-run on 2 ranks"
# Named ops (torch's matmuls) become generics first: micro-batching slices
# generics and the reshapes of [batch, seq, ...] activations.
"$bin/ap-opt" "$work/step.mlir" --linalg-generalize-named-ops --ap-cluster-layers \
  --pipeline-partition="stages=2 micro-batches=2" -o "$work/pipelined.mlir" 2>&1
"$bin/ap-run" "$work/pipelined.mlir" --reference "$work/step.mlir" --int-range "${E2E_INT_RANGE:-16}"
echo "e2e $fw: ok"
