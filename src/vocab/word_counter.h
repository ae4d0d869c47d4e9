#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "vocab/vocab.h"

namespace w2v {

// A counting hash table for one thread: open addressing with linear probing, the words stored
// back to back in one arena. Rare words can be pruned to bound memory.
class WordCounter {
 public:
  WordCounter() { rehash(1 << 10); }

  // Adds n to the count of word (at most 2^24 - 1 bytes long); returns the new count.
  std::uint64_t add(std::string_view word, std::uint64_t n = 1) {
    const std::uint32_t h = static_cast<std::uint32_t>(hash_bytes(word));
    std::size_t i = h & mask_;
    for (;;) {
      Slot& s = slots_[i];
      if (s.count == 0) break;
      if (s.hash == h && s.len() == word.size() &&
          std::memcmp(arena_.data() + s.offset(), word.data(), word.size()) == 0) {
        s.count += n;
        return s.count;
      }
      i = (i + 1) & mask_;
    }
    Slot& s = slots_[i];
    s.hash = h;
    s.where = (static_cast<std::uint64_t>(arena_.size()) << 24) | word.size();
    s.count = n;
    arena_.insert(arena_.end(), word.begin(), word.end());
    if (++size_ * 10 > slots_.size() * 7) rehash(slots_.size() * 2);
    return n;
  }

  std::size_t size() const { return size_; }
  // Bytes held by the table and the words.
  std::size_t memory_bytes() const { return slots_.capacity() * sizeof(Slot) + arena_.capacity(); }

  // Drops every word counted fewer than min_keep times and compacts the arena.
  void prune(std::uint64_t min_keep);

  // Calls fn(std::string_view word, std::uint64_t count) for every word, in table order.
  template <class F>
  void for_each(F&& fn) const {
    for (const Slot& s : slots_) {
      if (s.count != 0) fn(std::string_view(arena_.data() + s.offset(), s.len()), s.count);
    }
  }

 private:
  // 20 bytes (24 with alignment): the table is most of the memory of a counting pass.
  struct Slot {
    std::uint64_t count = 0;  // 0 marks an empty slot
    std::uint64_t where = 0;  // arena offset << 24 | length
    std::uint32_t hash = 0;   // low 32 bits of hash_bytes(word); indexes tables up to 2^32 slots
    std::uint64_t offset() const { return where >> 24; }
    std::size_t len() const { return static_cast<std::size_t>(where & 0xFFFFFF); }
  };

  void rehash(std::size_t n_slots);

  std::vector<Slot> slots_;
  std::vector<char> arena_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

}  // namespace w2v
