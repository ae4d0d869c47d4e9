#!/usr/bin/env bash
# w2v-convert end to end: vectors written by gensim (an independent writer) go through every
# format and back to the same bytes; gensim loads every output and finds the same values;
# the projector output equals gensim's own word2vec2tensor; --top and --normalize against
# numpy; bad input.
. "$(dirname "$0")/lib.bash"
C=$BIN/w2v-convert

expect_exit 0 "--help" -- "$C" --help
for flag in --input --output --to --format --top --normalize; do
  grep -q -- "$flag" "$WORK/out" && pass || fail "--help lists $flag"
done

# 500 seeded random vectors of dimension 30 (values from 1e-6 to 1e4 in magnitude, one zero
# row), words with UTF-8 and punctuation, saved by gensim in word2vec's binary format.
"$PY" - "$WORK" <<'EOF' || { fail "gensim could not write the fixture"; finish; }
import sys, numpy as np
from gensim.models import KeyedVectors
rng = np.random.default_rng(5)
words = ["w%d" % i for i in range(495)] + ["caf\u00e9", "na\u00efve", "a/b", "x'y", "</s>"]
vecs = (rng.standard_normal((500, 30)) * 10.0 ** rng.integers(-6, 5, (500, 1))).astype(np.float32)
vecs[7] = 0
kv = KeyedVectors(30)
kv.add_vectors(words, vecs)
kv.save_word2vec_format(sys.argv[1] + "/g.bin", binary=True)
EOF

# bin -> text -> glove -> projector -> bin: the same bytes as the first bin.
expect_exit 0 "gensim bin -> bin" -- "$C" -i "$WORK/g.bin" -o "$WORK/a.bin" --to bin
expect_exit 0 "bin -> text" -- "$C" -i "$WORK/a.bin" -o "$WORK/b.txt" --to text
expect_exit 0 "text -> glove" -- "$C" -i "$WORK/b.txt" -o "$WORK/c.glove" --to glove
expect_exit 0 "glove -> projector" -- "$C" -i "$WORK/c.glove" --format glove -o "$WORK/proj" --to projector
expect_exit 0 "projector -> bin" -- "$C" -i "$WORK/proj" -o "$WORK/d.bin" --to bin
expect_same "$WORK/d.bin" "$WORK/a.bin" "bin -> text -> glove -> projector -> bin is byte-identical"
expect_exit 0 "text -> text.gz" -- "$C" -i "$WORK/b.txt" -o "$WORK/e.txt.gz" --to text
zcat "$WORK/e.txt.gz" | cmp -s - "$WORK/b.txt" && pass || fail "a .gz output holds the same text"
expect_exit 0 "bin -> bin.gz" -- "$C" -i "$WORK/a.bin" -o "$WORK/f.bin.gz" --to bin
gensim_tensor() { "$PY" -m gensim.scripts.word2vec2tensor -i "$WORK/g.bin" -o "$WORK/gt" -b 2>/dev/null; }
gensim_tensor || fail "gensim's word2vec2tensor failed"

# gensim reads every output and finds exactly its own vectors; the projector files equal
# word2vec2tensor's (words byte for byte, numbers as float32).
"$PY" - "$WORK" <<'EOF' && pass || fail "gensim loads every output with the same values"
import sys, numpy as np
from gensim.models import KeyedVectors
w = sys.argv[1]
ref = KeyedVectors.load_word2vec_format(w + "/g.bin", binary=True)
def same(kv, what):
    assert kv.index_to_key == ref.index_to_key, what + ": words"
    assert np.array_equal(kv.vectors, ref.vectors), what + ": values"
