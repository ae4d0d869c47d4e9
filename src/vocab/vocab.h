#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/types.h"

namespace w2v {

// A vocabulary: "</s>" (the sentence end, id 0) first, then words by count descending, ties by
// bytes ascending (unsigned). Ids are positions in that order. Copyable; find() is a hash lookup.
class Vocab {
 public:
  static constexpr std::string_view kSentenceEnd = "</s>";
  static constexpr WordId kSentenceEndId = 0;

  // An empty vocabulary holds only "</s>" with count 0.
  Vocab();

  // Builds the canonical order from (word, count) pairs. A "</s>" entry, if present, becomes
  // id 0 with its count; otherwise "</s>" is added with count 0. Throws FormatError naming the
  // word if a word appears twice or is empty.
  static Vocab from_counts(std::vector<std::pair<std::string, std::uint64_t>> entries);

  std::size_t size() const { return words_.size(); }
  const std::string& word(WordId id) const { return words_[id]; }
  std::uint64_t count(WordId id) const { return counts_[id]; }
  const std::vector<std::uint64_t>& counts() const { return counts_; }
  const std::vector<std::string>& words() const { return words_; }
  // Sum of all counts, "</s>" included.
  std::uint64_t total_count() const { return total_; }

  // find("the") -> id of "the", or nullopt.
  std::optional<WordId> find(std::string_view word) const;

 private:
  void build_index();

  std::vector<std::string> words_;
  std::vector<std::uint64_t> counts_;
  std::vector<std::uint64_t> slots_;  // open addressing: high 32 bits of the hash | id + 1; 0 empty
  std::uint64_t total_ = 0;
};

// 64-bit hash of a byte string (fast, not cryptographic); shared by Vocab and the counters.
std::uint64_t hash_bytes(std::string_view s);

}  // namespace w2v
