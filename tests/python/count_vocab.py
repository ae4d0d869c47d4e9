#!/usr/bin/env python3
"""Independent reference count for w2v-vocab: writes the vocabulary that w2v-vocab must write.

Usage: count_vocab.py MIN_COUNT OUT FILE... [--max-vocab N]
Tokens are bytes.split() (space, tab, LF, CR, VT, FF); a sentence is a line with a token;
"</s>" first with the sentence count, then count descending, ties by bytes ascending; with
--max-vocab N only the first N words after "</s>". Prints "TOKENS SENTENCES" on stdout.
"""
import collections
import gzip
import sys


def read(path):
    with open(path, "rb") as f:
        data = f.read()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def main():
    args = sys.argv[1:]
    max_vocab = 0
    if "--max-vocab" in args:
        i = args.index("--max-vocab")
        max_vocab = int(args[i + 1])
        del args[i:i + 2]
    min_count, out_path, paths = int(args[0]), args[1], args[2:]
    counts = collections.Counter()
    sentences = 0
    for path in paths:
        for line in read(path).split(b"\n"):
            words = line.split()
            if words:
                sentences += 1
                counts.update(words)
    counts_end = counts.pop(b"</s>", 0)
    sentences += counts_end
    tokens = sum(counts.values())
    kept = sorted(((w, n) for w, n in counts.items() if n >= min_count), key=lambda e: (-e[1], e[0]))
    if max_vocab:
        kept = kept[:max_vocab]
    with open(out_path, "wb") as out:
        out.write(b"</s> %d\n" % sentences)
        for w, n in kept:
            out.write(b"%s %d\n" % (w, n))
    print(tokens + counts_end, sentences)


if __name__ == "__main__":
    main()
