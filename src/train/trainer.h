#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include "corpus/encoded_corpus.h"
#include "train/cluster.h"
#include "train/huffman.h"
#include "train/model.h"
#include "train/options.h"
#include "train/sampling.h"
#include "vocab/vocab.h"

namespace w2v {

struct Kernels;
struct RunCounters;
struct StepContext;

// A snapshot of training, handed to the progress callback a few times per second and once at
// the end. "Words" are corpus tokens in the vocabulary, counted before subsampling.
struct TrainProgress {
  double fraction = 0;  // of all epochs, in [0, 1]
  std::uint64_t words_done = 0;
  std::uint64_t words_total = 0;  // words in the corpus * epochs
  int epoch = 1;                  // 1-based, from fraction (threads may straddle two)
  double seconds = 0;             // since training started
  double words_per_sec = 0;       // average since the start
  double words_per_sec_per_thread = 0;
  float alpha = 0;  // learning rate at words_done
  double loss = 0;  // mean loss per prediction since the previous report (0 if none)
  double eta_seconds = 0;
  bool done = false;  // the final report
};

// Called from one training thread at a time (never concurrently) or, for the final report, from
// the caller of train(). It may throw: training stops and train() rethrows.
using ProgressFn = std::function<void(const TrainProgress&)>;

struct TrainStats {
  std::uint64_t words_trained = 0;  // words read, all epochs (subsampled ones included)
  std::uint64_t words_kept = 0;     // of which survived subsampling
  std::uint64_t predictions = 0;    // (input, target) pairs scored, negatives included
  double seconds = 0;
  double words_per_sec = 0;
  int n_threads = 0;
  KernelIsa isa = KernelIsa::kPortable;
  std::vector<double> epoch_loss;                         // mean loss per prediction in each epoch
  std::vector<double> epoch_loss_sum, epoch_predictions;  // its parts
  // Distributed runs: words over all processes, and the model averages.
  std::uint64_t global_words_trained = 0;
  std::uint64_t n_syncs = 0;
  double sync_seconds = 0;
  std::uint64_t sync_bytes = 0;
};

// Where one shard's training stands, at a sentence (or kMaxSentence piece) boundary: the next
// position to read in epoch `epoch` (0-based; == epochs once the shard is done) and the state of
// the shard's random generator.
struct ShardState {
  std::uint64_t rng_state = 0;
  int epoch = 0;
  std::uint64_t pos = 0;
};

// Everything besides the model and the options needed to continue a run exactly where it
// stopped. The learning rate is a function of words_done; the shards are a function of the
// corpus and the number of threads.
struct TrainState {
  std::uint64_t words_done = 0;           // all shards, flushed
  std::uint64_t words_kept = 0;           // for the statistics
  std::uint64_t predictions = 0;          // for the statistics
  std::vector<double> epoch_loss;         // per epoch: summed loss so far
  std::vector<double> epoch_predictions;  // per epoch: predictions so far
  std::vector<ShardState> shards;         // one per thread (options().n_threads)
  // Distributed runs: words_done is over all processes, rank_words[r] process r's own count
  // (empty for one process).
  std::vector<std::uint64_t> rank_words;
  std::uint64_t syncs_done = 0;  // distributed: model averages made (the same on every process)
};

// Called with every training thread parked at a sentence boundary and the model still; whatever
// it throws stops training and train() rethrows it. It typically writes a checkpoint.
using CheckpointFn = std::function<void(const TrainState&, const Model&)>;

// Lets the caller interrupt training cleanly. The request functions only set bits of a
// lock-free atomic, so they may be called from a signal handler or another thread. Threads
// look at the requests between sentences, never inside one; the per-token loop is unchanged.
class TrainControl {
 public:
  static_assert(std::atomic<unsigned>::is_always_lock_free);
  static constexpr unsigned kCheckpoint = 1;  // call on_checkpoint, then continue
  static constexpr unsigned kStop = 2;        // call on_checkpoint (if set), then stop

  // Async-signal-safe: training calls on_checkpoint (if set) and returns with stopped = true.
  void request_stop() noexcept { requests_.fetch_or(kStop, std::memory_order_relaxed); }
  // Async-signal-safe: training calls on_checkpoint and continues.
  void request_checkpoint() noexcept { requests_.fetch_or(kCheckpoint, std::memory_order_relaxed); }

  CheckpointFn on_checkpoint;
  // Seconds of training between automatic checkpoint requests; 0: only on request.
  double checkpoint_interval = 0;

  // For the trainer.
  std::atomic<unsigned>& requests() { return requests_; }

 private:
  std::atomic<unsigned> requests_{0};
};

struct TrainResult {
  Model model;
  TrainStats stats;
  // Training was stopped by TrainControl::request_stop() before the end: the model is
  // incomplete (on_checkpoint has saved where it stood).
  bool stopped = false;
};

// Skip-gram or CBOW with negative sampling and/or hierarchical softmax, trained by OpenMP threads
// without locks (Hogwild). A ThreadTeam runs one ShardWorker per shard of the corpus (thread t
// trains shard t for every epoch); the learning rate falls linearly from alpha to min_alpha with
// one shared progress counter; checkpoints are written with every thread parked (the team's
// hook). See docs/training.md.
class Trainer {
 public:
  // Resolves and validates opts (throws UsageError) and builds the sampling tables. vocab must
  // outlive the trainer.
  Trainer(TrainOptions opts, const Vocab& vocab);

  // Trains a fresh model on corpus (ids must be below vocab.size()). Throws NumericError if a
  // score becomes NaN or Inf (no model is returned), FormatError for a corpus without words,
  // and whatever progress throws.
  // control (optional) adds checkpoints and stop requests.
  TrainResult train(const EncodedCorpus& corpus, const ProgressFn& progress = {},
                    TrainControl* control = nullptr) const;
  // Continues a run from a checkpoint's model and state, on the same corpus (same ids, same
  // order) with the same options: with one thread the result is byte-identical to a run never
  // interrupted. Throws FormatError if the state does not fit the corpus or the options.
  TrainResult resume(const EncodedCorpus& corpus, Model model, TrainState state,
                     const ProgressFn& progress = {}, TrainControl* control = nullptr) const;

  const TrainOptions& options() const { return opts_; }
  // The matrices a model for these options holds.
  ModelShape model_shape() const;
  // A distributed run: this process trains its part of the corpus and averages the model with
  // the others (train/model_sync.h); checkpoints and stop requests are agreed at syncs. null: one
  // process. The cluster must outlive training.
  void set_cluster(Cluster* cluster) { cluster_ = cluster; }

 private:
  TrainResult run(const EncodedCorpus& corpus, Model model, TrainState state,
                  const ProgressFn& progress, TrainControl* control) const;
  // The words this process has trained: state.words_done alone, or its own entry of a
  // distributed state's rank_words (words_done then counts every process's).
  std::uint64_t own_words_done(const TrainState& state) const;
  // The parts of run(): what every sentence step reads; the shared counters from the state; the
  // end of a finished run (the NaN check and the last progress report).
  StepContext step_context(const Kernels& k, Model& model, const std::vector<float>& weight) const;
  static void start_counters(RunCounters& counters, TrainState& state, std::uint64_t local_start);
  void finish(const TrainResult& result, RunCounters& counters, const ProgressFn& progress,
              TrainProgress report) const;
  TrainOptions opts_;
  const Vocab& vocab_;
  NegativeSampler negatives_;
  Subsampler subsampler_;
  SigmoidTable sigmoid_;
  HuffmanTree tree_;  // hierarchical softmax only
  Cluster* cluster_ = nullptr;
};

}  // namespace w2v
