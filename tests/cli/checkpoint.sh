#!/usr/bin/env bash
# Checkpoints and exact resume (issue 5): with one thread, a run interrupted by SIGTERM, or
# killed with -9 after a periodic checkpoint, then resumed, writes vectors byte-identical to an
# uninterrupted run; SIGINT writes no vectors and prints the resume command; a corrupt checkpoint
# or a changed corpus is an error naming the file; two threads resumed are as accurate as two
# threads uninterrupted.
# Usage: checkpoint.sh BIN_DIR SOURCE_ROOT
source "$(dirname "$0")/lib.bash"
TRAIN=$BIN/w2v-train

# The planted-structure corpus (tests/python/gen_corpus.py): 300k tokens, with its analogy
# questions and word pairs. One thread trains 5 epochs of it in ~1 s (Release), so a signal sent
# after the first progress report lands mid-run.
planted "$WORK/p" 300000 1
CORPUS=$WORK/p/corpus.txt
ONE=(-i "$CORPUS" --dim 50 --epochs 5 --threads 1 --seed 3 --quiet --progress-interval 0.05)

# wait_for FILE PATTERN PID: until FILE exists (and holds PATTERN, if given) or PID has exited;
# false if PID exited first (then the caller's signal would be sent to nobody).
wait_for() {
  local file=$1 pattern=$2 pid=$3
  while kill -0 "$pid" 2>/dev/null; do
    if [ -e "$file" ] && { [ -z "$pattern" ] || grep -q "$pattern" "$file"; }; then return 0; fi
    sleep 0.02
  done
  return 1
}
# signal_when FILE PATTERN PID SIG WHAT: sends SIG once FILE holds PATTERN; a run that ends
# before that is a failure (the test would otherwise check nothing).
signal_when() {
  if wait_for "$1" "$2" "$3"; then
    kill -"$4" "$3"
  else
    fail "$5: the run ended before $1 showed '$2'; no signal was sent"
  fi
}
# event FILE NAME: true if the JSON log FILE has an object with "event" NAME (parsed as JSON).
event() {
  "$PY" -c 'import json, sys
sys.exit(0 if any(json.loads(l)["event"] == sys.argv[2] for l in open(sys.argv[1])) else 1)' "$1" "$2"
}

"$TRAIN" "${ONE[@]}" -o "$WORK/whole.bin" || fail "uninterrupted run exited $?"

# 1. SIGTERM once progress shows: exit 1, a checkpoint, no vectors, the resume command.
"$TRAIN" "${ONE[@]}" -o "$WORK/term.bin" --checkpoint "$WORK/term.ckpt" \
  --log-json "$WORK/term.json" 2> "$WORK/err" &
pid=$!
signal_when "$WORK/term.json" '"progress"' $pid TERM "SIGTERM"
{ wait $pid; } 2>/dev/null
rc=$?
if [ $rc -eq 1 ]; then pass; else fail "SIGTERM: exit $rc, want 1: $(cat "$WORK/err")"; fi
expect_err "interrupted by SIGTERM: checkpoint written to $WORK/term.ckpt" "SIGTERM message"
expect_err "resume with: w2v-train --resume $WORK/term.ckpt --output $WORK/term.bin" \
  "SIGTERM resume command"
expect_no_file "$WORK/term.bin" "SIGTERM"
event "$WORK/term.json" checkpoint && pass || fail "SIGTERM: no checkpoint event"
event "$WORK/term.json" interrupted && pass || fail "SIGTERM: no interrupted event"
expect_exit 0 "resume after SIGTERM" -- "$TRAIN" --resume "$WORK/term.ckpt" --quiet
expect_same "$WORK/term.bin" "$WORK/whole.bin" "resume after SIGTERM"

# 2. kill -9 once a periodic checkpoint exists (written atomically, so it is whole), then
# resume with a new output name.
"$TRAIN" "${ONE[@]}" -o "$WORK/nine.bin" --checkpoint "$WORK/nine.ckpt" \
  --checkpoint-interval 0.1 2> "$WORK/err" &
pid=$!
signal_when "$WORK/nine.ckpt" "" $pid 9 "kill -9"
{ wait $pid; } 2>/dev/null
rc=$?
if [ $rc -eq 137 ]; then pass; else fail "kill -9: exit $rc, want 137 (the run ended first?)"; fi
expect_no_file "$WORK/nine.bin" "kill -9"
expect_exit 0 "resume after kill -9" -- "$TRAIN" --resume "$WORK/nine.ckpt" \
  --output "$WORK/nine-resumed.bin" --quiet
expect_same "$WORK/nine-resumed.bin" "$WORK/whole.bin" "resume after kill -9"

# 3. SIGINT: the same, and the message says how to resume. A script's background job starts
# with SIGINT ignored, which w2v-train respects (as nohup expects); job control (set -m) starts
# it the way a terminal's Ctrl-C reaches a foreground run.
set -m
"$TRAIN" "${ONE[@]}" -o "$WORK/int.bin" --checkpoint "$WORK/int.ckpt" \
  --log-json "$WORK/int.json" 2> "$WORK/err" &
