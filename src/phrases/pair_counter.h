#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/types.h"

namespace w2v {

// A counting hash table keyed by a pair of word ids, for one thread: open addressing with linear
// probing over 16-byte slots (key, count), no strings, so a lookup costs one cache line. Large
// tables ask the kernel for huge pages (a random probe then rarely misses the TLB). Rare pairs
// can be pruned to bound memory. Also used as a set (count 1).
class PairCounter {
 public:
  // The key of the pair (a, b): key(3, 7) == 3 << 32 | 7.
  static std::uint64_t key(WordId a, WordId b) { return (std::uint64_t{a} << 32) | b; }
  static WordId first(std::uint64_t key) { return static_cast<WordId>(key >> 32); }
  static WordId second(std::uint64_t key) { return static_cast<WordId>(key); }

  PairCounter();
  ~PairCounter();
  PairCounter(PairCounter&& o) noexcept;
  PairCounter& operator=(PairCounter&& o) noexcept;
  PairCounter(const PairCounter&) = delete;
  PairCounter& operator=(const PairCounter&) = delete;

  // Adds n (> 0) to the count of key.
  void add(std::uint64_t key, std::uint64_t n = 1) {
    std::size_t i = slot_of(key);
    for (;;) {
      Slot& s = slots_[i];
      if (s.count == 0) break;
      if (s.key == key) {
        s.count += n;
        return;
      }
      i = (i + 1) & mask_;
    }
    slots_[i].key = key;
    slots_[i].count = n;
    if (++size_ > grow_at_) grow();
  }

  // A hint that key will be added or looked up soon: loads its home slot into the cache, so
  // that a loop can overlap the memory latency of several probes.
  void prefetch(std::uint64_t key) const { __builtin_prefetch(slots_ + slot_of(key), 1); }

  // The count of key, 0 if absent.
  std::uint64_t count(std::uint64_t key) const {
    std::size_t i = slot_of(key);
    for (;;) {
      const Slot& s = slots_[i];
      if (s.count == 0) return 0;
      if (s.key == key) return s.count;
      i = (i + 1) & mask_;
    }
  }

  std::size_t size() const { return size_; }
  // Bytes held by the table.
  std::size_t memory_bytes() const { return (mask_ + 1) * sizeof(Slot); }

  // Makes room for n_entries pairs without growing again (growing copies the table).
  void reserve(std::size_t n_entries);
  // Drops every pair counted fewer than min_keep times and shrinks the table to fit.
  void prune(std::uint64_t min_keep);
  // The same, then renames both ids of every pair through remap (old id -> new id, as
  // WordTable::prune returns it), dropping pairs with a word remap drops.
  void prune(std::uint64_t min_keep, const std::vector<WordId>& remap);

  // Calls fn(std::uint64_t key, std::uint64_t count) for every pair, in table order.
  template <class F>
  void for_each(F&& fn) const {
    for (std::size_t i = 0; i <= mask_; ++i) {
      if (slots_[i].count != 0) fn(slots_[i].key, slots_[i].count);
    }
  }

 private:
  struct Slot {
    std::uint64_t key;
    std::uint64_t count;  // 0 marks an empty slot
  };

  std::size_t slot_of(std::uint64_t key) const {
    // A multiply, xor-shift, multiply mix; the top bits pick the slot.
    std::uint64_t h = key * 0x9E3779B97F4A7C15ull;
    h ^= h >> 32;
    h *= 0xD6E8FEB86659FD93ull;
    return static_cast<std::size_t>(h >> shift_);
  }
  static Slot* map_slots(std::size_t n_slots);
  void adopt(Slot* slots, std::size_t n_slots);
  void release();
  // Moves the pairs counted at least min_keep times into a new table of n_slots slots, their
  // ids renamed through remap if given.
  void rebuild(std::size_t n_slots, std::uint64_t min_keep,
               const std::vector<WordId>* remap = nullptr);
  void grow();
  void insert_new(const Slot& s);

  Slot* slots_ = nullptr;  // mmap'ed, zero-filled
  std::size_t mask_ = 0;
  int shift_ = 64;
  std::size_t size_ = 0;
  std::size_t grow_at_ = 0;
};

}  // namespace w2v
