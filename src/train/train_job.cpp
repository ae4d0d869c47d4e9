#include "train/train_job.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

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

}  // namespace

TrainJob::TrainJob(TrainJobOptions opts) : opts_(std::move(opts)) { check(); }

TrainJob TrainJob::resume(const std::string& path, const TrainJobOptions& opts,
                          const std::vector<std::string>& given) {
  for (const std::string& name : given) {
    const OptionSpec* spec = find_train_option(name);
    if (spec != nullptr && (spec->kind == OptionKind::kRun || spec->kind == OptionKind::kHidden)) {
      throw UsageError("--" + name +
                       " cannot be used with --resume: the checkpoint holds the run's options");
    }
  }
  TrainJob job;
  job.checkpoint_ = read_checkpoint(path);
  job.resume_path_ = path;
  job.opts_ = job.checkpoint_->run.options;
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
  check_writable(o.output, "--output");
  check_writable(o.output_vectors, "--save-output-vectors");
  check_writable(o.checkpoint, "--checkpoint");
}

Vocab TrainJob::load_vocab(TrainJobResult& result, const PassProgressFn& progress) {
  if (checkpoint_) {
    result.vocab_source = "from " + resume_path_;
    return std::move(checkpoint_->vocab);
  }
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
  enc.tmp_dir = opts_.tmp_dir;
  if (enc.tmp_dir.empty() && opts_.output != "-") {
    const std::filesystem::path p(opts_.output);
    enc.tmp_dir = p.has_parent_path() ? p.parent_path().string() : ".";
  }
  EncodedCorpus corpus = EncodedCorpus::encode(opts_.inputs, vocab, enc, &result.encode, progress);
  result.corpus_words = corpus.n_words();
  // A resumed run must see the same ids in the same order, or its saved positions mean nothing.
  if (!opts_.checkpoint.empty()) fingerprint_out = fingerprint(corpus);
  if (checkpoint_ && fingerprint_out != checkpoint_->run.corpus) {
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
  if (opts_.save_vectors == SaveVectors::kSum) {
    const Embeddings sum = model.sum_embeddings(vocab);
    model = Model();
    write_vectors(sum, opts_.output, opts_.format);
  } else {
    model.release_output_vectors();
    write_vectors(model.input_embeddings(vocab), opts_.output, opts_.format);
  }
}

TrainJobResult TrainJob::run(TrainControl& control, const TrainJobEvents& events) {
  TrainJobResult result;
  // Phase 1: vocabulary.
  Clock::time_point t = Clock::now();
  const Vocab vocab = load_vocab(result, events.pass_progress);
  result.vocab_size = vocab.size();
  result.vocab_seconds = since(t);

  // Phase 2: encode the corpus to ids.
  t = Clock::now();
  CheckpointRun run;
  const EncodedCorpus corpus = encode(vocab, result, run.corpus, events.pass_progress);
  result.encode_seconds = since(t);

  // Phase 3: train (or continue), with checkpoints when asked.
  TrainOptions train_opts = opts_.train;
  const std::string note = train_opts.resolve_defaults();
  const Trainer trainer(train_opts, vocab);
  result.options = opts_;
  result.options.train = trainer.options();
  if (events.starting) events.starting(trainer.options(), kernels_for(train_opts.isa).name, note);
  if (!opts_.checkpoint.empty()) {
    run.options = opts_;
    run.options.train = trainer.options();
    control.checkpoint_interval = opts_.checkpoint_interval;
    control.on_checkpoint = [&](const TrainState& state, const Model& model) {
      const Clock::time_point t0 = Clock::now();
      write_checkpoint(opts_.checkpoint, run, vocab, state, model);
      if (events.checkpoint_written) events.checkpoint_written(state, since(t0));
    };
  }
  TrainResult trained =
      checkpoint_ ? trainer.resume(corpus, std::move(checkpoint_->model),
                                   std::move(checkpoint_->state), events.progress, &control)
                  : trainer.train(corpus, events.progress, &control);
  checkpoint_.reset();
  control.on_checkpoint = nullptr;
  if (events.trained) events.trained();
  result.train = trained.stats;
  if (trained.stopped) {
    result.stopped = true;
    return result;
  }

  // Phase 4: write.
  t = Clock::now();
  write(trained.model, vocab);
  result.write_seconds = since(t);
  return result;
}

}  // namespace w2v