pid=$!
set +m
signal_when "$WORK/int.json" '"progress"' $pid INT "SIGINT"
{ wait $pid; } 2>/dev/null
rc=$?
if [ $rc -eq 1 ]; then pass; else fail "SIGINT: exit $rc, want 1: $(cat "$WORK/err")"; fi
expect_err "interrupted by SIGINT" "SIGINT message"
expect_err "resume with: w2v-train --resume $WORK/int.ckpt" "SIGINT resume command"
expect_no_file "$WORK/int.bin" "SIGINT"

# 3b. A SIGINT the caller ignores (a script's background job, nohup) stays ignored: the run
# completes and writes its vectors.
"$TRAIN" "${ONE[@]}" -o "$WORK/ign.bin" --checkpoint "$WORK/ign.ckpt" \
  --log-json "$WORK/ign.json" 2> "$WORK/err" &
pid=$!
signal_when "$WORK/ign.json" '"progress"' $pid INT "ignored SIGINT"
{ wait $pid; } 2>/dev/null
rc=$?
if [ $rc -eq 0 ]; then pass; else fail "ignored SIGINT: exit $rc, want 0: $(cat "$WORK/err")"; fi
expect_same "$WORK/ign.bin" "$WORK/whole.bin" "ignored SIGINT changes nothing"

# 3c. Names with quotes, a backslash and spaces: every line of the JSON log parses, and the
# resume command printed, run by a shell as it stands, completes the run.
odd_ckpt="$WORK/it's \"a\\b\".ckpt" odd_log="$WORK/log \"q\".json" odd_out="$WORK/out put.bin"
"$TRAIN" "${ONE[@]}" -o "$odd_out" --checkpoint "$odd_ckpt" --log-json "$odd_log" 2> "$WORK/err" &
pid=$!
signal_when "$odd_log" '"progress"' $pid TERM "odd names SIGTERM"
{ wait $pid; } 2>/dev/null
rc=$?
if [ $rc -eq 1 ]; then pass; else fail "odd names SIGTERM: exit $rc, want 1: $(cat "$WORK/err")"; fi
"$PY" - "$odd_log" "$odd_ckpt" <<'PY' && pass || fail "odd names: the JSON log"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert all(isinstance(l, dict) for l in lines) and len(lines) >= 3, lines
assert lines[-1] == {"event": "interrupted", "checkpoint": sys.argv[2]}, lines[-1]
PY
cmd=$(sed -n 's/.*; resume with: //p' "$WORK/err")
[ -n "$cmd" ] || fail "odd names: no resume command in: $(cat "$WORK/err")"
PATH="$BIN:$PATH" bash -c "$cmd --quiet" 2> "$WORK/err2" ||
  fail "odd names: the printed resume command failed: $cmd: $(cat "$WORK/err2")"
expect_same "$odd_out" "$WORK/whole.bin" "odd names: resumed by the printed command"
# 4. Errors: a corrupt checkpoint, a truncated one, a changed corpus, run flags with --resume.
cp "$WORK/int.ckpt" "$WORK/corrupt.ckpt"
printf '\x55' | dd of="$WORK/corrupt.ckpt" bs=1 seek=5000 conv=notrunc status=none
expect_exit 1 "corrupt checkpoint" -- "$TRAIN" --resume "$WORK/corrupt.ckpt" -o "$WORK/c.bin"
expect_err "$WORK/corrupt.ckpt: not a valid checkpoint: checksum mismatch" "corrupt checkpoint"
expect_one_line "corrupt checkpoint"
expect_no_file "$WORK/c.bin" "corrupt checkpoint"
head -c 1000 "$WORK/int.ckpt" > "$WORK/short.ckpt"
expect_exit 1 "truncated checkpoint" -- "$TRAIN" --resume "$WORK/short.ckpt" -o "$WORK/c.bin"
expect_err "$WORK/short.ckpt: not a valid checkpoint" "truncated checkpoint"
expect_exit 1 "vectors file as checkpoint" -- "$TRAIN" --resume "$WORK/whole.bin" -o "$WORK/c.bin"
expect_err "bad magic" "vectors file as checkpoint"
expect_exit 1 "missing checkpoint" -- "$TRAIN" --resume "$WORK/none.ckpt" -o "$WORK/c.bin"
expect_err "$WORK/none.ckpt" "missing checkpoint"
expect_exit 2 "--dim with --resume" -- "$TRAIN" --resume "$WORK/int.ckpt" --dim 20
expect_err "--dim cannot be used with --resume" "--dim with --resume"
cp "$CORPUS" "$WORK/corpus.orig"
sed -i '100s/^/w0 w1 /' "$CORPUS"  # two words of the vocabulary: new ids
expect_exit 1 "changed corpus" -- "$TRAIN" --resume "$WORK/int.ckpt" -o "$WORK/c.bin" --quiet
expect_err "the corpus changed since the checkpoint was written" "changed corpus"
expect_no_file "$WORK/c.bin" "changed corpus"
mv "$WORK/corpus.orig" "$CORPUS"
expect_exit 0 "resume after SIGINT" -- "$TRAIN" --resume "$WORK/int.ckpt" --quiet
expect_same "$WORK/int.bin" "$WORK/whole.bin" "resume after SIGINT"

