// w2v-train: corpus (plain or gzip; files, directories or -) [+ vocabulary] -> word vectors.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <thread>

#include "common/cli.h"
#include "core/error.h"
#include "core/json.h"
#include "corpus/encoded_corpus.h"
#include "store/vectors_io.h"
#include "train/checkpoint.h"
#include "train/kernels.h"
#include "train/trainer.h"
#include "vocab/vocab_builder.h"
#include "vocab/vocab_io.h"

namespace po = boost::program_options;
using w2v::cli::with_commas;

namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

// 1234567 -> "1.23M", 61234 -> "61.2k".
std::string human(double v) {
  if (v >= 1e6) return fmt("%.2fM", v / 1e6);
  if (v >= 1e3) return fmt("%.1fk", v / 1e3);
  return fmt("%.0f", v);
}

std::string clock_time(double seconds) {
  const long s = std::lround(std::max(0.0, seconds));
  char buf[32];
  if (s >= 3600) {
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  }
  return buf;
}

// One JSON object per line, flushed as it is written, so a run can be watched.
class JsonLog {
 public:
  explicit JsonLog(const std::string& path) : path_(path) {
    if (path.empty()) return;
    file_ = std::fopen(path.c_str(), "w");
    if (file_ == nullptr) throw w2v::IoError(w2v::errno_message(path, "open"));
  }
  ~JsonLog() {
    if (file_ != nullptr) std::fclose(file_);
  }
  JsonLog(const JsonLog&) = delete;
  JsonLog& operator=(const JsonLog&) = delete;
  explicit operator bool() const { return file_ != nullptr; }

  void write(const std::string& line) {
    if (file_ == nullptr) return;
    if (std::fputs(line.c_str(), file_) < 0 || std::fputc('\n', file_) == EOF ||
        std::fflush(file_) != 0) {
      throw w2v::IoError(w2v::errno_message(path_, "write"));
    }
  }

 private:
  std::string path_;
  std::FILE* file_ = nullptr;
};

std::string json_progress(const w2v::TrainProgress& p) {
  w2v::JsonWriter w;
  w.begin_object().field("event", p.done ? "train_done" : "progress");
  w.field("fraction", p.fraction).field("epoch", p.epoch).field("words_done", p.words_done);
  w.field("words_total", p.words_total).field("seconds", p.seconds);
  w.field("words_per_sec", p.words_per_sec);
  w.field("words_per_sec_per_thread", p.words_per_sec_per_thread).field("alpha", p.alpha);
  w.field("loss", p.loss).field("eta_seconds", p.eta_seconds);
  return w.end_object().str();
}

// Progress on stderr: redrawn in place on a terminal, one line every few seconds otherwise.
class ProgressPrinter {
 public:
  ProgressPrinter(bool quiet, int epochs, JsonLog& log)
      : quiet_(quiet), tty_(w2v::cli::stderr_is_tty()), epochs_(epochs), log_(log) {}

  void operator()(const w2v::TrainProgress& p) {
    log_.write(json_progress(p));
    if (quiet_ || p.done) return;
    if (!tty_ && p.seconds - last_line_ < 5.0) return;
    last_line_ = p.seconds;
    std::ostringstream line;
    line << fmt("%5.1f%%", 100.0 * p.fraction) << "  epoch " << p.epoch << "/" << epochs_
         << "  alpha " << fmt("%.5f", static_cast<double>(p.alpha)) << "  loss "
         << fmt("%.4f", p.loss) << "  " << human(p.words_per_sec) << " words/s ("
         << human(p.words_per_sec_per_thread) << "/thread)  ETA " << clock_time(p.eta_seconds);
    if (tty_) {
      std::cerr << "\r" << line.str() << "\x1b[K" << std::flush;
      drawn_ = true;
    } else {
      std::cerr << line.str() << "\n";
    }
  }
  // Ends a line redrawn in place, before anything else is printed.
  void finish() {
    if (drawn_) std::cerr << "\n";
    drawn_ = false;
  }

