#!/usr/bin/env bash
# Every test on a fresh Debian 12 machine (as root): ./scripts/test.sh
# Installs what the tests need, checks formatting, builds a Release build with warnings as errors
# and an AddressSanitizer + UndefinedBehaviorSanitizer build, and runs all tests in both.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_deps.sh --test
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-2}

echo "== clang-format"
unformatted=$(git ls-files '*.cpp' '*.h' | xargs clang-format --dry-run --Werror 2>&1 | grep -c 'error:' || true)
if [ "$unformatted" != 0 ]; then
  git ls-files '*.cpp' '*.h' | xargs clang-format --dry-run --Werror
  exit 1
fi

echo "== release build (warnings are errors)"
bash scripts/build.sh build/test-release -DCMAKE_BUILD_TYPE=Release -DW2V_WERROR=ON \
  -DW2V_BUILD_TESTS=ON
(cd build/test-release && ctest --output-on-failure --no-tests=error -L 'unit|cli|slow')

echo "== AddressSanitizer + UndefinedBehaviorSanitizer build"
bash scripts/build.sh build/asan -DCMAKE_BUILD_TYPE=Debug -DW2V_WERROR=ON \
  -DW2V_SANITIZE=address,undefined -DW2V_BUILD_TESTS=ON
(cd build/asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --output-on-failure --no-tests=error -L 'unit|cli')
echo "== fuzzing: every reader briefly (bash scripts/fuzz.sh SECONDS for longer runs)"
bash scripts/fuzz.sh 15
echo "== all tests passed"
