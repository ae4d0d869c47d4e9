// w2v-train: corpus (plain or gzip; files, directories or -) [+ vocabulary] -> word vectors.
// The options come from the library's table (train/job_options.h), the work from TrainJob; this
// file parses, handles signals and prints.
#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <map>
#include <sstream>
#include <thread>

#include "common/cli.h"
#include "common/json_log.h"
#include "common/progress_line.h"
#include "core/error.h"
#include "core/json.h"
#include "train/job_options.h"
#include "train/train_job.h"
#ifdef W2V_HAVE_MPI
#include "dist/mpi_cluster.h"
#endif

namespace po = boost::program_options;
using w2v::cli::with_commas;

namespace {

// s as one word a POSIX shell reads back unchanged: as it is when it holds only safe
// characters, else in single quotes (a quote inside becomes '\'').
std::string shell_word(const std::string& s) {
  const bool safe = !s.empty() && s.find_first_not_of(
                                      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                      "0123456789_./:=+,@%-") == std::string::npos;
  if (safe) return s;
  std::string out = "'";
  for (const char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}
using w2v::cli::JsonLog;

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

w2v::JsonWriter json_progress(const w2v::TrainProgress& p) {
  w2v::JsonWriter w;
  w.begin_object().field("event", p.done ? "train_done" : "progress");
  w.field("fraction", p.fraction).field("epoch", p.epoch).field("words_done", p.words_done);
  w.field("words_total", p.words_total).field("seconds", p.seconds);
  w.field("words_per_sec", p.words_per_sec);
  w.field("words_per_sec_per_thread", p.words_per_sec_per_thread).field("alpha", p.alpha);
  w.field("loss", p.loss).field("eta_seconds", p.eta_seconds);
  return w.end_object();
}

// Progress on stderr: redrawn in place on a terminal, one line every few seconds otherwise.
class ProgressPrinter {
 public:
  ProgressPrinter(bool quiet, JsonLog& log)
      : quiet_(quiet), tty_(w2v::cli::stderr_is_tty()), log_(log) {}

  void operator()(const w2v::TrainProgress& p, int epochs) {
    log_.write(json_progress(p));
    if (quiet_ || p.done) return;
    if (!tty_ && p.seconds - last_line_ < 5.0) return;
    last_line_ = p.seconds;
    std::ostringstream line;
    line << fmt("%5.1f%%", 100.0 * p.fraction) << "  epoch " << p.epoch << "/" << epochs
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
  JsonLog& log_;
  double last_line_ = -1e9;
  bool drawn_ = false;
};

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

// The settings line printed before training.
std::string settings_line(const w2v::TrainOptions& o, const char* kernels,
                          const std::string& note) {
  std::ostringstream out;
  out << "w2v-train: " << w2v::model_name(o.model) << " " << w2v::mode_name(o.mode) << ", dim "
      << o.dim << ", window " << o.window << " (" << w2v::shrink_name(*o.shrink) << " shrink), ";
  if (o.hs) out << "hierarchical softmax" << (o.negative > 0 ? " + " : ", ");
  if (o.negative > 0) out << "negative " << o.negative << " (count^" << *o.noise_power << "), ";
  out << "sample " << o.sample << ", " << o.epochs << " epochs, alpha " << *o.alpha << " -> "
      << *o.min_alpha << ", " << o.n_threads << " threads, " << kernels << " kernels"
      << (note.empty() ? "" : " (" + note + ")") << "\n";
  return out.str();
}

std::string summary(const w2v::TrainJobOptions& o, const w2v::TrainJobResult& r) {
  const w2v::TrainStats& s = r.train;
  std::ostringstream out;
  out << "vocab     " << with_commas(r.vocab_size) << " words (" << r.vocab_source << ") in "
      << fmt("%.2f", r.vocab_seconds) << " s\n";
  out << "corpus    " << with_commas(r.encode.n_tokens) << " tokens, "
      << with_commas(r.corpus_words) << " in the vocabulary, " << with_commas(r.encode.n_sentences)
      << " sentences; encoded in " << fmt("%.2f", r.encode_seconds) << " s\n";
  const double words_per_sec =
      r.n_ranks > 1 ? static_cast<double>(r.global_words) / s.seconds : s.words_per_sec;
  out << "train     " << with_commas(r.global_words) << " words (" << o.train.epochs
      << (o.train.epochs == 1 ? " epoch, " : " epochs, ") << with_commas(s.words_kept)
      << " after subsampling) in " << fmt("%.2f", s.seconds) << " s: " << human(words_per_sec)
      << " words/s, " << human(words_per_sec / s.n_threads / r.n_ranks)
      << " per thread; loss by epoch";
  for (double l : s.epoch_loss) out << " " << fmt("%.4f", l);
  out << "\n";
  if (r.n_ranks > 1) {
    out << "processes " << r.n_ranks << " x " << s.n_threads << " threads:";
    for (std::size_t k = 0; k < r.rank_words_per_sec.size(); ++k) {
      out << (k ? ", " : " ") << human(r.rank_words_per_sec[k]);
    }
    out << " words/s; " << s.n_syncs << " model averages took " << fmt("%.2f", s.sync_seconds)
        << " s (" << fmt("%.1f", 100.0 * s.sync_seconds / std::max(1e-9, s.seconds))
        << "% of training), " << fmt("%.1f", static_cast<double>(s.sync_bytes) / 1e6)
        << " MB sent by this process\n";
  }
  out << "wrote     " << o.output << " (" << with_commas(r.vocab_size) << " x " << o.train.dim
      << ", " << (o.format == w2v::VectorFormat::kBinary ? "binary" : "text") << ")";
  if (!o.output_vectors.empty()) out << " and " << o.output_vectors;
  out << " in " << fmt("%.2f", r.write_seconds) << " s\n";
  return out.str();
}

// The "done" event of the log: what was done, and every option the run had.
w2v::JsonWriter json_done(const w2v::TrainJobOptions& o, const w2v::TrainJobResult& r) {
  const w2v::TrainStats& s = r.train;
  w2v::JsonWriter done;
  done.begin_object().field("event", "done").field("vocab_size", r.vocab_size);
  done.field("tokens", r.encode.n_tokens).field("corpus_words", r.corpus_words);
  done.field("words_trained", r.global_words).field("words_kept", s.words_kept);
  done.field("threads", s.n_threads).field("shrink", w2v::shrink_name(*o.train.shrink));
  done.field("vocab_seconds", r.vocab_seconds).field("encode_seconds", r.encode_seconds);
  done.field("train_seconds", s.seconds).field("write_seconds", r.write_seconds);
  done.field("words_per_sec",
             r.n_ranks > 1 ? static_cast<double>(r.global_words) / s.seconds : s.words_per_sec);
  done.field("final_loss", s.epoch_loss.empty() ? 0.0 : s.epoch_loss.back());
  done.field("processes", r.n_ranks).key("process_words_per_sec").begin_array();
  for (const double x : r.rank_words_per_sec) done.value(x);
  done.end_array().field("syncs", s.n_syncs).field("sync_seconds", s.sync_seconds);
  done.field("sync_bytes", s.sync_bytes);
  done.key("options").begin_object();
  for (const w2v::OptionSpec& spec : w2v::train_job_options()) {
    if (spec.kind == w2v::OptionKind::kLocal) continue;
    if (spec.repeatable) {
      done.key(spec.name).begin_array();
      for (const std::string& in : o.inputs) done.value(in);
      done.end_array();
    } else {
      done.field(spec.name, spec.get(o));
    }
  }
  return done.end_object().end_object();
}

// What the command line gave for the options table's entries.
struct TableValues {
  std::vector<std::string> inputs;  // the repeatable --input
  std::map<std::string, std::string> values;
  std::map<std::string, bool> switches;
};

// Registers every option of the library's table (but the hidden ones), with its default.
void add_table_options(w2v::cli::Command& cmd, const w2v::TrainJobOptions& defaults,
                       TableValues& table) {
  for (const w2v::OptionSpec& spec : w2v::train_job_options()) {
    if (spec.kind == w2v::OptionKind::kHidden) continue;
    const std::string name =
        std::string(spec.name) + (*spec.short_name ? std::string(",") + spec.short_name : "");
    if (spec.is_switch()) {
      cmd.options().add_options()(name.c_str(), po::bool_switch(&table.switches[spec.name]),
                                  spec.help);
    } else if (spec.repeatable) {
      cmd.options().add_options()(
          name.c_str(),
          po::value(&table.inputs)->multitoken()->composing()->value_name(spec.value_name),
          spec.help);
    } else {
      auto* v = po::value(&table.values[spec.name])->value_name(spec.value_name);
      const std::string shown = spec.get(defaults);
      if (!shown.empty()) v->default_value(shown);
      cmd.options().add_options()(name.c_str(), v, spec.help);
    }
  }
}

// Sets opts from the options the command line gave (each parsed and range-checked by its
// table entry); returns their names.
std::vector<std::string> apply_table_options(const w2v::cli::Command& cmd, TableValues& table,
                                             w2v::TrainJobOptions& opts) {
  std::vector<std::string> given;
  for (const w2v::OptionSpec& spec : w2v::train_job_options()) {
    if (spec.kind == w2v::OptionKind::kHidden || !cmd.given(spec.name)) continue;
    given.emplace_back(spec.name);
    if (spec.is_switch()) {
      spec.set(opts, table.switches[spec.name] ? "true" : "false", spec);
    } else if (spec.repeatable) {
      for (const std::string& in : table.inputs) spec.set(opts, in, spec);
    } else {
      spec.set(opts, table.values[spec.name], spec);
    }
  }
  return given;
}

}  // namespace

int main(int argc, char** argv) {
  // Under mpirun (built with MPI), every process runs this same main: the first prints and writes,
  // an error anywhere ends the whole job (MPI_Abort), an agreed stop ends every process with 1.
  w2v::Cluster* cluster = nullptr;
  std::string name = "w2v-train";
#ifdef W2V_HAVE_MPI
  std::unique_ptr<w2v::MpiCluster> mpi;
  if (w2v::MpiCluster::launched()) {
    try {
      mpi = std::make_unique<w2v::MpiCluster>(&argc, &argv);
    } catch (const std::exception& e) {
      std::cerr << "w2v-train: " << e.what() << "\n";
      return w2v::cli::kExitFailure;
    }
    cluster = mpi.get();
    if (mpi->rank() != 0) name += " (process " + std::to_string(mpi->rank()) + ")";
  }
#endif
  const bool root = cluster == nullptr || cluster->rank() == 0;
  bool agreed_exit = false;  // every process ends the same way: no abort needed
  const int rc = w2v::cli::run(name, [&] {
    w2v::TrainJobOptions defaults;
    defaults.train.n_threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    std::string log_json, resume_path;
    bool quiet = false;

    w2v::cli::Command cmd(
        "w2v-train",
        "--input PATH... --output FILE [options]\n       w2v-train --resume CHECKPOINT "
        "[--output FILE]",
        "Trains word vectors with skip-gram or CBOW, negative sampling and/or hierarchical\n"
        "softmax (word2vec), on all threads without locks. Input is plain text or gzip, files,\n"
        "directories or - for standard input; a line is a sentence. The vocabulary is counted\n"
        "first (or read with --vocab), the corpus is encoded once to word ids in an unlinked\n"
        "file under --tmp-dir, then each thread trains its own slice of it. Output: word2vec\n"
        "binary or text vectors, most frequent word first (\"</s>\" is row 0, as in word2vec).\n"
        "--threads 1 with a fixed --seed gives byte-identical output on the same machine. With\n"
        "--checkpoint, SIGINT or SIGTERM saves the run and exits 1; --resume continues it to\n"
        "the same result.");
    TableValues table;
    add_table_options(cmd, defaults, table);
    cmd.options().add_options()("log-json", po::value(&log_json)->value_name("FILE"),
                                "write one JSON object per progress update to FILE")(
        "quiet,q", po::bool_switch(&quiet), "print no progress and no summary")(
        "resume", po::value(&resume_path)->value_name("CHECKPOINT"),
        "continue the run saved in this checkpoint to its end (same options, same inputs; "
        "new checkpoints go to the same file unless --checkpoint is given)");
    if (!cmd.parse(argc, argv)) return w2v::cli::kExitOk;

    // Every option is checked (TrainJob) before any input is read.
    w2v::TrainJobOptions opts = defaults;
    const std::vector<std::string> given = apply_table_options(cmd, table, opts);
    if (const char* isa = std::getenv("W2V_ISA")) opts.train.isa = w2v::parse_isa(isa);
    if (!root) {
      quiet = true;  // the first process reports for all
      log_json.clear();
    }
    w2v::TrainJob job = resume_path.empty()
                            ? w2v::TrainJob(opts, cluster)
                            : w2v::TrainJob::resume(resume_path, opts, given, cluster);
    const w2v::TrainJobOptions& o = job.options();
    JsonLog log(log_json);

    // A signal from here on is served when training starts (a checkpoint at 0%), not lost.
    w2v::TrainControl control;
    if (!o.checkpoint.empty()) install_stop_handlers(control);

    ProgressPrinter printer(quiet, log);
    w2v::cli::ProgressLine pass_line("w2v-train", w2v::cli::progress_show(false, quiet), &log);
    w2v::TrainJobEvents events;
    events.pass_progress = pass_line.fn();
    events.starting = [&](const w2v::TrainOptions& t, const char* kernels,
                          const std::string& note) {
      if (!quiet) std::cerr << settings_line(t, kernels, note);
    };
    events.progress = [&](const w2v::TrainProgress& p) { printer(p, o.train.epochs); };
    events.checkpoint_written = [&](const w2v::TrainState& state, double seconds) {
      w2v::JsonWriter line;
      line.begin_object().field("event", "checkpoint").field("words_done", state.words_done);
      log.write(line.field("write_seconds", seconds).end_object());
    };
    events.trained = [&] {
      printer.finish();
      ignore_stop_signals();
    };
    w2v::TrainJobResult result;
    try {
      result = job.run(control, events);
    } catch (...) {
      printer.finish();
      throw;
    }
    agreed_exit = true;
    if (result.stopped) {
      if (!root) return w2v::cli::kExitFailure;
      const char* why = g_signal == SIGINT    ? "SIGINT"
                        : g_signal == SIGTERM ? "SIGTERM"
                                              : "a request";
      w2v::JsonWriter line;
      line.begin_object().field("event", "interrupted").field("checkpoint", o.checkpoint);
      log.write(line.end_object());
      const std::string launcher = cluster != nullptr && cluster->size() > 1
                                       ? "mpirun -np " + std::to_string(cluster->size()) + " "
                                       : std::string();
      std::cerr << "w2v-train: interrupted by " << why << ": checkpoint written to " << o.checkpoint
                << "; resume with: " << launcher << "w2v-train --resume "
                << shell_word(o.checkpoint) << " --output " << shell_word(o.output) << "\n";
      return w2v::cli::kExitFailure;
    }
    log.write(json_done(result.options, result));
    if (!quiet) std::cerr << summary(result.options, result);
    return w2v::cli::kExitOk;
  });
#ifdef W2V_HAVE_MPI
  if (mpi && rc != w2v::cli::kExitOk && !agreed_exit) mpi->abort(rc);
#endif
  return rc;
}
