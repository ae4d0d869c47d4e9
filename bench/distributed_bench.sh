#!/usr/bin/env bash
# Training across processes (issue 11), on this machine (OpenMPI, --oversubscribe).
#
# Usage: bench/distributed_bench.sh quality|overhead|sync-scan|kill [BUILD_DIR]
#   quality    5M-token head of enwiki66m, skip-gram and CBOW, 5 epochs, seeds $SEEDS
#              (default 1 2 3): 1 process x 2 threads against 2 processes x 1 thread, and 4 x 1
#              (4 processes on 2 cores): analogy accuracy (gensim's evaluator, 30k,
#              case-insensitive), WordSim-353 Spearman, syncs and their cost.
#   overhead   1 epoch, words/s of 2 x 1 against 1 x 2, alternating, $ROUNDS rounds (default 3);
#              bytes and seconds per sync.
#   sync-scan  skip-gram, 2 x 1, seed 1: quality and sync cost for --sync-words in $SYNC_WORDS
#              (default 10000 50000 200000 1000000) and --sync-rows in $SYNC_ROWS (default 1024):
#              how the defaults were chosen.
#   kill       SIGKILL to one process mid-run: seconds until the job ends, exit code, files left,
#              and the checkpoint from before resumed to a complete run.
# Settings: dim 100, window 5, negative 5, sample 1e-4, min-count 5, w2v-train's defaults otherwise
# (each model's learning rate, noise and saved vectors, as a user gets them). Environment: CORPUS,
# EVAL_DIR, W2V_BENCH_DIR, SEEDS, ROUNDS, SYNC_WORDS, SYNC_ROWS.
set -euo pipefail

WHAT=${1:?usage: bench/distributed_bench.sh quality|overhead|sync-scan|kill [BUILD_DIR]}
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
bench_paths "${2:-}" build/release
SEEDS=${SEEDS:-1 2 3}
PY=/usr/bin/python3
TOKENS=5000000
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_rmaps_base_oversubscribe=1
MPI=(mpirun --bind-to none)

