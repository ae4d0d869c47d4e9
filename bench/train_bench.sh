#!/usr/bin/env bash
# Benchmarks w2v-train against gensim 4.2 and fastText (Debian builds) in the same run.
#
# Usage: bench/train_bench.sh [speed|quality|memory|all] [BUILD_DIR]
#   speed:   first 5M tokens of enwiki66m, dim 100, window 5, negative 5, sample 1e-4, min-count 5,
#            1 epoch; skip-gram and CBOW; 2 threads and 1 thread; then dim 300 on 2 threads.
#            words/s = corpus tokens x epochs / training seconds (each tool's own training phase),
#            words/s per thread, peak memory (/usr/bin/time -v), ratio to gensim.
#   quality: same head, 5 epochs, seeds $SEEDS (default 1 2 3), 2 threads: analogy accuracy
#            (gensim's evaluator, restrict_vocab=30000, case-insensitive) and WordSim-353
#            Spearman, mean and spread. w2v fast and exact, each with both window shrinks
#            (skip-gram), beside gensim in corpus_file mode (the issue's peer; its learning rate
#            decays per worker, see gensim_train.py), gensim with an iterable (word2vec.c's
#            schedule) and fastText without subwords.
#   memory:  the full 66M-token corpus, 1 epoch, 2 threads: peak RSS against
#            1.3 * (2 * V * dim * 4 bytes) + 100 MB.
# Environment: W2V_BENCH_DIR (scratch, default a temp dir), CORPUS, EVAL_DIR, SEEDS.
set -euo pipefail

WHAT=${1:-all}
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
bench_paths "${2:-}" build
PY=/usr/bin/python3
TOKENS=5000000

