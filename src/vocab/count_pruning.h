#pragma once

#include <cstddef>
#include <cstdint>

namespace w2v {

// What pruning did to one counting table; reported, never silent.
struct PruneLog {
  std::uint64_t n_prunes = 0;           // times the table was pruned (0: its counts are exact)
  std::uint64_t threshold = 1;          // counts below this have been pruned
  std::uint64_t first_prune_token = 0;  // tokens counted when it was first pruned
};

// Keeps a counting table (WordCounter, PairCounter: anything with size() and prune(min_keep))
// within `budget` entries: past it, rare entries are dropped, raising the threshold one count at
// a time until the table is under three quarters of its budget, as word2vec.c's ReduceVocab
// does. n_tokens is the position reported for the first pruning.
template <class Counter>
void prune_to_budget(Counter& counter, std::size_t budget, PruneLog& log, std::uint64_t n_tokens) {
  if (counter.size() <= budget) return;
  if (log.n_prunes == 0) log.first_prune_token = n_tokens;
  while (counter.size() > budget / 4 * 3) {
    ++log.threshold;
    counter.prune(log.threshold);
    ++log.n_prunes;
  }
}

}  // namespace w2v
