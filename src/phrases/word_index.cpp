#include "phrases/word_index.h"

#include "core/error.h"

namespace w2v {

WordIndex::WordIndex(const std::vector<std::string>& words) {
  if (words.size() >= kNone) throw UsageError("too many words for one index");
  std::size_t n_slots = 16;
  while (n_slots < words.size() * 2) n_slots *= 2;  // load at most 0.5
  slots_.assign(n_slots, Slot{});
  mask_ = n_slots - 1;
  offsets_.reserve(words.size() + 1);
  offsets_.push_back(0);
  for (std::size_t id = 0; id < words.size(); ++id) {
    const std::string& w = words[id];
    arena_.insert(arena_.end(), w.begin(), w.end());
    offsets_.push_back(arena_.size());
    const Key k = key(w);
    std::size_t i = k.hash & mask_;
    while (slots_[i].id != kNone) i = (i + 1) & mask_;
    Slot& s = slots_[i];
    s.prefix = k.prefix;
    s.id = static_cast<WordId>(id);
    s.len = static_cast<std::uint32_t>(w.size()) & 0xFF;
    s.check = static_cast<std::uint32_t>(k.hash >> 40);
  }
}

}  // namespace w2v
