#!/usr/bin/env bash
# The objectives and the trainer's shape (issue 10), against peers in the same run.
#
# Usage: bench/objectives_bench.sh WHAT [BUILD_DIR]
#   hs-speed    hierarchical softmax (--hs --negative 0), 1 epoch, 2 threads: w2v fast and exact
#               against word2vec.c (-hs 1 -negative 0) and gensim 4.2 (hs=1, negative=0, iterable);
#               words/s = corpus tokens / training seconds, and the ratio to word2vec.c; w2v's
#               default objective (negative sampling, 5 noise words) beside them for scale.
#   hs-quality  the same objectives, 5 epochs, seeds $SEEDS (default 1 2 3): analogy accuracy
#               (gensim's evaluator, 30k most frequent words, case-insensitive) and WordSim-353
#               Spearman, mean and spread. word2vec.c has no seed option: its runs differ by
#               thread timing only.
#   shared      --shared-embeddings against untied, and --save-vectors sum against input rows,
#               skip-gram and CBOW: 5M head over $SEEDS, and (with FULL=1) the full corpus, 1 seed;
#               analogy, WordSim-353, peak memory.
#   self-pairs  --shared-embeddings as this build trains it (a word meeting itself as a target
#               trained like any pair) against the earlier rule that skipped those pairs, built
#               here from commit $SKIP_REF in a scratch folder; skip-gram and CBOW, 5M head,
#               seeds $SEEDS: analogy, WordSim-353. (Run 2026-12-02 the other way round: HEAD
#               skipped, and the keeping variant was HEAD with the flag forced off.)
#   refactor    speed of this build against OLD_BIN (a w2v-train of the previous build), fast
#               skip-gram and CBOW, 1 epoch, $THREADS threads (default 2), alternating runs ($ROUNDS
#               rounds, default 3): means, best runs and the median of the per-round ratios.
# Settings everywhere: the first 5M tokens of enwiki66m, dim 100, window 5, sample 1e-4,
# min-count 5; alpha 0.025 for skip-gram and 0.05 for CBOW.
# Environment: W2V_BENCH_DIR (scratch, default a temp dir), CORPUS, EVAL_DIR, SEEDS,
# WORD2VEC_GIT (a bare git snapshot of github.com/tmikolov/word2vec; default
# /work/.mirror/tmikolov+word2vec/repo), OLD_BIN, ROUNDS, FULL.
set -euo pipefail

WHAT=${1:?usage: bench/objectives_bench.sh hs-speed|hs-quality|shared|self-pairs|refactor [BUILD_DIR]}
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
bench_paths "${2:-}" build/release
WORD2VEC_GIT=${WORD2VEC_GIT:-/work/.mirror/tmikolov+word2vec/repo}
SEEDS=${SEEDS:-1 2 3}
PY=/usr/bin/python3
TOKENS=5000000

