#!/usr/bin/env bash
# w2v-phrases against word2vec's word2phrase and gensim's Phrases on one corpus, in one run:
#   bench/phrases_bench.sh [--corpus FILE.gz] [--word2vec-git DIR] [--build DIR] [--no-gensim]
#                          [--no-trace]
# Builds w2v (Release) and word2phrase.c from a git copy of tmikolov/word2vec (in a scratch
# folder that is deleted afterwards: no peer code is kept), then times each tool with
# /usr/bin/time (wall seconds, peak resident memory):
#   one pass, threshold 100 (word2phrase's default): word2phrase; w2v-phrases on 2 threads from
#   the plain text and from the .gz, and on 1 thread; gensim Phrases (learn and apply, 1 pass);
#   two passes, thresholds 200 then 100 (word2vec's demo-phrases.sh): word2phrase run twice;
#   w2v-phrases --passes 2.
# min-count 5 everywhere. Then compares the outputs token by token and, unless --no-trace,
# traces every difference with tests/python/phrases_ref.py (bench/phrases_compare.py): the
# reference without quirks must equal w2v, with word2phrase's two quirks word2phrase.
# The reference runs take about 6 minutes of one core per pass and 4 GB each.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
corpus=../shared/data/corpus/enwiki66m.txt.gz
w2v_git=${W2V_WORD2VEC_GIT:-/work/.mirror/tmikolov+word2vec/repo}
build=build/release
gensim=1
trace=1
while [ $# -gt 0 ]; do
  case $1 in
    --corpus) corpus=$2; shift 2 ;;
    --word2vec-git) w2v_git=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --no-gensim) gensim=0; shift ;;
    --no-trace) trace=0; shift ;;
    *) echo "unknown option $1 (see the comment at the top)" >&2; exit 2 ;;
  esac
done
corpus=$(realpath "$corpus")
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)"; exit 1; }
bash scripts/build.sh "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
P=$root/$build/bin/w2v-phrases
PY=/usr/bin/python3

