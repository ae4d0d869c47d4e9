#!/usr/bin/env bash
# w2v-phrases end to end: outputs byte-identical to an independent Python reading of
# word2phrase's rules (tests/python/phrases_ref.py) on the Brown corpus and on a generated corpus
# with planted collocations, for both scorers, one and two passes; every input kind, gzip output,
# threads; progress and JSON log; bad input.
. "$(dirname "$0")/lib.bash"
P=$BIN/w2v-phrases
REF=$SRC/tests/python/phrases_ref.py
need_brown

expect_exit 0 "--help" -- "$P" --help
for flag in --min-count --threshold --passes --scorer --delimiter --threads --progress; do
  grep -q -- "$flag" "$WORK/out" && pass || fail "--help lists $flag"
done
expect_exit 0 "--version" -- "$P" --version

# same_as_ref WHAT INPUT W2V_FLAGS -- REF_FLAGS: w2v-phrases and the reference agree byte for byte.
same_as_ref() {
  local what=$1 input=$2 flags=$3
  shift 4
  expect_exit 0 "$what" -- "$P" -i "$input" -o "$WORK/w2v.txt" $flags
  "$PY" "$REF" "$input" "$WORK/ref.txt" "$@" || { fail "$what: the reference failed"; return; }
  expect_same "$WORK/w2v.txt" "$WORK/ref.txt" "$what: equal to the reference"
}

same_as_ref "Brown, word2phrase defaults" "$BROWN" "" --
grep -q "New_York" "$WORK/w2v.txt" && pass || fail "Brown: New_York is a phrase"
[ "$(wc -l <"$WORK/w2v.txt")" -eq "$(wc -l <"$BROWN")" ] && pass || fail "one line per input line"
expect_err "pruning   none: every count is exact" "summary: no pruning"
expect_err "most frequent: did_not" "summary: the most frequent phrase"
cp "$WORK/w2v.txt" "$WORK/brown1.txt"
same_as_ref "Brown, lowercase, min-count 3, threshold 50" "$BROWN" \
  "--lowercase --min-count 3 --threshold 50" -- --lowercase --min-count 3 --threshold 50
same_as_ref "Brown, two passes (200 then 100, word2vec's demo)" "$BROWN" \
  "--passes 2 --threshold 200 100" -- --passes 2 --threshold 200 100
grep -qE "(^| )[^ _]+_[^ _]+_[^ ]+" "$WORK/w2v.txt" && pass || fail "two passes: 3-word phrases"
cp "$WORK/w2v.txt" "$WORK/brown2.txt"
same_as_ref "Brown, npmi 0.6, delimiter +" "$BROWN" \
  "--scorer npmi --threshold 0.6 --delimiter +" -- --scorer npmi --threshold 0.6 --delimiter +

# The generated corpus: each noun is followed by its own attribute in 60% of its uses, after one
# of six determiners: planted collocations of known strength, in a realistic Zipf filler.
planted "$WORK/p" 300000 3
same_as_ref "planted corpus, min-count 10, threshold 20" "$WORK/p/corpus.txt" \
  "--min-count 10 --threshold 20" -- --min-count 10 --threshold 20
n_attr=$(grep -oE 't[0-9]+n[0-9]+s?_t[0-9]+a[0-9]+' "$WORK/w2v.txt" | wc -l)
[ "$n_attr" -gt 1000 ] && pass || fail "planted noun_attribute pairs are joined ($n_attr)"
same_as_ref "planted corpus, npmi 0.3" "$WORK/p/corpus.txt" "--scorer npmi --threshold 0.3" -- \
  --scorer npmi --threshold 0.3

# --passes 2 is running it twice (the second run reads phrases up to 201 bytes whole).
"$P" -i "$BROWN" -o "$WORK/once.txt" --threshold 200 -q &&
  "$P" -i "$WORK/once.txt" -o "$WORK/twice.txt" --threshold 100 --max-token-bytes 201 -q
expect_same "$WORK/twice.txt" "$WORK/brown2.txt" "--passes 2 equals two runs"

# Every input kind, gzip in and out, 1 and 2 threads: the same bytes.
gzip -nc "$BROWN" >"$WORK/brown.gz"
expect_exit 0 "gzip input, 1 thread, gzip output" -- "$P" -i "$WORK/brown.gz" -o "$WORK/o.txt.gz" --threads 1
[ "$(head -c 2 "$WORK/o.txt.gz" | od -An -tx1 | tr -d ' ')" = 1f8b ] && pass || fail "a .gz output is gzip"
zcat "$WORK/o.txt.gz" >"$WORK/o.txt"
expect_same "$WORK/o.txt" "$WORK/brown1.txt" "gzip input and output, 1 thread"
"$P" -i - -o "$WORK/stdin.txt" -q <"$WORK/brown.gz" && pass || fail "stdin"
expect_same "$WORK/stdin.txt" "$WORK/brown1.txt" "standard input (gzip)"
mkdir "$WORK/dir"
head -n 30000 "$BROWN" >"$WORK/dir/part1"
tail -n +30001 "$BROWN" | gzip >"$WORK/dir/part2.gz"
expect_exit 0 "directory input" -- "$P" -i "$WORK/dir" -o "$WORK/dir.txt" --threads 3
expect_same "$WORK/dir.txt" "$WORK/brown1.txt" "a directory of parts, 3 threads"
"$P" -i "$BROWN" -o - -q >"$WORK/stdout.txt" && pass || fail "stdout output"
expect_same "$WORK/stdout.txt" "$WORK/brown1.txt" "standard output"

