#include "train/train_job.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/error.h"
#include "train/kernels.h"
#include "vocab/vocab_builder.h"
#include "vocab/vocab_io.h"

namespace w2v {

namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// Fails before any work if the file cannot be created in its directory later.
void check_writable(const std::string& path, const char* flag) {
  if (path.empty() || path == "-") return;
  const std::filesystem::path p(path);
  if (std::filesystem::is_directory(p)) {
    throw IoError(path + ": is a directory (" + flag + " needs a file name)");
  }
  const std::filesystem::path dir = p.has_parent_path() ? p.parent_path() : ".";
  if (::access(dir.c_str(), W_OK) != 0) {
    throw IoError(errno_message(dir.string(), "write into") + " (" + flag + ")");
  }
}

bool reads_stdin(const std::vector<std::string>& inputs) {
  return std::find(inputs.begin(), inputs.end(), "-") != inputs.end();
}

// A distributed run's vocabulary: every process counts its share of the chunks, the first merges
// them (or reads --vocab) and sends the result to all, so every process has the same ids.
std::string vocab_bytes(const Vocab& v) {
  std::string out;
  const auto put = [&](std::uint64_t x) {
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(x >> (8 * i)));
  };
  put(v.size());
  for (std::size_t id = 0; id < v.size(); ++id) {
    const std::string& w = v.word(static_cast<WordId>(id));
    put(w.size());
    out += w;
    put(v.count(static_cast<WordId>(id)));
  }
  return out;
}

// Little-endian fields in and out of a byte string, for what the processes send each other.
struct Bytes {
  std::string s;
  std::size_t at = 0;
  void put(std::uint64_t x) {
    for (int i = 0; i < 8; ++i) s.push_back(static_cast<char>(x >> (8 * i)));
  }
  void put_f(double x) { put(std::bit_cast<std::uint64_t>(x)); }
  std::uint64_t get() {
    if (at + 8 > s.size()) throw FormatError("a message between the processes is cut short");
    std::uint64_t x = 0;
    for (int i = 0; i < 8; ++i) {
      x |= static_cast<std::uint64_t>(static_cast<unsigned char>(s[at + i])) << (8 * i);
    }
    at += 8;
    return x;
  }
  double get_f() { return std::bit_cast<double>(get()); }
  std::string get_s(std::size_t n) {
    if (at + n > s.size()) throw FormatError("a message between the processes is cut short");
    std::string out = s.substr(at, n);
    at += n;
    return out;
  }
};

Vocab vocab_from_bytes(std::string bytes) {
  Bytes in{std::move(bytes), 0};
  const std::uint64_t n = in.get();
  std::vector<std::pair<std::string, std::uint64_t>> entries;
  for (std::uint64_t i = 0; i < n; ++i) {
    std::string w = in.get_s(static_cast<std::size_t>(in.get()));
    entries.emplace_back(std::move(w), in.get());
  }
  return Vocab::from_counts(std::move(entries));
}

// The first process reads the checkpoint and sends its bytes to all; each parses them from an
// anonymous memory file (so the file need only exist where the first process runs).
Checkpoint read_shared_checkpoint(const std::string& path, Cluster& cluster) {
  std::string bytes;
  if (cluster.rank() == 0) {
    Checkpoint checked = read_checkpoint(path);  // errors name the file, on the first process
    (void)checked;
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  cluster.broadcast(bytes, 0);
  const int fd = ::memfd_create("w2v-checkpoint", MFD_CLOEXEC);
  if (fd < 0) throw IoError(errno_message("memfd", "create"));
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t w = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (w <= 0) {
      ::close(fd);
      throw IoError(errno_message("memfd", "write"));
    }
    done += static_cast<std::size_t>(w);
  }
  Checkpoint ck = read_checkpoint("/proc/self/fd/" + std::to_string(fd));
  ::close(fd);
  return ck;
}

}  // namespace

