// w2v-vocab: corpus (plain or gzip; files, directories or -) -> vocabulary file "word count".
#include <cstdio>
#include <iostream>
#include <sstream>
#include <thread>

#include "common/cli.h"
#include "common/progress_line.h"
#include "core/error.h"
#include "vocab/vocab_builder.h"
#include "vocab/vocab_io.h"

namespace po = boost::program_options;
using w2v::cli::with_commas;

namespace {

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

void print_summary(const w2v::VocabOptions& opts, const w2v::VocabStats& s, int n_threads,
                   const std::string& output) {
  const auto& t = s.tokens;
  std::ostringstream out;
  out << "read      " << with_commas(s.n_files) << (s.n_files == 1 ? " file, " : " files, ")
      << fixed(static_cast<double>(s.bytes_read) / 1e6, 1) << " MB of text\n";
  out << "tokens    " << with_commas(t.n_tokens) << " in " << with_commas(t.n_sentences)
      << " sentences (lines with words)\n";
  out << "distinct  " << with_commas(s.n_distinct) << " words\n";
  out << "kept      " << with_commas(s.n_kept) << " words (min-count " << opts.min_count;
  if (opts.max_vocab > 0) out << ", max-vocab " << opts.max_vocab;
  out << "), covering "
      << fixed(100.0 * static_cast<double>(s.n_kept_tokens) / static_cast<double>(t.n_tokens), 2)
      << "% of tokens\n";
  out << "cut       " << with_commas(t.n_cut) << " tokens longer than "
      << opts.tokenizer.max_token_bytes << " bytes";
  if (t.n_skipped_bytes > 0) out << " (" << with_commas(t.n_skipped_bytes) << " bytes dropped)";
  out << "\n";
  out << "invalid   " << with_commas(t.n_invalid_utf8)
      << " invalid UTF-8 sequences (kept as bytes)\n";
  if (s.n_prunes == 0) {
    out << "pruning   none: every count is exact\n";
  } else {
    out << "pruning   " << with_commas(s.n_prunes) << " times to stay under --max-distinct "
        << with_commas(static_cast<unsigned long long>(opts.max_distinct)) << ", first after "
        << with_commas(s.first_prune_token) << " tokens; words seen fewer than "
        << s.prune_threshold + 1
        << " times in part of the corpus may be missing or undercounted (raise --max-distinct "
           "for exact counts)\n";
  }
  out << "time      " << fixed(s.seconds, 2) << " s, "
      << fixed(static_cast<double>(t.n_tokens) / s.seconds / 1e6, 2) << "M tokens/s on "
      << n_threads << (n_threads == 1 ? " thread\n" : " threads\n");
  out << "wrote     " << output << " (" << with_commas(s.n_kept + 1) << " entries)\n";
  std::cerr << out.str();
}

}  // namespace

int main(int argc, char** argv) {
  return w2v::cli::run("w2v-vocab", [&] {
    w2v::VocabOptions opts;
    std::vector<std::string> inputs;
    std::string output;
    bool quiet = false, progress = false;
    w2v::cli::Command cmd(
        "w2v-vocab", "--input PATH... --output FILE [options]",
        "Counts the words of a corpus and writes its vocabulary, one \"word count\" per line:\n"
        "\"</s>\" first with the number of sentences, then by count descending, ties by bytes\n"
        "(word2vec's -save-vocab format). Input is plain text or gzip (detected by content),\n"
        "files, directories (their regular files, sorted by name) or - for standard input.\n"
        "Tokens are separated by space, tab, CR, LF, VT and FF; a line is a sentence.");
    cmd.options().add_options()("input,i",
                                po::value(&inputs)->required()->multitoken()->composing(),
                                "corpus file, directory or - (repeatable)")(
        "output,o", po::value(&output)->required(), "vocabulary file to write")(
        "min-count", po::value(&opts.min_count)->default_value(opts.min_count),
        "drop words seen fewer times")("max-vocab",
                                       po::value(&opts.max_vocab)->default_value(opts.max_vocab),
                                       "keep only the N most frequent words (0 = no limit)")(
        "threads,t", po::value(&opts.n_threads)->default_value(opts.n_threads),
        "counting threads (0 = all cores)")("lowercase", po::bool_switch(&opts.tokenizer.lowercase),
                                            "fold ASCII A-Z to a-z")(
        "max-token-bytes",
        po::value(&opts.tokenizer.max_token_bytes)->default_value(opts.tokenizer.max_token_bytes),
        "cut longer tokens on a UTF-8 boundary (counted)")(
        "max-distinct", po::value(&opts.max_distinct)->default_value(opts.max_distinct),
        "distinct words held while counting before rare ones are pruned (reported)")(
        "progress", po::bool_switch(&progress),
        "show progress lines even when standard error is not a terminal")(
        "quiet,q", po::bool_switch(&quiet), "print no progress and no summary");
    if (!cmd.parse(argc, argv)) return w2v::cli::kExitOk;
    if (cmd.given("threads") && opts.n_threads == 0) {
      throw w2v::UsageError("--threads must be in [1, 1024], got 0 (omit it to use all cores)");
    }
    opts.validate();
    w2v::cli::ProgressLine line("w2v-vocab", w2v::cli::progress_show(progress, quiet));
    w2v::VocabResult result = w2v::build_vocab(inputs, opts, line.fn());
    line.finish();
    w2v::write_vocab(result.vocab, output);
    if (!quiet) {
      const int n_threads =
          opts.n_threads > 0 ? opts.n_threads
                             : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
      print_summary(opts, result.stats, n_threads, output);
    }
    return w2v::cli::kExitOk;
  });
}
