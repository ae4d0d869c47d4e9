#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "core/types.h"
#include "store/embeddings.h"
#include "vocab/vocab.h"

namespace w2v {

// What the model holds besides the input rows.
struct ModelShape {
  bool output_rows = true;  // negative sampling's word output rows (syn1neg)
  bool shared = false;      // ... which are the input rows themselves (tied embeddings)
  bool node_rows = false;   // hierarchical softmax's inner-node rows (syn1), n_words - 1 of them
};

// The weight matrices of skip-gram/CBOW: input rows (syn0), and as the objectives need them
// output rows (syn1neg, negative sampling; or the input rows again when tied) and inner-node
// rows (syn1, hierarchical softmax). One
// row per vocabulary id (per inner node for syn1). Rows are padded with zeros to a multiple of 16
// floats (kRowFloats) and 64-byte aligned, so the kernels have no tail loops; the padding stays
// zero because every update is a linear combination of rows. Memory: (1 + output + nodes) * V *
// stride * 4 bytes.
class Model {
 public:
  Model() = default;
  // input rows uniform in [-0.5/dim, 0.5/dim) from seed (word2vec.c's init, our generator);
  // output and node rows zero.
  Model(std::size_t n_words, int dim, std::uint64_t seed, ModelShape shape = {});
  // Every row zero (a checkpoint reader fills them).
  Model(std::size_t n_words, int dim, ModelShape shape = {});

  std::size_t n_words() const { return n_words_; }
  std::size_t n_nodes() const { return node_vectors_ ? n_words_ - 1 : 0; }
  int dim() const { return dim_; }
  int stride() const { return stride_; }
  const ModelShape& shape() const { return shape_; }

  // word2vec's syn0: the vectors users get.
  float* input_row(WordId id) {
    return input_vectors_.get() + id * static_cast<std::size_t>(stride_);
  }
  const float* input_row(WordId id) const {
    return input_vectors_.get() + id * static_cast<std::size_t>(stride_);
  }
  // word2vec's syn1neg: the output ("context") vectors of negative sampling; the input row
  // itself when the embeddings are shared.
  float* output_row(WordId id) { return output_base_ + id * static_cast<std::size_t>(stride_); }
  const float* output_row(WordId id) const {
    return output_base_ + id * static_cast<std::size_t>(stride_);
  }
  // word2vec's syn1: the row of inner node `node` of the Huffman tree.
  float* node_row(std::uint32_t node) {
    return node_vectors_.get() + node * static_cast<std::size_t>(stride_);
  }
  const float* node_row(std::uint32_t node) const {
    return node_vectors_.get() + node * static_cast<std::size_t>(stride_);
  }
  // True while the model has output rows of its own (not shared, not released).
  bool has_output_vectors() const { return output_vectors_ != nullptr; }

  // Copies one matrix (unpadded, vocabulary order) with the vocabulary's words.
  Embeddings input_embeddings(const Vocab& vocab) const;
  Embeddings output_embeddings(const Vocab& vocab) const;
  // The "w + c" of Levy, Goldberg and Dagan 2015: adds each word's output row to its input row,
  // then frees the output and node rows: the input rows become the sums, with no third matrix in
  // memory. Throws UsageError without output rows of its own.
  void fold_output_into_input();
  // Frees the output and node rows (before building the input copy, to keep peak memory down).
  void release_output_vectors();

  // True if every component of every matrix is finite.
  bool all_finite() const;

 private:
  struct FreeDeleter {
    void operator()(float* p) const;
  };
  using Buffer = std::unique_ptr<float[], FreeDeleter>;
  static Buffer allocate(std::size_t n_floats);
  Embeddings copy_out(const float* base, const Vocab& vocab) const;

  std::size_t n_words_ = 0;
  int dim_ = 0;
  int stride_ = 0;
  ModelShape shape_;
  Buffer input_vectors_;          // syn0
  Buffer output_vectors_;         // syn1neg, unless shared
  Buffer node_vectors_;           // syn1
  float* output_base_ = nullptr;  // output_vectors_, or input_vectors_ when shared
};

}  // namespace w2v
