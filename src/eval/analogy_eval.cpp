#include "eval/analogy_eval.h"

#include <algorithm>
#include <unordered_map>

namespace w2v {

namespace {

// gensim evaluate_word_analogies asks most_similar for this many answers.
constexpr std::size_t kAnswersLooked = 5;

struct Pending {
  std::size_t section;
  std::string expected;
  std::array<std::string, 3> ignore;  // folded a, b, c
};

}  // namespace

std::string fold_case(std::string_view word) {
  std::string out(word);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

AnalogyReport evaluate_analogies(const VectorIndex& index, const AnalogySet& set,
                                 const AnalogyEvalOptions& opts, const PassProgressFn& progress) {
  AnalogyReport report;
  report.n_vocab =
      opts.restrict_rows == 0 ? index.size() : std::min(opts.restrict_rows, index.size());
  const auto key = [&](std::string_view w) {
    return opts.case_fold ? fold_case(w) : std::string(w);
  };
  // gensim's ok_vocab: folded word -> first row among the first n_vocab.
  std::unordered_map<std::string, WordId> ok_vocab;
  ok_vocab.reserve(report.n_vocab);
  for (std::size_t i = 0; i < report.n_vocab; ++i) {
    ok_vocab.emplace(key(index.word(static_cast<WordId>(i))), static_cast<WordId>(i));
  }

  std::vector<Query> queries;
  std::vector<Pending> pending;
  for (std::size_t s = 0; s < set.sections.size(); ++s) {
    const AnalogySection& section = set.sections[s];
    report.sections.push_back({section.name, {}, 0});
    for (const AnalogyQuestion& q : section.questions) {
      ++report.n_questions;
      std::array<std::string, 4> folded;
      std::array<WordId, 4> ids{};
      bool known = true;
      for (std::size_t i = 0; i < 4 && known; ++i) {
        folded[i] = key(q.words[i]);
        const auto it = ok_vocab.find(folded[i]);
        if (it == ok_vocab.end()) {
          known = false;
        } else {
          ids[i] = it->second;
        }
      }
      if (!known) {
        ++report.sections[s].skipped;
        ++report.skipped;
        continue;
      }
      // a is to b as c is to ?: positive b, c; negative a.
      queries.push_back({{ids[1], ids[2]}, {ids[0]}});
      pending.push_back({s, folded[3], {folded[0], folded[1], folded[2]}});
    }
  }

  SearchOptions search;
  search.k = kAnswersLooked;
  search.restrict_rows = report.n_vocab;
  search.method = opts.method;
  search.n_threads = opts.n_threads;
  std::vector<std::vector<Neighbor>> answers;
  if (!progress) {
    answers = index.most_similar(queries, search);
  } else {
    // Each batch is a full scan of the rows: a few more scans buy a progress line.
    ProgressReporter reporter(progress, "answering questions", "questions", queries.size());
    answers.reserve(queries.size());
    for (std::size_t begin = 0; begin < queries.size(); begin += kAnalogyBatch) {
      const std::size_t end = std::min(queries.size(), begin + kAnalogyBatch);
      const std::vector<Query> batch(queries.begin() + static_cast<std::ptrdiff_t>(begin),
                                     queries.begin() + static_cast<std::ptrdiff_t>(end));
      for (auto& a : index.most_similar(batch, search)) answers.push_back(std::move(a));
      reporter.update(end);
    }
    reporter.finish(queries.size());
  }

  for (std::size_t i = 0; i < pending.size(); ++i) {
    const Pending& p = pending[i];
    // gensim: the first answer whose folded word is not a, b or c; if all five are, the last
    // one stays "predicted" (and is then wrong unless the expected word is one of a, b, c).
    bool have_prediction = false;
    std::string predicted;
    for (const Neighbor& n : answers[i]) {
      predicted = key(index.word(n.id));
      have_prediction = true;
      if (std::find(p.ignore.begin(), p.ignore.end(), predicted) == p.ignore.end()) break;
    }
    AnalogyCounts& counts = report.sections[p.section].counts;
    ++counts.answered;
    if (have_prediction && predicted == p.expected) ++counts.correct;
  }

  for (const SectionScore& s : report.sections) {
    (is_syntactic_section(s.name) ? report.syntactic : report.semantic).add(s.counts);
    report.total.add(s.counts);
  }
  return report;
}

}  // namespace w2v
