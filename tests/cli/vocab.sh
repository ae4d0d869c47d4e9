#!/usr/bin/env bash
# w2v-vocab end to end: counts against an independent Python count, byte-identical outputs for
# plain/gzip and 1/2 threads, every input kind, and the bad-input table of issue 2.
. "$(dirname "$0")/lib.bash"
V=$BIN/w2v-vocab
need_brown
CORPUS=$WORK/brown.gz
gzip -nc "$BROWN" >"$CORPUS"

expect_exit 0 "--help" -- "$V" --help
grep -q -- "--min-count" "$WORK/out" && pass || fail "--help lists --min-count"
expect_exit 0 "--version" -- "$V" --version

# Counts equal an independent count, for min-count 1 (every word) and 5.
for mc in 1 5; do
  expect_exit 0 "count min-count $mc" -- "$V" -i "$CORPUS" -o "$WORK/v$mc.txt" --min-count $mc
  read -r n_tokens n_sentences < <("$PY" "$SRC/tests/python/count_vocab.py" $mc "$WORK/ref$mc.txt" "$CORPUS")
  expect_same "$WORK/v$mc.txt" "$WORK/ref$mc.txt" "counts equal Python's Counter (min-count $mc)"
done
commas() { "$PY" -c "print(f'{$1:,}')"; }
expect_err "tokens    $(commas "$n_tokens") in $(commas "$n_sentences") sentences" \
  "summary shows Python's token and sentence counts"
expect_err "every count is exact" "summary says no pruning"

# Plain and gzip, 1 and 2 threads, stdin and directories: byte-identical files.
zcat "$CORPUS" >"$WORK/plain.txt"
expect_exit 0 "plain input" -- "$V" -i "$WORK/plain.txt" -o "$WORK/plain.vocab" --threads 1
expect_same "$WORK/plain.vocab" "$WORK/v5.txt" "plain (1 thread) and gzip (2 threads) agree"
expect_exit 0 "2 threads" -- "$V" -i "$WORK/plain.txt" -o "$WORK/t2.vocab" --threads 2
expect_same "$WORK/t2.vocab" "$WORK/plain.vocab" "1 and 2 threads agree"
"$V" -i - -o "$WORK/stdin.vocab" <"$CORPUS" 2>/dev/null && pass || fail "stdin gzip"
expect_same "$WORK/stdin.vocab" "$WORK/v5.txt" "stdin (gzip) agrees"
mkdir "$WORK/dir"
head -n 30000 "$WORK/plain.txt" >"$WORK/dir/part1"
tail -n +30001 "$WORK/plain.txt" | gzip >"$WORK/dir/part2.gz"
expect_exit 0 "directory input" -- "$V" -i "$WORK/dir" -o "$WORK/dir.vocab"
expect_same "$WORK/dir.vocab" "$WORK/v5.txt" "a directory of parts agrees with the whole"
expect_exit 0 "repeated --input" -- "$V" -i "$WORK/dir/part1" -i "$WORK/dir/part2.gz" -o "$WORK/rep.vocab"
expect_same "$WORK/rep.vocab" "$WORK/v5.txt" "repeated --input agrees"

# Hand-made edge cases against the same independent count.
printf 'a b\r\nc\tb\vb\fb\n\n  \nA a \xff\xfe caf\xc3\xa9 x\x00y </s>\nlast line no newline' >"$WORK/edge.txt"
expect_exit 0 "edge cases" -- "$V" -i "$WORK/edge.txt" -o "$WORK/edge.vocab" --min-count 1
"$PY" "$SRC/tests/python/count_vocab.py" 1 "$WORK/edge.ref" "$WORK/edge.txt"
expect_same "$WORK/edge.vocab" "$WORK/edge.ref" "edge-case fixture equals Python's count"
expect_err "2 invalid UTF-8" "invalid UTF-8 counted (FF and FE are one subpart each)"
expect_exit 0 "lowercase" -- "$V" -i "$WORK/edge.txt" -o "$WORK/lower.vocab" --min-count 1 --lowercase
grep -q '^a 3$' "$WORK/lower.vocab" && pass || fail "--lowercase folds A into a"
head -c 300 /dev/zero | tr '\0' 'x' >"$WORK/long.txt"
printf ' short\n' >>"$WORK/long.txt"
expect_exit 0 "long token" -- "$V" -i "$WORK/long.txt" -o "$WORK/long.vocab" --min-count 1
expect_err "1 tokens longer than 100 bytes" "cut token counted"
grep -q "^$(head -c 100 /dev/zero | tr '\0' 'x') 1$" "$WORK/long.vocab" && pass || fail "token cut to 100 bytes"

# --max-vocab keeps exactly the N most frequent words, as an independent count does.
expect_exit 0 "max-vocab" -- "$V" -i "$CORPUS" -o "$WORK/mv.vocab" --max-vocab 1000
"$PY" "$SRC/tests/python/count_vocab.py" 5 "$WORK/mv.ref" "$CORPUS" --max-vocab 1000 >/dev/null
[ "$(wc -l <"$WORK/mv.vocab")" -eq 1001 ] && pass || fail "--max-vocab 1000 gives 1000 words + </s>"
expect_same "$WORK/mv.vocab" "$WORK/mv.ref" "--max-vocab keeps the most frequent"

