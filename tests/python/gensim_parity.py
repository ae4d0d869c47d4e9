#!/usr/bin/python3
"""gensim reference for the w2v query tools (tests/cli/query.sh, bench/eval_bench.sh).

  gensim_parity.py train CORPUS OUT_PREFIX      gensim Word2Vec (seeded, 1 worker) -> PREFIX.bin, .txt
  gensim_parity.py compare BIN VECTORS QUESTIONS PAIRS
        runs w2v-eval, w2v-neighbors and w2v-analogy from BIN on VECTORS and checks them against
        gensim: per-section correct and answered counts, semantic/syntactic/total, skipped,
        Spearman to 4 decimals, most_similar and 3CosAdd/3CosMul top-10 lists (same words in the
        same order, up to near-ties within the float32 error of the score; see score_tolerance).
        Prints one line per check; exits 1 if any check fails.
  gensim_parity.py time-eval VECTORS QUESTIONS  gensim load + evaluate_word_analogies, seconds
"""
import json
import logging
import subprocess
import sys
import time


def train(corpus, prefix):
    from gensim.models import Word2Vec
    from gensim.models.word2vec import LineSentence
    model = Word2Vec(LineSentence(corpus), vector_size=50, window=5, min_count=5, sg=0,
                     negative=5, epochs=3, workers=1, seed=7)
    model.wv.save_word2vec_format(prefix + ".bin", binary=True)
    model.wv.save_word2vec_format(prefix + ".txt", binary=False)


def load(path):
    from gensim.models import KeyedVectors
    with open(path, "rb") as f:
        head = f.read(1 << 16)
    first_nl = head.index(b"\n")
    row = head[first_nl + 1:]
    binary = True
    try:
        row[:row.index(b"\n")].decode("ascii")
        dim = int(head[:first_nl].split()[1])
        binary = len(row[:row.index(b"\n")].split()) != dim + 1
    except (ValueError, UnicodeDecodeError):
        binary = True
    return KeyedVectors.load_word2vec_format(path, binary=binary)


