#pragma once

#include <string>

#include "eval/analogy_eval.h"
#include "eval/word_pairs.h"

namespace w2v {

// Output of w2v-eval (docs/cli/w2v-eval.md).

// Text: one "name: 83.2% (421/506)" line per section (gensim's log format), then semantic,
// syntactic, total and the skipped count. JSON (one line): {"total": {"correct": C,
// "answered": N, "accuracy": C/N}, "semantic": {...}, "syntactic": {...}, "skipped": K,
// "sections": [{"name": "capital-common-countries", "correct": C, "answered": N}, ...]}.
std::string format_analogy_report(const AnalogyReport& report, bool json);

// Text: Spearman, Pearson, the pair counts and each pair with an unknown word. JSON (one line):
// {"spearman": r, "pearson": r, "pairs": n, "oov_pairs": k}; pairs counts the pairs used.
std::string format_pairs_report(const PairsReport& report, bool json);

}  // namespace w2v
