#!/usr/bin/env bash
# GPU check for the whisper.cpp addon, for a machine with an NVIDIA GPU (never CI): builds the
# CUDA backend for that GPU's architecture only, then measures tiny and base (random weights)
# on CUDA against the CPU, with whisper-cli on CUDA beside it. Under 5 minutes on a 16-core box.
#
#   bash scripts/gpu-check.sh            # writes gpu-check.txt (and $OUT/gpu-check.txt if set)
#
# Needs: nvcc (CUDA 12+), cmake, python3-numpy, node_modules (npm ci).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${OUT:-.}/gpu-check.txt"
exec > >(tee "$out") 2>&1
nvidia-smi --query-gpu=name,compute_cap,driver_version,memory.total --format=csv || { echo "no NVIDIA GPU (nvidia-smi failed)"; exit 1; }
cap=$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader | head -1 | tr -d '.')
export CUDA_ARCHS="${CUDA_ARCHS:-$cap}"
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}"
start=$(date +%s)
node scripts/build-whisper.mjs --cuda
node scripts/build-whisper.mjs --target whisper-cli
echo "build: $(( $(date +%s) - start )) s for CUDA arch ${CUDA_ARCHS}"
ls -la native/whisper/build/bin | grep -i cuda
export SALESEDGE_BENCH_ROUNDS="${SALESEDGE_BENCH_ROUNDS:-5}"
echo "== CUDA (the addon picks the GPU when libggml-cuda loads)"
timeout 150 node --import tsx bench/whisper.bench.ts
echo "== CPU on the same machine (SALESEDGE_WHISPER_BACKEND=cpu)"
SALESEDGE_WHISPER_BACKEND=cpu SALESEDGE_BENCH_WHISPER=base timeout 90 node --import tsx bench/whisper.bench.ts
echo "total: $(( $(date +%s) - start )) s"
