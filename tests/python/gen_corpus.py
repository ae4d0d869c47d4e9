#!/usr/bin/python3
"""A seeded corpus with planted structure, and the evaluation sets that measure it.

  gen_corpus.py --seed S --tokens N --out DIR

writes DIR/corpus.txt (one sentence per line), DIR/questions.txt (analogies in the
questions-words format) and DIR/pairs.tsv (word pairs with a similarity score, WordSim-353's
layout). Same seed, same bytes.

The planted language:
  - 12 topics in a ring; each has 8 nouns and 6 context words. A sentence is about one topic: its
    context words come from that topic (70%) or a neighbouring one (30%), so nouns of one topic
    share contexts, nouns of neighbouring topics share some, and nouns of distant topics none.
  - Every noun has two forms, singular (t3n5) and plural (t3n5s). A singular noun is preceded by
    one of "one a single", a plural by one of "many several two": the same shift of context for
    every noun, which is what makes "t0n1 : t0n1s :: t7n2 : t7n2s" an analogy that vectors can
    answer by vector offset. Each noun is followed by its own attribute word (t3a5) in 60% of
    its uses, in either form: what tells its plural from the other plurals of its topic.
  - 300 filler words with Zipf frequencies (w0 the most frequent) fill the rest of each sentence,
    so that subsampling and noise sampling see a realistic frequency curve.
The truths the sets hold are known by construction, not measured from any model:
  questions.txt: ": gram-plural" with 400 questions "a as b bs" over random noun pairs a != b;
  pairs.tsv: 300 pairs of singular nouns scored 9 (same topic), 5 (neighbouring topics) or 1
    (further apart).
"""
import argparse
import os
import random

N_TOPICS = 12
N_NOUNS = 8
N_CONTEXT = 6
N_FILLERS = 300
SINGULAR = ["one", "a", "single"]
PLURAL = ["many", "several", "two"]


def noun(t, i, plural):
    return "t%dn%d%s" % (t, i, "s" if plural else "")


def attribute(t, i):
    return "t%da%d" % (t, i)


def context_word(t, i):
    return "t%dc%d" % (t, i)


def sentence(rnd, fillers, weights):
    t = rnd.randrange(N_TOPICS)
    words = []
    for _ in range(rnd.randint(2, 3)):
        plural = rnd.random() < 0.5
        words.append(rnd.choice(PLURAL if plural else SINGULAR))
        i = rnd.randrange(N_NOUNS)
        words.append(noun(t, i, plural))
        if rnd.random() < 0.6:
            words.append(attribute(t, i))
        for _ in range(rnd.randint(1, 2)):
            r = rnd.random()
            topic = t if r < 0.7 else (t + (1 if r < 0.85 else -1)) % N_TOPICS
            words.append(context_word(topic, rnd.randrange(N_CONTEXT)))
    for _ in range(rnd.randint(2, 5)):
        words.insert(rnd.randrange(len(words) + 1), rnd.choices(fillers, weights)[0])
    return words


def topic_distance(a, b):
    d = abs(a - b) % N_TOPICS
    return min(d, N_TOPICS - d)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--tokens", type=int, default=500000)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)

    fillers = ["w%d" % i for i in range(N_FILLERS)]
    weights = [1.0 / (i + 1) for i in range(N_FILLERS)]
    n = 0
    with open(os.path.join(args.out, "corpus.txt"), "w") as out:
        while n < args.tokens:
            words = sentence(rnd, fillers, weights)
            n += len(words)
            out.write(" ".join(words) + "\n")

    nouns = [(t, i) for t in range(N_TOPICS) for i in range(N_NOUNS)]
    with open(os.path.join(args.out, "questions.txt"), "w") as out:
        out.write(": gram-plural\n")
        for _ in range(400):
            a, b = rnd.sample(nouns, 2)
            out.write("%s %s %s %s\n" % (noun(*a, False), noun(*a, True), noun(*b, False),
                                         noun(*b, True)))
    with open(os.path.join(args.out, "pairs.tsv"), "w") as out:
        for _ in range(300):
            a, b = rnd.sample(nouns, 2)
            d = topic_distance(a[0], b[0])
            score = 9 if d == 0 else 5 if d == 1 else 1
            out.write("%s\t%s\t%d\n" % (noun(*a, False), noun(*b, False), score))


if __name__ == "__main__":
    main()
