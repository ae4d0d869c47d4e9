#!/usr/bin/env bash
# The word2vec text reader against gensim 4.2's load_word2vec_format on 20,000 generated files,
# most of them malformed (tests/python/text_reader_diff.py): with --format text and auto, w2v and
# gensim both accept or both refuse, except where w2v is stricter by a documented departure
# (docs/formats.md), and where both accept they read the same words and bit-identical vectors.
# Needs the test-only tests/tools/read_vectors_dump (built with the tests) and generated files only.
. "$(dirname "$0")/lib.bash"
DUMP=$BIN/../tests/read_vectors_dump
if [ -x "$DUMP" ]; then
  if "$PY" "$SRC/tests/python/text_reader_diff.py" "$DUMP" --files 20000 --seed 1 \
    --dir "$WORK/files" --verbose; then
    pass
  else
    fail "w2v and gensim disagree (above); reproduce with: $PY tests/python/text_reader_diff.py $DUMP --seed 1 --dir DIR --keep --verbose"
  fi
else
  fail "$DUMP is missing; it is built with the tests (tests/CMakeLists.txt)"
fi
finish
