#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "text/tokenizer.h"

namespace w2v {

// How a pair of adjacent words (a, b) is scored; a pair is joined when its score is above the
// threshold. Both see only pairs where a, b and "a b" each occur at least min_count times.
enum class PhraseScorer {
  // word2phrase.c: (count(ab) - min_count) / count(a) / count(b) * tokens, in 32-bit float and
  // in that order, so decisions at the threshold are word2phrase's.
  kWord2phrase,
  // Normalised pointwise mutual information (Bouma 2009; gensim's npmi_scorer):
  // ln(p(ab) / (p(a) p(b))) / -ln(p(ab)), with p(x) = count(x) / tokens; in [-1, 1].
  kNpmi,
};

// "word2phrase" / "npmi" -> PhraseScorer; else UsageError naming --scorer.
PhraseScorer parse_scorer(const std::string& name);
const char* scorer_name(PhraseScorer scorer);

struct PhraseOptions {
  std::int64_t min_count = 5;  // words and pairs seen fewer times are never joined
  // One threshold for every pass, or one per pass. Empty: the scorer's default (100 for
  // word2phrase, as word2phrase.c; 0.5 for npmi), filled in by resolve_defaults().
  std::vector<double> thresholds;
  int passes = 1;  // pass k joins pairs of the output of pass k - 1: phrases of up to 2^k words
  PhraseScorer scorer = PhraseScorer::kWord2phrase;
  std::string delimiter = "_";  // joins the words of a phrase: "new_york"
  int n_threads = 0;            // counting and writing threads; 0 = all hardware threads
  // Distinct pairs held while counting, over all threads. Past it, rare pairs are pruned (an
  // approximation, reported). About 16 to 32 bytes each.
  std::int64_t max_distinct = 40'000'000;
  TokenizerOptions tokenizer;
  // Where standard input is copied (it is read more than once) and where the output of a pass
  // that is not the last one goes; empty: the output's directory ($TMPDIR or /tmp for stdout).
  std::string tmp_dir;

  // Fills in thresholds when empty; returns a note for the log ("" if nothing was defaulted).
  std::string resolve_defaults();
  // The threshold of pass (0-based), after resolve_defaults().
  double threshold(int pass) const;
  // Throws UsageError naming the flag, its range and the value.
  void validate() const;
};

}  // namespace w2v
