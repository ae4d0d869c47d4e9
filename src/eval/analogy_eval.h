#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/progress.h"
#include "eval/analogy_set.h"
#include "query/vector_index.h"

namespace w2v {

struct AnalogyCounts {
  std::size_t correct = 0;
  std::size_t answered = 0;  // questions with all four words in the restricted vocabulary
  // correct / answered, or 0 when nothing was answered (gensim's convention).
  double accuracy() const {
    return answered == 0 ? 0.0 : static_cast<double>(correct) / static_cast<double>(answered);
  }
  void add(const AnalogyCounts& o) {
    correct += o.correct;
    answered += o.answered;
  }
};

struct SectionScore {
  std::string name;
  AnalogyCounts counts;
  std::size_t skipped = 0;  // questions with a word outside the restricted vocabulary
};

struct AnalogyReport {
  std::vector<SectionScore> sections;  // in file order, empty sections included
  AnalogyCounts semantic, syntactic, total;
  std::size_t skipped = 0;
  std::size_t n_questions = 0;
  std::size_t n_vocab = 0;  // rows actually searched: min(restrict_rows, rows in the file)
};

struct AnalogyEvalOptions {
  std::size_t restrict_rows = 30000;  // only the first `restrict_rows` rows count (0 = all)
  bool case_fold = true;              // compare words in ASCII upper case (gensim case_insensitive)
  Method method = Method::kAdd;
  int n_threads = 0;
};

// Evaluates the analogy questions with gensim's evaluate_word_analogies conventions
// (docs/evaluation.md): the vocabulary is the first `restrict_rows` rows (with case folding, the
// first row of each folded word wins); a question with any word outside it is skipped; the
// others are answered from the 5 best rows excluding a, b and c (3CosAdd, or 3CosMul with
// --method mul), taking the first whose folded word is not a, b or c. All questions go to the
// index as one batch.
// With a progress callback, the questions go in batches of kAnalogyBatch and each batch is
// reported (phase "answering questions"); the answers are the same.
AnalogyReport evaluate_analogies(const VectorIndex& index, const AnalogySet& set,
                                 const AnalogyEvalOptions& opts,
                                 const PassProgressFn& progress = {});

constexpr std::size_t kAnalogyBatch = 4096;

// ASCII upper case; bytes outside a-z are kept (gensim uppercases with Python's str.upper).
std::string fold_case(std::string_view word);

}  // namespace w2v
