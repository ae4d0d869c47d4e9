#!/usr/bin/env bash
# w2v-neighbors, w2v-analogy and w2v-eval end to end: hand-made vectors with known answers, stdin
# mode, --json shapes, the bad-input table of issue 4 (exit 1, or 2 for usage, with one line
# naming the file and row), and parity with gensim on vectors written by gensim and, when
# w2v-train is built, on vectors trained by w2v.
. "$(dirname "$0")/lib.bash"
N=$BIN/w2v-neighbors
A=$BIN/w2v-analogy
E=$BIN/w2v-eval
need_brown
CORPUS=$BROWN
QW=$SRC/data/eval/questions-words.txt
WS=$SRC/data/eval/wordsim353.tsv

for tool in "$N" "$A" "$E"; do
  expect_exit 0 "$(basename "$tool") --help" -- "$tool" --help
  grep -q -- "--vectors" "$WORK/out" && pass || fail "$(basename "$tool") --help lists --vectors"
  expect_exit 2 "$(basename "$tool") bad flag" -- "$tool" --no-such-flag
  expect_one_line "$(basename "$tool") bad flag"
  expect_exit 2 "$(basename "$tool") without --vectors" -- "$tool"
  expect_err "--vectors" "missing --vectors named"
done

# Hand-made vectors: east/ene/nne/north/west in 2-D, and a planted analogy.
V=$WORK/v.txt
printf '5 2\neast 2 0\nene 2 1\nnne 3 6\nnorth 0 0.1\nwest -3 0\n' >"$V"
expect_exit 0 "neighbours" -- "$N" -v "$V" -k 2 east
printf 'east\n  ene                     0.8944\n  nne                     0.4472\n' >"$WORK/want"
expect_same "$WORK/out" "$WORK/want" "neighbours of east, text"
expect_exit 0 "neighbours --json" -- "$N" -v "$V" -k 1 --json east
[ "$(cat "$WORK/out")" = '{"query": "east", "neighbors": [{"word": "ene", "similarity": 0.8944272}]}' ] \
  && pass || fail "--json shape: $(cat "$WORK/out")"
expect_exit 0 "several words" -- "$N" -v "$V" -k 3 east north
head -1 "$WORK/out" | grep -qx "east north" && pass || fail "multi-word query label"
grep -c '^  ' "$WORK/out" | grep -qx 3 && pass || fail "multi-word query excludes its words"
expect_exit 0 "--restrict" -- "$N" -v "$V" -k 5 --restrict 2 west
[ "$(grep -c '^  ' "$WORK/out")" = 2 ] && pass || fail "--restrict 2 leaves 2 candidates"
expect_exit 1 "unknown word on the command line" -- "$N" -v "$V" nowhere
expect_err "unknown word 'nowhere'" "unknown word named"

# stdin: one query per line, unknown words reported and skipped, ends on EOF, no prompt on a pipe.
printf 'east\nnowhere\n\nwest north\n' | "$N" -v "$V" -k 1 --json >"$WORK/out" 2>"$WORK/err"
[ $? -eq 0 ] && pass || fail "stdin mode exit code"
[ "$(wc -l <"$WORK/out")" -eq 3 ] && pass || fail "one JSON line per query: $(cat "$WORK/out")"
sed -n 2p "$WORK/out" | grep -q '"error": "unknown word: nowhere"' && pass || fail "error line for unknown word"
sed -n 3p "$WORK/out" | grep -q '"query": "west north"' && pass || fail "query after an unknown word answered"
grep -q "unknown word 'nowhere'" "$WORK/err" && pass || fail "unknown word message on stderr"
grep -q '>' "$WORK/err" && fail "no prompt when stdin is not a terminal" || pass
timeout 10 "$N" -v "$V" </dev/null >/dev/null 2>&1
[ $? -eq 0 ] && pass || fail "empty stdin ends at once with exit 0"
(printf 'east\n'; sleep 1; printf 'west\n') | timeout 10 "$N" -v "$V" -k 1 --json >"$WORK/out" 2>&1
[ "$(wc -l <"$WORK/out")" -eq 2 ] && pass || fail "queries arriving over time are all answered"

