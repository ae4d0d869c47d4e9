// w2v-phrases: corpus (plain or gzip; files, directories or -) -> the same corpus with frequent
// word pairs joined into one token ("new york" -> "new_york"), word2phrase's way.
#include <cstdio>
#include <iostream>
#include <sstream>

#include "common/cli.h"
#include "common/json_log.h"
#include "common/progress_line.h"
#include "core/error.h"
#include "core/json.h"
#include "phrases/phraser.h"

namespace po = boost::program_options;
using w2v::cli::with_commas;

namespace {

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string number(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

void print_summary(const w2v::PhraseOptions& opts, const w2v::PhraseResult& r,
                   const std::string& output) {
  const w2v::PhraseCountStats& first = r.passes.front().count;
  const w2v::TokenStats& t = first.tokens;
  std::ostringstream out;
  out << "read      " << with_commas(first.n_files) << (first.n_files == 1 ? " file, " : " files, ")
      << fixed(static_cast<double>(first.bytes_read) / 1e6, 1)
      << " MB of text: " << with_commas(t.n_tokens) << " tokens in " << with_commas(t.n_sentences)
      << " sentences\n";
  std::uint64_t n_prunes = 0, prune_threshold = 0, first_prune = 0;
  for (std::size_t i = 0; i < r.passes.size(); ++i) {
    const w2v::PhrasePassReport& p = r.passes[i];
    out << "pass " << i + 1 << "    " << w2v::scorer_name(opts.scorer) << " score > "
        << number(p.threshold) << ", min-count " << opts.min_count << ": "
        << with_commas(p.count.n_words) << " words, " << with_commas(p.count.n_pairs) << " pairs, "
        << with_commas(p.count.n_phrases) << " phrases; joined " << with_commas(p.write.n_joined)
        << " pairs\n";
    if (!p.top.empty()) {
      out << "          most frequent:";
      for (std::size_t k = 0; k < p.top.size() && k < 5; ++k) {
        out << (k ? ", " : " ") << w2v::printable(p.top[k].a + opts.delimiter + p.top[k].b) << " ("
            << with_commas(p.top[k].count_ab) << ")";
      }
      out << "\n";
    }
    if (p.count.n_prunes > 0) {
      n_prunes += p.count.n_prunes;
      prune_threshold = std::max(prune_threshold, p.count.prune_threshold);
      if (first_prune == 0) first_prune = p.count.first_prune_token;
    }
  }
  out << "cut       " << with_commas(t.n_cut) << " tokens longer than "
      << opts.tokenizer.max_token_bytes << " bytes";
  if (t.n_skipped_bytes > 0) out << " (" << with_commas(t.n_skipped_bytes) << " bytes dropped)";
  out << "\n";
  out << "invalid   " << with_commas(t.n_invalid_utf8)
      << " invalid UTF-8 sequences (kept as bytes)\n";
  if (n_prunes == 0) {
    out << "pruning   none: every count is exact\n";
  } else {
    out << "pruning   " << with_commas(n_prunes) << " times to stay under --max-distinct "
        << with_commas(static_cast<unsigned long long>(opts.max_distinct)) << ", first after "
        << with_commas(first_prune) << " tokens; words and pairs seen fewer than "
        << prune_threshold + 1
        << " times in part of the corpus may be missing or undercounted, so some phrases may "
           "be missed (raise --max-distinct for exact counts)\n";
  }
  out << "time      " << fixed(r.seconds, 2) << " s on " << r.n_threads
      << (r.n_threads == 1 ? " thread" : " threads") << " (";
  for (std::size_t i = 0; i < r.passes.size(); ++i) {
    const w2v::PhrasePassReport& p = r.passes[i];
    out << (i ? "; " : "") << "pass " << i + 1 << ": counting " << fixed(p.count.seconds, 2)
        << " s, writing " << fixed(p.write.seconds, 2) << " s";
  }
  out << ")\n";
  const w2v::PhraseWriteStats& last = r.passes.back().write;
  out << "wrote     " << output << " (" << with_commas(last.tokens.n_tokens - last.n_joined)
      << " tokens in " << with_commas(last.n_lines) << " lines)\n";
  std::cerr << out.str();
}

w2v::JsonWriter json_done(const w2v::PhraseOptions& opts, const w2v::PhraseResult& r,
                          const std::string& output) {
  w2v::JsonWriter w;
  w.begin_object().field("event", "done").field("output", output);
  w.field("threads", r.n_threads);
  w.field("seconds", r.seconds).field("scorer", w2v::scorer_name(opts.scorer));
  w.key("passes").begin_array();
  for (const w2v::PhrasePassReport& p : r.passes) {
    w.begin_object().field("threshold", p.threshold).field("tokens", p.count.tokens.n_tokens);
    w.field("words", p.count.n_words).field("pairs", p.count.n_pairs);
    w.field("phrases", p.count.n_phrases).field("joined", p.write.n_joined);
    w.field("lines", p.write.n_lines).field("prunes", p.count.n_prunes);
    w.field("count_seconds", p.count.seconds).field("write_seconds", p.write.seconds);
    w.end_object();
  }
  w.end_array().end_object();
  return w;
}

}  // namespace

int main(int argc, char** argv) {
  return w2v::cli::run("w2v-phrases", [&] {
    w2v::PhraseOptions opts;
    std::vector<std::string> inputs;
    std::string output, scorer = "word2phrase", log_json;
    bool quiet = false, progress = false;
    w2v::cli::Command cmd(
        "w2v-phrases", "--input PATH... --output FILE [options]",
        "Joins frequent pairs of adjacent words into one token (\"new york\" -> \"new_york\"),\n"
        "as word2vec's word2phrase does: a pair of words a b, each seen at least --min-count\n"
        "times, as is the pair, is joined when its score is above --threshold; word2phrase's\n"
        "score is (count(a b) - min-count) / count(a) / count(b) * tokens. Pairs are joined left\n"
        "to right, a word at most once, never across a line. --passes 2 runs it again on its\n"
        "own output, for phrases of 3 and 4 words. Input is plain text or gzip, files,\n"
        "directories or - for standard input; the output has one line per input line, tokens\n"
        "separated by one space, written atomically, gzip when its name ends in .gz.");
    cmd.options().add_options()(
        "input,i", po::value(&inputs)->required()->multitoken()->composing()->value_name("PATH"),
        "corpus file, directory or - (repeatable)")(
        "output,o", po::value(&output)->required()->value_name("FILE"),
        "phrased corpus to write (- for stdout)")(
        "min-count", po::value(&opts.min_count)->default_value(opts.min_count)->value_name("N"),
        "words and pairs seen fewer times are never joined")(
        "threshold", po::value(&opts.thresholds)->multitoken()->composing()->value_name("T..."),
        "join pairs scoring above this; one value for every pass or one per pass "
        "(default: 100 for word2phrase, 0.5 for npmi)")(
        "passes", po::value(&opts.passes)->default_value(opts.passes)->value_name("N"),
        "passes over the text [1, 10]; pass k joins the output of pass k - 1")(
        "scorer", po::value(&scorer)->default_value(scorer)->value_name("S"),
        "word2phrase, or npmi (normalised pointwise mutual information, in [-1, 1])")(
        "delimiter", po::value(&opts.delimiter)->default_value(opts.delimiter)->value_name("D"),
        "joins the words of a phrase")(
        "threads,t", po::value(&opts.n_threads)->default_value(opts.n_threads)->value_name("N"),
        "counting and writing threads (0 = all cores)")(
        "lowercase", po::bool_switch(&opts.tokenizer.lowercase), "fold ASCII A-Z to a-z")(
        "max-token-bytes",
        po::value(&opts.tokenizer.max_token_bytes)
            ->default_value(opts.tokenizer.max_token_bytes)
            ->value_name("N"),
        "cut longer tokens on a UTF-8 boundary (counted)")(
        "max-distinct",
        po::value(&opts.max_distinct)->default_value(opts.max_distinct)->value_name("N"),
        "distinct pairs (and words) held while counting before rare ones are pruned (reported)")(
        "tmp-dir", po::value(&opts.tmp_dir)->value_name("DIR"),
        "directory for a copy of standard input and for the text between passes "
        "(default: the output's directory)")("log-json", po::value(&log_json)->value_name("FILE"),
                                             "write one JSON object per progress update to FILE")(
        "progress", po::bool_switch(&progress),
        "show progress lines even when standard error is not a terminal")(
        "quiet,q", po::bool_switch(&quiet), "print no progress and no summary");
    if (!cmd.parse(argc, argv)) return w2v::cli::kExitOk;
    if (cmd.given("threads") && opts.n_threads == 0) {
      throw w2v::UsageError("--threads must be in [1, 1024], got 0 (omit it to use all cores)");
    }
    opts.scorer = w2v::parse_scorer(scorer);
    opts.validate();
    const std::string note = opts.resolve_defaults();
    w2v::cli::JsonLog log(log_json);
    w2v::cli::ProgressLine line("w2v-phrases", w2v::cli::progress_show(progress, quiet), &log);
    const w2v::PhraseResult result = w2v::make_phrases(inputs, output, opts, line.fn());
    line.finish();
    log.write(json_done(opts, result, output));
    if (!quiet) {
      if (!note.empty()) std::cerr << "w2v-phrases: " << note << "\n";
      print_summary(opts, result, output);
    }
    return w2v::cli::kExitOk;
  });
}
