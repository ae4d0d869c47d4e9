// w2v-analogy: A is to B as C is to ?, by 3CosAdd or 3CosMul, for three words on the command line
// or one "A B C" per line of standard input.
#include <unistd.h>

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

// Answers one batch of "A B C" queries; returns how many could not be answered.
std::size_t answer(const VectorIndex& index, const std::vector<std::vector<std::string>>& lines,
                   const SearchOptions& opts, bool json) {
  std::vector<Query> queries;
  std::vector<std::string> outputs(lines.size());
  std::vector<std::size_t> query_of(lines.size(), SIZE_MAX);
  std::size_t n_failed = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::vector<std::string>& words = lines[i];
    std::string error;
    WordId ids[3] = {0, 0, 0};
    if (words.size() != 3) {
      error = "expected three words A B C, found " + std::to_string(words.size());
    } else {
      for (int j = 0; j < 3 && error.empty(); ++j) {
        if (const auto id = index.find(words[static_cast<std::size_t>(j)])) {
          ids[j] = *id;
        } else {
          error = "unknown word: " + words[static_cast<std::size_t>(j)];
        }
      }
    }
    if (!error.empty()) {
      ++n_failed;
      std::cerr << "w2v-analogy: " << w2v::printable(error) << "\n";
      outputs[i] = format_query_error(words, true, error, json);
      continue;
    }
    query_of[i] = queries.size();
    queries.push_back({{ids[1], ids[2]}, {ids[0]}});  // b - a + c
  }
  const auto results = index.most_similar(queries, opts);
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    out += query_of[i] == SIZE_MAX ? outputs[i]
                                   : format_analogy(index, lines[i], results[query_of[i]], json);
  }
  cli::write_stdout(out);
  return n_failed;
}

int run(int argc, char** argv) {
  cli::Command cmd("w2v-analogy", "--vectors FILE [-k 10] [--method add|mul] [--json] [A B C]",
                   "Solves \"A is to B as C is to ?\" (man king woman -> queen) by 3CosAdd "
                   "(cosine with B - A + C, the default) or 3CosMul (Levy and Goldberg 2014); "
                   "A, B and C are never answers. Without A B C, reads one analogy per line "
                   "from standard input until end of input.");
  std::string vectors_path, format = "auto", method = "add";
  long long k = 10, threads = 0;
  bool json = false, progress = false;
  std::vector<std::string> words;
  cmd.options().add_options()(
      "vectors,v", po::value(&vectors_path)->required()->value_name("FILE"),
      "word vectors: word2vec binary or text (auto-detected), gzip allowed")(
      "k,k", po::value(&k)->default_value(k)->value_name("N"), "answers per analogy")(
      "method", po::value(&method)->default_value(method)->value_name("M"),
      "add (3CosAdd) or mul (3CosMul)")("json", po::bool_switch(&json),
                                        "one JSON object per analogy and line")(
      "format", po::value(&format)->default_value(format)->value_name("F"),
      "vectors format: auto, binary, text, glove (text without a header line) or projector")(
      "threads", po::value(&threads)->default_value(threads)->value_name("N"),
      "threads for the search (0 = all cores)")(
      "progress", po::bool_switch(&progress),
      "show a progress line while loading even when standard error is not a terminal");
  cmd.positional("words", -1, po::value(&words));
  if (!cmd.parse(argc, argv)) return cli::kExitOk;

  if (k < 1) throw UsageError("-k must be at least 1, got " + std::to_string(k));
  if (threads < 0 || threads > 4096) {
    throw UsageError("--threads must be in [0, 4096], got " + std::to_string(threads));
  }
  if (!words.empty() && words.size() != 3) {
    throw UsageError("give three words A B C (or none, to read them from standard input), got " +
                     std::to_string(words.size()));
  }
  SearchOptions opts;
  opts.k = static_cast<std::size_t>(k);
  opts.method = parse_method(method);
  opts.n_threads = static_cast<int>(threads);
  opts.validate();
  const VectorFormat vector_format = parse_vector_format(format);

  cli::ProgressLine loading("w2v-analogy", cli::progress_show(progress, false));
  const VectorIndex index(read_vectors(vectors_path, vector_format, loading.fn()), opts.n_threads);
  loading.finish();

  return cli::answer_arguments_or_stdin(words, "A B C> ",
                                        [&](const std::vector<std::vector<std::string>>& batch) {
                                          return answer(index, batch, opts, json);
                                        });
}

}  // namespace

int main(int argc, char** argv) {
  return w2v::cli::run("w2v-analogy", [&] { return run(argc, argv); });
}
