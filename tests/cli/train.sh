#!/usr/bin/env bash
# End-to-end checks of w2v-train: usage errors exit 2, failures exit 1 and leave no file, the
# output is deterministic with one thread, and gensim reads both formats.
# Usage: train.sh BIN_DIR SOURCE_ROOT
source "$(dirname "$0")/lib.bash"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
TRAIN=$BIN/w2v-train
need_brown

# A small real corpus: the first 10,000 sentences (~190k tokens) of the Brown corpus.
head -n 10000 "$BROWN" > "$WORK/corpus.txt"
gzip -c "$WORK/corpus.txt" > "$WORK/corpus.txt.gz"
COMMON=(--dim 24 --epochs 1 --min-count 3 --sample 1e-3 --quiet)

# --help lists every option with its default.
"$TRAIN" --help > "$WORK/help.txt" || fail "--help exited $?"
for flag in --input --output --vocab --model --mode --dim --window --negative --sample \
  --min-count --max-vocab --epochs --alpha --min-alpha --threads --seed --format \
  --save-output-vectors --tmp-dir --lowercase --max-token-bytes --log-json --quiet --shrink; do
  grep -q -- "$flag" "$WORK/help.txt" || fail "--help does not mention $flag"
done
grep -q -- "--window N (=5)" "$WORK/help.txt" || fail "--help does not show the window default"

# Usage errors: exit 2, one line on stderr, no output file.
expect_usage() {
  local out="$WORK/usage.bin"
  rm -f "$out"
  "$TRAIN" -i "$WORK/corpus.txt" -o "$out" "$@" 2> "$WORK/err.txt"
  local rc=$?
  [ "$rc" -eq 2 ] || fail "$* exited $rc, expected 2"
  [ "$(wc -l < "$WORK/err.txt")" -eq 1 ] || fail "$*: expected one line on stderr, got: $(cat "$WORK/err.txt")"
  [ ! -e "$out" ] || fail "$*: left an output file"
}
expect_usage --dim 0
expect_usage --window -1
expect_usage --epochs 0
expect_usage --alpha nan
expect_usage --sample -1
expect_usage --model glove
expect_usage --mode turbo
expect_usage --threads 0
expect_usage --negative 100000
expect_usage --format xml
expect_usage --min-count 0
expect_usage --no-such-flag
expect_usage --shrink harmonic
expect_usage --negative 0
expect_usage --hs --negative 0 --save-output-vectors "$WORK/out.bin"
grep -q -- "--negative 0 turns negative sampling off" <("$TRAIN" -i x -o y --negative 0 2>&1) ||
  fail "--negative 0 without --hs: message"
grep -q -- "tree nodes are not words" \
  <("$TRAIN" -i x -o y --hs --negative 0 --save-output-vectors z 2>&1) ||
  fail "--save-output-vectors with --hs alone: message"
expect_usage --model cbow --shrink expected
grep -q -- "--shrink expected is for skip-gram only" \
  <("$TRAIN" -i x -o y --model cbow --shrink expected 2>&1) || fail "cbow --shrink expected message"
grep -q -- "--negative must be in \[0, 1000\], got 100000" <("$TRAIN" -i x -o y --negative 100000 2>&1) ||
  fail "--negative message does not name range and value"

# Failures: exit 1, a message, no output file, nothing left behind in the directory.
mkdir "$WORK/fail"
"$TRAIN" -i "$WORK/corpus.txt" -o "$WORK/fail/v.bin" "${COMMON[@]}" --alpha 1000 2> "$WORK/err.txt"
rc=$?
[ "$rc" -eq 1 ] || fail "diverging --alpha exited $rc, expected 1"
grep -q "try a smaller --alpha" "$WORK/err.txt" || fail "divergence message: $(cat "$WORK/err.txt")"
[ -z "$(ls -A "$WORK/fail")" ] || fail "diverging run left files: $(ls -A "$WORK/fail")"
"$TRAIN" -i "$WORK/missing.txt" -o "$WORK/fail/v.bin" "${COMMON[@]}" 2> "$WORK/err.txt"
[ $? -eq 1 ] || fail "missing input did not exit 1"
[ -z "$(ls -A "$WORK/fail")" ] || fail "missing input left files"
"$TRAIN" -i "$WORK/corpus.txt" -o "$WORK/fail/v.bin" "${COMMON[@]}" --tmp-dir "$WORK/nope" 2> "$WORK/err.txt"
[ $? -eq 1 ] || fail "missing --tmp-dir did not exit 1"
grep -q -- "--tmp-dir" "$WORK/err.txt" || fail "missing --tmp-dir message: $(cat "$WORK/err.txt")"