[ -x "$TRAIN" ] || { echo "no $TRAIN; build first (cmake --build $BUILD)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
command -v fasttext > /dev/null || echo "fasttext not found (apt-get install fasttext): skipped" >&2

DIR=${W2V_BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/w2v-bench.XXXXXX")}
mkdir -p "$DIR"
HEAD=$DIR/head5m.txt
cut_head "$CORPUS" "$TOKENS" "$HEAD"
echo "# corpus: $(wc -w < "$HEAD") tokens in $HEAD; machine: $(machine_line)"

peak_mb() { awk '/Maximum resident/ { printf "%.0f", $6 / 1024 }' "$1"; }

# run_w2v NAME MODEL MODE THREADS DIM EPOCHS SEED [W2V-TRAIN FLAGS...]
#   -> prints "train_seconds peak_mb vocab_size"
run_w2v() {
  local name=$1 model=$2 mode=$3 threads=$4 dim=$5 epochs=$6 seed=$7
  shift 7
  /usr/bin/time -v "$TRAIN" -i "$HEAD" -o "$DIR/$name.bin" --model "$model" --mode "$mode" \
    --threads "$threads" --dim "$dim" --window 5 --negative 5 --sample 1e-4 --min-count 5 \
    --epochs "$epochs" --seed "$seed" --quiet --log-json "$DIR/$name.jsonl" "$@" 2> "$DIR/$name.time"
  local secs vocab
  secs=$(tail -n 1 "$DIR/$name.jsonl" | $PY -c 'import json,sys; print(json.load(sys.stdin)["train_seconds"])')
  vocab=$(tail -n 1 "$DIR/$name.jsonl" | $PY -c 'import json,sys; print(json.load(sys.stdin)["vocab_size"])')
  echo "$secs $(peak_mb "$DIR/$name.time") $vocab"
}

# run_gensim NAME MODEL THREADS DIM EPOCHS SEED ALPHA [file|iter]
run_gensim() {
  local name=$1 model=$2 threads=$3 dim=$4 epochs=$5 seed=$6 alpha=$7 how=${8:-file}
  /usr/bin/time -v $PY "$HERE/gensim_train.py" "$HEAD" "$DIR/$name.bin" "$model" "$dim" 5 5 1e-4 5 \
    "$epochs" "$threads" "$seed" "$alpha" "$how" > "$DIR/$name.json" 2> "$DIR/$name.time"
  echo "$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["train_seconds"])' "$DIR/$name.json") $(peak_mb "$DIR/$name.time")"
}

# fastText without subwords (-minn 0 -maxn 0 -bucket 0) is word2vec; its own words/sec/thread
# (tokens it trained on, per thread) gives the training speed.
run_fasttext() {
  local name=$1 model=$2 threads=$3 dim=$4 epochs=$5 alpha=$6 seed=${7:-0}
  local cmd=skipgram
  [ "$model" = cbow ] && cmd=cbow
  /usr/bin/time -v fasttext $cmd -input "$HEAD" -output "$DIR/$name" -dim "$dim" -ws 5 -neg 5 \
    -t 1e-4 -minCount 5 -epoch "$epochs" -thread "$threads" -lr "$alpha" -minn 0 -maxn 0 \
    -bucket 0 -seed "$seed" -verbose 2 > /dev/null 2> "$DIR/$name.time"
  local wst
  wst=$(tr '\r' '\n' < "$DIR/$name.time" | grep 'words/sec/thread' | tail -n 1 |
    sed 's/.*words\/sec\/thread: *\([0-9]*\).*/\1/')
  # seconds equivalent to the corpus tokens at that speed
  echo "$($PY -c "print($TOKENS * $epochs / ($wst * $threads))") $(peak_mb "$DIR/$name.time")"
}

speed_row() {  # TOOL MODEL THREADS DIM SECONDS PEAK_MB GENSIM_SECONDS
  $PY - "$@" "$TOKENS" <<'PY'
import sys
tool, model, threads, dim, secs, peak, gsecs, tokens = sys.argv[1:9]
wps = float(tokens) / float(secs)
ratio = float(gsecs) / float(secs)
print(f"{tool:14s} {model:5s} {threads:>3s} {dim:>4s} {float(secs):8.2f} {wps/1e6:9.3f}M "
      f"{wps/int(threads)/1e6:9.3f}M {ratio:7.2f}x {peak:>7s} MB")
PY
}

speed() {
  echo
  echo "## speed: 1 epoch, tokens x epochs / training seconds"
  echo "tool           model thr  dim  train_s   words/s  per_thread vs_gensim    peak"
  for cfg in "2 100" "1 100" "2 300"; do
    set -- $cfg
    local threads=$1 dim=$2
    for model in sg cbow; do
      local alpha=0.025
      [ "$model" = cbow ] && alpha=0.05
      local g f e fr="" ft=""
      g=$(run_gensim "g_${model}_${threads}_$dim" $model $threads $dim 1 1 $alpha)
      f=$(run_w2v "f_${model}_${threads}_$dim" $model fast $threads $dim 1 1)
      [ $model = sg ] && fr=$(run_w2v "fr_${model}_${threads}_$dim" $model fast $threads $dim 1 1 --shrink random)
      e=$(run_w2v "e_${model}_${threads}_$dim" $model exact $threads $dim 1 1)
      command -v fasttext > /dev/null && ft=$(run_fasttext "ft_${model}_${threads}_$dim" $model $threads $dim 1 $alpha)
      local gs=${g%% *}
      speed_row "w2v fast" $model $threads $dim ${f% *} $gs
      [ -n "$fr" ] && speed_row "w2v fast rs" $model $threads $dim ${fr% *} $gs
      speed_row "w2v exact" $model $threads $dim ${e% *} $gs
      speed_row "gensim 4.2" $model $threads $dim $g $gs
      [ -n "$ft" ] && speed_row "fastText" $model $threads $dim $ft $gs
    done
  done 2>&1 | sed -e 's/^/  /'
}

quality() {
  local seeds=${SEEDS:-1 2 3}
  echo
  echo "## quality: 5 epochs, 2 threads, seeds $seeds (analogy: gensim evaluator, 30k, case-insensitive)"
  local results=$DIR/quality.jsonl
  : > "$results"
  # record TOOL MODEL SEED VECTORS: scores the vectors and appends one JSON line
  record() {
    $PY "$HERE/eval_vectors.py" "$EVAL_DIR" "$4" |
      $PY -c "import json,sys; d=json.load(sys.stdin); d.update(tool='$1', model='$2', seed=$3); print(json.dumps(d))" >> "$results"
  }
  for model in sg cbow; do
    local alpha=0.025
    [ "$model" = cbow ] && alpha=0.05
    for seed in $seeds; do
      local n
      n="q_${model}_fast_$seed"; run_w2v "$n" $model fast 2 100 5 $seed > /dev/null
      record "w2v fast" $model $seed "$DIR/$n.bin"
      n="q_${model}_exact_$seed"; run_w2v "$n" $model exact 2 100 5 $seed > /dev/null
      record "w2v exact" $model $seed "$DIR/$n.bin"
      if [ $model = sg ]; then  # the other shrink of each mode (CBOW has only random)
        n="q_${model}_fastr_$seed"; run_w2v "$n" $model fast 2 100 5 $seed --shrink random > /dev/null
        record "w2v fast rs" $model $seed "$DIR/$n.bin"
        n="q_${model}_exacte_$seed"; run_w2v "$n" $model exact 2 100 5 $seed --shrink expected > /dev/null
        record "w2v exact es" $model $seed "$DIR/$n.bin"
      fi
      n="q_${model}_gensim_$seed"; run_gensim "$n" $model 2 100 5 $seed $alpha file > /dev/null
      record "gensim file" $model $seed "$DIR/$n.bin"
      n="q_${model}_gensimi_$seed"; run_gensim "$n" $model 2 100 5 $seed $alpha iter > /dev/null
      record "gensim iter" $model $seed "$DIR/$n.bin"
      if command -v fasttext > /dev/null; then
        n="q_${model}_ft_$seed"; run_fasttext "$n" $model 2 100 5 $alpha $seed > /dev/null
        record "fastText" $model $seed "$DIR/$n.vec"
      fi
    done
  done
  $PY - "$results" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print("  w2v fast/exact: default shrink (sg fast: expected; sg exact and cbow: random);")
print("  'rs'/'es': the other shrink (random/expected). gensim file: corpus_file mode;")
print("  gensim iter: LineSentence iterable; fastText: -minn 0 -maxn 0 (no subwords).")
print("  tool          model  analogy % mean ± sd (min-max)        WS353 Spearman mean ± sd")
sd = lambda v: statistics.stdev(v) if len(v) > 1 else 0.0
for model in ("sg", "cbow"):
    for tool in ("w2v fast", "w2v fast rs", "w2v exact", "w2v exact es", "gensim file",
                 "gensim iter", "fastText"):
        r = [x for x in rows if x["model"] == model and x["tool"] == tool]
        if not r:
            continue
        a = [100 * x["analogy"] for x in r]
        w = [x["wordsim_spearman"] for x in r]
        print(f"  {tool:13s} {model:5s}  {statistics.mean(a):6.2f} ± {sd(a):4.2f} "
              f"({min(a):.2f}-{max(a):.2f})   n={len(a)}      {statistics.mean(w):.3f} ± {sd(w):.3f}")
PY
}

memory() {
  echo
  echo "## memory: full corpus ($CORPUS), sg fast, dim 100, 1 epoch, 2 threads"
  /usr/bin/time -v "$TRAIN" -i "$CORPUS" -o "$DIR/full.bin" --threads 2 --dim 100 --window 5 \
    --negative 5 --sample 1e-4 --min-count 5 --epochs 1 --quiet --log-json "$DIR/full.jsonl" \
    --tmp-dir "$DIR" 2> "$DIR/full.time"
  tail -n 1 "$DIR/full.jsonl" | $PY -c "
import json, sys
d = json.load(sys.stdin)
peak = $(peak_mb "$DIR/full.time")
v = d['vocab_size']
bound = 1.3 * (2 * v * 100 * 4) / 2**20 + 100
print(f'  tokens {d[\"tokens\"]:,}, vocabulary {v:,}: peak {peak} MB, bound {bound:.0f} MB -> '
      + ('OK' if peak <= bound else 'OVER'))
print(f'  phases: vocab {d[\"vocab_seconds\"]:.1f} s, encode {d[\"encode_seconds\"]:.1f} s, '
      f'train {d[\"train_seconds\"]:.1f} s ({d[\"words_per_sec\"]/1e6:.2f}M words/s), write {d[\"write_seconds\"]:.1f} s')
"
}

case $WHAT in
  speed) speed ;;
  quality) quality ;;
  memory) memory ;;
  all) speed; quality; memory ;;
  *) echo "usage: $0 [speed|quality|memory|all] [BUILD_DIR]" >&2; exit 2 ;;
esac
echo
echo "# scratch files in $DIR"
