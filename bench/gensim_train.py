#!/usr/bin/python3
"""Trains gensim's Word2Vec in corpus_file mode with w2v-train's settings, times the phases.

Prints one JSON object: vocab_seconds, train_seconds, vocab_size, raw_words.
Usage: gensim_train.py CORPUS OUTPUT.bin sg|cbow DIM WINDOW NEGATIVE SAMPLE MIN_COUNT EPOCHS
                       WORKERS SEED ALPHA
"""
import json
import logging
import sys
import time

from gensim.models import Word2Vec

logging.disable(logging.WARNING)


def main(a):
    corpus, out, model = a[0], a[1], a[2]
    dim, window, negative = int(a[3]), int(a[4]), int(a[5])
    sample, min_count, epochs = float(a[6]), int(a[7]), int(a[8])
    workers, seed, alpha = int(a[9]), int(a[10]), float(a[11])
    m = Word2Vec(vector_size=dim, window=window, negative=negative, hs=0, sample=sample,
                 min_count=min_count, sg=1 if model == "sg" else 0, workers=workers, seed=seed,
                 alpha=alpha, min_alpha=alpha * 1e-4)
    t0 = time.monotonic()
    m.build_vocab(corpus_file=corpus)
    t1 = time.monotonic()
    m.train(corpus_file=corpus, total_examples=m.corpus_count, total_words=m.corpus_total_words,
            epochs=epochs)
    t2 = time.monotonic()
    m.wv.save_word2vec_format(out, binary=True)
    print(json.dumps({"vocab_seconds": t1 - t0, "train_seconds": t2 - t1,
                      "vocab_size": len(m.wv), "raw_words": m.corpus_total_words}))


if __name__ == "__main__":
    main(sys.argv[1:])
