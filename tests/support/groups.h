#pragma once

#include <cmath>
#include <cstddef>

#include "store/embeddings.h"

namespace w2v::test {

// Planted-group checks: words are named by group letter ("a3", "b7"); row 0 is "</s>". Returns
// how many words (rows 1..) have as their nearest other word (cosine, rows 1..) a word of their
// own group.
inline int nearest_in_own_group(const Embeddings& e) {
  const auto cosine = [&](std::size_t a, std::size_t b) {
    double ab = 0, aa = 0, bb = 0;
    for (int k = 0; k < e.dim; ++k) {
      const double x = e.row(a)[k], y = e.row(b)[k];
      ab += x * y;
      aa += x * x;
      bb += y * y;
    }
    return ab / std::sqrt(aa * bb);
  };
  int right = 0;
  for (std::size_t w = 1; w < e.size(); ++w) {
    std::size_t best = 0;
    double best_cos = -2;
    for (std::size_t v = 1; v < e.size(); ++v) {
      if (v == w) continue;
      const double c = cosine(w, v);
      if (c > best_cos) {
        best_cos = c;
        best = v;
      }
    }
    right += e.words[w][0] == e.words[best][0];
  }
  return right;
}

}  // namespace w2v::test
