#!/usr/bin/python3
"""Trains gensim's Word2Vec with w2v-train's settings, times the phases.

Prints one JSON object: vocab_seconds, train_seconds, vocab_size, raw_words.
Usage: gensim_train.py CORPUS OUTPUT.bin sg|cbow DIM WINDOW NEGATIVE SAMPLE MIN_COUNT EPOCHS
                       WORKERS SEED ALPHA [file|iter] [HS]
HS: 1 for hierarchical softmax (with NEGATIVE 0: alone), default 0.
file (default): corpus_file mode, gensim's fastest. Each worker reads its own part of the file
  and decays the learning rate by its own progress over the whole corpus, so within an epoch
  the rate only falls by 1/workers of the epoch's share, and the last epoch ends near
  alpha * (1 - (epochs - 1 + 1/workers) / epochs) (0.1 * alpha for 5 epochs, 2 workers) instead of
  min_alpha (gensim's get_next_alpha in word2vec_corpusfile.pyx).
iter: a LineSentence iterable (lines cut at 10,000 words, as corpus_file does); one producer
  thread hands out jobs and decays the rate by the progress of all workers: word2vec.c's
  schedule.
"""
import json
import logging
import sys
import time

from gensim.models import Word2Vec
from gensim.models.word2vec import LineSentence

logging.disable(logging.WARNING)


def main(a):
    corpus, out, model = a[0], a[1], a[2]
    dim, window, negative = int(a[3]), int(a[4]), int(a[5])
    sample, min_count, epochs = float(a[6]), int(a[7]), int(a[8])
    workers, seed, alpha = int(a[9]), int(a[10]), float(a[11])
    mode = a[12] if len(a) > 12 else "file"
    hs = int(a[13]) if len(a) > 13 else 0
    m = Word2Vec(vector_size=dim, window=window, negative=negative, hs=hs, sample=sample,
                 min_count=min_count, sg=1 if model == "sg" else 0, workers=workers, seed=seed,
                 alpha=alpha, min_alpha=alpha * 1e-4)
    t0 = time.monotonic()
    if mode == "iter":
        sentences = LineSentence(corpus, max_sentence_length=10000)
        m.build_vocab(corpus_iterable=sentences)
        t1 = time.monotonic()
        m.train(corpus_iterable=sentences, total_examples=m.corpus_count,
                total_words=m.corpus_total_words, epochs=epochs)
    else:
        m.build_vocab(corpus_file=corpus)
        t1 = time.monotonic()
        m.train(corpus_file=corpus, total_examples=m.corpus_count,
                total_words=m.corpus_total_words, epochs=epochs)
    t2 = time.monotonic()
    m.wv.save_word2vec_format(out, binary=True)
    print(json.dumps({"vocab_seconds": t1 - t0, "train_seconds": t2 - t1,
                      "vocab_size": len(m.wv), "raw_words": m.corpus_total_words}))


if __name__ == "__main__":
    main(sys.argv[1:])
