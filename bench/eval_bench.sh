#!/usr/bin/env bash
# Query-tool figures (issue 4). Usage: bench/eval_bench.sh [BIN_DIR] [CACHE_DIR]
#  1. Full questions-words evaluation at --restrict 30000 on a 150,000-word, 100-dimension binary
#     file (the 150k most frequent words of enwiki66m, from w2v-vocab; seeded random vectors),
#     2 threads, whole process including loading: best of 3 runs; gensim's
#     load_word2vec_format + evaluate_word_analogies on the same file in the same run.
#  2. w2v-neighbors on a synthetic 1,000,000 x 300 binary file (1.2 GB, words w0..w999999): load
#     only, one query, and a batch of 1000 queries from stdin, each a whole process (warm cache).
# Generated files are kept in CACHE_DIR (default /tmp/w2v-bench) for the next run.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
BIN=${1:-$ROOT/build/bin}
CACHE=${2:-/tmp/w2v-bench}
SHARED=$ROOT/../shared
PY=/usr/bin/python3
QW=$ROOT/data/eval/questions-words.txt
mkdir -p "$CACHE"

now() { date +%s.%N; }
# seconds CMD...: wall time of one run, stdout to $CACHE/out
seconds() {
  local t0 t1
  t0=$(now)
  "$@" >"$CACHE/out"
  t1=$(now)
  echo "$t1 - $t0" | bc -l | xargs printf '%.3f'
}
best_of_3() {
  local best=999999 t
  for _ in 1 2 3; do
    t=$(seconds "$@")
    best=$(echo "if ($t < $best) $t else $best" | bc -l)
  done
  printf '%.3f' "$best"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load $(cut -d' ' -f1-3 /proc/loadavg)"

# 1. Evaluation.
V150=$CACHE/v150k.bin
if [ ! -s "$V150" ]; then
  "$BIN/w2v-vocab" -i "$SHARED/data/corpus/enwiki66m.txt.gz" -o "$CACHE/vocab150k.txt" \
    --min-count 1 --max-vocab 150000 --threads 2 --quiet
  "$PY" "$HERE/make_vectors.py" "$V150" 100 "$CACHE/vocab150k.txt"
fi
cat "$V150" >/dev/null
t_w2v=$(best_of_3 "$BIN/w2v-eval" --vectors "$V150" --analogies "$QW" --restrict 30000 --threads 2)
answered=$(grep '^total' "$CACHE/out")
t0=$(now)
read -r g_load g_eval g_correct g_answered < <("$PY" "$ROOT/tests/python/gensim_parity.py" time-eval "$V150" "$QW")
t_gensim=$(echo "$(now) - $t0" | bc -l | xargs printf '%.3f')
echo "eval  150,000 x 100, questions-words, restrict 30000, 2 threads:"
echo "      w2v-eval    $t_w2v s whole process (best of 3; $answered)"
echo "      gensim      $t_gensim s whole process (load $g_load s + evaluate $g_eval s; $g_correct/$g_answered)"
echo "      ratio       $(echo "$t_gensim / $t_w2v" | bc -l | xargs printf '%.0f')x faster (whole process)"

# 2. Neighbour latency.
V1M=$CACHE/v1m300.bin
[ -s "$V1M" ] || "$PY" "$HERE/make_vectors.py" "$V1M" 300 1000000
cat "$V1M" >/dev/null
"$PY" -c "import random; random.seed(3); print('\n'.join('w%d' % random.randrange(1000000) for _ in range(1000)))" >"$CACHE/q1000.txt"
t_load=$(best_of_3 "$BIN/w2v-neighbors" --vectors "$V1M" --threads 2 </dev/null)
t_one=$(best_of_3 "$BIN/w2v-neighbors" --vectors "$V1M" --threads 2 w123)
t_batch=$(best_of_3 sh -c "'$BIN/w2v-neighbors' --vectors '$V1M' --threads 2 <'$CACHE/q1000.txt'")
[ "$(grep -c '^  ' "$CACHE/out")" -eq 10000 ] || { echo "batch output incomplete" >&2; exit 1; }
echo "neighbors 1,000,000 x 300 (1.2 GB binary), k 10, 2 threads, whole process (best of 3):"
echo "      load only   $t_load s"
echo "      1 query     $t_one s ($(echo "($t_one - $t_load) * 1000" | bc -l | xargs printf '%.0f') ms beyond loading)"
echo "      1000 queries $t_batch s ($(echo "($t_batch - $t_load)" | bc -l | xargs printf '%.3f') s beyond loading, $(echo "($t_batch - $t_load)" | bc -l | xargs printf '%.2f') ms per query)"
