#!/usr/bin/env bash
# Runs every libFuzzer target (or the ones named) for a bounded time each:
#   bash scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
# Builds with clang, AddressSanitizer and UndefinedBehaviorSanitizer into build/fuzzing, grows a
# corpus per target in build/fuzz-corpus/ (starting from fuzz/seeds/), prints executions per
# target and in total, and fails if a target crashed; the crashing input is copied to
# fuzz/regressions/<target>/ so that the regression test replays it from then on.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
[ $# -gt 0 ] && shift
CXX=clang++ bash scripts/build.sh build/fuzzing -DCMAKE_BUILD_TYPE=RelWithDebInfo -DW2V_FUZZ=ON \
  -DW2V_SANITIZE=address,undefined -DW2V_BUILD_TESTS=OFF >/dev/null
if [ $# -gt 0 ]; then targets=("$@"); else
  targets=()
  for f in build/fuzzing/fuzz/fuzz_*; do targets+=("${f#build/fuzzing/fuzz/fuzz_}"); done
fi
total=0
status=0
printf '%-10s %12s %10s %8s  %s\n' target executions exec/s corpus result
for t in "${targets[@]}"; do
  mkdir -p "build/fuzz-corpus/$t" "build/fuzz-artifacts/$t"
  seeds=()
  [ -d "fuzz/seeds/$t" ] && seeds+=("fuzz/seeds/$t")
  [ -d "fuzz/regressions/$t" ] && seeds+=("fuzz/regressions/$t")
  log="build/fuzz-artifacts/$t/log.txt"
  set +e
  "build/fuzzing/fuzz/fuzz_$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
    -malloc_limit_mb=1024 -print_final_stats=1 -artifact_prefix="build/fuzz-artifacts/$t/" \
    "build/fuzz-corpus/$t" "${seeds[@]}" >"$log" 2>&1
  rc=$?
  set -e
  execs=$(awk '/stat::number_of_executed_units/ {print $2}' "$log" | tail -1)
  rate=$(awk '/stat::average_exec_per_sec/ {print $2}' "$log" | tail -1)
  size=$(ls "build/fuzz-corpus/$t" | wc -l)
  result=ok
  if [ $rc -ne 0 ]; then
    result="CRASH (see $log)"
    status=1
    mkdir -p "fuzz/regressions/$t"
    for a in build/fuzz-artifacts/"$t"/{crash,leak,oom,timeout}-*; do
      [ -e "$a" ] && cp "$a" "fuzz/regressions/$t/" && result="$result, saved $(basename "$a")"
    done
  fi
  total=$((total + ${execs:-0}))
  printf '%-10s %12s %10s %8s  %s\n' "$t" "${execs:-0}" "${rate:-0}" "$size" "$result"
done
printf '%-10s %12s\n' total "$total"
exit $status
