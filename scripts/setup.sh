#!/usr/bin/env bash
# Installs the Debian packages hdl needs, and only those that are missing.
#   scripts/setup.sh            what building and running hdl needs
#   scripts/setup.sh --tests    and what the tests need too
#   scripts/setup.sh --bench    and the Python baselines the benchmarks compare against
# Idempotent: when everything is present it installs nothing and touches no network.
set -euo pipefail

# Building and running hdl.
packages=(cmake g++ ninja-build pkg-config zlib1g-dev
          libtorch-dev libopencv-dev libcli11-dev nlohmann-json3-dev libfmt-dev
          libopenblas0-openmp)
# libopenblas0-openmp: Debian's libtorch does its matrix products through the system
# libblas.so.3, and the default one (libblas3) is the slow reference BLAS. OpenBLAS registers
# itself as that alternative; the OpenMP build shares libtorch's OpenMP threads. Measured on
# `hdl train text` (scripts/bench/text): training 1.03 s -> 0.20 s.
# Tests: Catch2; the ResNet18 equivalence test compares against torchvision; the report
# test renders the page in headless Chromium.
test_packages=(catch2 python3 python3-torch python3-torchvision chromium)
# Benchmarks: the Python tools hdl is measured against.
bench_packages=(python3 python3-torch python3-torchvision python3-pil python3-sklearn python3-xgboost
                python3-numpy)

for arg in "$@"; do
  case "$arg" in
    --tests) packages+=("${test_packages[@]}") ;;
    --bench) packages+=("${test_packages[@]}" "${bench_packages[@]}") ;;
    *) echo "setup.sh: unknown option '$arg' (use --tests or --bench)" >&2; exit 2 ;;
  esac
done

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done
# Remove duplicates while keeping order.
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | awk 'NF && !seen[$0]++')

if ((${#missing[@]} == 0)); then
  echo "setup: all packages present"
  exit 0
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update
"${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
