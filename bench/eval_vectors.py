#!/usr/bin/python3
"""Scores word vectors the way issue 3 measures them; prints one JSON object per file.

analogy:   gensim's evaluate_word_analogies(restrict_vocab=30000, case_insensitive=True) on
           questions-words.txt (accuracy over the questions gensim answers).
wordsim:   Spearman correlation on WordSim-353 (evaluate_word_pairs, restrict 300000).
Usage: eval_vectors.py EVAL_DIR VECTORS... (format guessed from the name: .txt/.vec = text)
"""
import json
import logging
import sys

from gensim.models import KeyedVectors

logging.disable(logging.WARNING)


def score(path, eval_dir):
    binary = not (path.endswith(".txt") or path.endswith(".vec"))
    kv = KeyedVectors.load_word2vec_format(path, binary=binary)
    acc, _ = kv.evaluate_word_analogies(f"{eval_dir}/questions-words.txt", restrict_vocab=30000,
                                        case_insensitive=True)
    pearson, spearman, oov = kv.evaluate_word_pairs(f"{eval_dir}/wordsim353.tsv",
                                                    case_insensitive=True)
    return {"file": path, "words": len(kv), "dim": kv.vector_size, "analogy": acc,
            "wordsim_spearman": spearman[0], "wordsim_oov_pct": oov}


if __name__ == "__main__":
    for p in sys.argv[2:]:
        print(json.dumps(score(p, sys.argv[1])), flush=True)