# Analogies: man : king :: woman : queen.
AV=$WORK/a.txt
printf '5 3\nman 1 0 0.2\nking 1 1 0.2\nwoman 0 0.1 1\nqueen 0 1.1 1\napple -1 -0.3 0.1\n' >"$AV"
for m in add mul; do
  expect_exit 0 "analogy $m" -- "$A" -v "$AV" -k 1 --method $m --json man king woman
  grep -q '^{"query": \["man", "king", "woman"\], "answers": \[{"word": "queen", "score": ' "$WORK/out" \
    && pass || fail "analogy $m JSON: $(cat "$WORK/out")"
done
expect_exit 0 "analogy text" -- "$A" -v "$AV" -k 2 man king woman
head -1 "$WORK/out" | grep -qx "man : king :: woman : ?" && pass || fail "analogy text header"
printf 'man king woman\nman king\nman king pear\n' | "$A" -v "$AV" -k 1 >"$WORK/out" 2>"$WORK/err"
[ $? -eq 0 ] && pass || fail "analogy stdin exit code"
grep -q "expected three words A B C, found 2" "$WORK/err" && pass || fail "two-word line reported"
grep -q "unknown word: pear" "$WORK/err" && pass || fail "unknown analogy word reported"
grep -q "queen" "$WORK/out" && pass || fail "analogy stdin answered"

# Usage errors exit 2 before any loading.
expect_exit 2 "-k 0" -- "$N" -v "$V" -k 0 east
expect_err "-k must be at least 1, got 0" "-k 0 message"
expect_exit 2 "-k -3" -- "$A" -v "$AV" -k -3 man king woman
expect_exit 2 "--restrict -1" -- "$N" -v "$V" --restrict -1 east
expect_exit 2 "--method bad" -- "$A" -v "$AV" --method cos man king woman
expect_err "--method must be add or mul" "--method message"
expect_exit 2 "analogy with 2 words" -- "$A" -v "$AV" man king
expect_exit 2 "--format bad" -- "$N" -v "$V" --format hdf5 east
expect_exit 2 "eval without a task" -- "$E" -v "$V"
expect_exit 2 "eval with both tasks" -- "$E" -v "$V" --analogies "$QW" --similarity "$WS"
expect_exit 2 "-k abc" -- "$N" -v "$V" -k abc east

# Bad vector files: exit 1, one line naming the file and the row or line.
python_bin() { "$PY" -c "import struct,sys; sys.stdout.buffer.write($1)"; }
python_bin 'b"3 2\n" + b"aaaaaaaaaaaaaaaaaaaa " + struct.pack("<2f", 1, 2) + b"\n" + b"bbbbbbbbbbbbbbbbbbbb " + struct.pack("<2f", 1, 2) + b"\nc " + b"\0\0\0"' >"$WORK/trunc.bin"
python_bin 'b"1000000000 300\nw " + bytes(1200) + b"\n"' >"$WORK/lie.bin"
python_bin 'b"2 2\na " + struct.pack("<2f", 1, 2) + b"\nb " + struct.pack("<2f", float("nan"), 2) + b"\n"' >"$WORK/nan.bin"
printf '2 2\na 1 2\nbbbbbbbb 1\n' >"$WORK/short.txt"
printf '2 2\na 1 2\nb 1 2 3\n' >"$WORK/long.txt"
printf '2 2\na 1 2\nb 1 x\n' >"$WORK/nonnum.txt"
printf '2 2\na 1 2\nb 1 nan\n' >"$WORK/nan.txt"
printf '2 0\n' >"$WORK/dim0.txt"
: >"$WORK/empty.txt"
printf 'east 2 0\nwest -3 0\n' >"$WORK/glove.txt"
mkdir -p "$WORK/dir.bin"
gzip -c "$WORK/lie.bin" >"$WORK/lie.bin.gz"
check_bad() {  # FILE EXPECTED-TEXT...
  local f=$1
  shift
  expect_exit 1 "bad vectors $(basename "$f")" -- "$N" -v "$f" east
  expect_one_line "bad vectors $(basename "$f")"
  expect_err "$f" "file named for $(basename "$f")"
  for t in "$@"; do expect_err "$t" "$(basename "$f")"; done
}
check_bad "$WORK/trunc.bin" "truncated at row 3 of 3"
check_bad "$WORK/lie.bin" "claims 1000000000 words"
check_bad "$WORK/lie.bin.gz" "truncated at row 2 of 1000000000"
check_bad "$WORK/nan.bin" "row 2 of 2" "NaN"
check_bad "$WORK/short.txt" "line 3" "has 1 number, the header says 2"
check_bad "$WORK/long.txt" "line 3" "has 3 numbers, the header says 2"
check_bad "$WORK/nonnum.txt" "line 3" "not a number"
check_bad "$WORK/nan.txt" "line 3" "NaN"
check_bad "$WORK/dim0.txt" "line 1" "dimension 0"
check_bad "$WORK/empty.txt" "empty"
check_bad "$WORK/dir.bin" "directory"
check_bad "$WORK/missing.bin" "No such file"
check_bad "$WORK/glove.txt" "line 1" "--format glove"
expect_exit 0 "--format glove" -- "$N" -v "$WORK/glove.txt" --format glove -k 1 east
grep -q west "$WORK/out" && pass || fail "glove file read with --format glove"