# Progress: none when stderr is not a terminal, lines with --progress, JSON events with --log-json.
expect_exit 0 "no progress off a terminal" -- "$P" -i "$BROWN" -o "$WORK/x.txt" --passes 2
grep -q "pass 1/2: counting" "$WORK/err" && fail "progress printed off a terminal" || pass
expect_exit 0 "--progress" -- "$P" -i "$BROWN" -o "$WORK/x.txt" --passes 2 --progress \
  --log-json "$WORK/log.jsonl"
expect_err "w2v-phrases: pass 2/2: counting  done" "--progress prints each pass's phases"
"$PY" - "$WORK/log.jsonl" <<'EOF' && pass || fail "--log-json: one JSON object per line"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
phases = {o["phase"] for o in lines if o["event"] == "pass" and o["finished"]}
assert phases == {"pass 1/2: counting", "pass 1/2: writing", "pass 2/2: counting", "pass 2/2: writing"}, phases
done = [o for o in lines if o["event"] == "done"]
assert len(done) == 1 and len(done[0]["passes"]) == 2, done
EOF

# Bad input: one line, exit 1 (2 for usage), no output file, nothing left behind.
OUT=$WORK/never.txt
expect_exit 1 "missing input" -- "$P" -i "$WORK/nope.txt" -o "$OUT"
expect_err "nope.txt" "missing input named"; expect_one_line "missing input"; expect_no_file "$OUT" "missing input"
printf ' \n\n\t\n' >"$WORK/blank.txt"
expect_exit 1 "no words" -- "$P" -i "$WORK/blank.txt" -o "$OUT"
expect_err "no words found" "no words"; expect_one_line "no words"; expect_no_file "$OUT" "no words"
head -c 100000 "$WORK/brown.gz" >"$WORK/cut.gz"
expect_exit 1 "truncated gzip" -- "$P" -i "$WORK/cut.gz" -o "$OUT"
expect_err "cut short at byte" "truncated gzip"; expect_no_file "$OUT" "truncated gzip"
expect_exit 1 "truncated gzip on stdin" -- sh -c "'$P' -i - -o '$OUT' < '$WORK/cut.gz'"
expect_err "cut short at byte" "truncated gzip on stdin"; expect_no_file "$OUT" "stdin"
expect_exit 1 "full disk" -- "$P" -i "$BROWN" -o /dev/full
expect_err "No space left" "full disk"
expect_exit 1 "output directory missing" -- "$P" -i "$BROWN" -o "$WORK/no/dir/x.txt"
expect_exit 1 "--tmp-dir missing" -- "$P" -i "$BROWN" -o "$OUT" --passes 2 --tmp-dir "$WORK/no"
expect_err "try --tmp-dir" "--tmp-dir missing"; expect_no_file "$OUT" "--tmp-dir missing"
echo old >"$WORK/keep.txt"
expect_exit 1 "failure keeps an existing output" -- "$P" -i "$WORK/cut.gz" -o "$WORK/keep.txt"
[ "$(cat "$WORK/keep.txt")" = old ] && pass || fail "existing output overwritten on failure"
[ -z "$(ls -A "$WORK" | grep '\.tmp\.')" ] && pass || fail "temporary files left behind"

expect_exit 2 "--threads 0" -- "$P" -i "$BROWN" -o "$OUT" --threads 0
expect_one_line "--threads 0"
expect_exit 2 "--min-count 0" -- "$P" -i "$BROWN" -o "$OUT" --min-count 0
expect_err "--min-count must be at least 1" "--min-count 0"
expect_exit 2 "--passes 0" -- "$P" -i "$BROWN" -o "$OUT" --passes 0
expect_exit 2 "three thresholds for two passes" -- "$P" -i "$BROWN" -o "$OUT" --passes 2 --threshold 1 2 3
expect_err "one per pass" "threshold count"
expect_exit 2 "npmi threshold out of range" -- "$P" -i "$BROWN" -o "$OUT" --scorer npmi --threshold 2
expect_err "[-1, 1]" "npmi range"
expect_exit 2 "unknown scorer" -- "$P" -i "$BROWN" -o "$OUT" --scorer pmi
expect_exit 2 "blank delimiter" -- "$P" -i "$BROWN" -o "$OUT" --delimiter ' '
expect_exit 2 "unknown flag" -- "$P" -i "$BROWN" -o "$OUT" --bogus
expect_one_line "unknown flag"
expect_exit 2 "missing --output" -- "$P" -i "$BROWN"
expect_no_file "$OUT" "usage errors"

finish