[ -x "$TRAIN" ] || { echo "no $TRAIN; build first (scripts/build.sh $BUILD)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
DIR=${W2V_BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/w2v-objectives.XXXXXX")}
mkdir -p "$DIR"
HEAD=$DIR/head5m.txt
cut_head "$CORPUS" "$TOKENS" "$HEAD"
echo "# corpus: $(wc -w < "$HEAD") tokens; machine: $(machine_line)"

peak_mb() { awk '/Maximum resident/ { printf "%.0f", $6 / 1024 }' "$1"; }
alpha_of() { [ "$1" = cbow ] && echo 0.05 || echo 0.025; }

# word2vec.c, built here from the public repository's snapshot (never committed), with the
# flags of its makefile. Its vocabulary is saved once and read back, so that its timed runs
# are training only.
WORD2VEC=$DIR/word2vec/word2vec
build_word2vec() {
  [ -x "$WORD2VEC" ] && return
  mkdir -p "$DIR/word2vec"
  git --git-dir="$WORD2VEC_GIT" show HEAD:word2vec.c > "$DIR/word2vec/word2vec.c"
  gcc "$DIR/word2vec/word2vec.c" -o "$WORD2VEC" -lm -pthread -O3 -march=native -Wall \
    -funroll-loops -Wno-unused-result
  "$WORD2VEC" -train "$HEAD" -output "$DIR/word2vec/probe.bin" -size 10 -iter 1 -min-count 5 \
    -threads 2 -save-vocab "$DIR/word2vec/vocab.txt" > /dev/null
}

# run_w2v NAME MODEL MODE EPOCHS SEED [FLAGS...] -> "train_seconds peak_mb"
run_w2v() {
  local name=$1 model=$2 mode=$3 epochs=$4 seed=$5
  shift 5
  /usr/bin/time -v "$TRAIN" -i "$HEAD" -o "$DIR/$name.bin" --model "$model" --mode "$mode" \
    --threads 2 --dim 100 --window 5 --sample 1e-4 --min-count 5 --epochs "$epochs" \
    --seed "$seed" --alpha "$(alpha_of "$model")" --quiet --log-json "$DIR/$name.jsonl" "$@" \
    2> "$DIR/$name.time"
  echo "$(tail -n 1 "$DIR/$name.jsonl" | $PY -c 'import json,sys; print(json.load(sys.stdin)["train_seconds"])') $(peak_mb "$DIR/$name.time")"
}

# run_word2vec NAME MODEL EPOCHS FLAGS... -> "seconds peak_mb" (whole process, vocabulary read)
run_word2vec() {
  local name=$1 model=$2 epochs=$3
  shift 3
  build_word2vec
  local cbow=0
  [ "$model" = cbow ] && cbow=1
  local t0 t1
  t0=$(date +%s.%N)
  /usr/bin/time -v "$WORD2VEC" -train "$HEAD" -read-vocab "$DIR/word2vec/vocab.txt" \
    -output "$DIR/$name.bin" -cbow $cbow -size 100 -window 5 -sample 1e-4 -min-count 5 \
    -threads 2 -iter "$epochs" -binary 1 -alpha "$(alpha_of "$model")" "$@" > /dev/null \
    2> "$DIR/$name.time"
  t1=$(date +%s.%N)
  echo "$($PY -c "print($t1 - $t0)") $(peak_mb "$DIR/$name.time")"
}

# run_gensim NAME MODEL EPOCHS SEED NEGATIVE HS -> "train_seconds peak_mb" (iterable mode:
# word2vec.c's learning-rate schedule)
run_gensim() {
  local name=$1 model=$2 epochs=$3 seed=$4 negative=$5 hs=$6
  /usr/bin/time -v $PY "$HERE/gensim_train.py" "$HEAD" "$DIR/$name.bin" "$model" 100 5 \
    "$negative" 1e-4 5 "$epochs" 2 "$seed" "$(alpha_of "$model")" iter "$hs" > "$DIR/$name.json" \
    2> "$DIR/$name.time"
  echo "$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["train_seconds"])' "$DIR/$name.json") $(peak_mb "$DIR/$name.time")"
}

# rate_row TOOL MODEL SECONDS PEAK REF_SECONDS: words/s, per thread, and the ratio to REF.
rate_row() {
  $PY - "$@" "$TOKENS" <<'PY'
import sys
tool, model, secs, peak, ref, tokens = sys.argv[1:7]
wps = float(tokens) / float(secs)
print(f"  {tool:22s} {model:5s} {float(secs):8.2f} {wps/1e6:8.3f}M {wps/2/1e6:8.3f}M "
      f"{float(ref)/float(secs):7.2f}x {peak:>6s} MB")
PY
}

hs_speed() {
  echo
  echo "## hierarchical softmax speed: 1 epoch, 2 threads (ratio: word2vec.c's seconds / tool's)"
  echo "  tool                   model  train_s  words/s  per_thr  vs_w2v.c  peak"
  for model in sg cbow; do
    local c f e g ns
c=$(run_word2vec "hs_c_$model" $model 1 -hs 1 -negative 0)
    f=$(run_w2v "hs_f_$model" $model fast 1 1 --hs --negative 0)
    e=$(run_w2v "hs_e_$model" $model exact 1 1 --hs --negative 0)
    g=$(run_gensim "hs_g_$model" $model 1 1 0 1)
    ns=$(run_w2v "hs_n_$model" $model fast 1 1)
    local cs=${c%% *}
    rate_row "w2v fast --hs" $model ${f% *} ${f#* } $cs
    rate_row "w2v exact --hs" $model ${e% *} ${e#* } $cs
    rate_row "word2vec.c -hs 1" $model ${c% *} ${c#* } $cs
    rate_row "gensim hs=1" $model ${g% *} ${g#* } $cs
    rate_row "w2v fast, negative 5" $model ${ns% *} ${ns#* } $cs
  done
}

# quality_table FILE: mean and spread per (tool, model) of the JSON lines that record() wrote.
quality_table() {
  $PY - "$1" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
sd = lambda v: statistics.stdev(v) if len(v) > 1 else 0.0
print("  tool                   model  analogy % mean ± sd (min-max)     WS353 mean ± sd   n  peak MB")
seen = []
for r in rows:
    if (r["tool"], r["model"]) not in seen:
        seen.append((r["tool"], r["model"]))
for tool, model in seen:
    r = [x for x in rows if x["model"] == model and x["tool"] == tool]
    a = [100 * x["analogy"] for x in r]
    w = [x["wordsim_spearman"] for x in r]
    peak = max(int(x.get("peak_mb", 0)) for x in r)
    print(f"  {tool:22s} {model:5s}  {statistics.mean(a):6.2f} ± {sd(a):4.2f} ({min(a):.2f}-{max(a):.2f})"
          f"    {statistics.mean(w):.3f} ± {sd(w):.3f}  {len(a)}  {peak}")
PY
}

# record FILE TOOL MODEL SEED VECTORS PEAK: scores the vectors, appends one JSON line to FILE.
record() {
  $PY "$HERE/eval_vectors.py" "$EVAL_DIR" "$5" |
    $PY -c "import json,sys; d=json.load(sys.stdin); d.update(tool='$2', model='$3', seed=$4, peak_mb='$6'); print(json.dumps(d))" >> "$1"
}

hs_quality() {
  echo
  echo "## hierarchical softmax quality: 5 epochs, 2 threads, seeds $SEEDS"
  local results=$DIR/hs_quality.jsonl r
  : > "$results"
  for model in sg cbow; do
    for seed in $SEEDS; do
      r=$(run_w2v "hq_f_${model}_$seed" $model fast 5 $seed --hs --negative 0)
      record "$results" "w2v fast --hs" $model $seed "$DIR/hq_f_${model}_$seed.bin" "${r#* }"
      r=$(run_w2v "hq_e_${model}_$seed" $model exact 5 $seed --hs --negative 0)
      record "$results" "w2v exact --hs" $model $seed "$DIR/hq_e_${model}_$seed.bin" "${r#* }"
      r=$(run_word2vec "hq_c_${model}_$seed" $model 5 -hs 1 -negative 0)
      record "$results" "word2vec.c -hs 1" $model $seed "$DIR/hq_c_${model}_$seed.bin" "${r#* }"
      r=$(run_gensim "hq_g_${model}_$seed" $model 5 $seed 0 1)
      record "$results" "gensim hs=1" $model $seed "$DIR/hq_g_${model}_$seed.bin" "${r#* }"
    done
  done
  quality_table "$results"
}

shared() {
  echo
  echo "## shared (tied) embeddings and saved vectors: 5 epochs, 2 threads, seeds $SEEDS"
  local results=$DIR/shared.jsonl r
  : > "$results"
  for model in sg cbow; do
    for seed in $SEEDS; do
      r=$(run_w2v "sh_u_${model}_$seed" $model fast 5 $seed)
      record "$results" "w2v untied" $model $seed "$DIR/sh_u_${model}_$seed.bin" "${r#* }"
      r=$(run_w2v "sh_s_${model}_$seed" $model fast 5 $seed --save-vectors sum)
      record "$results" "w2v untied, sum" $model $seed "$DIR/sh_s_${model}_$seed.bin" "${r#* }"
      r=$(run_w2v "sh_t_${model}_$seed" $model fast 5 $seed --shared-embeddings)
      record "$results" "w2v shared" $model $seed "$DIR/sh_t_${model}_$seed.bin" "${r#* }"
    done
  done
  quality_table "$results"
  if [ "${FULL:-0}" = 1 ]; then
    echo
    echo "## the same on the full corpus ($CORPUS), 1 seed"
    local full=$DIR/full.txt results_full=$DIR/shared_full.jsonl
    [ -s "$full" ] || zcat "$CORPUS" > "$full"
    : > "$results_full"
    local saved_head=$HEAD
    HEAD=$full
    for model in sg cbow; do
      r=$(run_w2v "shf_u_$model" $model fast 5 1)
      record "$results_full" "w2v untied" $model 1 "$DIR/shf_u_$model.bin" "${r#* }"
      r=$(run_w2v "shf_s_$model" $model fast 5 1 --save-vectors sum)
      record "$results_full" "w2v untied, sum" $model 1 "$DIR/shf_s_$model.bin" "${r#* }"
      r=$(run_w2v "shf_t_$model" $model fast 5 1 --shared-embeddings)
      record "$results_full" "w2v shared" $model 1 "$DIR/shf_t_$model.bin" "${r#* }"
    done
    HEAD=$saved_head
    quality_table "$results_full"
  fi
}

# A w2v-train whose tied runs skip the self-pairs: the source of $SKIP_REF (default fd3a2e5, the
# last commit before tied training kept them), built in $DIR from a git archive (never committed).
SKIP_REF=${SKIP_REF:-fd3a2e5}
SKIP_TRAIN=$DIR/skip_self/build/bin/w2v-train
build_skip_self() {
  [ -x "$SKIP_TRAIN" ] && return
  rm -rf "$DIR/skip_self"
  mkdir -p "$DIR/skip_self"
  git -C "$ROOT" archive "$SKIP_REF" | tar -x -C "$DIR/skip_self"
  grep -q 'skip_self' "$DIR/skip_self/src/train/sentence_steps.h" ||
    { echo "build_skip_self: $SKIP_REF has no self-pair skip; set SKIP_REF" >&2; exit 1; }
  cmake -S "$DIR/skip_self" -B "$DIR/skip_self/build" -DCMAKE_BUILD_TYPE=Release \
    -DW2V_BUILD_TESTS=OFF -DW2V_MPI=OFF > /dev/null
  cmake --build "$DIR/skip_self/build" -j "$(nproc)" --target w2v-train > /dev/null
}

self_pairs() {
  build_skip_self
  echo
  echo "## --shared-embeddings: self-pairs kept (this build) or skipped ($SKIP_REF): 5 epochs, 2 threads, seeds $SEEDS"
  local results=$DIR/self_pairs.jsonl r saved=$TRAIN
  : > "$results"
  for model in sg cbow; do
    for seed in $SEEDS; do
      TRAIN=$SKIP_TRAIN
      r=$(run_w2v "sp_skip_${model}_$seed" $model fast 5 $seed --shared-embeddings)
      record "$results" "shared, skip self" $model $seed "$DIR/sp_skip_${model}_$seed.bin" "${r#* }"
      TRAIN=$saved
      r=$(run_w2v "sp_keep_${model}_$seed" $model fast 5 $seed --shared-embeddings)
      record "$results" "shared, keep self" $model $seed "$DIR/sp_keep_${model}_$seed.bin" "${r#* }"
    done
  done
  TRAIN=$saved
  quality_table "$results"
}

refactor() {
  local old=${OLD_BIN:?set OLD_BIN to the w2v-train of the previous build} rounds=${ROUNDS:-3}
  echo
  echo "## this build against $old: 1 epoch, ${THREADS:-2} threads, $rounds alternating rounds"
  local log=$DIR/refactor.txt
  : > "$log"
  for round in $(seq "$rounds"); do
    for model in sg cbow; do
      for which in old new; do
        local bin=$TRAIN
        [ $which = old ] && bin=$old
        "$bin" -i "$HEAD" -o "$DIR/rf.bin" --model $model --threads "${THREADS:-2}" --dim 100 --window 5 \
          --sample 1e-4 --min-count 5 --epochs 1 --seed $round --quiet --log-json "$DIR/rf.jsonl"
        echo "$which $model $(tail -n 1 "$DIR/rf.jsonl" | $PY -c 'import json,sys; print(json.load(sys.stdin)["words_per_sec"])')" >> "$log"
      done
    done
  done
  $PY - "$log" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
for model in ("sg", "cbow"):
    old = [float(r[2]) for r in rows if r[0] == "old" and r[1] == model]
    new = [float(r[2]) for r in rows if r[0] == "new" and r[1] == model]
    print(f"  {model:4s}  old {statistics.mean(old)/1e6:.3f}M words/s ({', '.join(f'{x/1e6:.2f}' for x in old)})"
          f"  new {statistics.mean(new)/1e6:.3f}M ({', '.join(f'{x/1e6:.2f}' for x in new)})"
          f"  new/old {statistics.mean(new)/statistics.mean(old):.3f}")
    # Robust to a machine whose load changes during the run: the best run of each build, and
    # the median of the rounds' ratios (old and new run back to back in each round).
    ratios = sorted(n / o for n, o in zip(new, old))
    print(f"        best new/best old {max(new)/max(old):.3f}; median of the rounds' new/old "
          f"{statistics.median(ratios):.3f} (range {ratios[0]:.3f}-{ratios[-1]:.3f})")
PY
}

case $WHAT in
  hs-speed) hs_speed ;;
  hs-quality) hs_quality ;;
  shared) shared ;;
  self-pairs) self_pairs ;;
refactor) refactor ;;
  *) echo "unknown: $WHAT" >&2; exit 2 ;;
esac
