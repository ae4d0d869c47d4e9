#!/usr/bin/env bash
# Every JSON line the tools write (--json, --log-json) parses as one JSON object, whatever bytes
# the paths and words hold: quotes, backslashes, control bytes and bytes that are not UTF-8 (they
# come out as U+FFFD). Checked with Python's json module, not by looking for substrings.
# Usage: json.sh BIN_DIR SOURCE_ROOT
. "$(dirname "$0")/lib.bash"
TRAIN=$BIN/w2v-train

# check_jsonl FILE WHAT [PYTHON-EXPRESSION]: every line of FILE is a JSON object; the expression
# (over `lines`, the parsed objects) must be true.
check_jsonl() {
  if "$PY" - "$1" "${3:-True}" <<'EOF'; then pass; else fail "$2: $(head -c 600 "$1")"; fi
import json, sys
raw = open(sys.argv[1], "rb").read()
assert raw.endswith(b"\n"), "the last line is not ended"
lines = [json.loads(line) for line in raw.decode("utf-8").split("\n")[:-1]]
assert lines and all(isinstance(o, dict) for o in lines), "not one object per line"
assert eval(sys.argv[2]), "condition failed: " + sys.argv[2]
EOF
}

planted "$WORK/p" 300000 1
CORPUS=$WORK/p/corpus.txt

# 1. The issue's case: a checkpoint path with a quote and a backslash, stopped by SIGTERM; and one
# with a control byte and a byte that is not UTF-8.
for name in 'a"b\c.ckpt' $'tab\there \x01\xff.ckpt'; do
  ck=$WORK/$name
  rm -f "$WORK/log.jsonl"  # the previous run's progress line must not trigger this run's signal
  "$TRAIN" -i "$CORPUS" -o "$WORK/v.bin" --dim 30 --epochs 20 --threads 2 --quiet \
    --checkpoint "$ck" --log-json "$WORK/log.jsonl" --progress-interval 0.05 2>"$WORK/err" &
  pid=$!
  while kill -0 $pid 2>/dev/null && ! grep -q '"progress"' "$WORK/log.jsonl" 2>/dev/null; do
    sleep 0.02
  done
  kill -TERM $pid 2>/dev/null || fail "the run ended before a progress line: no SIGTERM sent"
  { wait $pid; } 2>/dev/null
  rc=$?
  [ $rc -eq 1 ] && pass || fail "SIGTERM with --checkpoint '$name': exit $rc, want 1: $(cat "$WORK/err")"
  # The interrupted event names the checkpoint: the path itself, non-UTF-8 bytes as U+FFFD.
  CK=$ck check_jsonl "$WORK/log.jsonl" "log of a run with checkpoint '$name'" \
    'lines[-1]["event"] == "interrupted" and lines[-1]["checkpoint"] == __import__("os").environb[b"CK"].decode("utf-8", "replace") and any(o["event"] == "checkpoint" for o in lines) and any(o["event"] == "progress" for o in lines)'
done

# 2. A complete run: progress, train_done and done events, numbers that round-trip.
"$TRAIN" -i "$CORPUS" -o "$WORK/v.bin" --dim 20 --epochs 1 --threads 2 --quiet \
  --log-json "$WORK/done.jsonl" || fail "training for the log exited $?"
check_jsonl "$WORK/done.jsonl" "log of a complete run" \
  '[o["event"] for o in lines[-2:]] == ["train_done", "done"] and lines[-1]["words_trained"] == lines[-2]["words_done"] > 0'
check_jsonl "$WORK/done.jsonl" "the counting and encoding passes are logged" \
  '[o["phase"] for o in lines if o["event"] == "pass" and o["finished"]] == ["counting words", "encoding"] and all(o["done"] == o["total"] > 0 for o in lines if o["event"] == "pass" and o["finished"])'

# The phrase tool's log: every line an object, whatever the output's name.
"$BIN/w2v-phrases" -i "$CORPUS" -o "$WORK/ph\"ra\\sed"$'\001\377'.txt --passes 2 --quiet \
  --log-json "$WORK/ph.jsonl" || fail "w2v-phrases for the log exited $?"
check_jsonl "$WORK/ph.jsonl" "w2v-phrases --log-json" \
  'lines[-1]["event"] == "done" and lines[-1]["output"].endswith("ph\"ra\\sed\x01\ufffd.txt") and len(lines[-1]["passes"]) == 2 and sum(o["event"] == "pass" and o["finished"] for o in lines) == 4'

# 3. Query tools and w2v-eval on words and section names with every kind of awkward byte.
printf '4 2\nq"uote 1 0\nback\\slash 0.9 0.1\nctl\001x 0 1\n\377\376 0.5 0.5\n' >"$WORK/odd.txt"
printf 'q"uote\nctl\001x\n\377\376\n' | "$BIN/w2v-neighbors" -v "$WORK/odd.txt" --json -k 3 \
  >"$WORK/n.jsonl" 2>"$WORK/err" || fail "w2v-neighbors --json exited $?: $(cat "$WORK/err")"
check_jsonl "$WORK/n.jsonl" "w2v-neighbors --json" \
  'len(lines) == 3 and lines[0]["query"] == "q\"uote" and lines[1]["query"] == "ctl\x01x" and lines[2]["query"] == "\ufffd\ufffd" and {n["word"] for n in lines[0]["neighbors"]} == {"back\\slash", "ctl\x01x", "\ufffd\ufffd"}'
printf 'q"uote back\\slash ctl\001x\nnot here at\n' | "$BIN/w2v-analogy" -v "$WORK/odd.txt" --json -k 1 \
  >"$WORK/a.jsonl" 2>"$WORK/err" || fail "w2v-analogy --json exited $?: $(cat "$WORK/err")"
check_jsonl "$WORK/a.jsonl" "w2v-analogy --json" \
  'len(lines) == 2 and lines[0]["query"] == ["q\"uote", "back\\slash", "ctl\x01x"] and "error" in lines[1]'
printf ': sec"tion\\ \001\377\nq"uote back\\slash ctl\001x \377\376\n' >"$WORK/q.txt"
"$BIN/w2v-eval" -v "$WORK/odd.txt" --analogies "$WORK/q.txt" --no-case-fold --json \
  >"$WORK/e.jsonl" 2>"$WORK/err" || fail "w2v-eval --json exited $?: $(cat "$WORK/err")"
check_jsonl "$WORK/e.jsonl" "w2v-eval --analogies --json" \
  'lines[0]["sections"][0]["name"] == "sec\"tion\\ \x01\ufffd" and lines[0]["total"]["answered"] == 1'
"$BIN/w2v-eval" -v "$WORK/odd.txt" --similarity <(printf 'q"uote back\\slash 1\nctl\001x \377\376 2\nq"uote \377\376 3\n') \
  --no-case-fold --json >"$WORK/s.jsonl" 2>"$WORK/err" || fail "w2v-eval --similarity --json exited $?"
check_jsonl "$WORK/s.jsonl" "w2v-eval --similarity --json" \
  'lines[0]["pairs"] == 3 and isinstance(lines[0]["spearman"], float)'
finish
