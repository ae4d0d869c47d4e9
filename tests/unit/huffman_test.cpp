#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <queue>
#include <random>
#include <set>
#include <vector>

#include "core/error.h"
#include "train/huffman.h"

using w2v::HuffmanTree;

namespace {

// A word's path as (node, bit) pairs, root first.
std::vector<std::pair<std::uint32_t, int>> path(const HuffmanTree& t, w2v::WordId w) {
  std::vector<std::pair<std::uint32_t, int>> p;
  for (int d = 0; d < t.length(w); ++d) p.emplace_back(t.points(w)[d], t.codes(w)[d]);
  return p;
}

// The cost of an optimal prefix code, sum of count x length, by the textbook priority-queue
// Huffman algorithm (independent of word2vec.c's two-queue construction and its ties).
std::uint64_t optimal_cost(const std::vector<std::uint64_t>& counts) {
  std::priority_queue<std::uint64_t, std::vector<std::uint64_t>, std::greater<>> q(counts.begin(),
                                                                                   counts.end());
  std::uint64_t cost = 0;
  while (q.size() > 1) {
    const std::uint64_t a = q.top();
    q.pop();
    const std::uint64_t b = q.top();
    q.pop();
    cost += a + b;  // every leaf below the merged node gets one bit longer
    q.push(a + b);
  }
  return cost;
}

}  // namespace

TEST_CASE("huffman: word2vec.c's codes on a hand-worked example", "[train][huffman]") {
  // counts 5 3 2 1; word2vec.c merges (1, 2) -> node 4 (count 3, "2" gets bit 1), then
  // (node 4, 3) -> node 5 (ties go to the inner node first; "3" gets bit 1), then
  // (5, node 5) -> the root (node 5 gets bit 1). Inner nodes 4, 5, 6 are rows 0, 1, 2.
  const HuffmanTree t({5, 3, 2, 1});
  REQUIRE(t.n_words() == 4);
  CHECK(t.n_inner() == 3);
  using P = std::vector<std::pair<std::uint32_t, int>>;
  CHECK(path(t, 0) == P{{2, 0}});
  CHECK(path(t, 1) == P{{2, 1}, {1, 1}});
  CHECK(path(t, 2) == P{{2, 1}, {1, 0}, {0, 1}});
  CHECK(path(t, 3) == P{{2, 1}, {1, 0}, {0, 0}});
  CHECK(t.max_length() == 3);
}

TEST_CASE("huffman: paths are prefix-free and the code is optimal", "[train][huffman]") {
  std::mt19937 gen(3);
  for (const int n : {2, 3, 17, 1000}) {
    INFO("words " << n);
    std::vector<std::uint64_t> counts(static_cast<std::size_t>(n));
    for (auto& c : counts) c = 1 + gen() % 100000;
    // Sorted, as the construction expects (word2vec.c's "</s>" may break the order; the tree is
    // then still a prefix code, but not always an optimal one, exactly as in word2vec.c).
    std::sort(counts.begin(), counts.end(), std::greater<>());
    const HuffmanTree t(counts);
    std::set<std::vector<int>> codes;
    std::uint64_t cost = 0;
    for (int w = 0; w < n; ++w) {
      const auto id = static_cast<w2v::WordId>(w);
      REQUIRE(t.length(id) >= 1);
      CHECK(t.points(id)[0] == static_cast<std::uint32_t>(n - 2));  // every path starts at the root
      std::vector<int> code;
      for (int d = 0; d < t.length(id); ++d) {
        CHECK(t.points(id)[d] < t.n_inner());
        code.push_back(t.codes(id)[d]);
      }
      codes.insert(code);
      cost += counts[static_cast<std::size_t>(w)] * static_cast<std::uint64_t>(t.length(id));
    }
    CHECK(codes.size() == static_cast<std::size_t>(n));  // distinct codes
    // No code is a prefix of another.
    for (auto it = codes.begin(); it != codes.end(); ++it) {
      const auto next = std::next(it);
      if (next == codes.end()) break;
      CHECK_FALSE((next->size() > it->size() && std::equal(it->begin(), it->end(), next->begin())));
    }
    CHECK(cost == optimal_cost(counts));
  }
  CHECK_THROWS_AS(HuffmanTree({7}), w2v::UsageError);
}