# The shrink in use is printed and logged; fast skip-gram defaults to expected, the rest to random.
shrink_of() {  # ARGS... -> the "shrink" of the done event
  "$TRAIN" -i "$WORK/corpus.txt" -o "$WORK/sh.bin" "${COMMON[@]}" --log-json "$WORK/sh.jsonl" "$@" ||
    fail "shrink run $*"
  tail -n 1 "$WORK/sh.jsonl" | /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)["shrink"])'
}
[ "$(shrink_of)" = expected ] || fail "sg fast does not default to expected shrink"
[ "$(shrink_of --mode exact)" = random ] || fail "sg exact does not default to random shrink"
[ "$(shrink_of --model cbow)" = random ] || fail "cbow does not default to random shrink"
[ "$(shrink_of --shrink random)" = random ] || fail "--shrink random not taken"
[ "$(shrink_of --mode exact --shrink expected)" = expected ] || fail "--shrink expected not taken"
"$TRAIN" -i "$WORK/corpus.txt" -o "$WORK/sh.bin" --dim 24 --epochs 1 --min-count 3 2>&1 |
  grep -q "window 5 (expected shrink)" || fail "the settings line does not show the shrink"

# Determinism: one thread, one seed, same bytes; plain and gzip input alike.
for shrink in random expected; do
  "$TRAIN" -i "$WORK/corpus.txt" -o "$WORK/a.bin" "${COMMON[@]}" --threads 1 --seed 7 \
    --shrink $shrink || fail "sg fast $shrink run 1"
  "$TRAIN" -i "$WORK/corpus.txt.gz" -o "$WORK/b.bin" "${COMMON[@]}" --threads 1 --seed 7 \
    --shrink $shrink || fail "sg fast $shrink run 2"
  cmp -s "$WORK/a.bin" "$WORK/b.bin" || fail "sg fast --shrink $shrink: runs differ"
  cp "$WORK/a.bin" "$WORK/shrink_$shrink.bin"
done
cmp -s "$WORK/shrink_random.bin" "$WORK/shrink_expected.bin" && fail "--shrink made no difference"
for mode in fast exact; do
  for model in sg cbow; do
    "$TRAIN" -i "$WORK/corpus.txt" -o "$WORK/a.bin" "${COMMON[@]}" --threads 1 --seed 7 \
      --model $model --mode $mode || fail "$model $mode run 1"
    "$TRAIN" -i "$WORK/corpus.txt.gz" -o "$WORK/b.bin" "${COMMON[@]}" --threads 1 --seed 7 \
      --model $model --mode $mode || fail "$model $mode run 2"
    cmp -s "$WORK/a.bin" "$WORK/b.bin" || fail "$model $mode: --threads 1 --seed 7 differs between runs"
  done
done
"$TRAIN" -i "$WORK/corpus.txt" -o "$WORK/c.bin" "${COMMON[@]}" --threads 1 --seed 8 --mode exact \
  --model cbow || fail "cbow exact seed 8 run exited $?"
[ -s "$WORK/c.bin" ] || fail "cbow exact seed 8 wrote no vectors"
cmp -s "$WORK/a.bin" "$WORK/c.bin" && fail "a different seed gave the same bytes"

# Two threads, both formats, output vectors, a JSON log; gensim must read them all.
"$TRAIN" -i "$WORK/corpus.txt.gz" -o "$WORK/v.bin" "${COMMON[@]}" --threads 2 \
  --save-output-vectors "$WORK/out.bin" --log-json "$WORK/log.jsonl" || fail "2-thread binary run"
"$TRAIN" -i "$WORK/corpus.txt" -o "$WORK/v.txt" "${COMMON[@]}" --threads 2 --format text ||
  fail "2-thread text run"
/usr/bin/python3 - "$WORK" <<'PY' || fail "gensim could not read the vectors or the log"
import json, sys
from gensim.models import KeyedVectors
w = sys.argv[1]
b = KeyedVectors.load_word2vec_format(f"{w}/v.bin", binary=True)
t = KeyedVectors.load_word2vec_format(f"{w}/v.txt", binary=False)
o = KeyedVectors.load_word2vec_format(f"{w}/out.bin", binary=True)
assert b.vector_size == 24 and t.vector_size == 24, (b.vector_size, t.vector_size)
assert b.index_to_key == t.index_to_key == o.index_to_key, "vocabularies differ"
assert b.index_to_key[0] == "</s>" and b.index_to_key[1] == "the", b.index_to_key[:3]
assert len(b) > 1000, len(b)
lines = [json.loads(l) for l in open(f"{w}/log.jsonl")]
assert lines[-1]["event"] == "done" and lines[-1]["words_trained"] > 0, lines[-1]
assert any(l["event"] == "train_done" for l in lines)
print("gensim read", len(b), "x", b.vector_size)
PY

