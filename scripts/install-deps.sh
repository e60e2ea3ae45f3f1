#!/usr/bin/env bash
# Installs what ap-opt needs on Debian 12 (as root, or through sudo): LLVM and
# MLIR 22 with their tools (lit, FileCheck, llc, mlir-opt), CBC, json-c and
# MPICH, and headless Chromium for the test that draws --ap-report's page.
# Safe to run again.
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends \
  build-essential cmake python3 python3-venv time \
  llvm-22-dev libmlir-22-dev mlir-22-tools llvm-22-tools \
  coinor-libcbc-dev libjson-c-dev pkg-config \
  mpich libmpich-dev \
  chromium

# pinned_venv NAME CHECK PINS: a venv at the repository's root with PINS
# installed (Debian's python3 is externally managed), made again unless
# its python passes CHECK (the pinned versions import).
pinned_venv() {
  local venv
  venv="$(cd "$(dirname "$0")/.." && pwd)/$1"
  if ! "$venv/bin/python" -c "$2" 2>/dev/null; then
    python3 -m venv "$venv"
    # shellcheck disable=SC2086
    "$venv/bin/pip" install -q --disable-pip-version-check --no-cache-dir $3
  fi
}

# JAX (CPU) and Flax for the JAX frontend (tools/frontends/) and its tests,
# pinned so exported StableHLO stays the same. AP_NO_JAX=1 skips it; the
# tests that need it are then skipped too.
if [ "${AP_NO_JAX:-0}" != 1 ]; then
  pinned_venv .venv-jax 'import jax, flax, sys; sys.exit(jax.__version__ != "0.10.2")' \
    "jax==0.10.2 jaxlib==0.10.2 flax==0.12.8"
fi

# PyTorch (PyPI's build; it runs on the CPU) and torch-mlir for the PyTorch
# frontend and its tests, likewise pinned; about 5 GB with the CUDA libraries
# PyPI's torch depends on. AP_NO_TORCH=1 skips it.
if [ "${AP_NO_TORCH:-0}" != 1 ]; then
  pinned_venv .venv-torch \
    'import torch, torch_mlir, sys; sys.exit(not torch.__version__.startswith("2.15.0"))' \
    "torch==2.15.0 torch-mlir==20261001"
fi
