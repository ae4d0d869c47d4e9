#include "train/shard_worker.h"

#include <cstdio>
#include <string>

#include "core/error.h"

namespace w2v {

namespace {

constexpr std::uint64_t kFlushWords = 10000;          // words between counter updates
constexpr std::uint64_t kReleasePositions = 1 << 20;  // ids (4 MB) between page releases

std::string fixed(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace

ProgressClock::ProgressClock(const ProgressFn& progress, double interval,
                             double checkpoint_interval, std::atomic<unsigned>& requests,
                             RunCounters& counters, ReportFn make_report)
    : progress_(progress),
      requests_(requests),
      counters_(counters),
      make_report_(std::move(make_report)),
      interval_ns_(static_cast<std::int64_t>(interval * 1e9)),
      checkpoint_interval_ns_(static_cast<std::int64_t>(checkpoint_interval * 1e9)),
      next_report_ns_(interval_ns_),
      next_checkpoint_ns_(checkpoint_interval_ns_) {}

std::int64_t ProgressClock::now_ns() const {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start_).count();
}

double ProgressClock::seconds() const {
  return std::chrono::duration<double>(Clock::now() - start_).count();
}

void ProgressClock::tick(std::uint64_t done) {
  if (sync_target_ != nullptr && done >= sync_target_->load(std::memory_order_relaxed)) {
    sync_requests_->fetch_or(1, std::memory_order_relaxed);
  }
  if (!progress_ && checkpoint_interval_ns_ <= 0) return;
  const std::int64_t now = now_ns();
  std::int64_t due = next_report_ns_.load(std::memory_order_relaxed);
  if (progress_ && now >= due &&
      next_report_ns_.compare_exchange_strong(due, now + interval_ns_, std::memory_order_relaxed)) {
    // One report at a time: a slow callback (a paused terminal) makes the next deadline's winner
    // skip its report instead of running beside it.
    std::unique_lock<std::mutex> report_lock(report_mu_, std::try_to_lock);
    if (report_lock.owns_lock()) {
      const double l = counters_.loss_sum.exchange(0.0, std::memory_order_relaxed);
      const std::uint64_t n = counters_.loss_count.exchange(0, std::memory_order_relaxed);
      progress_(make_report_(counters_.global_estimate(done), static_cast<double>(now) * 1e-9,
                             n > 0 ? l / static_cast<double>(n) : 0.0, false));
    }
  }
  std::int64_t ckpt_due = next_checkpoint_ns_.load(std::memory_order_relaxed);
  if (checkpoint_interval_ns_ > 0 && now >= ckpt_due &&
      next_checkpoint_ns_.compare_exchange_strong(ckpt_due, now + checkpoint_interval_ns_,
                                                  std::memory_order_relaxed)) {
    requests_.fetch_or(TrainControl::kCheckpoint, std::memory_order_relaxed);
  }
}

ShardWorker::ShardWorker(const WorkerSetup& setup, ThreadTeam::Member& member, StepScratch& scratch,
                         Shard shard, ShardState& published)
    : w_(setup), member_(member), s_(scratch), shard_(shard), published_(published) {
  member_.locked([&] {
    rng_.set_state(published_.rng_state);
    epoch_ = published_.epoch;
    pos_ = published_.pos;
  });
  s_.loss = 0;
  s_.predictions = 0;
}

// Adds this thread's unflushed counts to the shared ones; returns the shared word count.
std::uint64_t ShardWorker::flush() {
  RunCounters& c = w_.counters;
  const std::uint64_t done =
      c.words_done.fetch_add(unflushed_, std::memory_order_relaxed) + unflushed_;
  unflushed_ = 0;
  c.loss_sum.fetch_add(s_.loss - flushed_loss_, std::memory_order_relaxed);
  c.loss_count.fetch_add(s_.predictions - flushed_pred_, std::memory_order_relaxed);
  c.predictions.fetch_add(s_.predictions - flushed_pred_, std::memory_order_relaxed);
  flushed_loss_ = s_.loss;
  flushed_pred_ = s_.predictions;
  return done;
}

void ShardWorker::close_epoch_stats() {
  RunCounters& c = w_.counters;
  std::lock_guard<std::mutex> lock(c.epoch_mu);
  (*c.epoch_loss)[static_cast<std::size_t>(epoch_)] += s_.loss - epoch_loss_start_;
  (*c.epoch_predictions)[static_cast<std::size_t>(epoch_)] +=
      static_cast<double>(s_.predictions - epoch_pred_start_);
  epoch_loss_start_ = s_.loss;
  epoch_pred_start_ = s_.predictions;
}

// Waits at a sentence boundary, everything flushed and published, until the team has served
// the pending requests.
void ShardWorker::park() {
  flush();
  close_epoch_stats();
  member_.park([&] { published_ = {rng_.state(), epoch_, pos_}; });
}

// Reads one sentence (or a kMaxSentence piece of one) into s_.sentence, subsampling as it goes;
// returns the number of words read.
std::uint64_t ShardWorker::read_sentence() {
  const WordId* const data = w_.corpus.data();
  s_.sentence.clear();
  const std::uint64_t limit = std::min(shard_.end, pos_ + EncodedCorpus::kMaxSentence);
  std::uint64_t n_read = 0;
  while (pos_ < limit) {
    const WordId id = data[pos_++];
    if (id == Vocab::kSentenceEndId) break;
    if (id >= w_.vocab_size) {
      throw FormatError("encoded corpus holds id " + std::to_string(id) + " at position " +
                        std::to_string(pos_ - 1) + " but the vocabulary has " +
                        std::to_string(w_.vocab_size) + " words");
    }
    ++n_read;
    if (w_.subsampler.keep(id, rng_)) s_.sentence.push_back(id);
  }
  return n_read;
}

void ShardWorker::diverged(float lr) const {
  throw NumericError("training diverged: a score became NaN or Inf in epoch " +
                     std::to_string(epoch_ + 1) + " near the word \"" + (*w_.words)[s_.bad_word] +
                     "\" (learning rate " + fixed(static_cast<double>(lr)) +
                     "); try a smaller --alpha (it is " + fixed(static_cast<double>(w_.lr.alpha)) +
                     ")");
}

void ShardWorker::run() {
  const int epochs = w_.opts.epochs;
  for (; epoch_ < epochs && !member_.stopping(); ++epoch_, pos_ = shard_.begin) {
    epoch_loss_start_ = s_.loss;
    epoch_pred_start_ = s_.predictions;
    std::uint64_t released = pos_;
    while (pos_ < shard_.end && !member_.stopping()) {
      if (member_.pending()) {
        park();
        if (member_.stopping()) break;
      }
      const std::uint64_t n_read = read_sentence();
      // The learning rate of this sentence, from everyone's progress plus ours.
      const float lr = w_.lr.at(w_.counters.global_estimate(
          w_.counters.words_done.load(std::memory_order_relaxed) + unflushed_));
      w_.step(w_.ctx, s_.sentence.data(), static_cast<int>(s_.sentence.size()), lr, rng_, s_);
      if (s_.bad) diverged(lr);
      w_.counters.words_kept.fetch_add(s_.sentence.size(), std::memory_order_relaxed);
      unflushed_ += n_read;
      if (unflushed_ >= kFlushWords ||
          w_.clock.sync_due(w_.counters.words_done.load(std::memory_order_relaxed) + unflushed_)) {
        w_.clock.tick(flush());
      }
      if (pos_ - released >= kReleasePositions) {
        w_.corpus.release(released, pos_);
        released = pos_;
      }
    }
    w_.corpus.release(released, shard_.end);
    close_epoch_stats();
    if (pos_ < shard_.end) break;  // stopped mid-epoch: the state stays where it stopped
  }
  flush();
  member_.locked([&] { published_ = {rng_.state(), epoch_, pos_}; });
}

}  // namespace w2v
