#include "query/vector_index.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.h"
#include "query/score_kernel.h"

namespace w2v {

namespace {

// Scales v to unit length (gensim's unitvec: a zero vector stays zero).
void normalize(float* v, std::size_t dim) {
  float sum = 0.0f;
#pragma omp simd reduction(+ : sum)
  for (std::size_t i = 0; i < dim; ++i) sum += v[i] * v[i];
  const float norm = std::sqrt(sum);
  if (norm > 0.0f) {
    for (std::size_t i = 0; i < dim; ++i) v[i] /= norm;
  }
}

std::size_t n_candidates(std::size_t n_rows, std::size_t restrict_rows) {
  return restrict_rows == 0 ? n_rows : std::min(restrict_rows, n_rows);
}

}  // namespace

Method parse_method(const std::string& name) {
  if (name == "add") return Method::kAdd;
  if (name == "mul") return Method::kMul;
  throw UsageError("--method must be add or mul, got '" + name + "'");
}

void SearchOptions::validate() const {
  if (k < 1) throw UsageError("-k must be at least 1, got " + std::to_string(k));
  if (n_threads < 0) {
    throw UsageError("--threads must be at least 0 (0 = all cores), got " +
                     std::to_string(n_threads));
  }
}

VectorIndex::VectorIndex(Embeddings vectors, int n_threads) : vectors_(std::move(vectors)) {
  if (vectors_.size() >= std::numeric_limits<WordId>::max()) {
    throw UsageError("too many vectors (" + std::to_string(vectors_.size()) + ") for one index");
  }
  const std::size_t dim = static_cast<std::size_t>(vectors_.dim);
  const long long n = static_cast<long long>(vectors_.size());
  float* data = vectors_.data.data();
  const int threads = n_threads > 0 ? n_threads : 0;
#pragma omp parallel for schedule(static) num_threads(threads) if (threads != 1 && n > 4096)
  for (long long i = 0; i < n; ++i) normalize(data + static_cast<std::size_t>(i) * dim, dim);
  ids_.reserve(vectors_.size());
  for (std::size_t i = 0; i < vectors_.size(); ++i) {
    ids_.emplace(vectors_.words[i], static_cast<WordId>(i));  // keeps the first of duplicates
  }
}

std::optional<WordId> VectorIndex::find(std::string_view word) const {
  const auto it = ids_.find(word);
  if (it == ids_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::vector<Neighbor>> VectorIndex::most_similar(const std::vector<Query>& queries,
                                                             const SearchOptions& opts) const {
  opts.validate();
  const std::size_t dim = static_cast<std::size_t>(vectors_.dim);
  const bool mul = opts.method == Method::kMul;
  // Query vectors: for kAdd the normalised sum (gensim: mean of unit vectors, then unitvec);
  // for kMul the unit vectors a, b, c.
  std::vector<float> packed(queries.size() * dim * (mul ? 3 : 1), 0.0f);
  std::size_t max_excluded = 0;
  for (std::size_t q = 0; q < queries.size(); ++q) {
    const Query& query = queries[q];
    if (query.positive.empty()) throw UsageError("a query needs at least one positive word");
    max_excluded = std::max(max_excluded, query.positive.size() + query.negative.size());
    if (mul) {
      if (query.positive.size() != 2 || query.negative.size() != 1) {
        throw UsageError("--method mul needs an analogy: two positive words and one negative");
      }
      const WordId order[3] = {query.negative[0], query.positive[0], query.positive[1]};
      for (std::size_t role = 0; role < 3; ++role) {
        std::copy_n(unit_row(order[role]), dim, packed.data() + (3 * q + role) * dim);
      }
    } else {
      float* v = packed.data() + q * dim;
      for (const WordId id : query.positive) {
        const float* row = unit_row(id);
        for (std::size_t i = 0; i < dim; ++i) v[i] += row[i];
      }
      for (const WordId id : query.negative) {
        const float* row = unit_row(id);
        for (std::size_t i = 0; i < dim; ++i) v[i] -= row[i];
      }
      normalize(v, dim);
    }
  }
  // Like gensim, take k + (number of query words) and drop the query's own rows afterwards.
  const std::size_t n_rows = n_candidates(size(), opts.restrict_rows);
  const auto scored =
      detail::top_scores(vectors_.data.data(), n_rows, vectors_.dim, packed.data(), queries.size(),
                         mul ? detail::Scoring::kCosMul : detail::Scoring::kCosine,
                         opts.k + max_excluded, opts.n_threads, opts.isa);
  std::vector<std::vector<Neighbor>> result(queries.size());
  for (std::size_t q = 0; q < queries.size(); ++q) {
    const Query& query = queries[q];
    for (const detail::Scored& s : scored[q]) {
      if (result[q].size() == opts.k) break;
      const auto is_query = [&](WordId id) { return id == s.id; };
      if (std::any_of(query.positive.begin(), query.positive.end(), is_query) ||
          std::any_of(query.negative.begin(), query.negative.end(), is_query)) {
        continue;
      }
      result[q].push_back({s.id, s.score});
    }
  }
  return result;
}

std::vector<std::vector<Neighbor>> VectorIndex::nearest(const std::vector<float>& vectors,
                                                        const SearchOptions& opts) const {
  opts.validate();
  const std::size_t dim = static_cast<std::size_t>(vectors_.dim);
  if (dim == 0 || vectors.size() % dim != 0) {
    throw UsageError("query vectors must have " + std::to_string(dim) + " components each");
  }
  std::vector<float> unit = vectors;
  const std::size_t n = unit.size() / dim;
  for (std::size_t q = 0; q < n; ++q) normalize(unit.data() + q * dim, dim);
  const auto scored = detail::top_scores(
      vectors_.data.data(), n_candidates(size(), opts.restrict_rows), vectors_.dim, unit.data(), n,
      detail::Scoring::kCosine, opts.k, opts.n_threads, opts.isa);
  std::vector<std::vector<Neighbor>> result(n);
  for (std::size_t q = 0; q < n; ++q) {
    for (const detail::Scored& s : scored[q]) result[q].push_back({s.id, s.score});
  }
  return result;
}

}  // namespace w2v