# Hierarchical softmax, alone and beside negative sampling: named in the settings line, the
# vectors are read by gensim, and one thread gives the same bytes twice.
for obj in "--hs --negative 0" "--hs --negative 3"; do
  # shellcheck disable=SC2086
  "$TRAIN" -i "$WORK/corpus.txt" -o "$WORK/hs1.txt" --format text --dim 24 --epochs 1 \
    --min-count 3 --threads 1 --seed 4 $obj 2>"$WORK/err.txt" || fail "$obj exited $?"
  grep -q "hierarchical softmax" "$WORK/err.txt" || fail "$obj: settings line: $(head -1 "$WORK/err.txt")"
  # shellcheck disable=SC2086
  "$TRAIN" -i "$WORK/corpus.txt" -o "$WORK/hs2.txt" --format text --dim 24 --epochs 1 \
    --min-count 3 --threads 1 --seed 4 --quiet $obj || fail "$obj second run exited $?"
  cmp -s "$WORK/hs1.txt" "$WORK/hs2.txt" || fail "$obj: two 1-thread runs differ"
  "$PY" -c 'import sys; from gensim.models import KeyedVectors as K
kv = K.load_word2vec_format(sys.argv[1]); assert kv.vector_size == 24 and len(kv) > 1000' \
    "$WORK/hs1.txt" || fail "$obj: gensim cannot read the vectors"
done

# Shared (tied) embeddings: refused where there is nothing to tie or the output file would
# repeat the input; trained, deterministic with one thread, read by gensim; the checkpoint (and
# so the process) holds one matrix: its size is one matrix, not two.
expect_usage --shared-embeddings --hs --negative 0
expect_usage --shared-embeddings --save-output-vectors "$WORK/out.bin"
for run in 1 2; do
  "$TRAIN" -i "$WORK/corpus.txt" -o "$WORK/tied$run.bin" "${COMMON[@]}" --threads 1 --seed 5 \
    --shared-embeddings || fail "--shared-embeddings run $run exited $?"
done
cmp -s "$WORK/tied1.bin" "$WORK/tied2.bin" || fail "--shared-embeddings: two 1-thread runs differ"
"$PY" -c 'import sys; from gensim.models import KeyedVectors as K
kv = K.load_word2vec_format(sys.argv[1], binary=True); assert kv.vector_size == 24' \
  "$WORK/tied1.bin" || fail "--shared-embeddings: gensim cannot read the vectors"
ck_size() {  # FLAGS... -> bytes of a checkpoint written at the start of training
  rm -f "$WORK/size.ckpt"
  "$TRAIN" -i "$WORK/corpus.txt" -o "$WORK/size.bin" "${COMMON[@]}" --threads 1 \
    --checkpoint "$WORK/size.ckpt" --checkpoint-interval 1e-9 "$@" >/dev/null 2>&1 || true
  stat -c %s "$WORK/size.ckpt" 2>/dev/null || echo 0
}
untied=$(ck_size)
tied=$(ck_size --shared-embeddings)
"$PY" -c "import sys; u, t = $untied, $tied; sys.exit(0 if u > 0 and t > 0 and 1.8 < u / t < 2.2 else 1)" ||
  fail "--shared-embeddings: checkpoint $tied bytes against untied $untied (want about half)"

# --save-vectors sum writes input + output rows (the same run, one thread: the sum of the two
# files written by --save-vectors input --save-output-vectors, float32 addition); refused where
# there are no output rows or they are the input rows.
expect_usage --save-vectors sum --hs --negative 0
expect_usage --save-vectors sum --shared-embeddings
expect_usage --save-vectors both
"$TRAIN" -i "$WORK/corpus.txt" -o "$WORK/in.bin" "${COMMON[@]}" --threads 1 --seed 6 \
  --save-output-vectors "$WORK/outv.bin" || fail "input + output run exited $?"
