#!/usr/bin/python3
"""Compares phrased corpora token by token and attributes the differences.

  phrases_compare.py W2V W2P REF REF_QUIRKS REF_CROSS

W2V is w2v-phrases' output, W2P word2phrase's, REF the reference (tests/python/phrases_ref.py)
without quirks, REF_QUIRKS with both of word2phrase's quirks (--cross-line --truncate), REF_CROSS
with the cross-line counts only. All five have one line per input line; lines are compared as
token lists (word2phrase starts every line with a space). Prints one line of counts:

  lines  tokens  differing_lines  differing_tokens  w2v_vs_ref  w2p_vs_ref_quirks  cross_alone

differing_*: W2V against W2P (tokens: those of W2V's differing lines outside the common
subsequence). w2v_vs_ref and w2p_vs_ref_quirks: lines where W2V differs from REF, and W2P from
REF_QUIRKS (0 and 0: w2v follows the rules exactly, and the rules plus the two quirks are
word2phrase). cross_alone: differing lines that REF_CROSS already reproduces (the cross-line
counts explain them; the others need the token truncation too).
"""
import difflib
import sys


def main():
    files = [open(p, "rb") for p in sys.argv[1:6]]
    lines = tokens = diff_lines = diff_tokens = w2v_vs_ref = w2p_vs_quirks = cross_alone = 0
    examples = []
    while True:
        rows = [f.readline() for f in files]
        if not any(rows):
            break
        w2v, w2p, ref, quirks, cross = [r.split() for r in rows]
        lines += 1
        tokens += len(w2v)
        w2v_vs_ref += w2v != ref
        w2p_vs_quirks += w2p != quirks
        if w2v != w2p:
            diff_lines += 1
            cross_alone += w2p == cross
            sm = difflib.SequenceMatcher(None, w2v, w2p, autojunk=False)
            diff_tokens += len(w2v) - sum(b.size for b in sm.get_matching_blocks())
            if len(examples) < 3:
                ops = [(w2v[i1:i2], w2p[j1:j2]) for tag, i1, i2, j1, j2 in sm.get_opcodes()
                       if tag != "equal"]
                examples.append((lines, ops[:2]))
    print(lines, tokens, diff_lines, diff_tokens, w2v_vs_ref, w2p_vs_quirks, cross_alone)
    for line, ops in examples:
        shown = "; ".join(b" ".join(a).decode(errors="replace") + " | " +
                          b" ".join(b).decode(errors="replace") for a, b in ops)
        print("  line %d (w2v | word2phrase): %s" % (line, shown), file=sys.stderr)


if __name__ == "__main__":
    main()
