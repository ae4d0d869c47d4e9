#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "core/types.h"
#include "store/embeddings.h"
#include "vocab/vocab.h"

namespace w2v {

// The two weight matrices of skip-gram/CBOW with negative sampling, one row per vocabulary id.
// Rows are padded with zeros to a multiple of 16 floats (kRowFloats) and 64-byte aligned, so the
// kernels have no tail loops; the padding stays zero because every update is a linear
// combination of rows. Memory: 2 * V * stride * 4 bytes.
class Model {
 public:
  Model() = default;
  // input_vectors_ uniform in [-0.5/dim, 0.5/dim) from seed (word2vec.c's init, our generator);
  // output_vectors_ zero.
  Model(std::size_t n_words, int dim, std::uint64_t seed);
  // Both matrices zero (a checkpoint reader fills them).
  Model(std::size_t n_words, int dim);

  std::size_t n_words() const { return n_words_; }
  int dim() const { return dim_; }
  int stride() const { return stride_; }

  // word2vec's syn0: the vectors users get.
  float* input_row(WordId id) {
    return input_vectors_.get() + id * static_cast<std::size_t>(stride_);
  }
  const float* input_row(WordId id) const {
    return input_vectors_.get() + id * static_cast<std::size_t>(stride_);
  }
  // word2vec's syn1neg: the context ("output") vectors of negative sampling.
  float* output_row(WordId id) {
    return output_vectors_.get() + id * static_cast<std::size_t>(stride_);
  }
  const float* output_row(WordId id) const {
    return output_vectors_.get() + id * static_cast<std::size_t>(stride_);
  }
  bool has_output_vectors() const { return output_vectors_ != nullptr; }

  // Copies one matrix (unpadded, vocabulary order) with the vocabulary's words.
  Embeddings input_embeddings(const Vocab& vocab) const;
  Embeddings output_embeddings(const Vocab& vocab) const;
  // Frees output_vectors_ (before building the input copy, to keep peak memory down).
  void release_output_vectors() { output_vectors_.reset(); }

  // True if every component of both matrices is finite.
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
  Buffer input_vectors_;   // syn0
  Buffer output_vectors_;  // syn1neg
};

}  // namespace w2v
