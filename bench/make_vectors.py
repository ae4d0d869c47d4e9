#!/usr/bin/python3
"""Writes seeded random word2vec binary vectors for benchmarks.

  make_vectors.py OUT DIM VOCAB_FILE   rows = the words of a w2v-vocab file ("</s>" skipped)
  make_vectors.py OUT DIM N            rows = w0 .. w{N-1}
Rows are standard normal float32 (seed 1), written in word2vec's binary layout.
"""
import sys

import numpy as np


def main(out, dim, source):
    dim = int(dim)
    if source.isdigit():
        words = ["w%d" % i for i in range(int(source))]
    else:
        words = [line.split(" ")[0] for line in open(source, encoding="utf-8", errors="replace")]
        words = [w for w in words if w != "</s>"]
    rng = np.random.default_rng(1)
    with open(out, "wb") as f:
        f.write(b"%d %d\n" % (len(words), dim))
        chunk = 50000
        for start in range(0, len(words), chunk):
            block = rng.standard_normal((min(chunk, len(words) - start), dim), dtype=np.float32)
            rows = block.astype("<f4")
            f.write(b"".join(w.encode("utf-8") + b" " + rows[i].tobytes() + b"\n"
                             for i, w in enumerate(words[start:start + chunk])))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
