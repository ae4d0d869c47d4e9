#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace w2v {

// Word vectors in memory: words[i] owns row i of a row-major n x dim float matrix.
struct Embeddings {
  std::vector<std::string> words;
  std::vector<float> data;  // words.size() * dim floats
  int dim = 0;

  std::size_t size() const { return words.size(); }
  // Keeps only the first n rows (all of them if there are fewer).
  void keep_first(std::size_t n);
  // Scales every row to unit length, its norm summed in double; a zero row stays zero.
  void normalize_rows();
  const float* row(std::size_t i) const { return data.data() + i * static_cast<std::size_t>(dim); }
  float* row(std::size_t i) { return data.data() + i * static_cast<std::size_t>(dim); }
};

}  // namespace w2v
