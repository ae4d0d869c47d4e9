#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.h"

namespace w2v {

// Words -> dense ids with a count each, for the phrase passes: one thread's counting table (words
// are added as they come; ids stay put until prune() renumbers them), or a read-only index.
// Built for streams of lookups that miss the cache: a 16-byte slot holds the word's first 8
// bytes, its length and its id, so a word of up to 8 bytes (most tokens of running text) is
// found with one cache line and no string compare; a longer word compares its tail in one
// arena. Callers compute a batch of keys, prefetch their slots, then look them up, so that the
// misses overlap (see ChunkTokens).
class WordTable {
 public:
  static constexpr WordId kNone = 0xFFFFFFFFu;

  // What a lookup needs of a word: its first 8 bytes (zero-padded) and its hash.
  struct Key {
    std::uint64_t prefix;
    std::uint64_t hash;
  };

  WordTable();
  // A table of words (distinct), word i with id i and count 0.
  explicit WordTable(const std::vector<std::string>& words);

  // The key of the n bytes at p. Reads whole 8-byte words when p + 8 <= end (text in a buffer
  // that goes on), byte by byte otherwise; the result does not depend on end.
  static Key key(const char* p, std::size_t n, const char* end) {
    const std::uint64_t prefix = load_upto8(p, n < 8 ? n : 8, end);
    std::uint64_t h = prefix * kMul1 ^ (std::uint64_t{n} * kMul2);
    for (std::size_t i = 8; i < n; i += 8) {
      const std::size_t len = n - i < 8 ? n - i : 8;
      h = (h ^ load_upto8(p + i, len, end)) * kMul1;
      h ^= h >> 29;
    }
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDull;
    h ^= h >> 33;
    return {prefix, h};
  }
  static Key key(std::string_view w) { return key(w.data(), w.size(), w.data()); }

  void prefetch(const Key& k) const { __builtin_prefetch(&slots_[k.hash & mask_]); }

  // The id of word (whose key is k), or kNone.
  WordId find(std::string_view word, const Key& k) const {
    const std::uint32_t check = static_cast<std::uint32_t>(k.hash >> 40);
    for (std::size_t i = k.hash & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.id == kNone) return kNone;
      if (s.prefix == k.prefix && s.check == check && s.len == (word.size() & 0xFF) &&
          (word.size() <= 8 || tail_matches(s.id, word))) {  // tail_matches checks the length
        return s.id;
      }
    }
  }
  WordId find(std::string_view word) const { return find(word, key(word)); }

  // The id of word, added with count 0 if it is new. Words are at most 2^24 - 1 bytes.
  WordId intern(std::string_view word, const Key& k) {
    const WordId found = find(word, k);
    return found != kNone ? found : insert(word, k);
  }
  WordId intern(std::string_view word) { return intern(word, key(word)); }

  std::uint64_t& count(WordId id) { return counts_[id]; }
  std::uint64_t count(WordId id) const { return counts_[id]; }
  std::string_view word(WordId id) const {
    return {arena_.data() + offsets_[id],
            static_cast<std::size_t>(offsets_[id + 1] - offsets_[id])};
  }
  std::size_t size() const { return counts_.size(); }

  // Drops the words counted fewer than min_keep times and renumbers the others densely, in
  // their old order. Returns the old id -> new id map (kNone for a dropped word).
  std::vector<WordId> prune(std::uint64_t min_keep);

 private:
  static constexpr std::uint64_t kMul1 = 0x9E3779B97F4A7C15ull;
  static constexpr std::uint64_t kMul2 = 0xC2B2AE3D27D4EB4Full;

  struct Slot {
    std::uint64_t prefix = 0;  // the first 8 bytes, zero-padded
    WordId id = kNone;         // kNone marks an empty slot
    std::uint32_t len : 8;     // byte length (low 8 bits; the arena has the rest)
    std::uint32_t check : 24;  // bits 40..63 of the hash
    Slot() : len(0), check(0) {}
  };

  // The first n (<= 8) bytes at p as a little-endian number, zero-padded.
  static std::uint64_t load_upto8(const char* p, std::size_t n, const char* end) {
    if constexpr (std::endian::native == std::endian::little) {
      if (end - p >= 8) {
        std::uint64_t v;
        std::memcpy(&v, p, 8);
        return n == 8 ? v : v & ((std::uint64_t{1} << (8 * n)) - 1);
      }
    }
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < n; ++i) {
      v |= std::uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
    }
    return v;
  }
  bool tail_matches(WordId id, std::string_view word) const {
    const std::uint64_t begin = offsets_[id];
    if (offsets_[id + 1] - begin != word.size()) return false;
    const char* a = arena_.data() + begin;
    const char* b = word.data();
    std::size_t i = 8;
    for (; i + 8 <= word.size(); i += 8) {
      std::uint64_t x, y;
      std::memcpy(&x, a + i, 8);
      std::memcpy(&y, b + i, 8);
      if (x != y) return false;
    }
    for (; i < word.size(); ++i) {
      if (a[i] != b[i]) return false;
    }
    return true;
  }
  WordId insert(std::string_view word, const Key& k);
  void place(WordId id, const Key& k);
  void rehash(std::size_t n_slots);

  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::vector<char> arena_;             // every word back to back
  std::vector<std::uint64_t> offsets_;  // word i is arena_[offsets_[i], offsets_[i + 1])
  std::vector<std::uint64_t> hashes_;   // per word, for growing the slots
  std::vector<std::uint64_t> counts_;
};

}  // namespace w2v
