#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "query/vector_index.h"

namespace w2v {

// A human similarity judgement: "word1 word2 score".
struct WordPair {
  std::string a, b;
  double score = 0.0;
  std::uint64_t line = 0;  // 1-based line in the file
};

struct WordPairSet {
  std::string path;
  std::vector<WordPair> pairs;
};

// Reads "word1 word2 score" lines (tab or spaces between, as in wordsim353.tsv). Blank lines and
// lines starting with '#' are skipped, and so is a first line whose score is not a number (a
// column header such as "Word 1<TAB>Word 2<TAB>Human (mean)"). Throws FormatError naming the
// file and line for any other line that is not two words and a finite number, or a file
// without pairs.
WordPairSet read_word_pairs(const std::string& path);
WordPairSet parse_word_pairs(std::string_view text, const std::string& path);

struct PairsReport {
  double spearman = 0.0;
  double pearson = 0.0;
  std::size_t n_pairs = 0;          // pairs with both words known: the correlations use these
  std::vector<WordPair> oov_pairs;  // pairs with an unknown word, skipped
};

struct PairsEvalOptions {
  std::size_t restrict_rows = 300000;  // gensim evaluate_word_pairs' default (0 = all rows)
  bool case_fold = true;
};

// gensim evaluate_word_pairs: for each pair with both words among the first `restrict_rows` rows
// (case folded: the first row of each folded word), the cosine of their vectors; Spearman
// (average ranks for ties) and Pearson against the human scores. Throws FormatError if no pair
// has both words.
PairsReport evaluate_word_pairs(const VectorIndex& index, const WordPairSet& set,
                                const PairsEvalOptions& opts);

// Correlation coefficients of x and y (same length); NaN when a side is constant or n < 2.
double pearson_correlation(const std::vector<double>& x, const std::vector<double>& y);
double spearman_correlation(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace w2v
