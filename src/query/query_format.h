#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "query/vector_index.h"

namespace w2v {

// Output of w2v-neighbors and w2v-analogy, one query at a time (docs/cli/w2v-neighbors.md).

// Text: "king\n  queen  0.7118\n  ...". JSON (one line): {"query": "king", "neighbors":
// [{"word": "queen", "similarity": 0.7118}, ...]}; query is the query's words joined by spaces.
std::string format_neighbors(const VectorIndex& index, std::string_view query,
                             const std::vector<Neighbor>& neighbors, bool json);

// Text: "man : king :: woman : ?\n  queen  0.6200\n  ...". JSON (one line): {"query": ["man",
// "king", "woman"], "answers": [{"word": "queen", "score": 0.62}, ...]}.
std::string format_analogy(const VectorIndex& index, const std::vector<std::string>& words,
                           const std::vector<Neighbor>& answers, bool json);

// A query that could not be answered (an unknown word, a wrong number of words). Text: empty
// (the tool reports it on stderr). JSON: {"query": ..., "error": "unknown word: xyz"}, so every
// input line still gets one output line.
std::string format_query_error(const std::vector<std::string>& words, bool analogy,
                               std::string_view error, bool json);

}  // namespace w2v
