# Helpers shared by the benchmark scripts; sourced, not run.

# cut_head CORPUS N OUT: the first N tokens of CORPUS (gzip) as whole lines, the last line cut
# at the N-th token, written to OUT unless OUT already holds them. awk stops reading early, so
# zcat ends on SIGPIPE: not a failure here.
cut_head() {
  local corpus=$1 n=$2 out=$3
  [ -s "$out" ] && return 0
  { zcat "$corpus" || true; } | awk -v N="$n" '{ if (n + NF >= N) { k = N - n; out = $1;
      for (i = 2; i <= k; i++) out = out " " $i; print out; exit } n += NF; print }' > "$out"
}

# machine_line: cores, CPU model and load, for the first line of a benchmark's output.
machine_line() {
  echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //');" \
    "load $(cut -d' ' -f1-3 /proc/loadavg)"
}

# bench_paths BUILD_ARG DEFAULT_BUILD: sets ROOT (the checkout; needs HERE, the bench folder),
# BUILD (BUILD_ARG, else ROOT/DEFAULT_BUILD), TRAIN, and CORPUS and EVAL_DIR unless the caller set
# them (the shared corpus and evaluation sets beside the checkout).
bench_paths() {
  ROOT=$(cd "$HERE/.." && pwd)
  BUILD=${1:-$ROOT/$2}
  TRAIN=$BUILD/bin/w2v-train
  CORPUS=${CORPUS:-$ROOT/../shared/data/corpus/enwiki66m.txt.gz}
  EVAL_DIR=${EVAL_DIR:-$ROOT/../shared/data/eval}
}
