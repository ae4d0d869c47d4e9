#include "store/embeddings.h"

#include <cmath>

namespace w2v {

void Embeddings::keep_first(std::size_t n) {
  if (n >= words.size()) return;
  words.resize(n);
  data.resize(n * static_cast<std::size_t>(dim));
}

void Embeddings::normalize_rows() {
  const std::size_t d = static_cast<std::size_t>(dim);
  for (std::size_t i = 0; i < size(); ++i) {
    float* v = row(i);
    double sum = 0;
    for (std::size_t j = 0; j < d; ++j)
      sum += static_cast<double>(v[j]) * static_cast<double>(v[j]);
    const double norm = std::sqrt(sum);
    if (norm == 0) continue;
    for (std::size_t j = 0; j < d; ++j) v[j] = static_cast<float>(static_cast<double>(v[j]) / norm);
  }
}

}  // namespace w2v
