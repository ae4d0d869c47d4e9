#!/usr/bin/env bash
# Vocabulary pass speed against the decompression floor (issue 2), and against gensim's
# vocabulary scan, measured in the same run:
#   bench/vocab_bench.sh [CORPUS.gz] [--no-gensim]
# Prints seconds (best of $REPEAT), tokens/s, tokens/s per thread and peak memory for
# `zcat CORPUS > /dev/null`, `w2v-vocab` on 1 and 2 threads, and gensim's build_vocab.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/data/corpus/enwiki66m.txt.gz}
gensim=1
[ "${2:-}" = "--no-gensim" ] && gensim=0
REPEAT=${REPEAT:-3}
bash scripts/build.sh build/release -DCMAKE_BUILD_TYPE=Release >/dev/null
bin=build/release/bin
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)"; exit 1; }

# run NAME CMD...: best wall time of REPEAT runs and the peak RSS of that run.
run() {
  local name=$1 best="" rss=""
  shift
  for _ in $(seq "$REPEAT"); do
    /usr/bin/time -f '%e %M' -o "$tmp/time" "$@" >/dev/null 2>"$tmp/err" || { cat "$tmp/err"; exit 1; }
    read -r secs kb <"$tmp/time"
    if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs; rss=$kb; fi
  done
  eval "T_$name=$best; M_$name=$rss"
}

run zcat sh -c "zcat '$corpus' > /dev/null"
run w2v1 "$bin/w2v-vocab" -i "$corpus" -o "$tmp/v1.txt" --threads 1 -q
run w2v2 "$bin/w2v-vocab" -i "$corpus" -o "$tmp/v2.txt" --threads 2 -q
cmp -s "$tmp/v1.txt" "$tmp/v2.txt" || { echo "1 and 2 threads disagree"; exit 1; }
tokens=$("$bin/w2v-vocab" -i "$corpus" -o "$tmp/v.txt" 2>&1 | awk '/^tokens/ {gsub(",", "", $2); print $2}')
if [ "$gensim" = 1 ]; then
  zcat "$corpus" >"$tmp/plain.txt"
  cat >"$tmp/g.py" <<'PY'
import logging, sys
from gensim.models import Word2Vec
m = Word2Vec(vector_size=100, min_count=5, workers=2)
m.build_vocab(corpus_file=sys.argv[1])
PY
  REPEAT=1 run gensim /usr/bin/python3 "$tmp/g.py" "$tmp/plain.txt"
fi

printf '\ncorpus: %s (%s tokens), machine: %s cores, %s\n' "$corpus" "$tokens" "$(nproc)" \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
printf '%-34s %8s %14s %18s %10s %8s\n' tool seconds tokens/s tokens/s/thread peak_MB vs_zcat
row() {
  local label=$1 t=$2 m=$3 threads=$4
  awk -v l="$label" -v t="$t" -v m="$m" -v n="$tokens" -v th="$threads" -v z="$T_zcat" \
    'BEGIN { printf "%-34s %8.2f %14.0f %18.0f %10.1f %7.2fx\n", l, t, n / t, n / t / th, m / 1024, t / z }'
}
row "zcat > /dev/null (floor)" "$T_zcat" "$M_zcat" 1
row "w2v-vocab --threads 1" "$T_w2v1" "$M_w2v1" 1
row "w2v-vocab --threads 2" "$T_w2v2" "$M_w2v2" 2
[ "$gensim" = 1 ] && row "gensim 4.2 build_vocab (plain)" "$T_gensim" "$M_gensim" 1
awk -v t="$T_w2v2" -v z="$T_zcat" 'BEGIN { printf "\nbar: w2v-vocab (2 threads) <= 2x zcat: %.2fx -> %s\n", t / z, (t <= 2 * z ? "met" : "NOT met") }'