same(KeyedVectors.load_word2vec_format(w + "/a.bin", binary=True), "bin")
same(KeyedVectors.load_word2vec_format(w + "/b.txt", binary=False), "text")
same(KeyedVectors.load_word2vec_format(w + "/c.glove", binary=False, no_header=True), "glove")
same(KeyedVectors.load_word2vec_format(w + "/e.txt.gz", binary=False), "text.gz")
same(KeyedVectors.load_word2vec_format(w + "/f.bin.gz", binary=True), "bin.gz")
ours = np.loadtxt(w + "/proj/vectors.tsv", dtype=np.float32, delimiter="\t")
theirs = np.loadtxt(w + "/gt_tensor.tsv", dtype=np.float32, delimiter="\t")
assert np.array_equal(ours, theirs) and np.array_equal(ours, ref.vectors), "projector values"
assert open(w + "/proj/metadata.tsv", "rb").read() == open(w + "/gt_metadata.tsv", "rb").read()
EOF
# And ours reads gensim's projector files (named *_tensor.tsv / *_metadata.tsv).
expect_exit 0 "gensim's projector files -> bin" -- "$C" -i "$WORK/gt_tensor.tsv" -o "$WORK/h.bin" --to bin
expect_same "$WORK/h.bin" "$WORK/a.bin" "gensim's word2vec2tensor output reads back exactly"

# --top keeps the first rows; --normalize scales them to unit length (numpy's norms).
expect_exit 0 "--top 100 --normalize" -- "$C" -i "$WORK/a.bin" -o "$WORK/n.txt" --to text --top 100 --normalize
expect_err "100 of 500 vectors" "summary: rows kept"
"$PY" - "$WORK" <<'EOF' && pass || fail "--top and --normalize against numpy"
import sys, numpy as np
from gensim.models import KeyedVectors
w = sys.argv[1]
ref = KeyedVectors.load_word2vec_format(w + "/g.bin", binary=True)
got = KeyedVectors.load_word2vec_format(w + "/n.txt", binary=False)
assert got.index_to_key == ref.index_to_key[:100]
v = ref.vectors[:100].astype(np.float64)
norms = np.linalg.norm(v, axis=1, keepdims=True)
want = np.where(norms > 0, v / np.where(norms > 0, norms, 1), 0)
assert np.allclose(got.vectors, want, rtol=1e-6, atol=1e-7), np.abs(got.vectors - want).max()
assert np.all(got.vectors[7] == 0)  # the zero row stays zero
EOF

# Bad input: exit 1 with one line and no output; usage errors exit 2.
OUT=$WORK/never.bin
expect_exit 1 "missing input" -- "$C" -i "$WORK/nope.bin" -o "$OUT" --to text
expect_err "nope.bin" "missing input named"; expect_one_line "missing input"; expect_no_file "$OUT" "missing input"
head -c 3000 "$WORK/a.bin" >"$WORK/cut.bin"
expect_exit 1 "truncated input" -- "$C" -i "$WORK/cut.bin" -o "$OUT" --to text
expect_err "cut.bin" "truncated input named"; expect_no_file "$OUT" "truncated input"
mkdir "$WORK/badproj"
printf '1\t2\n3\t4\n' >"$WORK/badproj/vectors.tsv"
printf 'a\n' >"$WORK/badproj/metadata.tsv"
expect_exit 1 "projector files that disagree" -- "$C" -i "$WORK/badproj" -o "$OUT" --to bin
expect_err "more rows than the 1 words" "projector mismatch"; expect_no_file "$OUT" "projector"
expect_exit 1 "a GloVe file needs --format glove" -- "$C" -i "$WORK/c.glove" -o "$OUT" --to bin
expect_err "--format glove" "GloVe hint"
expect_exit 1 "full disk" -- "$C" -i "$WORK/a.bin" -o /dev/full --to text
expect_err "No space left" "full disk"
expect_exit 2 "--to missing" -- "$C" -i "$WORK/a.bin" -o "$OUT"
expect_exit 2 "--to unknown" -- "$C" -i "$WORK/a.bin" -o "$OUT" --to word2vec
expect_err "--to must be" "--to named"
expect_exit 2 "--top -1" -- "$C" -i "$WORK/a.bin" -o "$OUT" --to text --top -1
expect_exit 2 "projector to .gz" -- "$C" -i "$WORK/a.bin" -o "$WORK/p.gz" --to projector
expect_exit 2 "unknown --format" -- "$C" -i "$WORK/a.bin" -o "$OUT" --to text --format csv
expect_no_file "$OUT" "usage errors"
[ -z "$(ls -A "$WORK" | grep '\.tmp\.')" ] && pass || fail "temporary files left behind"

finish