 private:
  bool quiet_, tty_;
  int epochs_;
  JsonLog& log_;
  double last_line_ = -1e9;
  bool drawn_ = false;
};

// Fails before any work if the file cannot be created in its directory later.
void check_writable(const std::string& path, const char* flag) {
  if (path.empty() || path == "-") return;
  std::filesystem::path p(path);
  if (std::filesystem::is_directory(p)) {
    throw w2v::IoError(path + ": is a directory (" + flag + " needs a file name)");
  }
  const std::filesystem::path dir = p.has_parent_path() ? p.parent_path() : ".";
  if (::access(dir.c_str(), W_OK) != 0) {
    throw w2v::IoError(w2v::errno_message(dir.string(), "write into") + " (" + flag + ")");
  }
}

// Reads a vocabulary file and applies --min-count and --max-vocab to it, as word2vec.c does
// with -read-vocab.
w2v::Vocab load_vocab(const std::string& path, const w2v::VocabOptions& opts) {
  const w2v::Vocab read = w2v::read_vocab(path);
  std::vector<std::pair<std::string, std::uint64_t>> entries;
  for (std::size_t id = 0; id < read.size(); ++id) {  // canonical order: most frequent first
    const auto wid = static_cast<w2v::WordId>(id);
    const bool is_end = wid == w2v::Vocab::kSentenceEndId;
    if (!is_end && read.count(wid) < static_cast<std::uint64_t>(opts.min_count)) continue;
    if (!is_end && opts.max_vocab > 0 &&
        entries.size() >= static_cast<std::size_t>(opts.max_vocab) + 1) {
      continue;
    }
    entries.emplace_back(read.word(wid), read.count(wid));
  }
  w2v::Vocab v = w2v::Vocab::from_counts(std::move(entries));
  if (v.size() <= 1) {
    throw w2v::FormatError(path + ": no word has a count of at least " +
                           std::to_string(opts.min_count) + "; try a smaller --min-count");
  }
  return v;
}

// SIGINT and SIGTERM during a run with --checkpoint: the handler only records the signal and
// asks the trainer to stop (an atomic bit); the trainer writes the checkpoint at the next
// sentence boundary. SA_RESETHAND: a second signal kills the process the ordinary way.
w2v::TrainControl* g_control = nullptr;
volatile std::sig_atomic_t g_signal = 0;

extern "C" void on_stop_signal(int sig) {
  g_signal = sig;
  if (g_control != nullptr) g_control->request_stop();
}

// While the vectors are written (seconds), SIGINT and SIGTERM are ignored, so that no signal can
// end the process between creating the temporary file and renaming it; SIGKILL still works.
void ignore_stop_signals() {
  struct sigaction sa = {};
  sa.sa_handler = SIG_IGN;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  g_control = nullptr;
}

void install_stop_handlers(w2v::TrainControl& control) {
  g_control = &control;
  struct sigaction sa = {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESETHAND | SA_RESTART;
  for (const int sig : {SIGINT, SIGTERM}) {
    // A signal the caller ignores (nohup, a background job's SIGINT) stays ignored.
    struct sigaction old = {};
    if (sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) continue;
    sigaction(sig, &sa, nullptr);
  }
}

// Flags that describe the run itself; a checkpoint holds them, so --resume takes none of them.
constexpr const char* kRunFlags[] = {
    "input",  "vocab",     "model",           "mode",   "dim",   "window",    "negative",
    "sample", "min-count", "max-vocab",       "epochs", "alpha", "min-alpha", "threads",
    "seed",   "lowercase", "max-token-bytes", "shrink"};

}  // namespace

