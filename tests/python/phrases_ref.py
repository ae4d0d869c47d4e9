#!/usr/bin/python3
"""An independent reading of word2phrase.c's rules, for checking w2v-phrases (and, with the
quirk flags, word2phrase.c itself).

  phrases_ref.py [options] IN OUT

One pass: count every word and every pair of adjacent words under string keys ("a" + delimiter
+ "b", in the same table as the words, so the word "a_b" and the pair "a b" share a count), then
copy IN to OUT joining, left to right, each pair whose words and key are seen at least
--min-count times and whose score is above the threshold; a word joined to the one before it is
not joined to the next. word2phrase's score is (count(ab) - min_count) / count(a) / count(b) *
tokens in 32-bit floats, in that order; npmi's is ln(p(ab) / (p(a) p(b))) / -ln(p(ab)).
Tokens are split on the six ASCII blanks, lines on LF; OUT has one line per line of IN, tokens
joined by one space. --passes 2 runs the pass again on its own output, with the second threshold
if two are given.

Quirks of word2phrase.c, off by default:
  --cross-line  count the pair made by the last word of a line and the first of the next (its
                counting loop clears its sentence-start flag before testing it)
  --truncate    keep only the first 58 bytes of a token (ReadWord's MAX_STRING of 60) and the
                first 59 bytes of a pair's key (bigram_word[MAX_STRING - 1] = 0)
"""
import argparse
import math
from collections import Counter

import numpy as np

F = np.float32


def tokens(line, lowercase, truncate):
    toks = line.split()  # bytes.split(): space, \t, \n, \r, \v, \f
    if lowercase:
        toks = [t.lower() for t in toks]  # bytes.lower() folds ASCII A-Z only
    if truncate:
        toks = [t[:58] for t in toks]
    return toks


def read_lines(data):
    """The lines of data; a last piece without LF is a line only if it has tokens."""
    parts = data.split(b"\n")
    last = parts.pop()
    if last.split():
        parts.append(last)
    return parts


def learn(lines, delim, cross_line, truncate):
    counts = Counter()
    total = 0
    last = None
    for toks in lines:
        if not cross_line:
            last = None
        for w in toks:
            total += 1
            counts[w] += 1
            if last is not None:
                key = last + delim + w
                counts[key[:59] if truncate else key] += 1
            last = w
    return counts, total


def score(scorer, ca, cb, cab, min_count, total):
    if scorer == "word2phrase":
        return F(F(F(cab - min_count) / F(ca)) / F(cb)) * F(total)
    p_a, p_b, p_ab = ca / total, cb / total, cab / total
    if p_ab >= 1.0:
        return 1.0
    return math.log(p_ab / (p_a * p_b)) / -math.log(p_ab)


def one_pass(lines, args, threshold):
    delim = args.delimiter.encode()
    counts, total = learn(lines, delim, args.cross_line, args.truncate)
    thr = F(threshold) if args.scorer == "word2phrase" else threshold
    out = []
    for toks in lines:
        res = []
        prev_joined = False
        for i, w in enumerate(toks):
            join = False
            if i > 0 and not prev_joined:
                a = toks[i - 1]
                key = a + delim + w
                ca, cb = counts.get(a, 0), counts.get(w, 0)
                cab = counts.get(key[:59] if args.truncate else key, 0)
                if ca >= args.min_count and cb >= args.min_count and cab >= args.min_count:
                    join = score(args.scorer, ca, cb, cab, args.min_count, total) > thr
            if join:
                res[-1] = res[-1] + delim + w
            else:
                res.append(w)
            prev_joined = join
        out.append(res)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--min-count", type=int, default=5)
    ap.add_argument("--threshold", type=float, nargs="+", default=[100.0])
    ap.add_argument("--passes", type=int, default=1)
    ap.add_argument("--scorer", choices=["word2phrase", "npmi"], default="word2phrase")
    ap.add_argument("--delimiter", default="_")
    ap.add_argument("--lowercase", action="store_true")
    ap.add_argument("--cross-line", action="store_true")
    ap.add_argument("--truncate", action="store_true")
    args = ap.parse_args()
    with open(args.input, "rb") as f:
        lines = [tokens(l, args.lowercase, args.truncate) for l in read_lines(f.read())]
    for p in range(args.passes):
        if p > 0 and args.truncate:  # word2phrase reads its own output again
            lines = [[t[:58] for t in toks] for toks in lines]
        lines = one_pass(lines, args, args.threshold[min(p, len(args.threshold) - 1)])
    with open(args.output, "wb") as f:
        for toks in lines:
            f.write(b" ".join(toks) + b"\n")


if __name__ == "__main__":
    main()