# Bad evaluation files.
printf ': family\nman king woman\n' >"$WORK/q3.txt"
expect_exit 1 "questions line with three words" -- "$E" -v "$AV" --analogies "$WORK/q3.txt"
expect_err "q3.txt: line 2: expected 4 words" "three-word question named"
expect_one_line "three-word question"
printf 'man king 1\nqueen\n' >"$WORK/p2.txt"
expect_exit 1 "pairs line with one word" -- "$E" -v "$AV" --similarity "$WORK/p2.txt"
expect_err "p2.txt: line 2" "bad pair line named"
expect_exit 1 "missing questions file" -- "$E" -v "$AV" --analogies "$WORK/nope.txt"
expect_err "nope.txt" "missing questions file named"

# Evaluation on the hand-made analogy: exact counts.
printf ': family\nman king woman queen\nMan King Woman Queen\nman king woman prince\n: gram1-x\nman king woman apple\n' >"$WORK/q.txt"
expect_exit 0 "eval --json" -- "$E" -v "$AV" --analogies "$WORK/q.txt" --json
[ "$(cat "$WORK/out")" = '{"total": {"correct": 2, "answered": 3, "accuracy": 0.6666666666666666}, "semantic": {"correct": 2, "answered": 2, "accuracy": 1}, "syntactic": {"correct": 0, "answered": 1, "accuracy": 0}, "skipped": 1, "sections": [{"name": "family", "correct": 2, "answered": 2}, {"name": "gram1-x", "correct": 0, "answered": 1}]}' ] \
  && pass || fail "eval JSON: $(cat "$WORK/out")"
expect_exit 0 "eval --no-case-fold" -- "$E" -v "$AV" --analogies "$WORK/q.txt" --no-case-fold
grep -qx "family: 100.0% (1/1)" "$WORK/out" && pass || fail "no case folding skips Man King...: $(cat "$WORK/out")"

# Parity with gensim: on gensim's own vectors (binary and text), and on w2v-train's.
PYTHONHASHSEED=0 "$PY" "$SRC/tests/python/gensim_parity.py" train "$CORPUS" "$WORK/gensim" >/dev/null 2>&1 \
  && pass || fail "gensim training"
for f in "$WORK/gensim.bin" "$WORK/gensim.txt"; do
  if "$PY" "$SRC/tests/python/gensim_parity.py" compare "$BIN" "$f" "$QW" "$WS" >"$WORK/parity" 2>&1; then
    pass
  else
    fail "gensim parity on $(basename "$f"): $(tail -n 20 "$WORK/parity")"
  fi
  sed 's/^/  /' "$WORK/parity"
done
if [ ! -x "$BIN/w2v-train" ]; then
  fail "w2v-train is not built: parity on w2v-trained vectors needs it"
else
  # One thread: the same vectors on every run, so a parity failure reproduces.
  if "$BIN/w2v-train" -i "$CORPUS" -o "$WORK/w2v.bin" --model cbow --dim 50 --epochs 3 \
      --threads 1 --seed 7 >/dev/null 2>"$WORK/err"; then
    pass
    if "$PY" "$SRC/tests/python/gensim_parity.py" compare "$BIN" "$WORK/w2v.bin" "$QW" "$WS" >"$WORK/parity" 2>&1; then
      pass
    else
      fail "gensim parity on w2v-train vectors: $(tail -n 20 "$WORK/parity")"
    fi
    sed 's/^/  /' "$WORK/parity"
  else
    fail "w2v-train for parity: $(head -c 400 "$WORK/err")"
  fi
fi
finish
