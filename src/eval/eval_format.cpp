#include "eval/eval_format.h"

#include <cstdio>

#include "query/json.h"

namespace w2v {

namespace {

std::string percent_line(const std::string& name, const AnalogyCounts& c) {
  char buf[96];
  std::snprintf(buf, sizeof buf, ": %.1f%% (%zu/%zu)\n", 100.0 * c.accuracy(), c.correct,
                c.answered);
  return name + buf;
}

void append_counts_json(std::string& out, const AnalogyCounts& c) {
  out += "{\"correct\": " + std::to_string(c.correct) +
         ", \"answered\": " + std::to_string(c.answered) + ", \"accuracy\": ";
  append_json_number(out, c.accuracy());
  out += '}';
}

}  // namespace

std::string format_analogy_report(const AnalogyReport& report, bool json) {
  std::string out;
  if (json) {
    out += "{\"total\": ";
    append_counts_json(out, report.total);
    out += ", \"semantic\": ";
    append_counts_json(out, report.semantic);
    out += ", \"syntactic\": ";
    append_counts_json(out, report.syntactic);
    out += ", \"skipped\": " + std::to_string(report.skipped) + ", \"sections\": [";
    for (std::size_t i = 0; i < report.sections.size(); ++i) {
      const SectionScore& s = report.sections[i];
      if (i > 0) out += ", ";
      out += "{\"name\": ";
      append_json_string(out, s.name);
      out += ", \"correct\": " + std::to_string(s.counts.correct) +
             ", \"answered\": " + std::to_string(s.counts.answered) + "}";
    }
    out += "]}\n";
    return out;
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
    out += "{\"spearman\": ";
    append_json_number(out, report.spearman);
    out += ", \"pearson\": ";
    append_json_number(out, report.pearson);
    out += ", \"pairs\": " + std::to_string(report.n_pairs) +
           ", \"oov_pairs\": " + std::to_string(report.oov_pairs.size()) + "}\n";
    return out;
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
