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
  build-essential cmake python3 time \
  llvm-22-dev libmlir-22-dev mlir-22-tools llvm-22-tools \
  coinor-libcbc-dev libjson-c-dev pkg-config \
  mpich libmpich-dev \
  chromium
