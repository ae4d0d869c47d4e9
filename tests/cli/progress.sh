#!/usr/bin/env bash
# Progress lines: redrawn in place and cleared on a terminal (a pseudo-terminal made by
# script(1)), absent off a terminal unless --progress is given, then one line per phase end;
# never mixed into standard output; none with --quiet.
. "$(dirname "$0")/lib.bash"
need_brown
# Sixteen times the Brown corpus (18M tokens) on one thread: every pass lasts several times the
# tenth of a second before the first report (0.4 s for 8 copies here; a faster machine must
# still see one); terminal lines start at once (W2V_PROGRESS_AFTER=0, not 0.5 s).
for _ in $(seq 16); do cat "$BROWN"; done >"$WORK/big.txt"
export W2V_PROGRESS_AFTER=0

# on_tty OUT COMMAND...: runs the command with its standard error on a pseudo-terminal.
on_tty() {
  local out=$1
  shift
  script -qec "$(printf '%q ' "$@") 2>&1 >/dev/null" /dev/null >"$out" 2>&1 </dev/null
}

on_tty "$WORK/tty.txt" "$BIN/w2v-vocab" -i "$WORK/big.txt" -o "$WORK/v.txt" --threads 1 &&
  pass || fail "w2v-vocab on a terminal"
grep -qE $'\rw2v-vocab: counting words  [0-9.]+%  [0-9.]+ of [0-9.]+ MB' "$WORK/tty.txt" &&
  pass || fail "w2v-vocab redraws a line on a terminal: $(head -c 300 "$WORK/tty.txt" | cat -v)"
grep -q $'\r\e\\[Kread ' "$WORK/tty.txt" && pass || fail "the line is cleared before the summary"
on_tty "$WORK/tty_q.txt" "$BIN/w2v-vocab" -i "$WORK/big.txt" -o "$WORK/v.txt" --quiet
[ ! -s "$WORK/tty_q.txt" ] && pass || fail "--quiet prints nothing, even on a terminal"

on_tty "$WORK/tty_p.txt" "$BIN/w2v-phrases" -i "$WORK/big.txt" -o "$WORK/p.txt" --passes 2 \
  --threads 1 &&
  pass || fail "w2v-phrases on a terminal"
for phase in "pass 1/2: counting" "pass 2/2: writing"; do
  grep -q $'\r'"w2v-phrases: $phase" "$WORK/tty_p.txt" && pass || fail "terminal line for $phase"
done

# Off a terminal: nothing by default; with --progress a line as each phase ends.
"$BIN/w2v-vocab" -i "$WORK/big.txt" -o "$WORK/v.txt" 2>"$WORK/err" >"$WORK/out"
grep -q "counting words" "$WORK/err" && fail "progress off a terminal without --progress" || pass
"$BIN/w2v-vocab" -i "$WORK/big.txt" -o "$WORK/v.txt" --progress 2>"$WORK/err" >"$WORK/out"
grep -qE '^w2v-vocab: counting words  done: [0-9.]+ MB in [0-9.]+ s$' "$WORK/err" &&
  pass || fail "w2v-vocab --progress: $(head -c 300 "$WORK/err")"
[ ! -s "$WORK/out" ] && pass || fail "progress never goes to standard output"

# Loading vectors and answering questions.
"$BIN/w2v-train" -i "$BROWN" -o "$WORK/vec.txt" --format text --dim 10 --epochs 1 --quiet
"$BIN/w2v-eval" -v "$WORK/vec.txt" --analogies "$SRC/data/eval/questions-words.txt" --progress \
  >"$WORK/out" 2>"$WORK/err" || fail "w2v-eval --progress exited $?"
grep -qE '^w2v-eval: loading vectors  done: [0-9,]+ rows' "$WORK/err" && pass || fail "eval: loading line"
grep -qE '^w2v-eval: answering questions  done: [0-9,]+ questions' "$WORK/err" &&
  pass || fail "eval: answering line: $(cat "$WORK/err")"
grep -q "loading" "$WORK/out" && fail "eval: progress in standard output" || pass
"$BIN/w2v-convert" -i "$WORK/vec.txt" -o "$WORK/vec.bin" --to bin --progress 2>"$WORK/err" &&
  grep -q "w2v-convert: loading vectors  done" "$WORK/err" && pass || fail "convert --progress"
"$BIN/w2v-neighbors" -v "$WORK/vec.txt" the 2>"$WORK/err" >"$WORK/out"
grep -q "loading" "$WORK/err" && fail "neighbors: progress off a terminal" || pass

finish