TrainJob::TrainJob(TrainJobOptions opts, Cluster* cluster)
    : opts_(std::move(opts)), cluster_(cluster) {
  check();
}

TrainJob TrainJob::resume(const std::string& path, const TrainJobOptions& opts,
                          const std::vector<std::string>& given, Cluster* cluster) {
  for (const std::string& name : given) {
    const OptionSpec* spec = find_train_option(name);
    if (spec != nullptr && (spec->kind == OptionKind::kRun || spec->kind == OptionKind::kHidden)) {
      throw UsageError("--" + name +
                       " cannot be used with --resume: the checkpoint holds the run's options");
    }
  }
  TrainJob job;
  job.cluster_ = cluster;
  job.checkpoint_ =
      job.distributed() ? read_shared_checkpoint(path, *cluster) : read_checkpoint(path);
  job.resume_path_ = path;
  job.opts_ = job.checkpoint_->run.options;
  const std::size_t written_by = std::max<std::size_t>(1, job.checkpoint_->state.rank_words.size());
  const std::size_t now = cluster != nullptr ? static_cast<std::size_t>(cluster->size()) : 1;
  if (written_by != now) {
    throw UsageError(path + ": the checkpoint was written by " + std::to_string(written_by) +
                     (written_by == 1 ? " process" : " processes") + "; resume it with " +
                     (written_by == 1 ? std::string("one (without mpirun)")
                                      : "mpirun -np " + std::to_string(written_by)) +
                     ", not " + std::to_string(now));
  }
  if (job.distributed()) job.take_rank_slice();
  for (const std::string& name : given) {
    const OptionSpec* spec = find_train_option(name);
    if (spec != nullptr && spec->kind == OptionKind::kSession) {
      spec->set(job.opts_, spec->get(opts), *spec);
    }
  }
  job.opts_.checkpoint = opts.checkpoint.empty() ? path : opts.checkpoint;
  job.check();
  return job;
}

void TrainJob::check() {
  TrainJobOptions& o = opts_;
  if (o.inputs.empty()) throw UsageError("--input is required (or --resume CHECKPOINT)");
  if (o.output.empty()) throw UsageError("--output is required");
  if (!o.checkpoint.empty() && (o.checkpoint == o.output || o.checkpoint == "-")) {
    throw UsageError("--checkpoint needs a file of its own, got \"" + o.checkpoint + "\"");
  }
  if (!o.checkpoint.empty() && reads_stdin(o.inputs)) {
    throw UsageError(
        "--checkpoint cannot be used with --input - (a resumed run reads its inputs again)");
  }
  if (o.vocab_path.empty() && reads_stdin(o.inputs)) {
    throw UsageError(
        "--input - (standard input) needs --vocab: without it the corpus is read twice, to "
        "count and to encode");
  }
  if (o.train.n_threads < 1) {
    throw UsageError("--threads must be in [1, 1024], got " + std::to_string(o.train.n_threads));
  }
  o.train.validate();
  o.vocab.n_threads = o.train.n_threads;
  o.vocab.validate();
  if (!o.output_vectors.empty() && o.train.negative == 0) {
    throw UsageError(
        "--save-output-vectors writes negative sampling's output rows, and --negative 0 has "
        "none (hierarchical softmax's tree nodes are not words); drop it or give --negative N");
  }
  if (!o.output_vectors.empty() && o.train.shared_embeddings) {
    throw UsageError(
        "--save-output-vectors with --shared-embeddings would write the input vectors again (the "
        "output rows are the input rows); drop one of them");
  }
  if (!o.save_vectors) {
    const bool sum =
        o.train.model == ModelKind::kCbow && o.train.negative > 0 && !o.train.shared_embeddings;
    o.save_vectors = sum ? SaveVectors::kSum : SaveVectors::kInput;
  }
  if (o.save_vectors == SaveVectors::kSum && o.train.negative == 0) {
    throw UsageError(
        "--save-vectors sum adds the output rows of negative sampling, and --negative 0 has none "
        "(hierarchical softmax's tree nodes are not words); use --save-vectors input");
  }
  if (o.save_vectors == SaveVectors::kSum && o.train.shared_embeddings) {
    throw UsageError(
        "--save-vectors sum with --shared-embeddings would write twice the input rows (they are "
        "the output rows); use --save-vectors input");
  }
  if (root()) {  // only the first process writes
    check_writable(o.output, "--output");
    check_writable(o.output_vectors, "--save-output-vectors");
    check_writable(o.save_vocab, "--save-vocab");
    check_writable(o.checkpoint, "--checkpoint");
  }
}

