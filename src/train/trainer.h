#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "corpus/encoded_corpus.h"
#include "train/model.h"
#include "train/options.h"
#include "train/sampling.h"
#include "vocab/vocab.h"

namespace w2v {

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
  std::vector<double> epoch_loss;  // mean loss per prediction in each epoch
};

struct TrainResult {
  Model model;
  TrainStats stats;
};

// Skip-gram or CBOW with negative sampling, trained by OpenMP threads without locks (Hogwild).
// Thread t trains shard t of the corpus for every epoch; the learning rate falls linearly from
// alpha to min_alpha with one shared progress counter. See docs/training.md.
class Trainer {
 public:
  // Resolves and validates opts (throws UsageError) and builds the sampling tables. vocab must
  // outlive the trainer.
  Trainer(TrainOptions opts, const Vocab& vocab);

  // Trains a fresh model on corpus (ids must be below vocab.size()). Throws NumericError if a
  // score becomes NaN or Inf (no model is returned), FormatError for a corpus without words,
  // and whatever progress throws.
  TrainResult train(const EncodedCorpus& corpus, const ProgressFn& progress = {}) const;

  const TrainOptions& options() const { return opts_; }

 private:
  TrainOptions opts_;
  const Vocab& vocab_;
  NegativeSampler negatives_;
  Subsampler subsampler_;
  SigmoidTable sigmoid_;
};

}  // namespace w2v
