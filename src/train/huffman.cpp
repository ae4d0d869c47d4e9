#include "train/huffman.h"

#include <algorithm>
#include <limits>

#include "core/error.h"

namespace w2v {

HuffmanTree::HuffmanTree(const std::vector<std::uint64_t>& counts) {
  const std::int64_t v = static_cast<std::int64_t>(counts.size());
  if (v < 2) throw UsageError("a Huffman tree needs at least 2 words");
  // Nodes [0, v) are the leaves, [v, 2v - 1) the inner nodes in the order they are made; since
  // the leaves are sorted by count (descending) and merged nodes only grow, the two smallest
  // nodes are always at pos1 (the smallest leaf not merged yet, moving down) or pos2 (the oldest
  // inner node not merged yet, moving up). Nodes not made yet count as "infinite".
  constexpr std::uint64_t kNotYet = std::numeric_limits<std::uint64_t>::max() / 4;
  std::vector<std::uint64_t> count(static_cast<std::size_t>(2 * v), kNotYet);
  std::vector<std::int64_t> parent(static_cast<std::size_t>(2 * v), 0);
  std::vector<std::uint8_t> binary(static_cast<std::size_t>(2 * v), 0);
  std::copy(counts.begin(), counts.end(), count.begin());
  std::int64_t pos1 = v - 1, pos2 = v;
  const auto take_smallest = [&] {
    if (pos1 >= 0 &&
        count[static_cast<std::size_t>(pos1)] < count[static_cast<std::size_t>(pos2)]) {
      return pos1--;
    }
    return pos2++;
  };
  for (std::int64_t a = 0; a < v - 1; ++a) {
    const std::int64_t min1 = take_smallest();
    const std::int64_t min2 = take_smallest();
    count[static_cast<std::size_t>(v + a)] =
        count[static_cast<std::size_t>(min1)] + count[static_cast<std::size_t>(min2)];
    parent[static_cast<std::size_t>(min1)] = v + a;
    parent[static_cast<std::size_t>(min2)] = v + a;
    binary[static_cast<std::size_t>(min2)] = 1;
  }
  // Each word's path, read leaf to root and stored root to leaf.
  const std::int64_t root = 2 * v - 2;
  offsets_.reserve(static_cast<std::size_t>(v) + 1);
  offsets_.push_back(0);
  std::vector<std::int64_t> chain;
  for (std::int64_t w = 0; w < v; ++w) {
    chain.clear();
    for (std::int64_t b = w; b != root; b = parent[static_cast<std::size_t>(b)]) {
      chain.push_back(b);
    }
    const std::size_t n = chain.size();
    for (std::size_t d = 0; d < n; ++d) {
      // The node at depth d (the root at 0) and the bit of its child on the path.
      const std::int64_t node = d == 0 ? root : chain[n - d];
      points_.push_back(static_cast<std::uint32_t>(node - v));
      codes_.push_back(binary[static_cast<std::size_t>(chain[n - 1 - d])]);
    }
    offsets_.push_back(points_.size());
    max_length_ = std::max(max_length_, static_cast<int>(n));
  }
}

}  // namespace w2v