[ -x "$TRAIN" ] || { echo "no $TRAIN; build first" >&2; exit 1; }
ldd "$TRAIN" | grep -q libmpi || { echo "$TRAIN is built without MPI (install libopenmpi-dev)" >&2; exit 1; }
DIR=${W2V_BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/w2v-dist.XXXXXX")}
mkdir -p "$DIR"
HEAD=$DIR/head5m.txt
cut_head "$CORPUS" "$TOKENS" "$HEAD"
echo "# corpus: $(wc -w < "$HEAD") tokens; $(machine_line); $(mpirun --version | head -1)"

# run NAME PROCESSES THREADS MODEL EPOCHS SEED [FLAGS...]: trains; the log is $DIR/NAME.jsonl
run() {
  local name=$1 procs=$2 threads=$3 model=$4 epochs=$5 seed=$6
  shift 6
  local cmd=("$TRAIN" -i "$HEAD" -o "$DIR/$name.bin" --model "$model" --threads "$threads"
             --dim 100 --window 5 --negative 5 --sample 1e-4 --min-count 5 --epochs "$epochs"
             --seed "$seed" --quiet --log-json "$DIR/$name.jsonl" "$@")
  if [ "$procs" -gt 1 ]; then "${MPI[@]}" -np "$procs" "${cmd[@]}"; else "${cmd[@]}"; fi
}

# row NAME LABEL: one JSON line with the log's figures and the vectors' scores
row() {
  $PY - "$DIR/$1.jsonl" "$EVAL_DIR" "$DIR/$1.bin" "$2" <<'PY'
import json, logging, sys
from gensim.models import KeyedVectors
logging.disable(logging.WARNING)
log, eval_dir, vectors, label = sys.argv[1:5]
d = [json.loads(l) for l in open(log)][-1]
kv = KeyedVectors.load_word2vec_format(vectors, binary=True)
acc, _ = kv.evaluate_word_analogies(f"{eval_dir}/questions-words.txt", restrict_vocab=30000,
                                    case_insensitive=True)
sp = kv.evaluate_word_pairs(f"{eval_dir}/wordsim353.tsv", case_insensitive=True)[1][0]
print(json.dumps(dict(label=label, analogy=acc, ws353=sp, wps=d["words_per_sec"],
                      train_s=d["train_seconds"], syncs=d["syncs"], sync_s=d["sync_seconds"],
                      sync_bytes=d["sync_bytes"], procs=d["processes"],
                      per_proc=d["process_words_per_sec"])))
PY
}

table() {
  $PY - "$1" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
sd = lambda v: statistics.stdev(v) if len(v) > 1 else 0.0
print("  run                  analogy % mean ± sd      WS353 mean ± sd   words/s  syncs  sync s  MB/sync/proc")
seen = []
for r in rows:
    if r["label"] not in seen:
        seen.append(r["label"])
for label in seen:
    g = [r for r in rows if r["label"] == label]
    a = [100 * r["analogy"] for r in g]
    w = [r["ws353"] for r in g]
    syncs = statistics.mean(r["syncs"] for r in g)
    mb = statistics.mean(r["sync_bytes"] / max(1, r["syncs"]) / 1e6 for r in g)
    print(f"  {label:20s} {statistics.mean(a):6.2f} ± {sd(a):4.2f} (n={len(a)})   "
          f"{statistics.mean(w):.3f} ± {sd(w):.3f}   {statistics.mean(r['wps'] for r in g)/1e6:6.3f}M "
          f"{syncs:6.0f}  {statistics.mean(r['sync_s'] for r in g):6.2f}  {mb:8.3f}")
PY
}

quality() {
  local out=$DIR/quality.jsonl
  : > "$out"
  for model in sg cbow; do
    for seed in $SEEDS; do
      run "q1_${model}_$seed" 1 2 "$model" 5 "$seed" && row "q1_${model}_$seed" "$model 1 x 2" >> "$out"
      run "q2_${model}_$seed" 2 1 "$model" 5 "$seed" && row "q2_${model}_$seed" "$model 2 x 1" >> "$out"
      run "q4_${model}_$seed" 4 1 "$model" 5 "$seed" && row "q4_${model}_$seed" "$model 4 x 1" >> "$out"
    done
  done
  echo
  echo "## quality: 5 epochs, seeds $SEEDS (processes x threads)"
  table "$out"
}

overhead() {
  local out=$DIR/overhead.jsonl rounds=${ROUNDS:-3}
  : > "$out"
  for r in $(seq "$rounds"); do
    for model in sg cbow; do
      run "o1_${model}_$r" 1 2 "$model" 1 "$r" && row "o1_${model}_$r" "$model 1 x 2" >> "$out"
      run "o2_${model}_$r" 2 1 "$model" 1 "$r" && row "o2_${model}_$r" "$model 2 x 1" >> "$out"
    done
  done
  echo
  echo "## overhead: 1 epoch, $rounds alternating rounds"
  table "$out"
  $PY - "$out" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
for model in ("sg", "cbow"):
    one = statistics.mean(r["wps"] for r in rows if r["label"] == f"{model} 1 x 2")
    two = statistics.mean(r["wps"] for r in rows if r["label"] == f"{model} 2 x 1")
    print(f"  {model}: 2 x 1 reaches {two / one:.3f} of 1 x 2's words/s")
PY
}

sync_scan() {
  local out=$DIR/scan.jsonl
  : > "$out"
  for rows in ${SYNC_ROWS:-1024}; do
    for words in ${SYNC_WORDS:-10000 50000 200000 1000000}; do
      run "s_${words}_$rows" 2 1 sg 5 1 --sync-words "$words" --sync-rows "$rows" &&
        row "s_${words}_$rows" "sync ${words}w ${rows}r" >> "$out"
    done
  done
  run "s_one" 1 2 sg 5 1 && row "s_one" "1 x 2 (no sync)" >> "$out"
  echo
  echo "## --sync-words / --sync-rows scan: skip-gram, 5 epochs, 2 x 1, seed 1"
  table "$out"
}

kill_one() {
  echo
  echo "## a killed process: 2 x 1, SIGKILL to one mid-run"
  rm -f "$DIR/kill.ckpt" "$DIR/kill.bin"
  "${MPI[@]}" -np 2 "$TRAIN" -i "$HEAD" -o "$DIR/kill.bin" --threads 1 --epochs 2 --min-count 5 \
    --sample 1e-4 --checkpoint "$DIR/kill.ckpt" --checkpoint-interval 2 --quiet 2> "$DIR/kill.err" &
  local pid=$!
  while kill -0 $pid 2>/dev/null && [ ! -s "$DIR/kill.ckpt" ]; do sleep 0.1; done
  sleep 1
  local victim start end rc
  victim=$(pgrep -f "^$TRAIN .*$DIR/kill.bin" | tail -n 1)
  kill -9 "$victim"
  start=$(date +%s.%N)
  set +e
  wait $pid
  rc=$?
  set -e
  end=$(date +%s.%N)
  echo "  killed pid $victim: the job ended $($PY -c "print(f'{$end - $start:.2f}')") s later, exit $rc;" \
    "vectors file: $([ -e "$DIR/kill.bin" ] && echo present || echo none);" \
    "temporary files: $(ls -A "$DIR" | grep -c '\.tmp\.' || true); processes left: $(pgrep -fc "^$TRAIN .*$DIR/kill.bin" || true)"
  "${MPI[@]}" -np 2 "$TRAIN" --resume "$DIR/kill.ckpt" --quiet --log-json "$DIR/kill.jsonl"
  echo "  resumed from the checkpoint: exit $?; $(row kill "resumed" | $PY -c 'import json,sys; d=json.load(sys.stdin); print("analogy %.2f%%, WS353 %.3f" % (100 * d["analogy"], d["ws353"]))')"
}

case $WHAT in
  quality) quality ;;
  overhead) overhead ;;
  sync-scan) sync_scan ;;
  kill) kill_one ;;
  *) echo "unknown: $WHAT" >&2; exit 2 ;;
esac
