#include "phrases/phrase_options.h"

#include <cmath>
#include <sstream>

#include "core/error.h"

namespace w2v {

PhraseScorer parse_scorer(const std::string& name) {
  if (name == "word2phrase") return PhraseScorer::kWord2phrase;
  if (name == "npmi") return PhraseScorer::kNpmi;
  throw UsageError("--scorer must be word2phrase or npmi, got '" + name + "'");
}

const char* scorer_name(PhraseScorer scorer) {
  return scorer == PhraseScorer::kNpmi ? "npmi" : "word2phrase";
}

std::string PhraseOptions::resolve_defaults() {
  if (!thresholds.empty()) return "";
  const double t = scorer == PhraseScorer::kNpmi ? 0.5 : 100.0;
  thresholds = {t};
  std::ostringstream note;
  note << "threshold " << t << ", the default of the " << scorer_name(scorer) << " scorer";
  return note.str();
}

double PhraseOptions::threshold(int pass) const {
  if (thresholds.empty()) return scorer == PhraseScorer::kNpmi ? 0.5 : 100.0;
  return thresholds.size() == 1 ? thresholds[0] : thresholds[static_cast<std::size_t>(pass)];
}

void PhraseOptions::validate() const {
  if (min_count < 1) {
    throw UsageError("--min-count must be at least 1, got " + std::to_string(min_count));
  }
  if (passes < 1 || passes > 10) {
    throw UsageError("--passes must be in [1, 10], got " + std::to_string(passes));
  }
  if (thresholds.size() > 1 && thresholds.size() != static_cast<std::size_t>(passes)) {
    throw UsageError("--threshold takes one value for every pass or one per pass; got " +
                     std::to_string(thresholds.size()) + " values for " + std::to_string(passes) +
                     (passes == 1 ? " pass" : " passes"));
  }
  for (const double t : thresholds) {
    std::ostringstream value;
    value << t;
    if (!std::isfinite(t))
      throw UsageError("--threshold must be a finite number, got " + value.str());
    if (scorer == PhraseScorer::kNpmi && (t < -1.0 || t > 1.0)) {
      throw UsageError("--threshold must be in [-1, 1] with --scorer npmi, got " + value.str());
    }
  }
  if (delimiter.empty() || delimiter.size() > 16) {
    throw UsageError("--delimiter must be 1 to 16 bytes, got " + std::to_string(delimiter.size()));
  }
  for (const char c : delimiter) {
    if (is_space(static_cast<unsigned char>(c))) {
      throw UsageError("--delimiter must not contain whitespace (it would split the phrase again)");
    }
  }
  if (n_threads < 0 || n_threads > 1024) {
    throw UsageError("--threads must be in [1, 1024], got " + std::to_string(n_threads));
  }
  if (max_distinct < 1000) {
    throw UsageError("--max-distinct must be at least 1000, got " + std::to_string(max_distinct));
  }
  tokenizer.validate();
}

}  // namespace w2v
