#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/progress.h"
#include "corpus/encoded_corpus.h"
#include "train/checkpoint.h"
#include "train/job_options.h"
#include "train/trainer.h"
#include "vocab/vocab.h"

namespace w2v {

// What a job did, for the tool's summary and log.
struct TrainJobResult {
  TrainJobOptions options;  // the job's, with the defaults that depend on others resolved
  bool stopped = false;     // stopped by a request: a checkpoint holds the run, no vectors
  std::size_t vocab_size = 0;
  std::string vocab_source;  // "counted", "read from FILE", "from CHECKPOINT"
  EncodeStats encode;
  std::uint64_t corpus_words = 0;  // positions of the encoded corpus holding a word
  TrainStats train;
  double vocab_seconds = 0, encode_seconds = 0, write_seconds = 0;
  // A distributed run (on rank 0): the processes, each one's words/s, and the words over all.
  int n_ranks = 1;
  std::vector<double> rank_words_per_sec;
  std::uint64_t global_words = 0;
};

// What the job tells its caller while it runs; every callback may be empty.
struct TrainJobEvents {
  // Once training is about to start, with the options in force (alpha, shrink, threads
  // resolved) and the kernels' name; note: what the defaults chose ("alpha 0.025 (skip-gram
  // default)"), or empty.
  std::function<void(const TrainOptions&, const char* kernels, const std::string& note)> starting;
  ProgressFn progress;
  // Counting the vocabulary and encoding the corpus (input bytes read).
  PassProgressFn pass_progress;
  // After each checkpoint write, with the seconds it took.
  std::function<void(const TrainState&, double seconds)> checkpoint_written;
  // Training ended (completed or stopped), before anything is written.
  std::function<void()> trained;
};

// The whole of w2v-train as a library call: inputs -> vocabulary (counted, read from a file and
// filtered, or from a checkpoint) -> encoded corpus -> model (trained, or resumed) -> vectors
// (written atomically). Checkpoints go to options().checkpoint when the caller's TrainControl
// asks for one (or every checkpoint_interval seconds), and a stop request ends the run after
// one, with no vectors.
class TrainJob {
 public:
  // A new run: checks every option and that the outputs can be created, before reading any
  // input. Throws UsageError (bad or inconsistent options) or IoError (an output that cannot be
  // created).
  explicit TrainJob(TrainJobOptions opts, Cluster* cluster = nullptr);

  // Continues the run saved in the checkpoint at path. Its options come from the checkpoint,
  // except the session options named in `given` (output, format, ...), which come from `opts`;
  // new checkpoints go to opts.checkpoint, or to path. Throws UsageError if `given` names an
  // option that describes the run ("--dim cannot be used with --resume: ..."), and
  // IoError/FormatError for a checkpoint that cannot be read.
  static TrainJob resume(const std::string& path, const TrainJobOptions& opts,
                         const std::vector<std::string>& given, Cluster* cluster = nullptr);

  const TrainJobOptions& options() const { return opts_; }

  // Runs the job. Throws what reading, training (NumericError) and writing throw; nothing is
  // left half-written.
  TrainJobResult run(TrainControl& control, const TrainJobEvents& events);

 private:
  TrainJob() = default;
  bool distributed() const { return cluster_ != nullptr && cluster_->size() > 1; }
  bool root() const { return cluster_ == nullptr || cluster_->rank() == 0; }
  Vocab distributed_vocab(TrainJobResult& result);
  void write_distributed_checkpoint(const CheckpointRun& run, const Vocab& vocab,
                                    const TrainState& state, const Model& model);
  void gather_results(TrainJobResult& result);
  void take_rank_slice();
  void check();
  Vocab load_vocab(TrainJobResult& result, const PassProgressFn& progress);
  EncodedCorpus encode(const Vocab& vocab, TrainJobResult& result, CorpusFingerprint& fingerprint,
                       const PassProgressFn& progress);
  void write(Model& model, const Vocab& vocab);

  TrainJobOptions opts_;
  std::string resume_path_;
  Cluster* cluster_ = nullptr;            // a distributed run (mpirun), or null
  std::optional<Checkpoint> checkpoint_;  // the resumed run's, until run() takes it
};

}  // namespace w2v
