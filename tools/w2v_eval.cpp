// w2v-eval: analogy accuracy (questions-words format) or word-pair similarity correlation, with
// gensim's conventions (docs/evaluation.md).
#include <cstdio>
#include <optional>
#include <string>

#include "common/cli.h"
#include "common/progress_line.h"
#include "core/error.h"
#include "eval/analogy_eval.h"
#include "eval/analogy_set.h"
#include "eval/eval_format.h"
#include "eval/word_pairs.h"
#include "query/vector_index.h"
#include "store/vectors_io.h"

namespace {

using namespace w2v;
namespace po = boost::program_options;

int run(int argc, char** argv) {
  cli::Command cmd("w2v-eval",
                   "--vectors FILE (--analogies FILE [--restrict 30000] [--method add|mul] | "
                   "--similarity FILE [--restrict 300000]) [--no-case-fold] [--json]",
                   "Evaluates word vectors as gensim's evaluate_word_analogies and "
                   "evaluate_word_pairs do: analogy accuracy per section, semantic, syntactic "
                   "and total, with questions outside the first --restrict words skipped; or "
                   "Spearman and Pearson correlation with human similarity scores.");
  std::string vectors_path, analogies_path, similarity_path, format = "auto", method = "add";
  long long restrict_rows = 0, threads = 0;
  bool no_case_fold = false, json = false, progress = false;
  cmd.options().add_options()(
      "vectors,v", po::value(&vectors_path)->required()->value_name("FILE"),
      "word vectors: word2vec binary or text (auto-detected), gzip allowed")(
      "analogies", po::value(&analogies_path)->value_name("FILE"),
      "analogy questions (\": section\" lines, then \"a b c d\" lines)")(
      "similarity", po::value(&similarity_path)->value_name("FILE"),
      "word pairs with a human score (\"word1 word2 score\" lines)")(
      "restrict", po::value(&restrict_rows)->value_name("N"),
      "use only the first N words of the file (0 = all); default 30000 for --analogies, "
      "300000 for --similarity (gensim's defaults)")(
      "method", po::value(&method)->default_value(method)->value_name("M"),
      "analogies: add (3CosAdd) or mul (3CosMul)")(
      "no-case-fold", po::bool_switch(&no_case_fold),
      "compare words exactly instead of in upper case")("json", po::bool_switch(&json),
                                                        "print one JSON object")(
      "format", po::value(&format)->default_value(format)->value_name("F"),
      "vectors format: auto, binary, text, glove (text without a header line) or projector")(
      "threads", po::value(&threads)->default_value(threads)->value_name("N"),
      "threads for the analogy search (0 = all cores)")(
      "progress", po::bool_switch(&progress),
      "show progress lines (loading, answering) even when standard error is not a terminal");
  if (!cmd.parse(argc, argv)) return cli::kExitOk;

  const bool analogies = cmd.given("analogies");
  if (analogies == cmd.given("similarity")) {
    throw UsageError("give exactly one of --analogies FILE and --similarity FILE");
  }
  if (cmd.given("restrict") && restrict_rows < 0) {
    throw UsageError("--restrict must be 0 or more, got " + std::to_string(restrict_rows));
  }
  if (threads < 0 || threads > 4096) {
    throw UsageError("--threads must be in [0, 4096], got " + std::to_string(threads));
  }
  const Method eval_method = parse_method(method);
  if (!analogies && cmd.given("method")) {
    throw UsageError("--method applies to --analogies only");
  }
  const VectorFormat vector_format = parse_vector_format(format);

  // Read the small file first, so its errors come before a long load.
  std::string out;
  cli::ProgressLine line("w2v-eval", cli::progress_show(progress, false));
  if (analogies) {
    const AnalogySet set = read_analogy_set(analogies_path);
    const VectorIndex index(read_vectors(vectors_path, vector_format, line.fn()),
                            static_cast<int>(threads));
    AnalogyEvalOptions opts;
    if (cmd.given("restrict")) opts.restrict_rows = static_cast<std::size_t>(restrict_rows);
    opts.case_fold = !no_case_fold;
    opts.method = eval_method;
    opts.n_threads = static_cast<int>(threads);
    const AnalogyReport report = evaluate_analogies(index, set, opts, line.fn());
    line.finish();
    out = format_analogy_report(report, json);
  } else {
    const WordPairSet set = read_word_pairs(similarity_path);
    const VectorIndex index(read_vectors(vectors_path, vector_format, line.fn()),
                            static_cast<int>(threads));
    line.finish();
    PairsEvalOptions opts;
    if (cmd.given("restrict")) opts.restrict_rows = static_cast<std::size_t>(restrict_rows);
    opts.case_fold = !no_case_fold;
    out = format_pairs_report(evaluate_word_pairs(index, set, opts), json);
  }
  if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size() || std::fflush(stdout) != 0) {
    throw IoError(errno_message("<stdout>", "write"));
  }
  return cli::kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  return w2v::cli::run("w2v-eval", [&] { return run(argc, argv); });
}
