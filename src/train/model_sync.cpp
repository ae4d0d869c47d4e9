#include "train/model_sync.h"

#include <algorithm>
#include <bit>
#include <chrono>
#include <limits>

namespace w2v {

ModelSync::ModelSync(Cluster& cluster, const TrainOptions& o, std::uint64_t local_words)
    : cluster_(cluster),
      step_gain_(std::max(1.0f, 0.5f * static_cast<float>(cluster.size()))),
      sync_rows_(o.sync_rows),
      epochs_(o.epochs),
      local_words_(local_words) {
  global_words_ = local_words;
  cluster_.sum(&global_words_, 1);
  const std::uint64_t every = std::max<std::uint64_t>(1, o.sync_words);
  per_epoch_ = std::max<std::uint64_t>(1, (global_words_ + every - 1) / every);
}

void ModelSync::start_from(const Model& model) {
  const std::size_t stride = static_cast<std::size_t>(model.stride());
  const auto copy = [&](const float* rows, std::size_t n, std::vector<float>& to) {
    to.assign(rows, rows + n * stride);
  };
  copy(model.input_row(0), model.n_words(), base_input_);
  if (model.shape().output_rows && !model.shape().shared) {
    copy(model.output_row(0), model.n_words(), base_output_);
  }
  if (model.n_nodes() > 0) copy(model.node_row(0), model.n_nodes(), base_nodes_);
}

// The processes' updates since the last sync, (model - base), added up and scaled by 1 / gain
// (see step_gain), then added to base: the new model of all of them. The model is still (every
// thread parked).
void ModelSync::merge(float* model_rows, float* base_rows, std::size_t n_rows, std::size_t stride) {
  const std::size_t n = n_rows * stride;
  for (std::size_t i = 0; i < n; ++i) model_rows[i] -= base_rows[i];
  cluster_.sum(model_rows, n);
  const float scale = 1.0f / step_gain_;
  for (std::size_t i = 0; i < n; ++i) {
    model_rows[i] = base_rows[i] + model_rows[i] * scale;
    base_rows[i] = model_rows[i];
  }
}

std::uint64_t ModelSync::target(std::uint64_t k) const {
  const std::uint64_t e = (k - 1) / per_epoch_, j = (k - 1) % per_epoch_ + 1;
  // ceil(j * w / K) without overflow: j <= K, so split w into K-sized pieces.
  const std::uint64_t whole = local_words_ / per_epoch_, rest = local_words_ % per_epoch_;
  const std::uint64_t part = j * whole + (j * rest + per_epoch_ - 1) / per_epoch_;
  return e * local_words_ + part;
}

std::uint64_t ModelSync::next_target() const {
  const std::uint64_t total = per_epoch_ * static_cast<std::uint64_t>(epochs_);
  // The last sync of all is the final one (sync_all), after the threads have finished.
  return next_ < total ? target(next_) : std::numeric_limits<std::uint64_t>::max();
}

ModelSync::Result ModelSync::sync_due(Model& model, std::uint64_t local_done,
                                      unsigned local_requests) {
  Result r;
  while (next_target() <= local_done) {
    const bool epoch_end = next_ % per_epoch_ == 0;
    r = sync(model, local_done, local_requests, epoch_end);
    local_requests = 0;  // sent
    ++next_;
    // Agreed requests are served right after the sync that agreed them, by every process at the
    // same point of the sequence of collectives: stop here.
    if (r.requests != 0) break;
  }
  return r;
}

ModelSync::Result ModelSync::sync_all(Model& model, std::uint64_t local_done,
                                      unsigned local_requests) {
  return sync(model, local_done, local_requests, true);
}

ModelSync::Result ModelSync::sync(Model& model, std::uint64_t local_done, unsigned local_requests,
                                  bool full) {
  const auto start = std::chrono::steady_clock::now();
  Result r;
  r.requests = cluster_.any(local_requests);
  std::uint64_t done = local_done;
  cluster_.sum(&done, 1);
  r.global_done = done;
  if (r.requests != 0) full = true;  // a checkpoint holds the averaged model
  // Rows by frequency: sync j's hot prefix is sync_rows << ctz(j) (or everything).
  const std::size_t n_words = model.n_words();
  std::size_t rows = n_words;
  if (!full) {
    const int doubling = std::min(std::countr_zero(next_), 40);
    rows = static_cast<std::size_t>(
        std::min<std::uint64_t>(n_words, sync_rows_ << std::min(doubling, 40)));
  }
  const std::size_t stride = static_cast<std::size_t>(model.stride());
  merge(model.input_row(0), base_input_.data(), rows, stride);
  if (model.shape().output_rows && !model.shape().shared) {
    merge(model.output_row(0), base_output_.data(), rows, stride);
  }
  if (model.n_nodes() > 0) {
    // The nodes nearest the root (the last made) are on the most paths: the hot end.
    const std::size_t nodes = std::min(model.n_nodes(), full ? model.n_nodes() : rows);
    const std::size_t first = model.n_nodes() - nodes;
    merge(model.node_row(static_cast<std::uint32_t>(first)), base_nodes_.data() + first * stride,
          nodes, stride);
  }
  ++n_syncs_;
  seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace w2v
