#!/usr/bin/env bash
# Full-scale benchmark: speed and quality on the whole 66M-token corpus, peers in the same run.
#
# Usage: bench/fullscale_bench.sh speed|quality|table|all [BUILD_DIR]
#   speed:   the full corpus, $EPOCHS epochs (default 5) at dim 100, $EPOCHS_300 (default 1) at
#            dim 300; window 5, negative 5, sample 1e-4, min-count 5, 2 threads. Skip-gram: w2v's
#            default against pWord2Vec (built here from its public source, OpenBLAS); CBOW: w2v's
#            default against gensim 4.2 (corpus_file mode). words/s = corpus tokens x epochs /
#            the tool's training seconds; words/s per thread; peak memory (/usr/bin/time -v);
#            the ratio to the peer.
#   quality: the same settings, 5 epochs; the full corpus with seeds $FULL_SEEDS (default 1) and
#            its first 5M tokens with seeds $HEAD_SEEDS (default 1 2 3; empty: none); skip-gram and CBOW
#            (the peers' CBOW at learning rate 0.05): w2v's defaults, fastText 0.9.2 without subwords
#            (its default rate, 0.05), gensim 4.2 (corpus_file), pWord2Vec (skip-gram only) and
#            word2vec.c (no seed option: its runs differ by thread timing). Analogy accuracy
#            (gensim's evaluator, 30k words, case-insensitive) and WordSim-353 Spearman, mean and
#            spread, in one table.
#   table:   that table from the runs kept in $W2V_BENCH_DIR, training nothing: every tool, the
#            seeds in $FULL_SEEDS and $HEAD_SEEDS that have a result (a missing run is left out).
# Environment:
#   W2V_BENCH_DIR  scratch folder (default a new temp dir). Results are kept there, one file per
#                  run, and a result already there is not recomputed: delete it (or use RERUN) to
#                  measure again. Speed figures are always measured again.
#   RERUN          tools whose quality results are measured again (e.g. "w2v").
#   QUALITY_TOOLS  default "w2v fasttext gensim pword2vec word2vec".
#   QUALITY_MODELS default "sg cbow".
#   CORPUS, EVAL_DIR, PWORD2VEC_GIT, WORD2VEC_GIT (bare git snapshots of the public repositories
#   github.com/IntelLabs/pWord2Vec and github.com/tmikolov/word2vec; the peers are built in the
#   scratch folder and never committed).
set -euo pipefail

WHAT=${1:-all}
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
bench_paths "${2:-}" build
PWORD2VEC_GIT=${PWORD2VEC_GIT:-/work/.mirror/IntelLabs+pWord2Vec/repo}
WORD2VEC_GIT=${WORD2VEC_GIT:-/work/.mirror/tmikolov+word2vec/repo}
EPOCHS=${EPOCHS:-5}
EPOCHS_300=${EPOCHS_300:-1}
FULL_SEEDS=${FULL_SEEDS-1}
HEAD_SEEDS=${HEAD_SEEDS-1 2 3}
QUALITY_TOOLS=${QUALITY_TOOLS:-w2v fasttext gensim pword2vec word2vec}
QUALITY_MODELS=${QUALITY_MODELS:-sg cbow}
RERUN=${RERUN:-}
PY=/usr/bin/python3
THREADS=2

if [ "$WHAT" = table ]; then  # trains nothing: needs neither the tools nor the corpus
  [ -n "${W2V_BENCH_DIR:-}" ] ||
    { echo "table prints the runs kept in \$W2V_BENCH_DIR: set it to the quality run's folder" >&2; exit 2; }