Vocab TrainJob::load_vocab(TrainJobResult& result, const PassProgressFn& progress) {
  if (checkpoint_) {
    result.vocab_source = "from " + resume_path_;
    return std::move(checkpoint_->vocab);
  }
  if (distributed()) return distributed_vocab(result);
  if (!opts_.vocab_path.empty()) {
    result.vocab_source = "read from " + opts_.vocab_path;
    return filter_vocab(read_vocab(opts_.vocab_path), opts_.vocab, opts_.vocab_path);
  }
  result.vocab_source = "counted";
  return build_vocab(opts_.inputs, opts_.vocab, progress).vocab;
}

EncodedCorpus TrainJob::encode(const Vocab& vocab, TrainJobResult& result,
                               CorpusFingerprint& fingerprint_out, const PassProgressFn& progress) {
  EncodeOptions enc;
  enc.tokenizer = opts_.vocab.tokenizer;
  enc.n_threads = opts_.train.n_threads;
  if (distributed()) {  // this process's part of the stream, cut by words
    enc.part = cluster_->rank();
    enc.n_parts = cluster_->size();
    for (std::size_t id = 1; id < vocab.size(); ++id) {
      enc.total_words += vocab.count(static_cast<WordId>(id));
    }
  }
  enc.tmp_dir = opts_.tmp_dir;
  if (enc.tmp_dir.empty() && opts_.output != "-") {
    const std::filesystem::path p(opts_.output);
    enc.tmp_dir = p.has_parent_path() ? p.parent_path().string() : ".";
  }
  EncodedCorpus corpus = EncodedCorpus::encode(opts_.inputs, vocab, enc, &result.encode, progress);
  result.corpus_words = corpus.n_words();
  // A resumed run must see the same ids in the same order, or its saved positions mean nothing.
  if (!opts_.checkpoint.empty()) fingerprint_out = fingerprint(corpus);
  if (checkpoint_ && fingerprint_out != checkpoint_->run.corpus) {  // this process's part
    const CorpusFingerprint& was = checkpoint_->run.corpus;
    const CorpusFingerprint& now = fingerprint_out;
    throw FormatError(
        resume_path_ + ": the corpus changed since the checkpoint was written (it had " +
        std::to_string(was.size) + " positions, " + std::to_string(was.n_words) +
        " words; the inputs now give " + std::to_string(now.size) + " positions, " +
        std::to_string(now.n_words) + " words" + (now.size == was.size ? ", different ids" : "") +
        "); resume needs the same input files");
  }
  return corpus;
}

// Output vectors first, then the model's other matrices are freed before the input rows (or
// their sum with the output rows) are copied out, to keep the peak memory down.
void TrainJob::write(Model& model, const Vocab& vocab) {
  if (!opts_.output_vectors.empty()) {
    write_vectors(model.output_embeddings(vocab), opts_.output_vectors, opts_.format);
  }
  if (opts_.save_vectors == SaveVectors::kSum) {  // set by check()
    model.fold_output_into_input();               // the sums, in place of the input rows
  } else {
    model.release_output_vectors();
  }
  write_vectors(model.input_embeddings(vocab), opts_.output, opts_.format);
}

