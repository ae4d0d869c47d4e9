#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/cpu.h"

namespace w2v::detail {

// A candidate row and its score; lists are ordered by better() (score descending, then id
// ascending, so exact ties come out in file order).
struct Scored {
  float score;
  std::uint32_t id;
};
inline bool better(const Scored& a, const Scored& b) {
  return a.score > b.score || (a.score == b.score && a.id < b.id);
}

enum class Scoring {
  kCosine,  // score = dot(row, q): q and rows are unit vectors
  kCosMul,  // 3CosMul of Levy & Goldberg 2014 with gensim's shift to [0, 1] and epsilon:
            // ((1 + cos(row, b)) / 2 * (1 + cos(row, c)) / 2) / ((1 + cos(row, a)) / 2 + 1e-6)
};

// The n_best best of rows [0, n_rows) for every query, by blocked matrix products across
// n_threads OpenMP threads (0 = OpenMP's default), with the kernels of resolve_isa(isa) (kAuto:
// W2V_ISA, else the best the CPU has). rows are unit vectors, row-major, dim floats
// each. For kCosine, queries holds n_queries unit vectors; for kCosMul, 3 per query in the
// order a (the negative), b, c. Returns per query at most n_best entries, ordered by better().
std::vector<std::vector<Scored>> top_scores(const float* rows, std::size_t n_rows, int dim,
                                            const float* queries, std::size_t n_queries,
                                            Scoring scoring, std::size_t n_best, int n_threads,
                                            KernelIsa isa = KernelIsa::kAuto);

// "avx512", "avx2" or "portable": the kernels top_scores uses for isa on this machine.
const char* kernel_name(KernelIsa isa = KernelIsa::kAuto);

}  // namespace w2v::detail
