#include "train/model.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "core/error.h"
#include "train/kernels.h"
#include "train/rng.h"

namespace w2v {

void Model::FreeDeleter::operator()(float* p) const { std::free(p); }

// Matrices of 4 MiB or more are aligned to 2 MiB and asked to live on transparent huge pages:
// the trainer reads random rows of them (noise words), and with 4 KiB pages nearly every such row
// costs a TLB miss once a matrix outgrows the TLB's reach (~6 MiB); a 124 MB pair of matrices
// needs ~60 huge pages instead of ~30,000 small ones. Where the kernel gives huge pages only on
// request (transparent_hugepage=madvise, Debian's default) the advice is what turns them on; it
// is only advice, so a kernel without them trains exactly as before.
Model::Buffer Model::allocate(std::size_t n_floats) {
  constexpr std::size_t kHuge = std::size_t{2} << 20;
  std::size_t bytes = std::max<std::size_t>(64, (n_floats * sizeof(float) + 63) / 64 * 64);
  const bool huge = bytes >= 2 * kHuge;
  if (huge) bytes = (bytes + kHuge - 1) / kHuge * kHuge;
  void* p = std::aligned_alloc(huge ? kHuge : 64, bytes);
  if (p == nullptr) throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (huge) (void)madvise(p, bytes, MADV_HUGEPAGE);  // before the first touch below
#endif
  std::memset(p, 0, bytes);
  return Buffer(static_cast<float*>(p));
}

Model::Model(std::size_t n_words, int dim, ModelShape shape)
    : n_words_(n_words),
      dim_(dim),
      stride_((dim + kRowFloats - 1) / kRowFloats * kRowFloats),
      shape_(shape) {
  const std::size_t n_floats = n_words * static_cast<std::size_t>(stride_);
  input_vectors_ = allocate(n_floats);
  if (shape.output_rows && !shape.shared) output_vectors_ = allocate(n_floats);
  if (shape.node_rows && n_words > 1) {
    node_vectors_ = allocate((n_words - 1) * static_cast<std::size_t>(stride_));
  }
  output_base_ = shape.output_rows && shape.shared ? input_vectors_.get() : output_vectors_.get();
}

Model::Model(std::size_t n_words, int dim, std::uint64_t seed, ModelShape shape)
    : Model(n_words, dim, shape) {
  Rng rng(seed, 0xffffffffULL);
  const float scale = 1.0f / static_cast<float>(dim);
  for (std::size_t w = 0; w < n_words; ++w) {
    float* row = input_row(static_cast<WordId>(w));
    for (int i = 0; i < dim; ++i) row[i] = (rng.uniform() - 0.5f) * scale;
  }
}

Embeddings Model::copy_out(const float* base, const Vocab& vocab) const {
  if (vocab.size() != n_words_) {
    throw UsageError("model has " + std::to_string(n_words_) + " rows but the vocabulary has " +
                     std::to_string(vocab.size()) + " words");
  }
  Embeddings e;
  e.dim = dim_;
  e.words = vocab.words();
  e.data.resize(n_words_ * static_cast<std::size_t>(dim_));
  for (std::size_t w = 0; w < n_words_; ++w) {
    std::memcpy(e.data.data() + w * static_cast<std::size_t>(dim_),
                base + w * static_cast<std::size_t>(stride_),
                sizeof(float) * static_cast<std::size_t>(dim_));
  }
  return e;
}

Embeddings Model::input_embeddings(const Vocab& vocab) const {
  return copy_out(input_vectors_.get(), vocab);
}

Embeddings Model::output_embeddings(const Vocab& vocab) const {
  if (output_base_ == nullptr) throw UsageError("the model has no output vectors (any more)");
  return copy_out(output_base_, vocab);
}

void Model::fold_output_into_input() {
  if (!output_vectors_) throw UsageError("the model has no output vectors of its own (any more)");
  const std::size_t n = n_words_ * static_cast<std::size_t>(stride_);
  float* in = input_vectors_.get();
  const float* out = output_vectors_.get();
  for (std::size_t i = 0; i < n; ++i) in[i] += out[i];  // padding: 0 + 0
  release_output_vectors();
}

void Model::release_output_vectors() {
  output_vectors_.reset();
  node_vectors_.reset();
  output_base_ = nullptr;
}

bool Model::all_finite() const {
  const std::size_t n = n_words_ * static_cast<std::size_t>(stride_);
  const std::pair<const float*, std::size_t> matrices[] = {
      {input_vectors_.get(), n},
      {output_vectors_.get(), n},
      {node_vectors_.get(), n_nodes() * static_cast<std::size_t>(stride_)}};
  for (const auto& [m, size] : matrices) {
    if (m == nullptr) continue;
    for (std::size_t i = 0; i < size; ++i) {
      if (!std::isfinite(m[i])) return false;
    }
  }
  return true;
}

}  // namespace w2v