def run_json(cmd, stdin=None):
    out = subprocess.run(cmd, input=stdin, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit("FAIL: %s exited %d: %s" % (" ".join(cmd), out.returncode, out.stderr))
    return [json.loads(line) for line in out.stdout.splitlines() if line.strip()]


class Checker:
    def __init__(self):
        self.failed = 0
        self.passed = 0

    def check(self, ok, what, detail=""):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print("FAIL: %s %s" % (what, detail))


# Near-tie tolerance of a score, from the float32 error of computing it. A cosine is a dot product
# of two unit vectors of dimension D in float32: each of the D products and D - 1 sums rounds
# with a relative error of at most u = 2**-24, so the result is off by at most about D * u (for
# unit vectors the terms sum to at most 1 in absolute value), 3e-6 for D = 50; the two sides
# normalise and sum in different orders, so their cosines may differ by twice that. A 3CosAdd
# score sums three cosines (3x); a 3CosMul score multiplies two shifted cosines (1 + c) / 2 and
# divides by a third plus 1e-6, each factor in [0, 1] and the divisor at least ~0.5 for an
# answer, so its error is at most about (1 + 1 + 2) times a cosine's. Hence:
def score_tolerance(dim, method):
    cosine = 2 * dim * 2.0 ** -24
    return {"cosine": 1, "add": 3, "mul": 4}[method] * cosine


def same_up_to_ties(ours, theirs, k, tol):
    """ours (k (word, score) pairs) equals gensim's top k, up to near-ties.

    theirs is gensim's top k + a few, so that words tied across the last position are seen.
    Position by position, our word must have gensim's word's score there within tol (it is that
    word, or one gensim scored within tol of it, possibly just below position k), and our score
    for it must equal gensim's within tol. Our words are distinct. Returns "" or the reason.
    """
    if len(ours) != k or len(theirs) < k:
        return "lengths: w2v %d, gensim %d, k %d" % (len(ours), len(theirs), k)
    their_score = dict(theirs)
    tol *= max(1.0, abs(theirs[0][1]))  # the bound is relative for scores above 1 (3CosMul)
    if len({w for w, _ in ours}) != k:
        return "w2v repeats a word"
    for i, (word, score) in enumerate(ours):
        if word not in their_score:
            return "position %d: %s is not in gensim's top %d" % (i + 1, word, len(theirs))
        if abs(their_score[word] - theirs[i][1]) > tol:
            return ("position %d: %s (gensim %.8f) is not within %.1e of gensim's %s (%.8f)"
                    % (i + 1, word, their_score[word], tol, theirs[i][0], theirs[i][1]))
        if abs(score - their_score[word]) > tol:
            return ("position %d: %s scored %.8f by w2v, %.8f by gensim"
                    % (i + 1, word, score, their_score[word]))
    return ""


def compare(bin_dir, vectors, questions, pairs):
    kv = load(vectors)
    c = Checker()

    # Analogies: gensim evaluate_word_analogies(restrict_vocab=30000, case_insensitive=True).
    logging.disable(logging.CRITICAL)
    score, sections = kv.evaluate_word_analogies(questions, restrict_vocab=30000,
                                                 case_insensitive=True)
    total = sections[-1]
    ours = run_json([bin_dir + "/w2v-eval", "--vectors", vectors, "--analogies", questions,
                     "--json"])[0]
    g_sections = sections[:-1]
    c.check(len(ours["sections"]) == len(g_sections), "section count")
    sem = [0, 0]
    syn = [0, 0]
    for o, g in zip(ours["sections"], g_sections):
        gc, gn = len(g["correct"]), len(g["correct"]) + len(g["incorrect"])
        c.check(o["name"] == g["section"], "section name", "%s vs %s" % (o["name"], g["section"]))
        c.check((o["correct"], o["answered"]) == (gc, gn), "section " + g["section"],
                "w2v %d/%d, gensim %d/%d" % (o["correct"], o["answered"], gc, gn))
        acc = syn if g["section"].startswith("gram") else sem
        acc[0] += gc
        acc[1] += gn
    tc, tn = len(total["correct"]), len(total["correct"]) + len(total["incorrect"])
    c.check((ours["total"]["correct"], ours["total"]["answered"]) == (tc, tn), "total",
            "w2v %s, gensim %d/%d" % (ours["total"], tc, tn))
    c.check([ours["semantic"]["correct"], ours["semantic"]["answered"]] == sem, "semantic",
            "w2v %s, gensim %s" % (ours["semantic"], sem))
    c.check([ours["syntactic"]["correct"], ours["syntactic"]["answered"]] == syn, "syntactic",
            "w2v %s, gensim %s" % (ours["syntactic"], syn))
    n_questions = sum(1 for line in open(questions) if line.strip() and not line.startswith(":"))
    c.check(ours["skipped"] == n_questions - tn, "skipped",
            "w2v %d, gensim %d" % (ours["skipped"], n_questions - tn))
    print("analogies: w2v %d/%d correct, gensim %d/%d; semantic %s, syntactic %s; skipped %d"
          % (ours["total"]["correct"], ours["total"]["answered"], tc, tn, sem, syn,
             ours["skipped"]))

    # Word pairs: gensim evaluate_word_pairs (defaults: restrict 300000, case-insensitive).
    pearson, spearman, oov_ratio = kv.evaluate_word_pairs(pairs)
    ours = run_json([bin_dir + "/w2v-eval", "--vectors", vectors, "--similarity", pairs,
                     "--json"])[0]
    c.check(round(ours["spearman"], 4) == round(float(spearman[0]), 4), "spearman",
            "w2v %.6f gensim %.6f" % (ours["spearman"], spearman[0]))
    c.check(abs(ours["pearson"] - float(pearson[0])) < 1e-4, "pearson",
            "w2v %.6f gensim %.6f" % (ours["pearson"], pearson[0]))
    n_pairs = ours["pairs"] + ours["oov_pairs"]
    c.check(abs(100.0 * ours["oov_pairs"] / n_pairs - oov_ratio) < 1e-9, "oov pairs",
            "w2v %d of %d, gensim %.3f%%" % (ours["oov_pairs"], n_pairs, oov_ratio))
    print("pairs: w2v spearman %.4f pearson %.4f, gensim spearman %.4f pearson %.4f; %d oov"
          % (ours["spearman"], ours["pearson"], spearman[0], pearson[0], ours["oov_pairs"]))

    # Neighbours of 200 words spread over the vocabulary (+ multi-word queries), in one batch.
    words = [kv.index_to_key[i] for i in range(0, len(kv), max(1, len(kv) // 200))][:200]
    queries = [[w] for w in words] + [[words[i], words[i + 1]] for i in range(0, 40, 2)]
    got = run_json([bin_dir + "/w2v-neighbors", "--vectors", vectors, "--json"],
                   "\n".join(" ".join(q) for q in queries) + "\n")
    k, extra = 10, 5
    tol = score_tolerance(kv.vector_size, "cosine")
    bad = 0
    for q, o in zip(queries, got):
        theirs = kv.most_similar(positive=q, topn=k + extra)
        mine = [(n["word"], n["similarity"]) for n in o["neighbors"]]
        why = same_up_to_ties(mine, theirs, k, tol)
        if why:
            bad += 1
            print("  neighbours of %s: %s\n    w2v %s\n    gensim %s" % (q, why, mine, theirs))
    c.check(bad == 0 and len(got) == len(queries), "neighbours",
            "%d of %d differ, %d answers" % (bad, len(queries), len(got)))
    # restrict_vocab as gensim's most_similar
    got = run_json([bin_dir + "/w2v-neighbors", "--vectors", vectors, "--json", "--restrict",
                    "1000"], "\n".join(words[:50]) + "\n")
    bad = 0
    for w, o in zip(words[:50], got):
        theirs = kv.most_similar(positive=[w], topn=k + extra, restrict_vocab=1000)
        mine = [(n["word"], n["similarity"]) for n in o["neighbors"]]
        why = same_up_to_ties(mine, theirs, k, tol)
        if why:
            bad += 1
            print("  --restrict 1000, neighbours of %s: %s" % (w, why))
    c.check(bad == 0 and len(got) == 50, "neighbours --restrict 1000",
            "%d of 50 differ, %d answers" % (bad, len(got)))

    # Analogies (3CosAdd and 3CosMul) from questions-words lines in the vocabulary.
    quads = []
    for line in open(questions):
        parts = line.split()
        if len(parts) == 4 and all(p.lower() in kv.key_to_index for p in parts):
            quads.append([p.lower() for p in parts[:3]])
    quads = quads[::max(1, len(quads) // 150)][:150]
    for method in ("add", "mul"):
        got = run_json([bin_dir + "/w2v-analogy", "--vectors", vectors, "--json", "--method",
                        method], "\n".join(" ".join(q) for q in quads) + "\n")
        bad = 0
        tol = score_tolerance(kv.vector_size, method)
        for (a, b, cc), o in zip(quads, got):
            f = kv.most_similar if method == "add" else kv.most_similar_cosmul
            theirs = f(positive=[b, cc], negative=[a], topn=k + extra)
            mine = [(n["word"], n["score"]) for n in o["answers"]]
            why = same_up_to_ties(mine, theirs, k, tol)
            if why:
                bad += 1
                print("  %s %s: %s\n    w2v %s\n    gensim %s" % (method, (a, b, cc), why, mine, theirs))
        c.check(bad == 0 and len(got) == len(quads), "analogies " + method,
                "%d of %d differ, %d answers" % (bad, len(quads), len(got)))
    print("neighbours: %d queries, analogies: %d queries x 2 methods" % (len(queries), len(quads)))
    print("parity %s: %d checks passed, %d failed" % (vectors, c.passed, c.failed))
    return 1 if c.failed else 0


def time_eval(vectors, questions):
    logging.disable(logging.CRITICAL)
    t0 = time.perf_counter()
    kv = load(vectors)
    t1 = time.perf_counter()
    score, sections = kv.evaluate_word_analogies(questions, restrict_vocab=30000,
                                                 case_insensitive=True)
    t2 = time.perf_counter()
    total = sections[-1]
    print("%.3f %.3f %d %d" % (t1 - t0, t2 - t1, len(total["correct"]),
                               len(total["correct"]) + len(total["incorrect"])))


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "train" and len(sys.argv) == 4:
        train(sys.argv[2], sys.argv[3])
    elif cmd == "compare" and len(sys.argv) == 6:
        sys.exit(compare(*sys.argv[2:6]))
    elif cmd == "time-eval" and len(sys.argv) == 4:
        time_eval(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
