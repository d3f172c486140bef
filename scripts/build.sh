#!/usr/bin/env bash
# Configures (once) and builds hdl in build/ as a Release build. Quick when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${HDL_BUILD_DIR:-build}
if [[ ! -f "$build_dir/CMakeCache.txt" ]]; then
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@"
fi
cmake --build "$build_dir" --parallel "$(nproc)"