"$TRAIN" -i "$WORK/corpus.txt" -o "$WORK/sum.bin" "${COMMON[@]}" --threads 1 --seed 6 \
  --save-vectors sum || fail "--save-vectors sum exited $?"
"$PY" - "$WORK" <<'PY' || fail "--save-vectors sum is not input + output"
import sys
import numpy as np
from gensim.models import KeyedVectors as K
w = sys.argv[1]
i, o, s = (K.load_word2vec_format(f"{w}/{n}.bin", binary=True) for n in ("in", "outv", "sum"))
assert i.index_to_key == s.index_to_key == o.index_to_key
assert np.array_equal(s.vectors, (i.vectors + o.vectors).astype(np.float32))
assert not np.array_equal(s.vectors, i.vectors)
PY
# --noise-power: noise from count^P; the default is 0.5 for the fast skip-gram with negative
# sampling alone and untied rows, 0.75 elsewhere (CBOW here); another value trains other vectors.
expect_usage --noise-power 2.5
expect_usage --noise-power -1
"$TRAIN" -i "$WORK/corpus.txt" -o "$WORK/np_default.bin" "${COMMON[@]}" --threads 1 --seed 6 \
  --log-json "$WORK/np_default.jsonl" || fail "noise default run exited $?"
"$TRAIN" -i "$WORK/corpus.txt" -o "$WORK/np075.bin" "${COMMON[@]}" --threads 1 --seed 6 \
  --noise-power 0.75 --log-json "$WORK/np075.jsonl" || fail "--noise-power 0.75 exited $?"
"$TRAIN" -i "$WORK/corpus.txt" -o "$WORK/np05.bin" "${COMMON[@]}" --threads 1 --seed 6 \
  --noise-power 0.5 || fail "--noise-power 0.5 exited $?"
cmp -s "$WORK/np_default.bin" "$WORK/np05.bin" || fail "--noise-power 0.5 is not sg's default"
cmp -s "$WORK/np_default.bin" "$WORK/np075.bin" && fail "--noise-power 0.75 changed nothing"
grep -q '"noise-power": "0.5"' "$WORK/np_default.jsonl" || fail "the log lacks the default power"
grep -q '"noise-power": "0.75"' "$WORK/np075.jsonl" || fail "the log does not carry --noise-power"
for p in "" 0.75 0.5; do
  "$TRAIN" -i "$WORK/corpus.txt" -o "$WORK/npc$p.bin" "${COMMON[@]}" --threads 1 --seed 6 \
    --model cbow ${p:+--noise-power $p} || fail "CBOW --noise-power '$p' exited $?"
done
cmp -s "$WORK/npc.bin" "$WORK/npc0.75.bin" || fail "--noise-power 0.75 is not CBOW's default"
cmp -s "$WORK/npc.bin" "$WORK/npc0.5.bin" && fail "CBOW's --noise-power 0.5 changed nothing"
# CBOW with negative sampling writes the sum unless told otherwise; without output rows of its
# own (hierarchical softmax alone, tied rows) it writes the input rows, and says which in its log.
"$TRAIN" -i "$WORK/corpus.txt" -o "$WORK/cb_default.bin" "${COMMON[@]}" --threads 1 --seed 6 \
  --model cbow --log-json "$WORK/cb_default.jsonl" || fail "CBOW default run exited $?"
"$TRAIN" -i "$WORK/corpus.txt" -o "$WORK/cb_sum.bin" "${COMMON[@]}" --threads 1 --seed 6 \
  --model cbow --save-vectors sum || fail "CBOW sum run exited $?"
"$TRAIN" -i "$WORK/corpus.txt" -o "$WORK/cb_in.bin" "${COMMON[@]}" --threads 1 --seed 6 \
  --model cbow --save-vectors input || fail "CBOW input run exited $?"
cmp -s "$WORK/cb_default.bin" "$WORK/cb_sum.bin" || fail "CBOW's default is not --save-vectors sum"
cmp -s "$WORK/cb_default.bin" "$WORK/cb_in.bin" && fail "CBOW's sum equals its input rows"
grep -q '"save-vectors": "sum"' "$WORK/cb_default.jsonl" || fail "the log does not say sum"
for extra in "--hs --negative 0" "--shared-embeddings"; do
  # shellcheck disable=SC2086
  "$TRAIN" -i "$WORK/corpus.txt" -o "$WORK/cb_x.bin" "${COMMON[@]}" --threads 1 --model cbow \
    $extra --log-json "$WORK/cb_x.jsonl" || fail "CBOW $extra exited $?"
  grep -q '"save-vectors": "input"' "$WORK/cb_x.jsonl" || fail "CBOW $extra: not input"