# 5. CBOW in exact mode (word2vec.c's order) resumes exactly too; so does skip-gram exact.
for mm in "cbow exact 12" "sg exact 3"; do  # epochs for a run of ~2 s
  set -- $mm
  mm="$1 $2"
  R=(-i "$CORPUS" --model "$1" --mode "$2" --dim 30 --epochs "$3" --threads 1 --seed 5 --quiet)
  "$TRAIN" "${R[@]}" -o "$WORK/$1-whole.bin" || fail "$mm uninterrupted run exited $?"
  "$TRAIN" "${R[@]}" -o "$WORK/$1.bin" --checkpoint "$WORK/$1.ckpt" --log-json "$WORK/$1.json" \
    2>"$WORK/err" &
  pid=$!
  signal_when "$WORK/$1.json" '"progress"' $pid TERM "$mm SIGTERM"
  { wait $pid; } 2>/dev/null
  rc=$?
  if [ $rc -eq 1 ]; then pass; else fail "$mm SIGTERM: exit $rc, want 1: $(cat "$WORK/err")"; fi
  expect_exit 0 "$mm resume" -- "$TRAIN" --resume "$WORK/$1.ckpt" --quiet
  expect_same "$WORK/$1.bin" "$WORK/$1-whole.bin" "$mm: resumed vectors equal uninterrupted ones"
done

# 6. A checkpoint that cannot be written (a full disk: /dev/full) while the other thread is
# parked ends the run at once with exit 1 and a message naming the file; no vectors, no hang.
timeout -k 5 60 "$TRAIN" -i "$CORPUS" -o "$WORK/full.bin" --dim 30 --epochs 3 --threads 2 --quiet \
  --checkpoint /dev/full --checkpoint-interval 0.1 2>"$WORK/err"
rc=$?
if [ $rc -eq 1 ]; then pass; else fail "checkpoint to /dev/full: exit $rc, want 1: $(cat "$WORK/err")"; fi
expect_err "/dev/full" "failed checkpoint names the file"
expect_err "No space left on device" "failed checkpoint says why"
expect_one_line "failed checkpoint"
expect_no_file "$WORK/full.bin" "failed checkpoint"

# 7. Two threads: Hogwild is not deterministic, so compare quality on the planted sets. Over
# seeds 1-3 (this corpus, dim 32, 3 epochs, 2 threads) analogy accuracy was 1.0 every time and
# the Spearman correlation 0.744-0.748 (0.77 after 1 epoch: it falls as each noun's own word
# separates it from its topic). A resumed run must reach the same: analogy >= 0.97, Spearman
# within 0.02 of the uninterrupted run (five times the spread over seeds; a run that lost its
# model or half its training would be off by 0.025 or more).
TWO=(-i "$CORPUS" --dim 32 --epochs 3 --threads 2 --seed 1 --quiet)
# The run takes ~0.2 s on a fast machine: progress every 0.02 s lets the signal land mid-run.
"$TRAIN" "${TWO[@]}" -o "$WORK/two-whole.bin" || fail "2-thread uninterrupted run exited $?"
"$TRAIN" "${TWO[@]}" -o "$WORK/two.bin" --checkpoint "$WORK/two.ckpt" \
  --log-json "$WORK/two.json" --progress-interval 0.02 2> "$WORK/err" &
pid=$!
signal_when "$WORK/two.json" '"fraction": 0.[1-9]' $pid TERM "2 threads"
{ wait $pid; } 2>/dev/null
rc=$?
if [ $rc -eq 1 ]; then pass; else fail "2 threads, SIGTERM: exit $rc, want 1"; fi
expect_exit 0 "2 threads, resume" -- "$TRAIN" --resume "$WORK/two.ckpt" --quiet
read -r a_whole s_whole < <(score "$WORK/two-whole.bin" "$WORK/p/questions.txt" "$WORK/p/pairs.tsv")
read -r a_res s_res < <(score "$WORK/two.bin" "$WORK/p/questions.txt" "$WORK/p/pairs.tsv")
echo "2 threads: uninterrupted analogy $a_whole spearman $s_whole;" \
  "interrupted+resumed analogy $a_res spearman $s_res"
at_least "$a_whole" 0.97 && pass || fail "2 threads: uninterrupted analogy accuracy $a_whole < 0.97"
at_least "$a_res" 0.97 && pass || fail "2 threads: resumed analogy accuracy $a_res < 0.97"
within "$s_res" "$s_whole" 0.02 && pass ||
  fail "2 threads: resumed Spearman $s_res differs from $s_whole by more than 0.02"

finish
