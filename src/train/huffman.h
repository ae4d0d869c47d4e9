#pragma once

#include <cstdint>
#include <vector>

#include "core/types.h"

namespace w2v {

// The Huffman tree of hierarchical softmax, built from the vocabulary's counts exactly as
// word2vec.c's CreateBinaryTree builds it (the same merges in the same order, so the same
// codes): V leaves (the words, in vocabulary order, count-descending after "</s>" as in
// word2vec.c) and V - 1 inner nodes, the root being node V - 2. A word's path runs from the root
// to its leaf: at step j the inner node points(w)[j] is followed by the child whose bit is
// codes(w)[j] (1 for the second-smallest node of each merge, as word2vec.c assigns it), and
// hierarchical softmax trains sigmoid(dot(hidden, node row)) towards 1 - code. Paths have no
// length limit (word2vec.c's is 40, past which it overruns its arrays).
class HuffmanTree {
 public:
  HuffmanTree() = default;
  // counts[i] is word i's count; at least 2 words.
  explicit HuffmanTree(const std::vector<std::uint64_t>& counts);

  std::size_t n_words() const { return offsets_.empty() ? 0 : offsets_.size() - 1; }
  std::size_t n_inner() const { return n_words() == 0 ? 0 : n_words() - 1; }
  int length(WordId w) const { return static_cast<int>(offsets_[w + 1] - offsets_[w]); }
  // The inner nodes on w's path, root first, as rows of the node matrix [0, n_inner()).
  const std::uint32_t* points(WordId w) const { return points_.data() + offsets_[w]; }
  // The bit at each of those nodes (0 or 1).
  const std::uint8_t* codes(WordId w) const { return codes_.data() + offsets_[w]; }
  int max_length() const { return max_length_; }

 private:
  std::vector<std::uint64_t> offsets_;  // word w's path is [offsets_[w], offsets_[w + 1])
  std::vector<std::uint32_t> points_;
  std::vector<std::uint8_t> codes_;
  int max_length_ = 0;
};

}  // namespace w2v