TrainJobResult TrainJob::run(TrainControl& control, const TrainJobEvents& events) {
  TrainJobResult result;
  // Phase 1: vocabulary.
  Clock::time_point t = Clock::now();
  const Vocab vocab = load_vocab(result, events.pass_progress);
  result.vocab_size = vocab.size();
  if (root() && !opts_.save_vocab.empty()) write_vocab(vocab, opts_.save_vocab);
  result.vocab_seconds = since(t);

  // Phase 2: encode the corpus to ids.
  t = Clock::now();
  CheckpointRun run;
  const EncodedCorpus corpus = encode(vocab, result, run.corpus, events.pass_progress);
  result.encode_seconds = since(t);

  // Phase 3: train (or continue), with checkpoints when asked.
  TrainOptions train_opts = opts_.train;
  const std::string note = train_opts.resolve_defaults();
  Trainer trainer(train_opts, vocab);
  trainer.set_cluster(cluster_);
  result.options = opts_;
  result.options.train = trainer.options();
  if (events.starting) events.starting(trainer.options(), kernels_for(train_opts.isa).name, note);
  if (!opts_.checkpoint.empty()) {
    run.options = opts_;
    run.options.train = trainer.options();
    control.checkpoint_interval = opts_.checkpoint_interval;
    control.on_checkpoint = [&](const TrainState& state, const Model& model) {
      const Clock::time_point t0 = Clock::now();
      if (distributed()) {
        write_distributed_checkpoint(run, vocab, state, model);
      } else {
        write_checkpoint(opts_.checkpoint, run, vocab, state, model);
      }
      if (root() && events.checkpoint_written) events.checkpoint_written(state, since(t0));
    };
  }
  const ProgressFn no_progress;
  const ProgressFn& progress = root() ? events.progress : no_progress;
  TrainResult trained = checkpoint_
                            ? trainer.resume(corpus, std::move(checkpoint_->model),
                                             std::move(checkpoint_->state), progress, &control)
                            : trainer.train(corpus, progress, &control);
  checkpoint_.reset();
  control.on_checkpoint = nullptr;
  if (events.trained) events.trained();
  result.train = trained.stats;
  result.global_words = trained.stats.global_words_trained;
  if (distributed()) gather_results(result);
  if (trained.stopped) {
    result.stopped = true;
    return result;
  }

  // Phase 4: write (the first process; every process holds the same, averaged model).
  t = Clock::now();
  if (root()) write(trained.model, vocab);
  result.write_seconds = since(t);
  return result;
}

Vocab TrainJob::distributed_vocab(TrainJobResult& result) {
  std::string bytes;
  if (!opts_.vocab_path.empty()) {
    result.vocab_source = "read from " + opts_.vocab_path;
    if (root()) {
      bytes =
          vocab_bytes(filter_vocab(read_vocab(opts_.vocab_path), opts_.vocab, opts_.vocab_path));
    }
  } else {
    result.vocab_source = "counted by " + std::to_string(cluster_->size()) + " processes";
    const std::string share =
        count_vocab_share(opts_.inputs, opts_.vocab, {cluster_->rank(), cluster_->size()});
    const std::vector<std::string> shares = cluster_->gather(share, 0);
    if (root()) bytes = vocab_bytes(vocab_from_shares(shares, opts_.vocab).vocab);
  }
  cluster_->broadcast(bytes, 0);
  return vocab_from_bytes(std::move(bytes));
}

