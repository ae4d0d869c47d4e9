#include "train/job_options.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <sstream>

#include "core/error.h"

namespace w2v {

namespace {

constexpr double kNoRange = 1, kNoRangeHi = 0;  // lo > hi: not a number

std::string flag(const OptionSpec& o) { return std::string("--") + o.name; }

// The range as the messages show it ("[1, 1000]", "[1e-10, 1e+06]").
std::string range_text(const OptionSpec& o) {
  std::ostringstream out;
  out << "[" << o.lo << ", " << o.hi << "]";
  return out.str();
}

// Parses a whole number in the spec's range.
std::int64_t whole(std::string_view text, const OptionSpec& o) {
  std::int64_t v = 0;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  if (first != last && *first == '+') ++first;
  const auto [ptr, ec] = std::from_chars(first, last, v);
  if (ec != std::errc() || ptr != last || first == last) {
    throw UsageError(flag(o) + " must be a whole number in " + range_text(o) + ", got \"" +
                     std::string(text) + "\"");
  }
  if (!(static_cast<double>(v) >= o.lo && static_cast<double>(v) <= o.hi)) {
    throw UsageError(flag(o) + " must be in " + range_text(o) + ", got " + std::to_string(v));
  }
  return v;
}

// Parses a decimal number in the spec's range (NaN is never in it).
double real(std::string_view text, const OptionSpec& o) {
  double v = 0;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  if (first != last && *first == '+') ++first;
  const auto [ptr, ec] = std::from_chars(first, last, v);
  if (ec != std::errc() || ptr != last || first == last) {
    throw UsageError(flag(o) + " must be a number in " + range_text(o) + ", got \"" +
                     std::string(text) + "\"");
  }
  if (!(v >= o.lo && v <= o.hi)) {
    std::ostringstream got;
    got << v;
    throw UsageError(flag(o) + " must be in " + range_text(o) + ", got " + got.str());
  }
  return v;
}

bool boolean(std::string_view text, const OptionSpec& o) {
  if (text == "true" || text == "1") return true;
  if (text == "false" || text == "0") return false;
  throw UsageError(flag(o) + " is a switch (true or false), got \"" + std::string(text) + "\"");
}

std::string int_text(long long v) { return std::to_string(v); }
// The shortest text that reads back to the same float.
std::string float_text(float v) {
  char buf[32];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}
std::string bool_text(bool v) { return v ? "true" : "false"; }

const char* format_name(VectorFormat f) { return f == VectorFormat::kText ? "text" : "bin"; }

VectorFormat parse_output_format(std::string_view s) {
  if (s == "bin" || s == "binary") return VectorFormat::kBinary;
  if (s == "text" || s == "txt") return VectorFormat::kText;
  throw UsageError("--format must be bin or text, got \"" + std::string(s) + "\"");
}

using K = OptionKind;
using J = TrainJobOptions;
using S = std::string_view;
using O = const OptionSpec&;

std::vector<OptionSpec> make_table() {
  return {
      {"input", "i", "PATH", K::kRun, true, kNoRange, kNoRangeHi,
       "corpus file, directory or - (repeatable)",
       [](const J&) { return std::string(); },  // the list: option_values gives each input
       [](J& j, S v, O) { j.inputs.emplace_back(v); }, nullptr},
      {"output", "o", "FILE", K::kSession, false, kNoRange, kNoRangeHi,
       "vectors file to write (with --resume: default, the one the run was started with)",
       [](const J& j) { return j.output; }, [](J& j, S v, O) { j.output = v; }, nullptr},
      {"vocab", "", "FILE", K::kRun, false, kNoRange, kNoRangeHi,
       "read the vocabulary from this file (w2v-vocab's format) instead of counting; "
       "--min-count and --max-vocab still apply",
       [](const J& j) { return j.vocab_path; }, [](J& j, S v, O) { j.vocab_path = v; }, nullptr},
      {"save-vocab", "", "FILE", K::kSession, false, kNoRange, kNoRangeHi,
       "also write the vocabulary the run uses (w2v-vocab's format: what w2v-vocab writes for the "
       "same corpus and options, also when counted by several processes)",
       [](const J& j) { return j.save_vocab; }, [](J& j, S v, O) { j.save_vocab = v; }, nullptr},
      {"model", "", "NAME", K::kRun, false, kNoRange, kNoRangeHi, "sg (skip-gram) or cbow",
       [](const J& j) { return std::string(model_name(j.train.model)); },
       [](J& j, S v, O) { j.train.model = parse_model(v); }, nullptr},
      {"mode", "", "NAME", K::kRun, false, kNoRange, kNoRangeHi,
       "fast (the contexts of a word batched against shared targets) or exact (word2vec.c's "
       "pair-by-pair order)",
       [](const J& j) { return std::string(mode_name(j.train.mode)); },
       [](J& j, S v, O) { j.train.mode = parse_mode(v); }, nullptr},
      {"dim", "", "N", K::kRun, false, 1, 10000, "vector dimension [1, 10000]",
       [](const J& j) { return int_text(j.train.dim); },
       [](J& j, S v, O o) { j.train.dim = static_cast<int>(whole(v, o)); }, nullptr},
      {"window", "", "N", K::kRun, false, 1, 1000, "maximum context distance [1, 1000]",
       [](const J& j) { return int_text(j.train.window); },
       [](J& j, S v, O o) { j.train.window = static_cast<int>(whole(v, o)); }, nullptr},
      {"shrink", "", "NAME", K::kRun, false, kNoRange, kNoRangeHi,
       "how a word's window is cut: random (word2vec.c: each word draws a width in "
       "[1, window]) or expected (every context in the window, the one at distance d weighted "
       "by (window - d + 1) / window, the chance that the random cut keeps it; skip-gram only). "
       "Default: expected for sg in fast mode, random otherwise",
       [](const J& j) {
         return j.train.shrink ? std::string(shrink_name(*j.train.shrink)) : std::string();
       },
       [](J& j, S v, O) { j.train.shrink = parse_shrink(v); },
       "random"},  // checkpoints from before --shrink: every run used random shrink
      {"negative", "", "N", K::kRun, false, 0, 1000,
       "noise words per prediction [0, 1000] (negative sampling; 0 = off, with --hs)",
       [](const J& j) { return int_text(j.train.negative); },
       [](J& j, S v, O o) { j.train.negative = static_cast<int>(whole(v, o)); }, nullptr},
      {"noise-power", "", "P", K::kRun, false, 0, 2,
       "noise words are drawn from count^P [0, 2] (default 0.5, fastText's, for sg in fast mode "
       "with negative sampling alone and untied rows; 0.75, word2vec's, otherwise)",
       [](const J& j) {
         return j.train.noise_power ? number_text(*j.train.noise_power) : std::string();
       },
       [](J& j, S v, O o) { j.train.noise_power = real(v, o); },
       "0.75"},  // checkpoints from before --noise-power: every run used 0.75
      {"hs", "", "", K::kRun, false, kNoRange, kNoRangeHi,
       "hierarchical softmax over a Huffman tree of the counts (word2vec.c's -hs 1), beside "
       "negative sampling or, with --negative 0, alone",
       [](const J& j) { return bool_text(j.train.hs); },
       [](J& j, S v, O o) { j.train.hs = boolean(v, o); }, nullptr},
      {"shared-embeddings", "", "", K::kRun, false, kNoRange, kNoRangeHi,
       "one matrix as both the input and the output rows of negative sampling (tied "
       "embeddings): half the memory of the model",
       [](const J& j) { return bool_text(j.train.shared_embeddings); },
       [](J& j, S v, O o) { j.train.shared_embeddings = boolean(v, o); }, nullptr},
      {"sample", "", "T", K::kRun, false, 0, 1,
       "subsampling threshold for frequent words [0, 1]; 0 = off",
       [](const J& j) { return number_text(j.train.sample); },
       [](J& j, S v, O o) { j.train.sample = real(v, o); }, nullptr},
      {"min-count", "", "N", K::kRun, false, 1, 9.2e18, "drop words seen fewer times",
       [](const J& j) { return int_text(j.vocab.min_count); },
       [](J& j, S v, O o) { j.vocab.min_count = whole(v, o); }, nullptr},
      {"max-vocab", "", "N", K::kRun, false, 0, 9.2e18,
       "keep only the N most frequent words (0 = no limit)",
       [](const J& j) { return int_text(j.vocab.max_vocab); },
       [](J& j, S v, O o) { j.vocab.max_vocab = whole(v, o); }, nullptr},
      {"epochs", "", "N", K::kRun, false, 1, 100000, "passes over the corpus [1, 100000]",
       [](const J& j) { return int_text(j.train.epochs); },
       [](J& j, S v, O o) { j.train.epochs = static_cast<int>(whole(v, o)); }, nullptr},
      // Large values are allowed on purpose: a diverging --alpha must end in a NumericError.
      {"alpha", "", "A", K::kRun, false, 1e-10, 1e6,
       "starting learning rate (default 0.05 for sg, 0.075 for cbow; with --mode exact, --hs "
       "or --shared-embeddings word2vec.c's 0.025 and 0.05)",
       [](const J& j) { return j.train.alpha ? float_text(*j.train.alpha) : std::string(); },
       [](J& j, S v, O o) { j.train.alpha = static_cast<float>(real(v, o)); }, nullptr},
      {"min-alpha", "", "A", K::kRun, false, 0, 1e6,
       "final learning rate, reached linearly over all epochs (default alpha * 1e-4)",
       [](const J& j) {
         return j.train.min_alpha ? float_text(*j.train.min_alpha) : std::string();
       },
       [](J& j, S v, O o) { j.train.min_alpha = static_cast<float>(real(v, o)); }, nullptr},
      {"threads", "t", "N", K::kRun, false, 1, 1024, "training and reading threads [1, 1024]",
       [](const J& j) { return int_text(j.train.n_threads); },
       [](J& j, S v, O o) { j.train.n_threads = static_cast<int>(whole(v, o)); }, nullptr},
      {"seed", "", "N", K::kRun, false, kNoRange, kNoRangeHi, "random seed",
       [](const J& j) { return std::to_string(j.train.seed); },
       [](J& j, S v, O o) {
         std::uint64_t seed = 0;
         const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), seed);
         if (ec != std::errc() || ptr != v.data() + v.size() || v.empty()) {
           throw UsageError(flag(o) + " must be a whole number in [0, 2^64), got \"" +
                            std::string(v) + "\"");
         }
         j.train.seed = seed;
       },
       nullptr},
      {"isa", "", "NAME", K::kHidden, false, kNoRange, kNoRangeHi,
       "kernel instruction set (from W2V_ISA)",
       [](const J& j) { return std::string(isa_name(j.train.isa)); },
       [](J& j, S v, O) { j.train.isa = parse_isa(v); }, nullptr},
      {"sync-words", "", "N", K::kRun, false, 100, 1e15,
       "distributed runs (mpirun): words, over all processes, between model syncs (the "
       "processes' updates added up over max(1, N / 2), each process at that many times the "
       "rate; docs/distributed.md)",
       [](const J& j) { return std::to_string(j.train.sync_words); },
       [](J& j, S v, O o) { j.train.sync_words = static_cast<std::uint64_t>(whole(v, o)); },
       nullptr},
      {"sync-rows", "", "N", K::kRun, false, 1, 1e12,
       "distributed runs: the most frequent rows synced every time (twice as many every other "
       "sync, all rows at each epoch's end and at the end)",
       [](const J& j) { return std::to_string(j.train.sync_rows); },
       [](J& j, S v, O o) { j.train.sync_rows = static_cast<std::uint64_t>(whole(v, o)); },
       nullptr},
      {"format", "", "NAME", K::kSession, false, kNoRange, kNoRangeHi, "output format: bin or text",
       [](const J& j) { return std::string(format_name(j.format)); },
       [](J& j, S v, O) { j.format = parse_output_format(v); }, nullptr},
      {"save-vectors", "", "WHICH", K::kSession, false, kNoRange, kNoRangeHi,
       "the vectors written to --output: input (word2vec's) or sum (input + output rows, the "
       "w + c of Levy, Goldberg and Dagan 2015; needs negative sampling's output rows). Default: "
       "sum for CBOW with negative sampling (measured better), input otherwise",
       [](const J& j) {
         if (!j.save_vectors) return std::string();
         return std::string(*j.save_vectors == SaveVectors::kSum ? "sum" : "input");
       },
       [](J& j, S v, O) {
         if (v.empty()) {  // the default, chosen by TrainJob::check
           j.save_vectors.reset();
         } else if (v == "input") {
           j.save_vectors = SaveVectors::kInput;
         } else if (v == "sum") {
           j.save_vectors = SaveVectors::kSum;
         } else {
           throw UsageError("--save-vectors must be input or sum, got \"" + std::string(v) + "\"");
         }
       },
       nullptr},
      {"save-output-vectors", "", "FILE", K::kSession, false, kNoRange, kNoRangeHi,
       "also write the output (context, syn1neg) vectors to this file, same format",
       [](const J& j) { return j.output_vectors; }, [](J& j, S v, O) { j.output_vectors = v; },
       nullptr},
      {"tmp-dir", "", "DIR", K::kSession, false, kNoRange, kNoRangeHi,
       "directory for the encoded corpus (4 bytes per token; default: the output's directory)",
       [](const J& j) { return j.tmp_dir; }, [](J& j, S v, O) { j.tmp_dir = v; }, nullptr},
      {"lowercase", "", "", K::kRun, false, kNoRange, kNoRangeHi, "fold ASCII A-Z to a-z",
       [](const J& j) { return bool_text(j.vocab.tokenizer.lowercase); },
       [](J& j, S v, O o) { j.vocab.tokenizer.lowercase = boolean(v, o); }, nullptr},
      {"max-token-bytes", "", "N", K::kRun, false, 4, 65536,
       "cut longer tokens on a UTF-8 boundary",
       [](const J& j) {
         return int_text(static_cast<long long>(j.vocab.tokenizer.max_token_bytes));
       },
       [](J& j, S v, O o) {
         j.vocab.tokenizer.max_token_bytes = static_cast<std::size_t>(whole(v, o));
       },
       nullptr},
      {"checkpoint", "", "FILE", K::kLocal, false, kNoRange, kNoRangeHi,
       "save the whole training state to FILE every --checkpoint-interval seconds and on "
       "SIGINT/SIGTERM (then exit 1 without vectors); continue with --resume FILE",
       [](const J& j) { return j.checkpoint; }, [](J& j, S v, O) { j.checkpoint = v; }, nullptr},
      {"checkpoint-interval", "", "SECONDS", K::kSession, false, 0, 1e9,
       "seconds of training between checkpoints [0, 1e9]; 0: only on SIGINT/SIGTERM",
       [](const J& j) { return number_text(j.checkpoint_interval); },
       [](J& j, S v, O o) { j.checkpoint_interval = real(v, o); }, nullptr},
      {"progress-interval", "", "SECONDS", K::kSession, false, 0, 3600,
       "seconds between progress reports (the terminal line and --log-json) [0, 3600]",
       [](const J& j) { return number_text(j.train.progress_interval); },
       [](J& j, S v, O o) { j.train.progress_interval = real(v, o); }, nullptr},
  };
}

}  // namespace

