#include "phrases/word_table.h"

#include "core/error.h"

namespace w2v {

WordTable::WordTable() : offsets_{0} { rehash(1 << 10); }

WordTable::WordTable(const std::vector<std::string>& words) : WordTable() {
  for (const std::string& w : words) {
    if (find(w) != kNone) throw UsageError("WordTable: the word \"" + w + "\" is given twice");
    intern(w);
  }
}

void WordTable::place(WordId id, const Key& k) {
  std::size_t i = k.hash & mask_;
  while (slots_[i].id != kNone) i = (i + 1) & mask_;
  Slot& s = slots_[i];
  s.prefix = k.prefix;
  s.id = id;
  s.len = static_cast<std::uint32_t>(offsets_[id + 1] - offsets_[id]) & 0xFF;
  s.check = static_cast<std::uint32_t>(k.hash >> 40);
}

WordId WordTable::insert(std::string_view word, const Key& k) {
  if (counts_.size() >= kNone - 1) throw UsageError("more than 4 billion distinct words");
  const auto id = static_cast<WordId>(counts_.size());
  arena_.insert(arena_.end(), word.begin(), word.end());
  offsets_.push_back(arena_.size());
  hashes_.push_back(k.hash);
  counts_.push_back(0);
  if (counts_.size() * 2 > slots_.size()) {
    rehash(slots_.size() * 2);  // load at most 0.5; places the new word too
  } else {
    place(id, k);
  }
  return id;
}

void WordTable::rehash(std::size_t n_slots) {
  slots_.assign(n_slots, Slot{});
  mask_ = n_slots - 1;
  for (std::size_t id = 0; id < counts_.size(); ++id) {
    const std::string_view w = word(static_cast<WordId>(id));
    place(static_cast<WordId>(id), {key(w).prefix, hashes_[id]});
  }
}

std::vector<WordId> WordTable::prune(std::uint64_t min_keep) {
  std::vector<WordId> remap(counts_.size(), kNone);
  std::vector<char> arena;
  std::vector<std::uint64_t> offsets{0}, hashes, counts;
  for (std::size_t id = 0; id < counts_.size(); ++id) {
    if (counts_[id] < min_keep) continue;
    remap[id] = static_cast<WordId>(counts.size());
    const std::string_view w = word(static_cast<WordId>(id));
    arena.insert(arena.end(), w.begin(), w.end());
    offsets.push_back(arena.size());
    hashes.push_back(hashes_[id]);
    counts.push_back(counts_[id]);
  }
  arena_.swap(arena);
  offsets_.swap(offsets);
  hashes_.swap(hashes);
  counts_.swap(counts);
  std::size_t n_slots = 1 << 10;
  while (n_slots < counts_.size() * 2) n_slots *= 2;
  rehash(n_slots);
  return remap;
}

}  // namespace w2v
