#!/usr/bin/env bash
# A simulated cluster for distributed w2v-train (issue 11): 4 nodes, each its own network namespace
# with one veth link to a bridge (in a "switch" namespace), both directions of every link capped
# with tc tbf; OpenMPI over TCP between them, mpirun started in node 0 with an rsh agent
# (cluster_sim/netns_rsh.sh) that runs each node's daemon in its namespace.
#
# Usage (root): bench/cluster_sim.sh [BUILD_DIR]     (BUILD_DIR default: build/rel; uses bin/)
#
# What it does, in order:
#   1. copies BUILD_DIR/bin to a scratch folder (so a rebuild meanwhile changes nothing), builds
#      cluster_sim/allreduce_bench.c with mpicc, cuts the first $TOKENS tokens of the corpus;
#   2. single-process words/s, 1 epoch, $REPEATS runs at 1 thread (and one at 2), before anything
#      else of this script runs, each after waiting (up to $QUIET_WAIT s) for the box to be at most
#      $QUIET_BUSY% busy with others' work: the compute rate of the model (the best run);
#   3. per link speed in $LINKS (none = no cap, the box's own limit): one-way stream rank 0 -> 1
#      and the collective alone (allreduce_bench: each distinct sync size, after a barrier, so no
#      waiting for slower ranks), then mpirun -np 4 w2v-train at each --sync-words in
#      $SYNC_WORDS (1 thread per rank), with every link's veth byte counters read before and after;
#   4. cluster_sim/model.py prints the tables and the model of $MODEL_PROCS nodes at latencies
#      $MODEL_LATENCY_MS added per message.
# w2v-train options: --min-count 5 --sample 1e-4 --dim $DIM --window 5 --threads 1 --epochs 1.
# OpenMPI: --mca btl tcp,self (no shared memory between "nodes"), btl/oob restricted to
# 10.77.0.0/24, mpi_yield_when_idle 1 (4 ranks share 2 cores: a rank waiting in a collective
# yields instead of spinning). The namespaces are named w2vsim<pid>-n0..n3 and -sw, removed on exit.
# Environment: W2V_SIM_DIR (scratch; default a temp dir, removed unless given), CORPUS, TOKENS,
#   SYNC_WORDS, SYNC_ROWS, LINKS, REPEATS, MICRO_SECONDS (per size), THREADS_PER_NODE (model),
#   MODEL_PROCS, MODEL_LATENCY_MS, MODEL_EPOCH_WORDS, MODEL_VOCAB, QUIET_BUSY, QUIET_WAIT.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
ROOT=$(cd "$HERE/.." && pwd)
SIM=$HERE/cluster_sim
BUILD=${1:-$ROOT/build/rel}
CORPUS=${CORPUS:-$ROOT/../shared/data/corpus/enwiki66m.txt.gz}
TOKENS=${TOKENS:-2000000}
SYNC_WORDS=${SYNC_WORDS:-50000 200000 1000000}
SYNC_ROWS=${SYNC_ROWS:-1024}
LINKS=${LINKS:-none 1gbit 10gbit}
REPEATS=${REPEATS:-3}
MICRO_SECONDS=${MICRO_SECONDS:-1}
THREADS_PER_NODE=${THREADS_PER_NODE:-2}
MODEL_PROCS=${MODEL_PROCS:-8 32 64}
MODEL_LATENCY_MS=${MODEL_LATENCY_MS:-0.1 0.5}
MODEL_EPOCH_WORDS=${MODEL_EPOCH_WORDS:-1000000000}
MODEL_VOCAB=${MODEL_VOCAB:-0}  # rows of the modelled vocabulary; 0: the measured run's
QUIET_BUSY=${QUIET_BUSY:-40}
QUIET_WAIT=${QUIET_WAIT:-30}
DIM=100
PROCS=4
PY=/usr/bin/python3

