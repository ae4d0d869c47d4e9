#include "vocab/vocab.h"

#include <algorithm>
#include <cstring>

#include "core/error.h"
#include "vocab/word_counter.h"

namespace w2v {

std::uint64_t hash_bytes(std::string_view s) {
  // 8 bytes at a time, each mixed by a multiply and an xor-shift; the tail is loaded whole.
  constexpr std::uint64_t kMul = 0x9E3779B97F4A7C15ull;
  std::uint64_t h = 0x243F6A8885A308D3ull ^ (s.size() * kMul);
  const char* p = s.data();
  std::size_t n = s.size();
  while (n >= 8) {
    std::uint64_t v;
    std::memcpy(&v, p, 8);
    h = (h ^ v) * kMul;
    h ^= h >> 29;
    p += 8;
    n -= 8;
  }
  if (n > 0) {
    std::uint64_t v = 0;
    std::memcpy(&v, p, n);
    h = (h ^ v) * kMul;
    h ^= h >> 29;
  }
  h *= 0xBF58476D1CE4E5B9ull;
  h ^= h >> 32;
  return h;
}

Vocab::Vocab() {
  words_.emplace_back(kSentenceEnd);
  counts_.push_back(0);
  build_index();
}

Vocab Vocab::from_counts(std::vector<std::pair<std::string, std::uint64_t>> entries) {
  std::uint64_t sentence_count = 0;
  std::vector<std::pair<std::string, std::uint64_t>> rest;
  rest.reserve(entries.size());
  bool seen_end = false;
  for (auto& e : entries) {
    if (e.first == kSentenceEnd) {
      if (seen_end) throw FormatError("vocabulary has the word \"</s>\" twice");
      seen_end = true;
      sentence_count = e.second;
    } else {
      if (e.first.empty()) throw FormatError("vocabulary has an empty word");
      rest.push_back(std::move(e));
    }
  }
  const auto by_rank = [](const auto& a, const auto& b) {
    if (a.second != b.second) return a.second > b.second;
    return a.first < b.first;  // std::string compares bytes as unsigned char
  };
  if (!std::is_sorted(rest.begin(), rest.end(), by_rank)) {
    std::sort(rest.begin(), rest.end(), by_rank);
  }
  Vocab v;
  v.counts_[0] = sentence_count;
  v.words_.reserve(rest.size() + 1);
  v.counts_.reserve(rest.size() + 1);
  for (auto& e : rest) {
    v.words_.push_back(std::move(e.first));
    v.counts_.push_back(e.second);
  }
  v.build_index();
  return v;
}

void Vocab::build_index() {
  std::size_t n_slots = 16;
  while (n_slots < words_.size() * 2) n_slots *= 2;
  slots_.assign(n_slots, 0);
  total_ = 0;
  const std::size_t mask = n_slots - 1;
  for (std::size_t id = 0; id < words_.size(); ++id) {
    total_ += counts_[id];
    const std::uint64_t h = hash_bytes(words_[id]) & 0xFFFFFFFF00000000ull;
    std::size_t i = static_cast<std::size_t>(h >> 32) & mask;
    while (slots_[i] != 0) {
      if ((slots_[i] & 0xFFFFFFFF00000000ull) == h &&
          words_[(slots_[i] & 0xFFFFFFFFu) - 1] == words_[id]) {
        throw FormatError("vocabulary has the word \"" + words_[id] + "\" twice");
      }
      i = (i + 1) & mask;
    }
    slots_[i] = h | static_cast<std::uint32_t>(id + 1);
  }
}

std::optional<WordId> Vocab::find(std::string_view word) const {
  const std::size_t mask = slots_.size() - 1;
  const std::uint64_t h = hash_bytes(word) & 0xFFFFFFFF00000000ull;
  std::size_t i = static_cast<std::size_t>(h >> 32) & mask;
  while (slots_[i] != 0) {
    if ((slots_[i] & 0xFFFFFFFF00000000ull) == h) {
      const WordId id = static_cast<WordId>((slots_[i] & 0xFFFFFFFFu) - 1);
      if (words_[id] == word) return id;
    }
    i = (i + 1) & mask;
  }
  return std::nullopt;
}

void WordCounter::rehash(std::size_t n_slots) {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(n_slots, Slot{});
  mask_ = n_slots - 1;
  for (const Slot& s : old) {
    if (s.count == 0) continue;
    std::size_t i = s.hash & mask_;
    while (slots_[i].count != 0) i = (i + 1) & mask_;
    slots_[i] = s;
  }
}

void WordCounter::prune(std::uint64_t min_keep) {
  std::vector<Slot> old = std::move(slots_);
  std::vector<char> old_arena = std::move(arena_);
  arena_.clear();
  std::size_t kept = 0;
  for (const Slot& s : old) kept += s.count >= min_keep ? 1 : 0;
  std::size_t n_slots = 1 << 10;
  while (kept * 10 > n_slots * 7) n_slots *= 2;
  slots_.assign(n_slots, Slot{});
  mask_ = n_slots - 1;
  size_ = 0;
  for (const Slot& s : old) {
    if (s.count == 0 || s.count < min_keep) continue;
    Slot t = s;
    t.where = (static_cast<std::uint64_t>(arena_.size()) << 24) | s.len();
    arena_.insert(arena_.end(), old_arena.data() + s.offset(),
                  old_arena.data() + s.offset() + s.len());
    std::size_t i = t.hash & mask_;
    while (slots_[i].count != 0) i = (i + 1) & mask_;
    slots_[i] = t;
    ++size_;
  }
}

}  // namespace w2v
