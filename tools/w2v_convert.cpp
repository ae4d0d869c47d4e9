// w2v-convert: word vectors from one format to another (word2vec binary and text, GloVe,
// TensorBoard projector), optionally the first N rows only, optionally scaled to unit length.
#include <iostream>
#include <string>

#include "common/cli.h"
#include "common/progress_line.h"
#include "core/error.h"
#include "io/output_file.h"
#include "store/vectors_io.h"

namespace {

using namespace w2v;
namespace po = boost::program_options;

int run(int argc, char** argv) {
  cli::Command cmd(
      "w2v-convert",
      "--input FILE --output FILE --to bin|text|glove|projector [--format F] [--top N] "
      "[--normalize]",
      "Converts word vectors between word2vec binary, word2vec text (also fastText .vec), GloVe\n"
      "text (no header line) and the TensorBoard projector's vectors.tsv + metadata.tsv (a\n"
      "directory). Rows keep their order; numbers are written in their shortest exact form, so\n"
      "binary -> text -> glove -> binary gives back the same bytes. An output name ending in .gz\n"
      "is written gzip-compressed; every output is written atomically.");
  std::string input, output, to, format = "auto";
  long long top = 0;
  bool normalize = false, progress = false, quiet = false;
  cmd.options().add_options()("input,i", po::value(&input)->required()->value_name("FILE"),
                              "vectors to read (gzip allowed; a projector directory)")(
      "output,o", po::value(&output)->required()->value_name("FILE"),
      "vectors to write (for projector: the directory of the two files)")(
      "to", po::value(&to)->required()->value_name("F"),
      "output format: bin, text, glove or projector")(
      "format", po::value(&format)->default_value(format)->value_name("F"),
      "input format: auto (binary, text or projector, by content), binary, text, glove or "
      "projector")(
      "top", po::value(&top)->default_value(top)->value_name("N"),
      "keep only the first N rows (the most frequent words in word2vec files; 0 = all)")(
      "normalize", po::bool_switch(&normalize), "scale every vector to unit length")(
      "progress", po::bool_switch(&progress),
      "show progress lines even when standard error is not a terminal")(
      "quiet,q", po::bool_switch(&quiet), "print no progress and no summary");
  if (!cmd.parse(argc, argv)) return cli::kExitOk;

  if (top < 0) throw UsageError("--top must be 0 (all rows) or more, got " + std::to_string(top));
  const VectorFormat in_format = parse_vector_format(format);
  VectorFormat out_format;
  if (to == "bin" || to == "binary") {
    out_format = VectorFormat::kBinary;
  } else if (to == "text" || to == "txt") {
    out_format = VectorFormat::kText;
  } else if (to == "glove") {
    out_format = VectorFormat::kGlove;
  } else if (to == "projector") {
    out_format = VectorFormat::kProjector;
  } else {
    throw UsageError("--to must be bin, text, glove or projector, got '" + to + "'");
  }
  if (out_format == VectorFormat::kProjector &&
      compression_for_path(output) == Compression::kGzip) {
    throw UsageError("--to projector writes a directory of two plain files; drop the .gz");
  }

  cli::ProgressLine line("w2v-convert", cli::progress_show(progress, quiet));
  Embeddings e = read_vectors(input, in_format, line.fn());
  line.finish();
  const std::size_t n_read = e.size();
  if (top > 0) e.keep_first(static_cast<std::size_t>(top));
  if (normalize) e.normalize_rows();
  write_vectors(e, output, out_format);
  if (!quiet) {
    std::cerr << "w2v-convert: " << cli::with_commas(e.size()) << " of " << cli::with_commas(n_read)
              << " vectors of dimension " << e.dim << (normalize ? ", scaled to unit length," : "")
              << " written to " << output << " (" << vector_format_name(out_format) << ")\n";
  }
  return cli::kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  return w2v::cli::run("w2v-convert", [&] { return run(argc, argv); });
}