int main(int argc, char** argv) {
  return w2v::cli::run("w2v-train", [&] {
    w2v::TrainOptions opts;
    w2v::VocabOptions vocab_opts;
    std::vector<std::string> inputs;
    std::string output, vocab_path, model = "sg", mode = "fast", format = "bin";
    std::string output_vectors, log_json, tmp_dir, checkpoint_path, resume_path, shrink;
    double checkpoint_interval = 600;
    float alpha = 0, min_alpha = 0;
    bool quiet = false;
    opts.n_threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));

    w2v::cli::Command cmd(
        "w2v-train",
        "--input PATH... --output FILE [options]\n       w2v-train --resume CHECKPOINT "
        "[--output FILE]",
        "Trains word vectors with skip-gram or CBOW and negative sampling (word2vec), on all\n"
        "threads without locks. Input is plain text or gzip, files, directories or - for\n"
        "standard input; a line is a sentence. The vocabulary is counted first (or read with\n"
        "--vocab), the corpus is encoded once to word ids in an unlinked file under --tmp-dir,\n"
        "then each thread trains its own slice of it. Output: word2vec binary or text vectors,\n"
        "most frequent word first (\"</s>\" is row 0, as in word2vec). --threads 1 with a fixed\n"
        "--seed gives byte-identical output on the same machine. With --checkpoint, SIGINT or\n"
        "SIGTERM saves the run and exits 1; --resume continues it to the same result.");
    cmd.options().add_options()("input,i", po::value(&inputs)->multitoken()->composing(),
                                "corpus file, directory or - (repeatable)")(
        "output,o", po::value(&output),
        "vectors file to write (with --resume: default, the one the run was started with)")(
        "vocab", po::value(&vocab_path),
        "read the vocabulary from this file (w2v-vocab's format) instead of counting; "
        "--min-count and --max-vocab still apply")("model", po::value(&model)->default_value(model),
                                                   "sg (skip-gram) or cbow")(
        "mode", po::value(&mode)->default_value(mode),
        "fast (contexts of a word batched against shared negatives) or exact (word2vec.c's "
        "pair-by-pair order)")("dim", po::value(&opts.dim)->default_value(opts.dim),
                               "vector dimension [1, 10000]")(
        "window", po::value(&opts.window)->default_value(opts.window),
        "maximum context distance [1, 1000]")(
        "shrink", po::value(&shrink),
        "how a word's window is cut: random (word2vec.c: each word draws a width in [1, window]) "
        "or expected (every context in the window, the one at distance d weighted by "
        "(window - d + 1) / window, the chance that the random cut keeps it; skip-gram only). "
        "Default: expected for sg in fast mode, random otherwise")(
        "negative", po::value(&opts.negative)->default_value(opts.negative),
        "noise words per prediction [1, 1000]")(
        "sample", po::value(&opts.sample)->default_value(opts.sample),
        "subsampling threshold for frequent words [0, 1]; 0 = off")(
        "min-count", po::value(&vocab_opts.min_count)->default_value(vocab_opts.min_count),
        "drop words seen fewer times")(
        "max-vocab", po::value(&vocab_opts.max_vocab)->default_value(vocab_opts.max_vocab),
        "keep only the N most frequent words (0 = no limit)")(
        "epochs", po::value(&opts.epochs)->default_value(opts.epochs),
        "passes over the corpus [1, 100000]")(
        "alpha", po::value(&alpha), "starting learning rate (default 0.025 for sg, 0.05 for cbow)")(
        "min-alpha", po::value(&min_alpha),
        "final learning rate, reached linearly over all epochs (default alpha * 1e-4)")(
        "threads,t", po::value(&opts.n_threads)->default_value(opts.n_threads),
        "training and reading threads [1, 1024]")(
        "seed", po::value(&opts.seed)->default_value(opts.seed), "random seed")(
        "format", po::value(&format)->default_value(format), "output format: bin or text")(
        "save-output-vectors", po::value(&output_vectors),
        "also write the output (context, syn1neg) vectors to this file, same format")(
        "tmp-dir", po::value(&tmp_dir),
        "directory for the encoded corpus (4 bytes per token; default: the output's directory)")(
        "lowercase", po::bool_switch(&vocab_opts.tokenizer.lowercase), "fold ASCII A-Z to a-z")(
        "max-token-bytes",
        po::value(&vocab_opts.tokenizer.max_token_bytes)
            ->default_value(vocab_opts.tokenizer.max_token_bytes),
        "cut longer tokens on a UTF-8 boundary")(
        "log-json", po::value(&log_json), "write one JSON object per progress update to FILE")(
        "quiet,q", po::bool_switch(&quiet), "print no progress and no summary")(
        "checkpoint", po::value(&checkpoint_path),
        "save the whole training state to FILE every --checkpoint-interval seconds and on "
        "SIGINT/SIGTERM (then exit 1 without vectors); continue with --resume FILE")(
        "checkpoint-interval", po::value(&checkpoint_interval)->default_value(checkpoint_interval),
        "seconds of training between checkpoints [0, 1e9]; 0: only on SIGINT/SIGTERM")(
        "resume", po::value(&resume_path),
        "continue the run saved in this checkpoint to its end (same options, same inputs; "
        "new checkpoints go to the same file unless --checkpoint is given)");
    if (!cmd.parse(argc, argv)) return w2v::cli::kExitOk;

    // Every option is checked before any input is read.
    if (!(checkpoint_interval >= 0 && checkpoint_interval <= 1e9)) {
      throw w2v::UsageError("--checkpoint-interval must be in [0, 1e9], got " +
                            std::to_string(checkpoint_interval));
    }
    w2v::Checkpoint ck;
    const bool resuming = !resume_path.empty();
    if (resuming) {
      for (const char* flag : kRunFlags) {
        if (cmd.given(flag)) {
          throw w2v::UsageError(std::string("--") + flag +
                                " cannot be used with --resume: the checkpoint holds the run's "
                                "options");
        }
      }
      ck = w2v::read_checkpoint(resume_path);
      opts = ck.run.options;
      inputs = ck.run.inputs;
      vocab_opts.tokenizer = ck.run.tokenizer;
      if (!cmd.given("output")) output = ck.run.setting("output");
      if (!cmd.given("format")) format = ck.run.setting("format", format);
      if (!cmd.given("save-output-vectors")) {
        output_vectors = ck.run.setting("save-output-vectors");
      }
      if (!cmd.given("checkpoint-interval")) {
        checkpoint_interval = std::stod(ck.run.setting("checkpoint-interval", "600"));
      }
      if (checkpoint_path.empty()) checkpoint_path = resume_path;
      model = w2v::model_name(opts.model);
      mode = w2v::mode_name(opts.mode);
    } else if (inputs.empty()) {
      throw w2v::UsageError("--input is required (or --resume CHECKPOINT)");
    }
    if (output.empty()) throw w2v::UsageError("--output is required");
    if (!checkpoint_path.empty() && (checkpoint_path == output || checkpoint_path == "-")) {
      throw w2v::UsageError("--checkpoint needs a file of its own, got \"" + checkpoint_path +
                            "\"");
    }
    opts.model = w2v::parse_model(model);
    opts.mode = w2v::parse_mode(mode);
    if (cmd.given("shrink")) opts.shrink = w2v::parse_shrink(shrink);
    if (cmd.given("alpha")) opts.alpha = alpha;
    if (cmd.given("min-alpha")) opts.min_alpha = min_alpha;
    if (opts.n_threads < 1 || opts.n_threads > 1024) {
      throw w2v::UsageError("--threads must be in [1, 1024], got " +
                            std::to_string(opts.n_threads));
    }
    if (const char* isa = std::getenv("W2V_ISA")) opts.isa = w2v::parse_isa(isa);
    w2v::VectorFormat vector_format;
    if (format == "bin" || format == "binary") {
      vector_format = w2v::VectorFormat::kBinary;
    } else if (format == "text" || format == "txt") {
      vector_format = w2v::VectorFormat::kText;
    } else {
      throw w2v::UsageError("--format must be bin or text, got \"" + format + "\"");
    }
    if (!checkpoint_path.empty() && std::find(inputs.begin(), inputs.end(), "-") != inputs.end()) {
      throw w2v::UsageError(
          "--checkpoint cannot be used with --input - (a resumed run reads its inputs again)");
    }
    if (vocab_path.empty() && std::find(inputs.begin(), inputs.end(), "-") != inputs.end()) {
      throw w2v::UsageError(
          "--input - (standard input) needs --vocab: without it the corpus is read twice, to "
          "count and to encode");
    }
    opts.validate();
    vocab_opts.n_threads = opts.n_threads;
    vocab_opts.validate();
    const std::string alpha_note = opts.resolve_defaults();
    check_writable(output, "--output");
    check_writable(output_vectors, "--save-output-vectors");
    check_writable(checkpoint_path, "--checkpoint");
    JsonLog log(log_json);

    // A signal from here on is served when training starts (a checkpoint at 0%), not lost.
    w2v::TrainControl control;
    if (!checkpoint_path.empty()) install_stop_handlers(control);

    // Phase 1: vocabulary.
    Clock::time_point t = Clock::now();
    w2v::Vocab vocab;
    if (resuming) {
      vocab = std::move(ck.vocab);
    } else if (!vocab_path.empty()) {
      vocab = load_vocab(vocab_path, vocab_opts);
    } else {
      vocab = w2v::build_vocab(inputs, vocab_opts).vocab;
    }
    const double vocab_seconds = since(t);

    // Phase 2: encode the corpus to ids.
    t = Clock::now();
    w2v::EncodeOptions enc;
    enc.tokenizer = vocab_opts.tokenizer;
    enc.n_threads = opts.n_threads;
    enc.tmp_dir = tmp_dir;
    if (enc.tmp_dir.empty() && output != "-") {
      const std::filesystem::path p(output);
      enc.tmp_dir = p.has_parent_path() ? p.parent_path().string() : ".";
    }
    w2v::EncodeStats enc_stats;
    const w2v::EncodedCorpus corpus = w2v::EncodedCorpus::encode(inputs, vocab, enc, &enc_stats);
    // A resumed run must see the same ids in the same order, or its saved positions mean
    // nothing.
    w2v::CheckpointRun run;
    if (!checkpoint_path.empty()) run.corpus = w2v::fingerprint(corpus);
    if (resuming && run.corpus != ck.run.corpus) {
      throw w2v::FormatError(
          resume_path + ": the corpus changed since the checkpoint was written (it had " +
          std::to_string(ck.run.corpus.size) + " positions, " +
          std::to_string(ck.run.corpus.n_words) + " words; the inputs now give " +
          std::to_string(run.corpus.size) + " positions, " + std::to_string(run.corpus.n_words) +
          " words" + (run.corpus.size == ck.run.corpus.size ? ", different ids" : "") +
          "); resume needs the same input files");
    }
    const double encode_seconds = since(t);

    // Phase 3: train.
    const w2v::Trainer trainer(opts, vocab);
    if (!quiet) {
      std::cerr << "w2v-train: " << w2v::model_name(opts.model) << " " << w2v::mode_name(opts.mode)
                << ", dim " << opts.dim << ", window " << opts.window << " ("
                << w2v::shrink_name(*opts.shrink) << " shrink), negative " << opts.negative
                << ", sample " << opts.sample << ", " << opts.epochs << " epochs, alpha "
                << *opts.alpha << " -> " << *opts.min_alpha << ", " << opts.n_threads
                << " threads, " << w2v::kernels_for(opts.isa).name << " kernels"
                << (alpha_note.empty() ? "" : " (" + alpha_note + ")") << "\n";
    }
    ProgressPrinter printer(quiet, opts.epochs, log);
    if (!checkpoint_path.empty()) {
      run.options = trainer.options();
      run.inputs = inputs;
      run.tokenizer = vocab_opts.tokenizer;
      run.settings = {{"output", output},
                      {"format", format},
                      {"save-output-vectors", output_vectors},
                      {"checkpoint-interval", fmt("%.17g", checkpoint_interval)}};
      control.checkpoint_interval = checkpoint_interval;
      control.on_checkpoint = [&](const w2v::TrainState& state, const w2v::Model& trained) {
        const Clock::time_point t0 = Clock::now();
        w2v::write_checkpoint(checkpoint_path, run, vocab, state, trained);
        w2v::JsonWriter line;
        line.begin_object().field("event", "checkpoint").field("words_done", state.words_done);
        log.write(line.field("write_seconds", since(t0)).end_object().str());
      };
    }
    const auto on_progress = [&](const w2v::TrainProgress& p) { printer(p); };
    w2v::TrainResult result;
    try {
      result = resuming ? trainer.resume(corpus, std::move(ck.model), std::move(ck.state),
                                         on_progress, &control)
                        : trainer.train(corpus, on_progress, &control);
    } catch (...) {
      printer.finish();
      throw;
    }
    printer.finish();
    ignore_stop_signals();
    if (result.stopped) {
      const char* why = g_signal == SIGINT    ? "SIGINT"
                        : g_signal == SIGTERM ? "SIGTERM"
                                              : "a request";
      w2v::JsonWriter line;
      line.begin_object().field("event", "interrupted").field("checkpoint", checkpoint_path);
      log.write(line.end_object().str());
      std::cerr << "w2v-train: interrupted by " << why << ": checkpoint written to "
                << checkpoint_path << "; resume with: w2v-train --resume " << checkpoint_path
                << " --output " << output << "\n";
      return w2v::cli::kExitFailure;
    }

    // Phase 4: write (output vectors first, then free them before copying the input vectors).
    t = Clock::now();
    if (!output_vectors.empty()) {
      w2v::write_vectors(result.model.output_embeddings(vocab), output_vectors, vector_format);
    }
    result.model.release_output_vectors();
    w2v::write_vectors(result.model.input_embeddings(vocab), output, vector_format);
    const double write_seconds = since(t);

    const w2v::TrainStats& s = result.stats;
    w2v::JsonWriter done;
    done.begin_object().field("event", "done").field("vocab_size", vocab.size());
    done.field("tokens", enc_stats.n_tokens).field("corpus_words", corpus.n_words());
    done.field("words_trained", s.words_trained).field("words_kept", s.words_kept);
    done.field("threads", s.n_threads).field("shrink", w2v::shrink_name(*opts.shrink));
    done.field("vocab_seconds", vocab_seconds).field("encode_seconds", encode_seconds);
    done.field("train_seconds", s.seconds).field("write_seconds", write_seconds);
    done.field("words_per_sec", s.words_per_sec);
    done.field("final_loss", s.epoch_loss.empty() ? 0.0 : s.epoch_loss.back());
    log.write(done.end_object().str());
    if (!quiet) {
      std::ostringstream out;
      out << "vocab     " << with_commas(vocab.size()) << " words ("
          << (resuming             ? "from " + resume_path
              : vocab_path.empty() ? "counted"
                                   : "read from " + vocab_path)
          << ") in " << fmt("%.2f", vocab_seconds) << " s\n";
      out << "corpus    " << with_commas(enc_stats.n_tokens) << " tokens, "
          << with_commas(corpus.n_words()) << " in the vocabulary, "
          << with_commas(enc_stats.n_sentences) << " sentences; encoded in "
          << fmt("%.2f", encode_seconds) << " s\n";
      out << "train     " << with_commas(s.words_trained) << " words (" << opts.epochs
          << (opts.epochs == 1 ? " epoch, " : " epochs, ") << with_commas(s.words_kept)
          << " after subsampling) in " << fmt("%.2f", s.seconds) << " s: " << human(s.words_per_sec)
          << " words/s, " << human(s.words_per_sec / s.n_threads) << " per thread; loss by epoch";
      for (double l : s.epoch_loss) out << " " << fmt("%.4f", l);
      out << "\n";
      out << "wrote     " << output << " (" << with_commas(vocab.size()) << " x " << opts.dim
          << ", " << (vector_format == w2v::VectorFormat::kBinary ? "binary" : "text") << ")";
      if (!output_vectors.empty()) out << " and " << output_vectors;
      out << " in " << fmt("%.2f", write_seconds) << " s\n";
      std::cerr << out.str();
    }
    return w2v::cli::kExitOk;
  });
}