// Each process sends its part of the state (its threads' shards, its counts and its corpus
// part's fingerprint); the first merges them in rank order and writes the one checkpoint.
void TrainJob::write_distributed_checkpoint(const CheckpointRun& run, const Vocab& vocab,
                                            const TrainState& state, const Model& model) {
  Bytes mine;
  mine.put(state.rank_words.at(0));
  mine.put(state.words_kept);
  mine.put(state.predictions);
  mine.put(state.epoch_loss.size());
  for (std::size_t e = 0; e < state.epoch_loss.size(); ++e) {
    mine.put_f(state.epoch_loss[e]);
    mine.put_f(state.epoch_predictions[e]);
  }
  mine.put(state.shards.size());
  for (const ShardState& sh : state.shards) {
    mine.put(sh.rng_state);
    mine.put(static_cast<std::uint64_t>(sh.epoch));
    mine.put(sh.pos);
  }
  mine.put(run.corpus.size);
  mine.put(run.corpus.n_words);
  mine.put(run.corpus.hash);
  const std::vector<std::string> parts = cluster_->gather(mine.s, 0);
  if (!root()) return;
  TrainState all;
  all.words_done = state.words_done;
  all.syncs_done = state.syncs_done;
  all.epoch_loss.assign(state.epoch_loss.size(), 0.0);
  all.epoch_predictions.assign(state.epoch_loss.size(), 0.0);
  CheckpointRun merged = run;
  merged.rank_corpus.clear();
  for (const std::string& p : parts) {
    Bytes in{p, 0};
    all.rank_words.push_back(in.get());
    all.words_kept += in.get();
    all.predictions += in.get();
    const std::uint64_t n_epochs = in.get();
    for (std::uint64_t e = 0; e < n_epochs && e < all.epoch_loss.size(); ++e) {
      all.epoch_loss[e] += in.get_f();
      all.epoch_predictions[e] += in.get_f();
    }
    const std::uint64_t n_shards = in.get();
    for (std::uint64_t t = 0; t < n_shards; ++t) {
      ShardState sh;
      sh.rng_state = in.get();
      sh.epoch = static_cast<int>(in.get());
      sh.pos = in.get();
      all.shards.push_back(sh);
    }
    CorpusFingerprint f;
    f.size = in.get();
    f.n_words = in.get();
    f.hash = in.get();
    merged.rank_corpus.push_back(f);
  }
  merged.corpus = merged.rank_corpus[0];
  write_checkpoint(opts_.checkpoint, merged, vocab, all, model);
}

// A resumed distributed run: this process's threads' shards, its corpus part and its count; the
// statistics of the whole run stay with the first process, the others start them at zero.
void TrainJob::take_rank_slice() {
  TrainState& st = checkpoint_->state;
  const std::size_t r = static_cast<std::size_t>(cluster_->rank());
  const std::size_t threads = static_cast<std::size_t>(opts_.train.n_threads);
  st.shards = std::vector<ShardState>(st.shards.begin() + static_cast<long>(r * threads),
                                      st.shards.begin() + static_cast<long>((r + 1) * threads));
  checkpoint_->run.corpus = checkpoint_->run.rank_corpus.at(r);
  if (r != 0) {
    st.words_kept = 0;
    st.predictions = 0;
    std::fill(st.epoch_loss.begin(), st.epoch_loss.end(), 0.0);
    std::fill(st.epoch_predictions.begin(), st.epoch_predictions.end(), 0.0);
  }
}

// The summary's figures over all processes: per-epoch loss, words kept, each one's words/s.
void TrainJob::gather_results(TrainJobResult& result) {
  TrainStats& s = result.train;
  cluster_->sum(s.epoch_loss_sum.data(), s.epoch_loss_sum.size());
  cluster_->sum(s.epoch_predictions.data(), s.epoch_predictions.size());
  for (std::size_t e = 0; e < s.epoch_loss.size(); ++e) {
    s.epoch_loss[e] =
        s.epoch_predictions[e] > 0 ? s.epoch_loss_sum[e] / s.epoch_predictions[e] : 0.0;
  }
  std::uint64_t kept = s.words_kept;
  cluster_->sum(&kept, 1);
  s.words_kept = kept;
  Bytes mine;
  mine.put_f(s.words_per_sec);
  const std::vector<std::string> rates = cluster_->gather(mine.s, 0);
  result.n_ranks = cluster_->size();
  for (const std::string& r : rates) result.rank_words_per_sec.push_back(Bytes{r, 0}.get_f());
}

}  // namespace w2v