# word2phrase reads its paths into 60-byte buffers: work in a short scratch folder.
tmp=$(mktemp -d /tmp/w2pb.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
git --git-dir="$w2v_git" show HEAD:word2phrase.c >word2phrase.c
w2v_commit=$(git --git-dir="$w2v_git" rev-parse --short HEAD)
# word2vec's makefile flags.
gcc word2phrase.c -o word2phrase -lm -pthread -O3 -march=native -Wall -funroll-loops \
  -Wno-unused-result 2>/dev/null
zcat "$corpus" >in.txt

# run NAME CMD...: wall seconds and peak MB of one run into T_NAME and M_NAME.
run() {
  local name=$1
  shift
  /usr/bin/time -f '%e %M' -o time.txt "$@" >/dev/null 2>err.txt || { cat err.txt; exit 1; }
  read -r secs kb <time.txt
  eval "T_$name=$secs; M_$name=$((kb / 1024))"
  printf '%-28s %8.2f s %7d MB   (load %s)\n' "$name" "$secs" $((kb / 1024)) \
    "$(cut -d' ' -f1 /proc/loadavg)" >&2
}

echo "== timing (load average before: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
run w2v_2t "$P" -i in.txt -o w2v1.txt --threads 2 -q
run w2p ./word2phrase -train in.txt -output w2p1.txt -threshold 100 -debug 0
run w2v_2t_gz "$P" -i "$corpus" -o w2v1gz.txt --threads 2 -q
run w2v_1t "$P" -i in.txt -o w2v1t.txt --threads 1 -q
run w2p_pass1 ./word2phrase -train in.txt -output w2pa.txt -threshold 200 -debug 0
run w2p_pass2 ./word2phrase -train w2pa.txt -output w2p2.txt -threshold 100 -debug 0
run w2v_passes2 "$P" -i in.txt -o w2v2.txt --passes 2 --threshold 200 100 --threads 2 -q
if [ "$gensim" = 1 ]; then
  cat >gensim_phrases.py <<'PY'
import sys
from gensim.models.phrases import Phrases
from gensim.models.word2vec import LineSentence
src, dst = sys.argv[1], sys.argv[2]
phrases = Phrases(LineSentence(src), min_count=5, threshold=100, delimiter="_").freeze()
with open(dst, "w") as out:
    for sentence in LineSentence(src):
        out.write(" ".join(phrases[sentence]) + "\n")
PY
  run gensim $PY gensim_phrases.py in.txt gensim1.txt
fi
cmp -s w2v1.txt w2v1gz.txt || { echo "plain and gzip input disagree"; exit 1; }
cmp -s w2v1.txt w2v1t.txt || { echo "1 and 2 threads disagree"; exit 1; }

tokens=$(awk 'END {print n} {n += NF}' in.txt)
printf '\ncorpus: %s (%s tokens, %s lines); word2phrase.c from tmikolov/word2vec %s\n' \
  "$corpus" "$tokens" "$(wc -l <in.txt)" "$w2v_commit"
printf 'machine: %s cores, %s\n\n' "$(nproc)" \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
printf '%-52s %9s %9s %10s\n' tool seconds peak_MB vs_word2phrase
row() {
  awk -v l="$1" -v t="$2" -v m="$3" -v w="$4" \
    'BEGIN { printf "%-52s %9.2f %9d %9.2fx\n", l, t, m, w / t }'
}
T_w2p2=$(awk -v a="$T_w2p_pass1" -v b="$T_w2p_pass2" 'BEGIN {print a + b}')
M_w2p2=$((M_w2p_pass1 > M_w2p_pass2 ? M_w2p_pass1 : M_w2p_pass2))
echo "one pass, threshold 100, min-count 5"
row "  word2phrase (1 thread, plain text)" "$T_w2p" "$M_w2p" "$T_w2p"
row "  w2v-phrases --threads 2 (plain text)" "$T_w2v_2t" "$M_w2v_2t" "$T_w2p"
row "  w2v-phrases --threads 2 (.gz)" "$T_w2v_2t_gz" "$M_w2v_2t_gz" "$T_w2p"
row "  w2v-phrases --threads 1 (plain text)" "$T_w2v_1t" "$M_w2v_1t" "$T_w2p"
[ "$gensim" = 1 ] && row "  gensim 4.2 Phrases (learn + apply, plain text)" "$T_gensim" "$M_gensim" "$T_w2p"
echo "two passes, thresholds 200 then 100"
row "  word2phrase twice" "$T_w2p2" "$M_w2p2" "$T_w2p2"
row "  w2v-phrases --passes 2 --threads 2" "$T_w2v_passes2" "$M_w2v_passes2" "$T_w2p2"
awk -v w="$T_w2p" -v t="$T_w2v_2t" \
  'BEGIN { printf "\nbar: w2v-phrases on 2 threads >= 5x word2phrase: %.2fx -> %s\n", w / t, (w >= 5 * t ? "met" : "NOT met") }'

[ "$trace" = 1 ] || exit 0
echo >&2
echo "== tracing the differences with tests/python/phrases_ref.py (takes a while)" >&2
REF=$root/tests/python/phrases_ref.py
$PY "$REF" in.txt ref1.txt &
$PY "$REF" in.txt ref1q.txt --cross-line --truncate &
wait
$PY "$REF" in.txt ref1c.txt --cross-line &
$PY "$REF" in.txt ref2.txt --passes 2 --threshold 200 100 &
wait
$PY "$REF" in.txt ref2q.txt --passes 2 --threshold 200 100 --cross-line --truncate &
$PY "$REF" in.txt ref2c.txt --passes 2 --threshold 200 100 --cross-line &
wait
echo
echo "token comparison (lines as token lists):"
printf '%-10s %9s %11s %9s %10s %11s %18s %12s\n' run lines tokens diff_lines diff_tokens \
  w2v_vs_ref w2p_vs_ref+quirks cross_alone
for pass in 1 2; do
  printf '%-10s %9s %11s %9s %10s %11s %18s %12s\n' "$pass pass(es)" \
    $($PY "$root/bench/phrases_compare.py" w2v$pass.txt w2p$pass.txt ref$pass.txt ref${pass}q.txt ref${pass}c.txt)
done
