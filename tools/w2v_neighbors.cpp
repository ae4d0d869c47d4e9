// w2v-neighbors: the k most similar words by cosine, for words on the command line or one query
// per line of standard input.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "common/cli.h"
#include "common/progress_line.h"
#include "common/query_loop.h"
#include "core/error.h"
#include "eval/analogy_set.h"
#include "query/query_format.h"
#include "query/vector_index.h"
#include "store/vectors_io.h"

namespace {

using namespace w2v;
namespace po = boost::program_options;

// Answers one batch of query lines; returns how many had an unknown word.
std::size_t answer(const VectorIndex& index, const std::vector<std::vector<std::string>>& lines,
                   const SearchOptions& opts, bool json) {
  std::vector<Query> queries;
  std::vector<std::string> outputs(lines.size());
  std::vector<std::size_t> query_of(lines.size(), SIZE_MAX);
  std::size_t n_unknown = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    Query q;
    std::string unknown;
    for (const std::string& w : lines[i]) {
      if (const auto id = index.find(w)) {
        q.positive.push_back(*id);
      } else if (unknown.empty()) {
        unknown = w;
      }
    }
    if (!unknown.empty()) {
      ++n_unknown;
      std::cerr << "w2v-neighbors: unknown word '" << w2v::printable(unknown)
                << "'; not in the vectors\n";
      outputs[i] = format_query_error(lines[i], false, "unknown word: " + unknown, json);
      continue;
    }
    query_of[i] = queries.size();
    queries.push_back(std::move(q));
  }
  const auto results = index.most_similar(queries, opts);
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (query_of[i] == SIZE_MAX) {
      out += outputs[i];
      continue;
    }
    std::string label;
    for (const std::string& w : lines[i]) label += (label.empty() ? "" : " ") + w;
    out += format_neighbors(index, label, results[query_of[i]], json);
  }
  cli::write_stdout(out);
  return n_unknown;
}

int run(int argc, char** argv) {
  cli::Command cmd("w2v-neighbors", "--vectors FILE [-k 10] [--restrict N] [--json] [WORD...]",
                   "Prints the k words most similar (by cosine) to a query, with their "
                   "similarity; the query words themselves are left out. A query of several "
                   "words uses the normalised sum of their vectors. Without WORDs, reads one "
                   "query per line from standard input until end of input.");
  std::string vectors_path, format = "auto";
  long long k = 10, restrict_rows = 0, threads = 0;
  bool json = false, progress = false;
  std::vector<std::string> words;
  cmd.options().add_options()(
      "vectors,v", po::value(&vectors_path)->required()->value_name("FILE"),
      "word vectors: word2vec binary or text (auto-detected), gzip allowed")(
      "k,k", po::value(&k)->default_value(k)->value_name("N"), "neighbours per query")(
      "restrict", po::value(&restrict_rows)->default_value(restrict_rows)->value_name("N"),
      "search only the first N words of the file (0 = all)")("json", po::bool_switch(&json),
                                                             "one JSON object per query and line")(
      "format", po::value(&format)->default_value(format)->value_name("F"),
      "vectors format: auto, binary, text, glove (text without a header line) or projector")(
      "threads", po::value(&threads)->default_value(threads)->value_name("N"),
      "threads for the search (0 = all cores)")(
      "progress", po::bool_switch(&progress),
      "show a progress line while loading even when standard error is not a terminal");
  cmd.positional("words", -1, po::value(&words));
  if (!cmd.parse(argc, argv)) return cli::kExitOk;

  if (k < 1) throw UsageError("-k must be at least 1, got " + std::to_string(k));
  if (restrict_rows < 0)
    throw UsageError("--restrict must be 0 or more, got " + std::to_string(restrict_rows));
  if (threads < 0 || threads > 4096) {
    throw UsageError("--threads must be in [0, 4096], got " + std::to_string(threads));
  }
  SearchOptions opts;
  opts.k = static_cast<std::size_t>(k);
  opts.restrict_rows = static_cast<std::size_t>(restrict_rows);
  opts.n_threads = static_cast<int>(threads);
  opts.validate();
  const VectorFormat vector_format = parse_vector_format(format);

  cli::ProgressLine loading("w2v-neighbors", cli::progress_show(progress, false));
  const VectorIndex index(read_vectors(vectors_path, vector_format, loading.fn()), opts.n_threads);
  loading.finish();

  return cli::answer_arguments_or_stdin(words, "word(s)> ",
                                        [&](const std::vector<std::vector<std::string>>& batch) {
                                          return answer(index, batch, opts, json);
                                        });
}

}  // namespace

int main(int argc, char** argv) {
  return w2v::cli::run("w2v-neighbors", [&] { return run(argc, argv); });
}
