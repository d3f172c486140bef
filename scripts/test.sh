#!/usr/bin/env bash
# The tests, from nothing: install what is missing (with test dependencies), build, ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --tests
scripts/build.sh
ctest --test-dir "${HDL_BUILD_DIR:-build}" --output-on-failure --parallel "$(nproc)"
