#include "eval/eval_format.h"

#include <cstdio>

#include "core/json.h"

namespace w2v {

namespace {

std::string percent_line(const std::string& name, const AnalogyCounts& c) {
  char buf[96];
  std::snprintf(buf, sizeof buf, ": %.1f%% (%zu/%zu)\n", 100.0 * c.accuracy(), c.correct,
                c.answered);
  return name + buf;
}

void add_counts(JsonWriter& w, const char* name, const AnalogyCounts& c) {
  w.key(name).begin_object();
  w.field("correct", c.correct).field("answered", c.answered).field("accuracy", c.accuracy());
  w.end_object();
}

}  // namespace

std::string format_analogy_report(const AnalogyReport& report, bool json) {
  std::string out;
  if (json) {
    JsonWriter w;
    w.begin_object();
    add_counts(w, "total", report.total);
    add_counts(w, "semantic", report.semantic);
    add_counts(w, "syntactic", report.syntactic);
    w.field("skipped", report.skipped).key("sections").begin_array();
    for (const SectionScore& s : report.sections) {
      w.begin_object().field("name", s.name);
      w.field("correct", s.counts.correct).field("answered", s.counts.answered).end_object();
    }
    return w.end_array().end_object().str() + "\n";
  }
  for (const SectionScore& s : report.sections) out += percent_line(s.name, s.counts);
  out += percent_line("semantic", report.semantic);
  out += percent_line("syntactic", report.syntactic);
  out += percent_line("total", report.total);
  out += "skipped: " + std::to_string(report.skipped) + " of " +
         std::to_string(report.n_questions) + " questions (a word outside the first " +
         std::to_string(report.n_vocab) + " words)\n";
  return out;
}

std::string format_pairs_report(const PairsReport& report, bool json) {
  std::string out;
  if (json) {
    JsonWriter w;
    w.begin_object().field("spearman", report.spearman).field("pearson", report.pearson);
    w.field("pairs", report.n_pairs).field("oov_pairs", report.oov_pairs.size());
    return w.end_object().str() + "\n";
  }
  char buf[128];
  std::snprintf(buf, sizeof buf, "spearman: %.4f\npearson: %.4f\n", report.spearman,
                report.pearson);
  out += buf;
  out += "pairs: " + std::to_string(report.n_pairs) + " (" +
         std::to_string(report.oov_pairs.size()) + " more with an unknown word, skipped)\n";
  // A few unknown pairs show what is missing; --json gives the count for scripts.
  constexpr std::size_t kListed = 5;
  for (std::size_t i = 0; i < report.oov_pairs.size() && i < kListed; ++i) {
    const WordPair& p = report.oov_pairs[i];
    out += "unknown: " + p.a + " " + p.b + " (line " + std::to_string(p.line) + ")\n";
  }
  if (report.oov_pairs.size() > kListed) {
    out += "unknown: ... and " + std::to_string(report.oov_pairs.size() - kListed) + " more\n";
  }
  return out;
}

}  // namespace w2v