done
# A vocabulary file from w2v-vocab gives the same vectors as counting.
if [ ! -x "$BIN/w2v-vocab" ]; then
  fail "w2v-vocab is not built"
else
  "$BIN/w2v-vocab" -i "$WORK/corpus.txt" -o "$WORK/vocab.txt" --min-count 3 --quiet || fail "w2v-vocab"
  "$TRAIN" -i "$WORK/corpus.txt" -o "$WORK/d.bin" "${COMMON[@]}" --threads 1 --seed 7 \
    --model cbow --mode exact --vocab "$WORK/vocab.txt" || fail "--vocab run"
  cmp -s "$WORK/a.bin" "$WORK/d.bin" || fail "--vocab gave different vectors than counting"
fi

# Standard input can be trained from with a vocabulary file (it cannot be read twice).
"$TRAIN" -i - -o "$WORK/s.bin" "${COMMON[@]}" < "$WORK/corpus.txt" 2> "$WORK/err.txt"
[ $? -eq 2 ] || fail "stdin without --vocab did not exit 2"
grep -q -- "needs --vocab" "$WORK/err.txt" || fail "stdin message: $(cat "$WORK/err.txt")"
if [ -s "$WORK/vocab.txt" ]; then
  "$TRAIN" -i - -o "$WORK/s.bin" "${COMMON[@]}" --threads 1 --seed 7 --model cbow --mode exact \
    --vocab "$WORK/vocab.txt" < "$WORK/corpus.txt" || fail "stdin with --vocab"
  cmp -s "$WORK/a.bin" "$WORK/s.bin" || fail "stdin gave different vectors than the file"
fi

# Progress and summary go to stderr, nothing to stdout.
"$TRAIN" -i "$WORK/corpus.txt" -o "$WORK/e.bin" --dim 24 --epochs 1 --min-count 3 > "$WORK/stdout.txt" 2> "$WORK/stderr.txt"
[ ! -s "$WORK/stdout.txt" ] || fail "w2v-train wrote to stdout"
grep -q "words/s" "$WORK/stderr.txt" || fail "no summary on stderr"

