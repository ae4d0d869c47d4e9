#pragma once

#include <cstdint>
#include <vector>

#include "train/cluster.h"
#include "train/model.h"
#include "train/options.h"

namespace w2v {

// Model synchronisation of a distributed run: every process trains its own part of the corpus
// on its own copy of the model (the same initial model everywhere: same seed), and at sync points
// every copy becomes the model at the last sync plus the processes' updates since, added up and
// divided by a gain g = max(1, N / 2), while every process trains at g times the learning rate.
// Why: while a row's updates are small, each is proportional to the rate, so the result is the
// sum of the updates at the plain rate, what one process with all the threads would have learnt
// (a mean would divide each process's learning by N). But a row that reaches where its gradient
// vanishes within one sync period (a frequent word's) moves there in every process, and N such
// moves added up overshoot N times over: the row's error is multiplied by 1 - N / g at each sync,
// which grows without bound once N / g > 2 (4 processes adding up diverged on the 5M-token
// benchmark) and stays bounded at N / g <= 2. The processes' word counts are summed for the
// learning rate's schedule. Sync points are set by words, not wall
// time, so that every process makes the same sequence of collective calls: with W the words of one
// epoch over all processes and K = ceil(W / sync_words) syncs per epoch, this process's sync j of
// epoch e is due when its own count reaches e * w + ceil(j * w / K) (w: its own words per epoch).
// Sync j averages the `sync_rows << ctz(j)` most frequent rows (a ruler sequence: the hot rows at
// every sync, twice as many every other one, ...), all rows at the last sync of each epoch, at a
// checkpoint and at the end. Memory: one more copy of the model's matrices (the model at the last
// sync). Called with every local thread parked (the ThreadTeam's hook), so the model is still while
// it is reduced and no update is lost.
class ModelSync {
 public:
  // local_words: this process's words per epoch. Makes one collective call (the sum of them).
  ModelSync(Cluster& cluster, const TrainOptions& o, std::uint64_t local_words);

  std::uint64_t global_words() const { return global_words_; }
  // g = max(1, N / 2) for N processes: every process trains at g times the learning rate, and a
  // sync adds up the N processes' updates divided by g. See the class comment.
  float step_gain() const { return step_gain_; }
  // This process's count at which the next sync is due; UINT64_MAX when none is left.
  std::uint64_t next_target() const;
  // A resumed run: the syncs made before the checkpoint (every process resumes at the same one).
  void resume_after(std::uint64_t syncs_done) { next_ = syncs_done + 1; }
  // Syncs made so far (during training; the final one is not counted).
  std::uint64_t syncs_done() const { return next_ - 1; }
  // Takes the model every process starts from (the same everywhere) as the last synced one.
  void start_from(const Model& model);

  struct Result {
    unsigned requests = 0;          // the TrainControl bits any process had
    std::uint64_t global_done = 0;  // words done over all processes
  };  // Runs, in order, the syncs due at local_done; local_requests: this process's TrainControl
  // bits, or-ed over all processes at each sync (a sync where any is set averages every row).
  // Stops after a sync that agreed on requests (the caller serves them before any other
  // collective); returns what the last sync run agreed.
  Result sync_due(Model& model, std::uint64_t local_done, unsigned local_requests);
  // The final sync: every row, and the summed count. All processes call it once, at the end.
  Result sync_all(Model& model, std::uint64_t local_done, unsigned local_requests);

  std::uint64_t n_syncs() const { return n_syncs_; }
  double seconds() const { return seconds_; }
  std::uint64_t bytes() const { return cluster_.bytes_sent(); }

 private:
  Result sync(Model& model, std::uint64_t local_done, unsigned local_requests, bool full);
  std::uint64_t target(std::uint64_t k) const;  // k in [1, total_): the count of sync k

  // rows [begin, begin + n) of one matrix (stride floats each): adds up the processes' updates
  // since the last sync into base and model.
  void merge(float* model_rows, float* base_rows, std::size_t n_rows, std::size_t stride);

  Cluster& cluster_;
  float step_gain_;
  std::vector<float> base_input_, base_output_, base_nodes_;  // the model at the last sync

  std::uint64_t sync_rows_;
  int epochs_;
  std::uint64_t local_words_ = 0, global_words_ = 0;
  std::uint64_t per_epoch_ = 1;  // K
  std::uint64_t next_ = 1;       // the next sync's number, 1-based over all epochs
  std::uint64_t n_syncs_ = 0;
  double seconds_ = 0;
};

}  // namespace w2v
