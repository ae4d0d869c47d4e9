#!/usr/bin/env bash
# Every test on a fresh Debian 12 machine (as root): ./scripts/test.sh
# Installs what the tests need, fetches the Brown corpus (the tests' real text; no test reads
# the benchmark corpora beside the clone), checks formatting, builds a Release build with
# warnings as errors and an AddressSanitizer + UndefinedBehaviorSanitizer build, runs all tests
# in both and checks that every test written ran, and fuzzes every file reader briefly.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_deps.sh --test
bash scripts/get_brown_corpus.sh data/brown/brown.txt
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-2}

echo "== clang-format: no file it would change"
unformatted=()
while IFS= read -r f; do
  clang-format --style=file "$f" | cmp -s - "$f" || unformatted+=("$f")
done < <(git ls-files '*.cpp' '*.h' '*.inc')
if [ ${#unformatted[@]} -gt 0 ]; then
  echo "not clang-formatted (run clang-format -i on them): ${unformatted[*]}" >&2
  exit 1
fi

# run_ctest BUILD_DIR LABELS [--with-slow]: runs the labelled tests, then compares the tests
# written with those that ran (tests/check_counts.py).
run_ctest() {
  local dir=$1 labels=$2
  shift 2
  (cd "$dir" && ctest --output-on-failure --no-tests=error -L "$labels" --output-junit junit.xml)
  /usr/bin/python3 tests/check_counts.py . "$dir/junit.xml" "$@"
}

echo "== release build (warnings are errors)"
bash scripts/build.sh build/test-release -DCMAKE_BUILD_TYPE=Release -DW2V_WERROR=ON \
  -DW2V_BUILD_TESTS=ON
run_ctest build/test-release 'unit|cli|slow' --with-slow

echo "== AddressSanitizer + UndefinedBehaviorSanitizer build"
bash scripts/build.sh build/asan -DCMAKE_BUILD_TYPE=Debug -DW2V_WERROR=ON \
  -DW2V_SANITIZE=address,undefined -DW2V_BUILD_TESTS=ON
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 run_ctest build/asan 'unit|cli'
echo "== fuzzing: every reader briefly (bash scripts/fuzz.sh SECONDS for longer runs)"
bash scripts/fuzz.sh 15
echo "== all tests passed"