# --min-count and --max-vocab pick the words an independent count picks, in the same order, both
# when w2v-train counts and when it reads a full vocabulary file (--vocab, min-count 1) and
# filters it (word2vec.c's -read-vocab).
"$PY" "$SRC/tests/python/count_vocab.py" 1 "$WORK/all.vocab" "$WORK/corpus.txt" >/dev/null
words_of() {  # VECTORS.txt -> its words, one per line
  tail -n +2 "$1" | cut -d' ' -f1
}
for filter in "--min-count 7" "--min-count 2 --max-vocab 500"; do
  # shellcheck disable=SC2086
  set -- $filter
  mc=$2
  mv=0
  [ $# -eq 4 ] && mv=$4
  args=(--min-count "$mc")
  [ "$mv" -gt 0 ] && args+=(--max-vocab "$mv")
  ref_args=("$mc" "$WORK/ref.vocab" "$WORK/corpus.txt")
  [ "$mv" -gt 0 ] && ref_args+=(--max-vocab "$mv")
  "$PY" "$SRC/tests/python/count_vocab.py" "${ref_args[@]}" >/dev/null
  cut -d' ' -f1 "$WORK/ref.vocab" >"$WORK/ref.words"
  "$TRAIN" -i "$WORK/corpus.txt" -o "$WORK/f.txt" --format text --dim 4 --epochs 1 --quiet \
    --sample 0 "${args[@]}" || fail "$filter: counting run exited $?"
  cmp -s <(words_of "$WORK/f.txt") "$WORK/ref.words" ||
    fail "$filter (counted): the words differ from an independent count"
  "$TRAIN" -i "$WORK/corpus.txt" -o "$WORK/g.txt" --format text --dim 4 --epochs 1 --quiet \
    --sample 0 --vocab "$WORK/all.vocab" "${args[@]}" || fail "$filter: --vocab run exited $?"
  cmp -s <(words_of "$WORK/g.txt") "$WORK/ref.words" ||
    fail "$filter (--vocab): the words differ from an independent count"
done

# Every instruction set the CPU has trains end to end (W2V_ISA picks the kernels): it is named
# in the settings line, and the planted analogies are all answered (1.0 on every seed tried).
# One it lacks is a usage error naming it.
planted "$WORK/p" 300000 2
isas=(portable)
grep -qw avx2 /proc/cpuinfo && grep -qw fma /proc/cpuinfo && isas+=(avx2)
grep -qw avx512f /proc/cpuinfo && isas+=(avx512)
for isa in "${isas[@]}"; do
  W2V_ISA=$isa "$TRAIN" -i "$WORK/p/corpus.txt" -o "$WORK/isa.bin" --dim 32 --epochs 3 \
    --threads 2 2>"$WORK/err.txt" || fail "W2V_ISA=$isa exited $?: $(cat "$WORK/err.txt")"
  grep -q ", $isa kernels" "$WORK/err.txt" || fail "W2V_ISA=$isa: not named: $(head -1 "$WORK/err.txt")"
  read -r acc sp < <(score "$WORK/isa.bin" "$WORK/p/questions.txt" "$WORK/p/pairs.tsv")
  echo "W2V_ISA=$isa: planted analogies $acc, spearman $sp"
  at_least "$acc" 0.95 || fail "W2V_ISA=$isa: planted analogy accuracy $acc < 0.95"
done
grep -qw avx512f /proc/cpuinfo || {
  W2V_ISA=avx512 "$TRAIN" -i "$WORK/p/corpus.txt" -o "$WORK/isa.bin" --quiet 2>"$WORK/err.txt"
  [ $? -eq 2 ] || fail "W2V_ISA=avx512 on a CPU without it did not exit 2"
}
# The query tools honour W2V_ISA too, and every set gives the same answers (top 10 of 60 queries,
# 3CosAdd and 3CosMul; scores equal to 1e-5: float32 sums in different orders).
head -n 61 "$WORK/p/questions.txt" | tail -n 60 | cut -d' ' -f1-3 >"$WORK/isa-queries.txt"
for isa in "${isas[@]}"; do
  for method in add mul; do
    W2V_ISA=$isa "$BIN/w2v-analogy" -v "$WORK/isa.bin" --method $method --json -k 10 \
      <"$WORK/isa-queries.txt" >"$WORK/isa-$isa-$method.jsonl" 2>"$WORK/err.txt" ||
      fail "W2V_ISA=$isa w2v-analogy --method $method exited $?: $(cat "$WORK/err.txt")"
  done
done
"$PY" - "$WORK" "${isas[@]}" <<'PY' || fail "the query kernels of different instruction sets disagree"
import json, sys
work, isas = sys.argv[1], sys.argv[2:]
for method in ("add", "mul"):
    runs = {isa: [json.loads(l) for l in open("%s/isa-%s-%s.jsonl" % (work, isa, method))] for isa in isas}
    base = runs["portable"]
    assert len(base) == 60, len(base)
    for isa, answers in runs.items():
        for a, b in zip(base, answers):
            wa = [x["word"] for x in a["answers"]]
            wb = [x["word"] for x in b["answers"]]
            sa = [x["score"] for x in a["answers"]]
            sb = [x["score"] for x in b["answers"]]
            assert max(abs(x - y) for x, y in zip(sa, sb)) <= 1e-5, (isa, method, sa, sb)
            # words may only swap where their scores are within 1e-5
            for i, (x, y) in enumerate(zip(wa, wb)):
                assert x == y or abs(sa[i] - sb[i]) <= 1e-5 and abs(sa[i] - sa[min(i + 1, 9)]) <= 2e-5 or abs(sa[i] - sa[max(i - 1, 0)]) <= 2e-5, (isa, method, i, wa, wb)
PY
W2V_ISA=sse9 "$BIN/w2v-neighbors" -v "$WORK/isa.bin" t0n1 >/dev/null 2>"$WORK/err.txt"
[ $? -eq 2 ] || fail "w2v-neighbors with W2V_ISA=sse9 did not exit 2"
grep -q "W2V_ISA must be" "$WORK/err.txt" || fail "w2v-neighbors W2V_ISA=sse9 message: $(cat "$WORK/err.txt")"
W2V_ISA=sse9 "$TRAIN" -i "$WORK/p/corpus.txt" -o "$WORK/isa.bin" --quiet 2>"$WORK/err.txt"
[ $? -eq 2 ] || fail "W2V_ISA=sse9 did not exit 2"
grep -q "W2V_ISA must be" "$WORK/err.txt" || fail "W2V_ISA=sse9 message: $(cat "$WORK/err.txt")"

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)" >&2
  exit 1
fi
echo "train.sh: all checks passed"
