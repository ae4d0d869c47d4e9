#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <vector>

#include "corpus/encoded_corpus.h"
#include "train/sentence_steps.h"
#include "train/thread_team.h"
#include "train/trainer.h"

namespace w2v {

// The counters every thread adds to (relaxed atomics, flushed every kFlushWords words) and the
// per-epoch loss statistics (under a mutex, once per epoch and at checkpoints).
struct RunCounters {
  std::atomic<std::uint64_t> words_done{0};  // drives the learning rate and progress
  std::atomic<std::uint64_t> words_kept{0};
  std::atomic<std::uint64_t> predictions{0};
  std::atomic<double> loss_sum{0.0};  // since the last progress report
  std::atomic<std::uint64_t> loss_count{0};
  std::mutex epoch_mu;
  std::vector<double>* epoch_loss = nullptr;
  std::vector<double>* epoch_predictions = nullptr;
  // Distributed runs: all processes' count at the last sync, and ours then; between syncs the
  // others are assumed to advance as we do. One process: 0, 0 and 1, so the estimate is ours.
  std::atomic<std::uint64_t> global_base{0}, local_base{0};
  std::uint64_t n_ranks = 1;
  std::uint64_t global_estimate(std::uint64_t local) const {
    return global_base.load(std::memory_order_relaxed) +
           n_ranks * (local - local_base.load(std::memory_order_relaxed));
  }
};

// The learning rate: linear from alpha at 0 words to min_alpha at words_total.
struct LearningRate {
  float alpha, min_alpha;
  std::uint64_t words_total;
  float at(std::uint64_t done) const {
    const double frac = std::min(1.0, static_cast<double>(done) / static_cast<double>(words_total));
    return static_cast<float>(static_cast<double>(alpha) -
                              static_cast<double>(alpha - min_alpha) * frac);
  }
};

// When progress reports and periodic checkpoint requests are due: one deadline each, taken by
// whichever thread flushes first after it (a compare-and-swap), never two reports at once.
class ProgressClock {
 public:
  using Clock = std::chrono::steady_clock;
  using ReportFn =
      std::function<TrainProgress(std::uint64_t done, double seconds, double loss, bool final)>;
  ProgressClock(const ProgressFn& progress, double interval, double checkpoint_interval,
                std::atomic<unsigned>& requests, RunCounters& counters, ReportFn make_report);
  // Distributed runs: when the local count reaches *target, sets bit 1 of *requests (the team's),
  // so that the threads park for a model sync.
  void set_sync(std::atomic<std::uint64_t>* target, std::atomic<unsigned>* requests) {
    sync_target_ = target;
    sync_requests_ = requests;
  }
  // Distributed runs: true when the local count `words` has reached the next sync (checked
  // after every sentence, so that syncs come on time whatever the flush interval).
  bool sync_due(std::uint64_t words) const {
    return sync_target_ != nullptr && words >= sync_target_->load(std::memory_order_relaxed);
  }

  // After a flush that brought the shared count to `done`: reports progress and requests a
  // checkpoint when they are due.
  void tick(std::uint64_t done);
  double seconds() const;

 private:
  std::int64_t now_ns() const;

  const ProgressFn& progress_;
  std::atomic<unsigned>& requests_;
  RunCounters& counters_;
  ReportFn make_report_;
  Clock::time_point start_ = Clock::now();
  std::int64_t interval_ns_, checkpoint_interval_ns_;
  std::atomic<std::int64_t> next_report_ns_, next_checkpoint_ns_;
  std::mutex report_mu_;  // held while the progress callback runs
  std::atomic<std::uint64_t>* sync_target_ = nullptr;
  std::atomic<unsigned>* sync_requests_ = nullptr;
};

// What every shard worker of one run reads (shared, read-only but for the counters).
struct WorkerSetup {
  const TrainOptions& opts;
  const EncodedCorpus& corpus;
  std::uint64_t vocab_size;
  const Subsampler& subsampler;
  SentenceStep step;
  const StepContext& ctx;
  LearningRate lr;
  RunCounters& counters;
  ProgressClock& clock;
  const std::vector<std::string>* words;  // the vocabulary, for messages
};

// One thread's training of one shard of the corpus, epoch after epoch: reads a sentence (or a
// kMaxSentence piece of one), subsamples it, takes the learning rate from everyone's progress,
// trains it, adds its counts to the shared ones every kFlushWords words, gives the corpus pages
// it has read back to the OS, and parks at sentence boundaries when the team asks. Continues from
// and publishes to a ShardState, so a checkpoint resumes it exactly.
class ShardWorker {
 public:
  ShardWorker(const WorkerSetup& setup, ThreadTeam::Member& member, StepScratch& scratch,
              Shard shard, ShardState& published);
  void run();

 private:
  std::uint64_t flush();
  void close_epoch_stats();
  void park();
  std::uint64_t read_sentence();
  [[noreturn]] void diverged(float lr) const;

  const WorkerSetup& w_;
  ThreadTeam::Member& member_;
  StepScratch& s_;
  Shard shard_;
  ShardState& published_;
  Rng rng_;
  int epoch_ = 0;
  std::uint64_t pos_ = 0;  // next position of the shard to read
  std::uint64_t unflushed_ = 0;
  double flushed_loss_ = 0, epoch_loss_start_ = 0;
  std::uint64_t flushed_pred_ = 0, epoch_pred_start_ = 0;
};

}  // namespace w2v