# Bad input: one line, exit 1 (2 for usage), no output file.
OUT=$WORK/never.vocab
expect_exit 1 "missing input" -- "$V" -i "$WORK/nope.txt" -o "$OUT"
expect_err "nope.txt" "missing input named"; expect_one_line "missing input"; expect_no_file "$OUT" "missing input"
mkdir "$WORK/emptydir"
expect_exit 1 "empty directory" -- "$V" -i "$WORK/emptydir" -o "$OUT"
expect_err "no regular files" "empty directory"; expect_no_file "$OUT" "empty directory"
head -c 100000 "$CORPUS" >"$WORK/cut.gz"  # the whole file is ~2 MB
expect_exit 1 "truncated gzip" -- "$V" -i "$WORK/cut.gz" -o "$OUT"
expect_err "cut short at byte" "truncated gzip offset"; expect_one_line "truncated gzip"; expect_no_file "$OUT" "truncated gzip"
"$PY" -c "import sys; d=bytearray(open(sys.argv[1],'rb').read()); d[5000:5100]=bytes(100); open(sys.argv[2],'wb').write(d)" "$CORPUS" "$WORK/corrupt.gz"
expect_exit 1 "corrupt gzip" -- "$V" -i "$WORK/corrupt.gz" -o "$OUT"
expect_err "at byte" "corrupt gzip offset"; expect_no_file "$OUT" "corrupt gzip"
# A file that opens but cannot be read (reading /proc/self/mem at offset 0 fails with EIO, even
# for root).
expect_exit 1 "unreadable file" -- "$V" -i /proc/self/mem -o "$OUT"
expect_err "cannot read" "unreadable file named with the reason"; expect_no_file "$OUT" "unreadable file"
expect_exit 1 "full disk" -- "$V" -i "$CORPUS" -o /dev/full
expect_err "/dev/full" "full disk named"; expect_err "No space left" "full disk reason"
expect_exit 1 "output dir missing" -- "$V" -i "$CORPUS" -o "$WORK/no/dir/v.txt"
expect_exit 1 "output is a directory" -- "$V" -i "$CORPUS" -o "$WORK/dir"
: >"$WORK/empty.txt"
expect_exit 1 "empty corpus" -- "$V" -i "$WORK/empty.txt" -o "$OUT"
expect_err "no words found" "empty corpus"; expect_no_file "$OUT" "empty corpus"
printf 'a b c\n' >"$WORK/tiny.txt"
expect_exit 1 "empty vocabulary" -- "$V" -i "$WORK/tiny.txt" -o "$OUT"
expect_err "try a smaller --min-count" "empty vocabulary says what to try"; expect_no_file "$OUT" "empty vocabulary"
# A write that fails part-way (the disk fills up: ulimit -f, SIGXFSZ ignored) keeps the previous
# output whole: the writer writes a temporary file and renames it only when complete. A writer
# that truncated the output first would leave 100 kB of a new vocabulary, or nothing.
echo old >"$WORK/keep.vocab"
bash -c 'trap "" XFSZ; ulimit -f 100; exec "$@"' _ "$V" -i "$CORPUS" -o "$WORK/keep.vocab" \
  --min-count 1 >/dev/null 2>"$WORK/err"
rc=$?
[ $rc -eq 1 ] && pass || fail "a write cut short by the file size limit: exit $rc, want 1"
expect_err "keep.vocab" "the failed write names the output"
[ "$(cat "$WORK/keep.vocab")" = old ] && pass || fail "existing output overwritten by a failed write"
[ -z "$(ls -A "$WORK" | grep '\.tmp\.')" ] && pass || fail "temporary files left behind"
echo old >"$WORK/keep.vocab"
expect_exit 1 "failure before writing keeps an existing output" -- "$V" -i "$WORK/tiny.txt" -o "$WORK/keep.vocab"
[ "$(cat "$WORK/keep.vocab")" = old ] && pass || fail "existing output overwritten on failure"

# Usage errors: exit 2 with one line.
expect_exit 2 "--threads 0" -- "$V" -i "$CORPUS" -o "$OUT" --threads 0
expect_one_line "--threads 0"
expect_exit 2 "--min-count -1" -- "$V" -i "$CORPUS" -o "$OUT" --min-count -1
expect_err "--min-count" "--min-count named"
expect_exit 2 "unknown flag" -- "$V" -i "$CORPUS" -o "$OUT" --bogus
expect_one_line "unknown flag"
expect_exit 2 "missing --output" -- "$V" -i "$CORPUS"
expect_exit 2 "non-number" -- "$V" -i "$CORPUS" -o "$OUT" --min-count five
expect_exit 2 "--max-token-bytes 0" -- "$V" -i "$CORPUS" -o "$OUT" --max-token-bytes 0
expect_no_file "$OUT" "usage errors"

finish
