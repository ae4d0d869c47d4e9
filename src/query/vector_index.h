#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/cpu.h"
#include "core/types.h"
#include "store/embeddings.h"

namespace w2v {

// How a query's words are combined (gensim's most_similar / most_similar_cosmul).
enum class Method {
  kAdd,  // 3CosAdd: cosine with the normalised sum of positive minus negative unit vectors
  kMul,  // 3CosMul (Levy & Goldberg 2014): exactly two positive words and one negative
};

// "add" / "mul" -> Method; anything else is a UsageError naming --method.
Method parse_method(const std::string& name);

struct SearchOptions {
  std::size_t k = 10;             // answers per query
  std::size_t restrict_rows = 0;  // candidates are the first `restrict_rows` rows; 0 = all rows
  Method method = Method::kAdd;
  int n_threads = 0;                 // 0 = OpenMP's default
  KernelIsa isa = KernelIsa::kAuto;  // the kernels' instruction set (kAuto: W2V_ISA, else best)

  // Throws UsageError naming the flag: "-k must be at least 1, got 0".
  void validate() const;
};

struct Neighbor {
  WordId id;
  float score;  // cosine for kAdd, the 3CosMul value for kMul
};

// A query in gensim's terms: most_similar(positive, negative). Neighbours of "king" are
// {{king}, {}}; "man is to king as woman is to ?" is {{king, woman}, {man}}.
struct Query {
  std::vector<WordId> positive;
  std::vector<WordId> negative;
};

// Word vectors ready for cosine search: every row is scaled to unit length once (a zero row
// stays zero and scores 0 against everything), and many queries are answered at once with
// blocked matrix products across threads.
class VectorIndex {
 public:
  // Takes the vectors and normalises them in place.
  explicit VectorIndex(Embeddings vectors, int n_threads = 0);

  std::size_t size() const { return vectors_.size(); }
  int dim() const { return vectors_.dim; }
  const std::string& word(WordId id) const { return vectors_.words[id]; }
  const std::vector<std::string>& words() const { return vectors_.words; }
  // The row of a word, exact bytes; the first row when a word appears twice.
  std::optional<WordId> find(std::string_view word) const;
  // Unit-length row id.
  const float* unit_row(WordId id) const { return vectors_.row(id); }

  // For every query, the opts.k best rows among the first opts.restrict_rows (gensim's
  // restrict_vocab), never one of the query's own rows; ordered by score, exact ties by row.
  // Throws UsageError for a query without positive words, or a kMul query that is not
  // (2 positive, 1 negative).
  // most_similar({{{king}, {}}}, {.k = 3}) -> {{queen, 0.71}, {monarch, 0.65}, {prince, 0.62}}
  std::vector<std::vector<Neighbor>> most_similar(const std::vector<Query>& queries,
                                                  const SearchOptions& opts) const;

  // The opts.k rows most similar (by cosine, opts.method ignored) to each of the vectors
  // (n x dim floats, row-major, need not be unit length), nothing excluded.
  std::vector<std::vector<Neighbor>> nearest(const std::vector<float>& vectors,
                                             const SearchOptions& opts) const;

 private:
  Embeddings vectors_;
  std::unordered_map<std::string_view, WordId> ids_;
};

}  // namespace w2v