else
  [ -x "$TRAIN" ] || { echo "no $TRAIN; build first (cmake --build $BUILD)" >&2; exit 1; }
  [ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
  [ -f /usr/include/x86_64-linux-gnu/cblas.h ] || [ -f /usr/include/cblas.h ] ||
    [ -d /usr/include/x86_64-linux-gnu/openblas-pthread ] ||
    { echo "pWord2Vec needs OpenBLAS (apt-get install libopenblas-dev)" >&2; exit 1; }
fi

DIR=${W2V_BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/w2v-fullscale.XXXXXX")}
mkdir -p "$DIR/results"
FULL=$DIR/full.txt
HEAD=$DIR/head5m.txt
tokens_of() { # cached: wc -w of a corpus file
  local cache=$1.tokens
  [ -s "$cache" ] || wc -w < "$1" > "$cache"
  cat "$cache"
}
if [ "$WHAT" != table ]; then
  [ -s "$FULL" ] || zcat "$CORPUS" > "$FULL"
  cut_head "$CORPUS" 5000000 "$HEAD"
  echo "# corpus: $(tokens_of "$FULL") tokens ($FULL); machine: $(machine_line)"
fi
peak_mb() { awk '/Maximum resident/ { printf "%.0f", $6 / 1024 }' "$1"; }
json_field() { $PY -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }

# pWord2Vec: its source from the snapshot, its MKL calls mapped onto OpenBLAS's CBLAS, built with
# -O3 -march=native (its makefile: icpc -O3 -xhost). Run with OpenBLAS's OpenMP build when it
# is installed (measured faster here than the pthread build, whose buffer lock the two training
# threads contend for), else the default one.
PWORD2VEC=$DIR/pword2vec/pWord2Vec
build_pword2vec() {
  [ -x "$PWORD2VEC" ] && return
  mkdir -p "$DIR/pword2vec"
  git --git-dir="$PWORD2VEC_GIT" show HEAD:pWord2Vec.cpp > "$DIR/pword2vec/pWord2Vec.cpp"
  printf '#include <cblas.h>\n#include <mm_malloc.h>\n#define mkl_set_num_threads(n) openblas_set_num_threads(n)\n' \
    > "$DIR/pword2vec/mkl.h"
  g++ -std=c++11 -O3 -march=native -fopenmp -DUSE_MKL -I"$DIR/pword2vec" -w \
    "$DIR/pword2vec/pWord2Vec.cpp" -o "$PWORD2VEC" -lopenblas
}
OPENBLAS_OMP=/usr/lib/x86_64-linux-gnu/openblas-openmp
[ -d "$OPENBLAS_OMP" ] || OPENBLAS_OMP=""
WORD2VEC=$DIR/word2vec/word2vec
build_word2vec() {
  [ -x "$WORD2VEC" ] && return
  mkdir -p "$DIR/word2vec"
  git --git-dir="$WORD2VEC_GIT" show HEAD:word2vec.c > "$DIR/word2vec/word2vec.c"
  gcc "$DIR/word2vec/word2vec.c" -o "$WORD2VEC" -lm -pthread -O3 -march=native -w -funroll-loops
}

# Each runner: NAME CORPUS MODEL DIM EPOCHS SEED -> vectors in $DIR/NAME.bin (fastText: .vec),
# prints "train_seconds peak_mb".
run_w2v() {
  local name=$1 corpus=$2 model=$3 dim=$4 epochs=$5 seed=$6
  /usr/bin/time -v "$TRAIN" -i "$corpus" -o "$DIR/$name.bin" --model "$model" --threads $THREADS \
    --dim "$dim" --window 5 --negative 5 --sample 1e-4 --min-count 5 --epochs "$epochs" \
    --seed "$seed" --quiet --log-json "$DIR/$name.jsonl" 2> "$DIR/$name.time"
  tail -n 1 "$DIR/$name.jsonl" > "$DIR/$name.json"
  echo "$(json_field "$DIR/$name.json" train_seconds) $(peak_mb "$DIR/$name.time")"
}
# pWord2Vec prints its rate over the words it trained, "</s>" line ends included ("Words in train
# file"): training seconds = those words x epochs / its last rate.
run_pword2vec() {
  local name=$1 corpus=$2 dim=$4 epochs=$5
  build_pword2vec
  /usr/bin/time -v env LD_LIBRARY_PATH="${OPENBLAS_OMP:-${LD_LIBRARY_PATH:-}}" "$PWORD2VEC" -train "$corpus" -output "$DIR/$name.bin" -size "$dim" -window 5 \
    -negative 5 -sample 1e-4 -min-count 5 -iter "$epochs" -threads $THREADS -alpha 0.025 \
    -binary 1 > "$DIR/$name.out" 2> "$DIR/$name.time"
  local words rate
  words=$(tr '\r' '\n' < "$DIR/$name.out" | awk '/Words in train file/ { print $NF }')
  rate=$(tr '\r' '\n' < "$DIR/$name.out" | grep -o 'Words/sec: [0-9.]*k' | tail -n 1 | grep -o '[0-9.]*')
  [ -n "$words" ] && [ -n "$rate" ] || { echo "pWord2Vec failed: see $DIR/$name.out" >&2; exit 1; }
echo "$($PY -c "print($words * $epochs / ($rate * 1000))") $(peak_mb "$DIR/$name.time")"
}
run_gensim() {
  local name=$1 corpus=$2 model=$3 dim=$4 epochs=$5 seed=$6 alpha=0.025
  [ "$model" = cbow ] && alpha=0.05
  /usr/bin/time -v $PY "$HERE/gensim_train.py" "$corpus" "$DIR/$name.bin" "$model" "$dim" 5 5 1e-4 5 \
    "$epochs" $THREADS "$seed" $alpha file > "$DIR/$name.json" 2> "$DIR/$name.time"
  echo "$(json_field "$DIR/$name.json" train_seconds) $(peak_mb "$DIR/$name.time")"
}
# fastText without subwords (-minn 0 -maxn 0) is word2vec; its default rate (0.05). Training
# seconds from its own words/sec/thread over the corpus tokens.
run_fasttext() {
  local name=$1 corpus=$2 model=$3 dim=$4 epochs=$5 seed=$6 cmd=skipgram
  [ "$model" = cbow ] && cmd=cbow
  /usr/bin/time -v fasttext $cmd -input "$corpus" -output "$DIR/$name" -dim "$dim" -ws 5 -neg 5 \
    -t 1e-4 -minCount 5 -epoch "$epochs" -thread $THREADS -minn 0 -maxn 0 -bucket 0 \
    -seed "$seed" -verbose 2 > /dev/null 2> "$DIR/$name.time"
  local wst
  wst=$(tr '\r' '\n' < "$DIR/$name.time" | grep 'words/sec/thread' | tail -n 1 |
    sed 's/.*words\/sec\/thread: *\([0-9]*\).*/\1/')
  echo "$($PY -c "print($(tokens_of "$corpus") * $epochs / ($wst * $THREADS))") $(peak_mb "$DIR/$name.time")"
}
# word2vec.c: no seed; -alpha 0.025 (skip-gram) / 0.05 (CBOW), its defaults.
run_word2vec() {
  local name=$1 corpus=$2 model=$3 dim=$4 epochs=$5 cbow=0 alpha=0.025
  build_word2vec
  [ "$model" = cbow ] && { cbow=1; alpha=0.05; }
  local t0 t1
  t0=$(date +%s.%N)
  /usr/bin/time -v "$WORD2VEC" -train "$corpus" -output "$DIR/$name.bin" -cbow $cbow -size "$dim" \
    -window 5 -negative 5 -hs 0 -sample 1e-4 -min-count 5 -iter "$epochs" -threads $THREADS \
    -alpha $alpha -binary 1 > /dev/null 2> "$DIR/$name.time"
  t1=$(date +%s.%N)
  echo "$($PY -c "print($t1 - $t0)") $(peak_mb "$DIR/$name.time")"
}

speed() {
  local tokens
  tokens=$(tokens_of "$FULL")
  echo "## speed: full corpus, 2 threads (words/s = $tokens tokens x epochs / training seconds)"
  echo "| dim | epochs | tool | model | train s | words/s | words/s/thread | peak MB | ratio |"
  echo "|---|---|---|---|---|---|---|---|---|"
  local dim epochs
  for dim in 100 300; do
    epochs=$EPOCHS
    [ "$dim" = 300 ] && epochs=$EPOCHS_300
    local r_w r_p r_c r_g
    r_w=$(run_w2v "sp_w2v_sg_$dim" "$FULL" sg "$dim" "$epochs" 1)
    r_p=$(run_pword2vec "sp_pw_sg_$dim" "$FULL" sg "$dim" "$epochs" 1)
    r_c=$(run_w2v "sp_w2v_cbow_$dim" "$FULL" cbow "$dim" "$epochs" 1)
    r_g=$(run_gensim "sp_gensim_cbow_$dim" "$FULL" cbow "$dim" "$epochs" 1)
    $PY - "$dim" "$epochs" "$tokens" "$r_w" "$r_p" "$r_c" "$r_g" << 'EOF'
import sys
dim, epochs, tokens = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def parse(s):
    secs, mb = s.split()
    return float(secs), mb
rows = [("w2v", "skip-gram", parse(sys.argv[4]), parse(sys.argv[5])),
        ("pWord2Vec (OpenBLAS)", "skip-gram", parse(sys.argv[5]), None),
        ("w2v", "CBOW", parse(sys.argv[6]), parse(sys.argv[7])),
        ("gensim 4.2", "CBOW", parse(sys.argv[7]), None)]
for tool, model, (secs, mb), peer in rows:
    wps = tokens * epochs / secs
    ratio = f"**{peer[0] / secs:.2f}x**" if peer else "1"
    print(f"| {dim} | {epochs} | {tool} | {model} | {secs:.1f} | {wps / 1e6:.2f}M | "
          f"{wps / 2 / 1e6:.2f}M | {mb} | {ratio} |")
EOF
  done
}

# quality_run TOOL CORPUS_TAG MODEL SEED: trains (unless its result is kept) and scores.
quality_run() {
  local tool=$1 tag=$2 model=$3 seed=$4
  local corpus=$FULL
  [ "$tag" = head ] && corpus=$HEAD
  local name="q_${tag}_${tool}_${model}_$seed" result="$DIR/results/q_${tag}_${tool}_${model}_$seed.json"
  case " $RERUN " in *" $tool "*) rm -f "$result" ;; esac
  [ -s "$result" ] && return
  local vectors="$DIR/$name.bin"
  "run_$tool" "$name" "$corpus" "$model" 100 5 "$seed" > "$DIR/$name.speed"
  [ "$tool" = fasttext ] && vectors="$DIR/$name.vec"
  $PY "$HERE/eval_vectors.py" "$EVAL_DIR" "$vectors" > "$result.tmp"
  mv "$result.tmp" "$result"
  rm -f "$vectors" "$DIR/$name.bin"
}

quality() {
  local tag seeds tool model seed
  # The head's runs first (minutes), then the full corpus's (hours for the slow peers); every
  # finished run is kept, so an interrupted run resumes where it stopped.
  for tag in head full; do
    seeds=$HEAD_SEEDS
    [ "$tag" = full ] && seeds=$FULL_SEEDS
    for tool in $QUALITY_TOOLS; do
      for model in $QUALITY_MODELS; do
        [ "$tool" = pword2vec ] && [ "$model" = cbow ] && continue
        for seed in $seeds; do quality_run "$tool" "$tag" "$model" "$seed"; done
      done
    done
  done
  quality_table "$QUALITY_TOOLS"
}

# quality_table TOOLS: the table of the kept results of TOOLS for $FULL_SEEDS and $HEAD_SEEDS.
quality_table() {
  echo "## quality: 5 epochs, dim 100, window 5, negative 5, sample 1e-4, min-count 5, 2 threads"
  echo "## analogy % (30k words, case-insensitive) and WordSim-353 Spearman; head: mean (min-max)"
  $PY - "$DIR/results" "$1" "$FULL_SEEDS" "$HEAD_SEEDS" << 'EOF'
import json, os, sys
results, tools = sys.argv[1], sys.argv[2].split()
seeds = {"full": sys.argv[3].split(), "head": sys.argv[4].split()}
names = {"w2v": "w2v (defaults)", "fasttext": "fastText 0.9.2", "gensim": "gensim 4.2",
         "pword2vec": "pWord2Vec", "word2vec": "word2vec.c"}
def cell(tool, tag, model, key, scale, fmt):
    v = []
    for s in seeds[tag]:
        p = f"{results}/q_{tag}_{tool}_{model}_{s}.json"
        if os.path.exists(p):
            v.append(json.load(open(p))[key] * scale)
    if not v:
        return "-"
    m = sum(v) / len(v)
    return fmt.format(m) if len(v) == 1 else (fmt + " ({}-{})").format(
        m, fmt.format(min(v)), fmt.format(max(v)))
for model, label in (("sg", "skip-gram"), ("cbow", "CBOW")):
    print(f"\n| {label} | full analogy | full WS353 | 5M head analogy | 5M head WS353 |")
    print("|---|---|---|---|---|")
    for t in tools:
        if t == "pword2vec" and model == "cbow":
            continue
        print(f"| {names[t]} | {cell(t, 'full', model, 'analogy', 100, '{:.2f}')} | "
              f"{cell(t, 'full', model, 'wordsim_spearman', 1, '{:.3f}')} | "
              f"{cell(t, 'head', model, 'analogy', 100, '{:.2f}')} | "
              f"{cell(t, 'head', model, 'wordsim_spearman', 1, '{:.3f}')} |")
EOF
}

case "$WHAT" in
  speed) speed ;;
  quality) quality ;;
  table) quality_table "w2v fasttext gensim pword2vec word2vec" ;;
  all) speed; quality ;;
  *) echo "usage: $0 speed|quality|table|all [BUILD_DIR]" >&2; exit 2 ;;
esac
