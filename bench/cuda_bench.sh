#!/usr/bin/env bash
# The CUDA target on one GPU: a GPT layer's whole training step (ap-models
# gpt, one block at h=4096, s=2048, 32 heads, a vocabulary of 8192, SGD) in
# f32 and bf16, lowered by --lower-to-cuda and built with nvcc; its time per
# step (the emitted main's timing, AP_CU_ITERS steps after a warm-up) and
# TFLOP/s from ap-models' FLOP count, next to eager PyTorch doing the same
# step on the same GPU (bench/torch_gpt_step.py). Without a GPU (or nvcc,
# or torch) those columns say so; the compile-side columns always print.
# Usage: bench/cuda_bench.sh [build-dir] [extra ap-models options...]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
shift || true
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
nvcc=${NVCC:-/usr/local/cuda/bin/nvcc}
gpu=no
command -v nvidia-smi > /dev/null && nvidia-smi -L > /dev/null 2>&1 && gpu=yes
torch=no
[ "$gpu" = yes ] && python3 -c "import torch; assert torch.cuda.is_available()" 2> /dev/null && torch=yes
model=(--layers 1 --hidden 4096 --heads 32 --seq 2048 --batch 1 --vocab 8192 "$@")
secs() { python3 -c "import sys; print('%.2f' % (float(sys.argv[2]) - float(sys.argv[1])))" "$@"; }
echo "GPT training step: ${model[*]}; GPU: $([ $gpu = yes ] && nvidia-smi -L | head -1 || echo none)"
printf '%-5s %9s %8s %8s %8s %8s %10s %10s %8s %10s %8s\n' dtype GFLOP lower-s nvcc-s kernels cublas arena-MiB ap-ms TFLOP/s torch-ms TFLOP/s
for dtype in f32 bf16; do
  "$build/bin/ap-models" gpt "${model[@]}" --dtype "$dtype" --stats -o "$tmp/$dtype.mlir" 2> "$tmp/stats"
  flops=$(sed -n 's/^gpt: \([0-9.e+]*\) FLOPs per step.*/\1/p' "$tmp/stats")
  t0=$(date +%s.%N)
  "$build/bin/ap-opt" "$tmp/$dtype.mlir" --lower-to-cuda="dir=$tmp/$dtype" -o /dev/null
  lower=$(secs "$t0" "$(date +%s.%N)")
  kernels=$(grep -c '^AP_KERNEL' "$tmp/$dtype"/*.cu | awk -F: '{s += $2} END {print s}')
  cublas=$(cat "$tmp/$dtype"/*.cu | grep -c 'apcuTryGemm(')
  arena=$(grep -o 'apcuAlloc([0-9]*LL)' "$tmp/$dtype/program.cu" | grep -o '[0-9]*' |
          awk '{s += $1} END {printf "%.0f", s / 1048576}')
  build_s=n/a ms=n/a tf=n/a tms=n/a ttf=n/a
  if [ -x "$nvcc" ]; then
    t0=$(date +%s.%N)
    if make -s -C "$tmp/$dtype" program > "$tmp/make.log" 2>&1; then
      build_s=$(secs "$t0" "$(date +%s.%N)")
    else
      build_s=failed
      tail -5 "$tmp/make.log" >&2
    fi
  fi
  if [ "$gpu" = yes ] && [ -x "$tmp/$dtype/program" ]; then
    out=$(AP_CU_ITERS=${ITERS:-10} "$tmp/$dtype/program")
    ms=$(echo "$out" | sed -n 's/.* \([0-9.]*\) ms each/\1/p')
    tf=$(python3 -c "print('%.1f' % ($flops / ($ms * 1e-3) / 1e12))")
  fi
  if [ "$torch" = yes ]; then
    tout=$(python3 bench/torch_gpt_step.py "${model[@]}" --dtype "$dtype" --flops "$flops" \
           --iters "${ITERS:-10}")
    tms=$(echo "$tout" | awk '{print $2}')
    ttf=$(echo "$tout" | awk '{print $4}')
  fi
  printf '%-5s %9.0f %8s %8s %8s %8s %10s %10s %8s %10s %8s\n' "$dtype" \
    "$(python3 -c "print($flops / 1e9)")" "$lower" "$build_s" "$kernels" "$cublas" "$arena" \
    "$ms" "$tf" "$tms" "$ttf"
done
