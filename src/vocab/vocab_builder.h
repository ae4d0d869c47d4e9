#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/progress.h"
#include "text/tokenizer.h"
#include "vocab/vocab.h"

namespace w2v {

struct VocabOptions {
  std::int64_t min_count = 5;  // words seen fewer times are dropped ("</s>" is always kept)
  std::int64_t max_vocab = 0;  // keep at most this many words besides "</s>"; 0 = no limit
  int n_threads = 0;           // counting threads; 0 = all hardware threads
  // Distinct words held while counting, over all threads. Past it, rare words are pruned as
  // word2vec.c does (an approximation, reported in VocabStats). About 50 bytes + the word each.
  std::int64_t max_distinct = 20'000'000;
  TokenizerOptions tokenizer;

  // Throws UsageError naming the flag, its range and the value.
  void validate() const;
};

struct VocabStats {
  TokenStats tokens;
  std::uint64_t n_distinct = 0;     // distinct words counted (after any pruning)
  std::uint64_t n_kept = 0;         // words kept, "</s>" not included
  std::uint64_t n_kept_tokens = 0;  // tokens of the corpus that are kept words
  std::uint64_t n_files = 0;
  std::uint64_t bytes_read = 0;         // decompressed bytes
  std::uint64_t n_prunes = 0;           // times a counter pruned rare words (0: counts are exact)
  std::uint64_t prune_threshold = 0;    // highest count pruned below
  std::uint64_t first_prune_token = 0;  // tokens counted by that counter when it first pruned
  double seconds = 0;
};

struct VocabResult {
  Vocab vocab;
  VocabStats stats;
};

// One counting pass over the corpus (files, directories, "-"), on opts.n_threads threads,
// reporting the input bytes read as phase "counting words" through on_progress.
// Throws IoError/FormatError for unreadable or corrupt input, FormatError for an empty corpus
// and for an empty vocabulary after min_count (saying what to try).
VocabResult build_vocab(const std::vector<std::string>& inputs, const VocabOptions& opts,
                        const PassProgressFn& on_progress = {});

// Which chunks of the corpus one process counts in a distributed run: those whose sequence
// number is index modulo count (chunks are cut the same way in every process).
struct VocabShare {
  int index = 0;
  int count = 1;
};

// Counts one share of the corpus (every process reads the whole input and counts its chunks) and
// returns the counts and statistics serialized, for vocab_from_shares on one process.
std::string count_vocab_share(const std::vector<std::string>& inputs, const VocabOptions& opts,
                              VocabShare share);
// Merges the serialized shares of all processes and builds the vocabulary exactly as build_vocab
// does over the whole corpus (the same words in the same order when nothing was pruned). Throws
// as build_vocab does, and FormatError for a damaged share.
VocabResult vocab_from_shares(const std::vector<std::string>& shares, const VocabOptions& opts);

// Applies min_count and max_vocab to a vocabulary read from a file, as build_vocab applies them
// to counts and word2vec.c to -read-vocab: "</s>" stays, words seen fewer than min_count times
// go, then all but the max_vocab most frequent. Throws FormatError naming path if no word is
// left ("...; try a smaller --min-count").
Vocab filter_vocab(const Vocab& read, const VocabOptions& opts, const std::string& path);

}  // namespace w2v