std::string number_text(double v) {
  char buf[32];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

const std::vector<OptionSpec>& train_job_options() {
  static const std::vector<OptionSpec> table = make_table();
  return table;
}

const OptionSpec* find_train_option(std::string_view name) {
  for (const OptionSpec& o : train_job_options()) {
    if (name == o.name) return &o;
  }
  return nullptr;
}

std::vector<std::pair<std::string, std::string>> option_values(
    const TrainJobOptions& opts, std::initializer_list<OptionKind> kinds) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const OptionSpec& o : train_job_options()) {
    bool wanted = false;
    for (const OptionKind k : kinds) wanted |= o.kind == k;
    if (!wanted) continue;
    if (o.repeatable) {
      for (const std::string& in : opts.inputs) out.emplace_back(o.name, in);
      continue;
    }
    std::string text = o.get(opts);
    if (!text.empty() || !o.is_number()) out.emplace_back(o.name, std::move(text));
  }
  return out;
}

void check_option_ranges(const TrainOptions& o) {
  TrainJobOptions j;
  j.train = o;
  for (const OptionSpec& spec : train_job_options()) {
    if (!spec.is_number() || std::string_view(spec.name) == "threads") continue;
    // Only the trainer's own fields: their text differs from a default job's when set.
    const std::string text = spec.get(j);
    if (!text.empty()) {
      TrainJobOptions scratch = j;
      spec.set(scratch, text, spec);
    }
  }
}

}  // namespace w2v
