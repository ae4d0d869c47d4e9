#include "eval/word_pairs.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <numeric>
#include <unordered_map>

#include "core/error.h"
#include "eval/analogy_eval.h"
#include "eval/analogy_set.h"
#include "eval/line_source.h"
#include "io/input_file.h"

namespace w2v {

namespace {

bool parse_score(std::string_view s, double& value) {
  const char* first = s.data();
  const char* last = s.data() + s.size();
  if (first != last && *first == '+') ++first;
  const auto [ptr, ec] = std::from_chars(first, last, value);
  return ec == std::errc() && ptr == last && std::isfinite(value);
}

// Average ranks (1-based), ties sharing the mean of their positions, as scipy.stats.rankdata.
std::vector<double> ranks(const std::vector<double>& x) {
  std::vector<std::size_t> order(x.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
  std::vector<double> r(x.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && x[order[j + 1]] == x[order[i]]) ++j;
    const double mean_rank = (static_cast<double>(i) + static_cast<double>(j)) / 2.0 + 1.0;
    for (std::size_t t = i; t <= j; ++t) r[order[t]] = mean_rank;
    i = j + 1;
  }
  return r;
}

}  // namespace

namespace {

// Parses lines as next_line(line, line_no) hands them over, so files are read as a stream.
template <class NextLine>
WordPairSet parse_lines(NextLine&& next_line, const std::string& path) {
  WordPairSet set;
  set.path = path;
  const std::string name = display_name(path);
  std::uint64_t line_no = 0;
  bool first_content = true;
  std::string_view line;
  while (next_line(line, line_no)) {
    if (!line.empty() && line[0] == '#') continue;
    const auto fields = split_words(line);
    if (fields.empty()) continue;
    const bool was_first = first_content;
    first_content = false;
    double score = 0.0;
    const bool ok = fields.size() == 3 && parse_score(fields[2], score);
    if (!ok) {
      // A first line like "Word 1<TAB>Word 2<TAB>Human (mean)" is a column header.
      if (was_first && !parse_score(fields.back(), score)) continue;
      throw FormatError(name + ": line " + std::to_string(line_no) +
                        ": expected \"word1 word2 score\" (a finite number), found " +
                        std::to_string(fields.size()) + " fields" +
                        (fields.size() == 3 ? " with a score that is not a finite number" : ""));
    }
    set.pairs.push_back({std::string(fields[0]), std::string(fields[1]), score, line_no});
  }
  if (set.pairs.empty()) {
    throw FormatError(name + ": no word pairs; expected lines \"word1 word2 score\"");
  }
  return set;
}

}  // namespace

WordPairSet parse_word_pairs(std::string_view text, const std::string& path) {
  return parse_lines(TextLines(text), path);
}

WordPairSet read_word_pairs(const std::string& path) {
  InputFile in(path);
  return parse_lines(StreamLines(in), path);
}

double pearson_correlation(const std::vector<double>& x, const std::vector<double>& y) {
  const std::size_t n = x.size();
  if (n < 2 || y.size() != n) return std::numeric_limits<double>::quiet_NaN();
  const double mx = std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(n);
  const double my = std::accumulate(y.begin(), y.end(), 0.0) / static_cast<double>(n);
  double sxy = 0.0, sxx = 0.0, syy = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  if (sxx == 0.0 || syy == 0.0) return std::numeric_limits<double>::quiet_NaN();
  return sxy / std::sqrt(sxx * syy);
}

double spearman_correlation(const std::vector<double>& x, const std::vector<double>& y) {
  return pearson_correlation(ranks(x), ranks(y));
}

PairsReport evaluate_word_pairs(const VectorIndex& index, const WordPairSet& set,
                                const PairsEvalOptions& opts) {
  const std::size_t n_vocab =
      opts.restrict_rows == 0 ? index.size() : std::min(opts.restrict_rows, index.size());
  const auto key = [&](std::string_view w) {
    return opts.case_fold ? fold_case(w) : std::string(w);
  };
  std::unordered_map<std::string, WordId> ok_vocab;
  ok_vocab.reserve(n_vocab);
  for (std::size_t i = 0; i < n_vocab; ++i) {
    ok_vocab.emplace(key(index.word(static_cast<WordId>(i))), static_cast<WordId>(i));
  }
  PairsReport report;
  std::vector<double> gold, model;
  const std::size_t dim = static_cast<std::size_t>(index.dim());
  for (const WordPair& p : set.pairs) {
    const auto a = ok_vocab.find(key(p.a));
    const auto b = ok_vocab.find(key(p.b));
    if (a == ok_vocab.end() || b == ok_vocab.end()) {
      report.oov_pairs.push_back(p);
      continue;
    }
    const float* va = index.unit_row(a->second);
    const float* vb = index.unit_row(b->second);
    double dot = 0.0;
    for (std::size_t i = 0; i < dim; ++i)
      dot += static_cast<double>(va[i]) * static_cast<double>(vb[i]);
    gold.push_back(p.score);
    model.push_back(dot);
  }
  if (gold.empty()) {
    throw FormatError(display_name(set.path) + ": none of the " + std::to_string(set.pairs.size()) +
                      " pairs has both words in the first " + std::to_string(n_vocab) +
                      " words of the vectors; nothing to correlate");
  }
  report.n_pairs = gold.size();
  report.spearman = spearman_correlation(gold, model);
  report.pearson = pearson_correlation(gold, model);
  return report;
}

}  // namespace w2v