die() { echo "cluster_sim.sh: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (network namespaces, tc)"
for c in ip tc mpirun mpicc zcat awk ldd; do
  command -v "$c" > /dev/null || die "needs $c (openmpi-bin libopenmpi-dev iproute2)"
done
[ -x "$PY" ] || die "needs $PY"
[ -x "$BUILD/bin/w2v-train" ] || die "no $BUILD/bin/w2v-train: build first"
ldd "$BUILD/bin/w2v-train" | grep -q libmpi || die "$BUILD/bin/w2v-train is not built with MPI"
[ -r "$CORPUS" ] || die "no corpus $CORPUS"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

KEEP_DIR=${W2V_SIM_DIR:+1}
DIR=${W2V_SIM_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/w2v-cluster-sim.XXXXXX")}
mkdir -p "$DIR"
NS=w2vsim$$-  # namespaces ${NS}n0..n3 and ${NS}sw
SW=${NS}sw
NODES=$(seq 0 $((PROCS - 1)))

cleanup() {
  local rc=$? ns pid
  trap - EXIT INT TERM
  for ns in $(ip netns list | awk -v p="$NS" 'index($1, p) == 1 { print $1 }'); do
    # Processes this script started in its namespaces (an mpirun that timed out).
    for pid in $(ip netns pids "$ns" 2> /dev/null); do kill -9 "$pid" 2> /dev/null || true; done
    ip netns del "$ns" 2> /dev/null || echo "cluster_sim.sh: could not remove namespace $ns" >&2
  done
  [ -n "$KEEP_DIR" ] || rm -rf "$DIR"
  exit "$rc"
}
# A signal ends the mpirun under way (its timeout, started here, passes it on), then cleanup.
CHILD=
on_signal() {
  [ -z "$CHILD" ] || kill -TERM "$CHILD" 2> /dev/null || true
  exit "$1"
}
trap cleanup EXIT
trap 'on_signal 130' INT
trap 'on_signal 143' TERM

# --- 1. binaries, benchmark, corpus ---
mkdir -p "$DIR/bin" "$DIR/runs" "$DIR/tmp"
cp "$BUILD"/bin/* "$DIR/bin/"
TRAIN=$DIR/bin/w2v-train
mpicc -O2 -Wall -o "$DIR/bin/allreduce_bench" "$SIM/allreduce_bench.c"
HEAD=$DIR/head.txt
cut_head "$CORPUS" "$TOKENS" "$HEAD"
RESULTS=$DIR/results.jsonl
: > "$RESULTS"
W2V_OPTS=(--min-count 5 --sample 1e-4 --dim "$DIM" --window 5 --epochs 1 --quiet)
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $(mpirun --version | head -n 1); kernel $(uname -r); scratch $DIR"

# busy_percent: CPU use of the whole box over 2 s (100 = every core busy).
busy_percent() {
  local a b
  read -r -a a < /proc/stat
  sleep 2
  read -r -a b < /proc/stat
  # user nice system idle iowait irq softirq steal
  local busy=$(( (b[1] + b[2] + b[3] + b[6] + b[7] + b[8]) - (a[1] + a[2] + a[3] + a[6] + a[7] + a[8]) ))
  local all=$(( busy + (b[4] + b[5]) - (a[4] + a[5]) ))
  echo $(( all > 0 ? 100 * busy / all : 0 ))
}
# wait_quiet: waits (at most $QUIET_WAIT s) until the box is at most $QUIET_BUSY% busy (other
# users' work); prints the busy% it ran at.
wait_quiet() {
  local waited=0 busy
  busy=$(busy_percent)
  while [ "$busy" -gt "$QUIET_BUSY" ] && [ "$waited" -lt "$QUIET_WAIT" ]; do
    sleep 3
    waited=$((waited + 5))
    busy=$(busy_percent)
  done
  echo "$busy"
}
json_list() { local IFS=,; echo "[$*]"; }

# --- 2. single-process compute rate ---
for t in 1 2; do
  n=$REPEATS
  [ "$t" = 2 ] && n=1
  for k in $(seq 1 "$n"); do
    log=$DIR/runs/single_t${t}_$k.jsonl
    busy=$(wait_quiet)
    "$TRAIN" -i "$HEAD" -o "$DIR/runs/single.bin" --threads "$t" "${W2V_OPTS[@]}" \
      --tmp-dir "$DIR/tmp" --log-json "$log"
    echo "{\"kind\": \"compute\", \"threads\": $t, \"busy\": $busy, \"log\": \"$log\"}" >> "$RESULTS"
  done
done
VOCAB=$(tail -n 1 "$DIR/runs/single_t1_1.jsonl" | $PY -c 'import json,sys; print(json.load(sys.stdin)["vocab_size"])')

# --- 3. the simulated cluster ---
ip netns add "$SW"
ip -n "$SW" link set lo up
ip -n "$SW" link add br0 type bridge
ip -n "$SW" link set br0 up
for i in $NODES; do
  ip netns add "${NS}n$i"
  ip -n "${NS}n$i" link set lo up
  ip link add eth0 netns "${NS}n$i" type veth peer name "p$i" netns "$SW"
  ip -n "${NS}n$i" addr add "10.77.0.$((i + 1))/24" dev eth0
  ip -n "${NS}n$i" link set eth0 up
  ip -n "$SW" link set "p$i" master br0
  ip -n "$SW" link set "p$i" up
done
HOSTFILE=$DIR/hostfile
for i in $NODES; do echo "10.77.0.$((i + 1)) slots=1"; done > "$HOSTFILE"

# set_link RATE: caps both directions of every node's link (node -> switch on the node's eth0,
# switch -> node on the switch's pN); none removes the caps.
set_link() {
  local rate=$1 i burst=256kb
  [ "$rate" = 10gbit ] && burst=1mb
  for i in $NODES; do
    ip netns exec "${NS}n$i" tc qdisc del dev eth0 root 2> /dev/null || true
    ip netns exec "$SW" tc qdisc del dev "p$i" root 2> /dev/null || true
    [ "$rate" = none ] && continue
    ip netns exec "${NS}n$i" tc qdisc add dev eth0 root tbf rate "$rate" burst "$burst" latency 50ms
    ip netns exec "$SW" tc qdisc add dev "p$i" root tbf rate "$rate" burst "$burst" latency 50ms
  done
}
# Bytes each node has sent (switch side pN received) so far, as a JSON list.
tx_bytes() {
  local i vals=()
  for i in $NODES; do vals+=("$(ip netns exec "$SW" cat "/sys/class/net/p$i/statistics/rx_bytes")"); done
  json_list "${vals[@]}"
}
# sim_mpirun OUT ERR CMD...: mpirun -np 4 across the namespaces, started in node 0; one retry.
sim_mpirun() {
  local out=$1 err=$2 try
  shift 2
  for try in 1 2; do
    # In the background with wait, so that a signal is handled at once, not after mpirun ends.
    W2V_SIM_NS=$NS W2V_SIM_TMP=$DIR/tmp TMPDIR=$DIR/tmp/n0 \
      timeout 600 ip netns exec "${NS}n0" mpirun -np "$PROCS" --hostfile "$HOSTFILE" \
        --mca plm_rsh_agent "$SIM/netns_rsh.sh" --mca btl tcp,self \
        --mca btl_tcp_if_include 10.77.0.0/24 --mca oob_tcp_if_include 10.77.0.0/24 \
        --mca mpi_yield_when_idle 1 "$@" > "$out" 2> "$err" < /dev/null &
    CHILD=$!
    if wait "$CHILD"; then
      CHILD=
      return 0
    fi
    CHILD=
    echo "cluster_sim.sh: mpirun failed (try $try): $*; stderr:" >&2
    grep -v 'setpgid' "$err" | tail -n 20 >&2 || true
  done
  die "mpirun failed twice"
}
mkdir -p "$DIR/tmp/n0"
SIZES=$($PY "$SIM/model.py" sizes "$VOCAB" "$DIM" "$SYNC_ROWS")
for link in $LINKS; do
  set_link "$link"
  before=$(tx_bytes)
  # shellcheck disable=SC2086
  sim_mpirun "$DIR/runs/micro_$link.jsonl" "$DIR/runs/micro_$link.err" \
    "$DIR/bin/allreduce_bench" "$MICRO_SECONDS" stream=$((256 << 20)) $SIZES
  echo "{\"kind\": \"micro\", \"link\": \"$link\", \"out\": \"$DIR/runs/micro_$link.jsonl\", \"tx_before\": $before, \"tx_after\": $(tx_bytes)}" >> "$RESULTS"
  for sw in $SYNC_WORDS; do
    log=$DIR/runs/w2v_${link}_$sw.jsonl
    rm -f "$log"
    before=$(tx_bytes)
    # Only rank 0 writes the vectors and the log.
    sim_mpirun "$DIR/runs/w2v_${link}_$sw.out" "$DIR/runs/w2v_${link}_$sw.err" \
      "$TRAIN" -i "$HEAD" -o "$DIR/runs/dist.bin" --threads 1 "${W2V_OPTS[@]}" \
      --sync-words "$sw" --sync-rows "$SYNC_ROWS" --tmp-dir "$DIR/tmp" --log-json "$log"
    echo "{\"kind\": \"w2v\", \"link\": \"$link\", \"sync_words\": $sw, \"log\": \"$log\", \"tx_before\": $before, \"tx_after\": $(tx_bytes)}" >> "$RESULTS"
  done
done
set_link none

# --- 4. tables and model ---
read -r -a mp <<< "$MODEL_PROCS"
read -r -a ml <<< "$MODEL_LATENCY_MS"
echo "{\"kind\": \"meta\", \"procs\": $PROCS, \"threads\": 1, \"dim\": $DIM, \"sync_rows\": $SYNC_ROWS, \"threads_per_node\": $THREADS_PER_NODE, \"model_procs\": $(json_list "${mp[@]}"), \"model_latency_ms\": $(json_list "${ml[@]}"), \"model_epoch_words\": $MODEL_EPOCH_WORDS, \"model_vocab\": $MODEL_VOCAB, \"default_sync_words\": 1000000, \"comm_share\": 0.1, \"corpus\": \"$(basename "$CORPUS") head\"}" >> "$RESULTS"
$PY "$SIM/model.py" report "$RESULTS"
