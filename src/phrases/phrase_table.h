#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/progress.h"
#include "core/types.h"
#include "phrases/pair_counter.h"
#include "phrases/phrase_options.h"
#include "phrases/word_table.h"
#include "text/tokenizer.h"
#include "vocab/vocab.h"

namespace w2v {

// The settings of one pass of phrase learning.
struct PhrasePassOptions {
  std::int64_t min_count = 5;
  double threshold = 100;
  PhraseScorer scorer = PhraseScorer::kWord2phrase;
  std::string delimiter = "_";
  int n_threads = 1;
  std::int64_t max_distinct = 40'000'000;  // distinct pairs (and words) held while counting
  TokenizerOptions tokenizer;
  std::size_t chunk_bytes = 1 << 20;  // CorpusReader's chunk size (tests make it small)
};

// What the counting of one pass saw; every approximation is counted here.
struct PhraseCountStats {
  TokenStats tokens;
  std::uint64_t n_files = 0;
  std::uint64_t bytes_read = 0;  // decompressed
  std::uint64_t n_words = 0;     // distinct words (after pruning)
  std::uint64_t n_pairs = 0;     // distinct pairs of adjacent words in a sentence (after pruning)
  std::uint64_t n_phrases = 0;   // pairs that score above the threshold
  std::uint64_t n_prunes = 0;    // times a table of words and pairs was pruned (0: exact counts)
  std::uint64_t prune_threshold = 0;    // highest count pruned below
  std::uint64_t first_prune_token = 0;  // tokens counted by that table when it first pruned
  double seconds = 0;
};

// A learned phrase: the pair, the counts that scored it and its score.
struct Phrase {
  std::string a, b;
  std::uint64_t count_a = 0, count_b = 0, count_ab = 0;
  double score = 0;
};

// The score of a pair from its counts (see PhraseScorer); for kWord2phrase the float that
// word2phrase.c computes. Only meaningful when every count is at least min_count.
double phrase_score(PhraseScorer scorer, std::uint64_t count_a, std::uint64_t count_b,
                    std::uint64_t count_ab, std::uint64_t min_count, std::uint64_t n_tokens);

// word2phrase.c's decision: every count at least min_count and score > threshold (compared as
// 32-bit floats for kWord2phrase, as word2phrase does).
bool phrase_joins(PhraseScorer scorer, std::uint64_t count_a, std::uint64_t count_b,
                  std::uint64_t count_ab, std::uint64_t min_count, std::uint64_t n_tokens,
                  double threshold);

// The pairs one pass joins, learned from counts. Counts follow word2phrase.c (and gensim): a
// pair "a b" is counted under the key "a" + delimiter + "b", in the same table as the words, so
// a word that already holds the delimiter (a phrase of an earlier pass, "new_york") and the pair
// it was made from ("new york" left unjoined) add up. Pairs are counted within a sentence (a
// line) only; word2phrase.c also counts the pair across a line break (a quirk, see
// docs/cli/w2v-phrases.md).
class PhraseTable {
 public:
  static constexpr WordId kNoWord = 0xFFFFFFFFu;

  // Counts the words and the pairs of the inputs (one read, on opts.n_threads threads) and
  // keeps the pairs that join. Reports phase "counting" (input bytes). Throws IoError/FormatError
  // for unreadable or corrupt input and FormatError for a corpus without words.
  static PhraseTable learn(const std::vector<std::string>& paths, const PhrasePassOptions& opts,
                           PhraseCountStats* stats = nullptr, const PassProgressFn& progress = {});

  // The words of the phrases; ids for joinable().
  const WordTable& words() const { return words_; }
  // The id of a word that is part of some phrase, or kNoWord.
  WordId find(std::string_view word) const { return words_.find(word); }
  // True if the pair (a, b) of ids from find() scores above the threshold.
  bool joinable(WordId a, WordId b) const {
    return a != kNoWord && b != kNoWord && joinable_.count(PairCounter::key(a, b)) != 0;
  }
  // A hint that joinable(a, b) will be asked soon (see PairCounter::prefetch).
  void prefetch(WordId a, WordId b) const { joinable_.prefetch(PairCounter::key(a, b)); }
  // Every joinable pair, by count descending, then score descending.
  const std::vector<Phrase>& phrases() const { return phrases_; }
  const std::string& delimiter() const { return delimiter_; }

 private:
  WordTable words_;  // the words of the phrases
  PairCounter joinable_;
  std::vector<Phrase> phrases_;
  std::string delimiter_;
};

}  // namespace w2v
