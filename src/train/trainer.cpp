// Threading model (Hogwild). Every OpenMP thread trains its own contiguous shard of the encoded
// corpus, epoch after epoch (ShardWorker), and reads and writes the rows of the shared matrices
// without locks. Those row updates race on purpose: two threads may add to the same row at once
// and one addition can be lost or mixed, which SGD tolerates (Recht et al. 2011; word2vec.c does
// the same). Everything else a thread touches is its own (its ShardWorker and StepScratch)
// except:
//   - RunCounters: atomic counters added to every 10,000 words with relaxed order; each thread
//     derives its learning rate from words_done (no shared alpha is ever written);
//   - the progress and checkpoint deadlines (ProgressClock), atomics too;
//   - the park/serve/fail protocol of the ThreadTeam: a stop or checkpoint request is seen once
//     per sentence; every thread parks at a sentence boundary with its ShardState published, the
//     last one runs the checkpoint with the model still, then all continue or leave; the first
//     exception or numeric failure stops them all and comes out of train().
#include "train/trainer.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>

#include "core/error.h"
#include "train/kernels.h"
#include "train/model_sync.h"
#include "train/shard_worker.h"

namespace w2v {

namespace {

std::string fixed(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// weight[d] of a context at distance d: 1 under random shrink, the keep probability of word2vec.c's
// random cut under expected shrink.
std::vector<float> context_weights(const TrainOptions& o) {
  std::vector<float> weight(static_cast<std::size_t>(o.window) + 1, 1.0f);
  if (*o.shrink == WindowShrink::kExpected) {
    for (int d = 1; d <= o.window; ++d) {
      weight[static_cast<std::size_t>(d)] = expected_context_weight(o.window, d);
    }
  }
  return weight;
}

// A progress report at `done` words of lr.words_total; the rate counts only this session's words
// (a resumed run starts with words_done > 0).
TrainProgress progress_report(const TrainOptions& o, const LearningRate& lr,
                              std::uint64_t words_at_start, std::uint64_t done, double seconds,
                              double mean_loss, bool final) {
  TrainProgress p;
  p.words_done = std::min(done, lr.words_total);
  p.words_total = lr.words_total;
  p.fraction = static_cast<double>(p.words_done) / static_cast<double>(lr.words_total);
  p.epoch = std::min(o.epochs, 1 + static_cast<int>(p.fraction * o.epochs));
  p.seconds = seconds;
  p.words_per_sec =
      seconds > 0
          ? static_cast<double>(p.words_done - std::min(p.words_done, words_at_start)) / seconds
          : 0.0;
  p.words_per_sec_per_thread = p.words_per_sec / o.n_threads;
  p.alpha = lr.at(p.words_done);
  p.loss = mean_loss;
  p.eta_seconds = p.words_per_sec > 0
                      ? static_cast<double>(lr.words_total - p.words_done) / p.words_per_sec
                      : 0.0;
  p.done = final;
  return p;
}

TrainStats run_stats(const TrainOptions& o, const RunCounters& counters, const TrainState& state,
                     std::uint64_t words_at_start, double seconds, KernelIsa isa) {
  TrainStats st;
  st.words_trained = counters.words_done.load();
  st.words_kept = counters.words_kept.load();
  st.predictions = counters.predictions.load();
  st.seconds = seconds;
  st.words_per_sec =
      seconds > 0 ? static_cast<double>(st.words_trained - words_at_start) / seconds : 0.0;
  st.n_threads = o.n_threads;
  st.isa = isa;
  for (int e = 0; e < o.epochs; ++e) {
    const std::size_t i = static_cast<std::size_t>(e);
    st.epoch_loss.push_back(
        state.epoch_predictions[i] > 0 ? state.epoch_loss[i] / state.epoch_predictions[i] : 0.0);
  }
  st.epoch_loss_sum = state.epoch_loss;
  st.epoch_predictions = state.epoch_predictions;
  return st;
}

}  // namespace

Trainer::Trainer(TrainOptions opts, const Vocab& vocab) : opts_(std::move(opts)), vocab_(vocab) {
  opts_.validate();
  opts_.resolve_defaults();
  kernels_for(opts_.isa);  // throws UsageError now if the CPU lacks the requested kernels
  if (vocab.size() < 2) {
    throw FormatError("the vocabulary has no words besides \"</s>\"; try a smaller --min-count");
  }
  // "</s>" is never drawn as noise (word2vec.c draws it; it is not a word).
  std::vector<std::uint64_t> noise_counts = vocab.counts();
  noise_counts[Vocab::kSentenceEndId] = 0;
  negatives_ = NegativeSampler(noise_counts, *opts_.noise_power);
  subsampler_ = Subsampler(vocab.counts(), opts_.sample);
  if (opts_.hs) tree_ = HuffmanTree(vocab.counts());
}

ModelShape Trainer::model_shape() const {
  ModelShape shape;
  shape.output_rows = opts_.negative > 0;
  shape.shared = opts_.shared_embeddings;
  shape.node_rows = opts_.hs;
  return shape;
}

TrainResult Trainer::train(const EncodedCorpus& corpus, const ProgressFn& progress,
                           TrainControl* control) const {
  if (corpus.n_words() == 0) {
    throw FormatError("nothing to train: no word of the corpus is in the vocabulary");
  }
  const std::vector<Shard> shards = corpus.shards(opts_.n_threads);
  TrainState state;
  state.epoch_loss.assign(static_cast<std::size_t>(opts_.epochs), 0.0);
  state.epoch_predictions.assign(static_cast<std::size_t>(opts_.epochs), 0.0);
  for (std::size_t t = 0; t < shards.size(); ++t) {
    state.shards.push_back({Rng(opts_.seed, t).state(), 0, shards[t].begin});
  }
  return run(corpus, Model(vocab_.size(), opts_.dim, opts_.seed, model_shape()), std::move(state),
             progress, control);
}

TrainResult Trainer::resume(const EncodedCorpus& corpus, Model model, TrainState state,
                            const ProgressFn& progress, TrainControl* control) const {
  if (corpus.n_words() == 0) {
    throw FormatError("nothing to train: no word of the corpus is in the vocabulary");
  }
  const std::vector<Shard> shards = corpus.shards(opts_.n_threads);
  const auto bad = [](const std::string& what) {
    throw FormatError("the checkpoint does not fit this corpus and these options: " + what);
  };
  if (model.n_words() != vocab_.size() || model.dim() != opts_.dim) {
    bad("the model is " + std::to_string(model.n_words()) + " x " + std::to_string(model.dim()) +
        ", expected " + std::to_string(vocab_.size()) + " x " + std::to_string(opts_.dim));
  }
  const ModelShape want = model_shape(), have = model.shape();
  if (want.output_rows != have.output_rows || want.shared != have.shared ||
      want.node_rows != have.node_rows) {
    bad("the model's matrices do not match the objectives (--negative, --hs, "
        "--shared-embeddings)");
  }
  if (state.shards.size() != shards.size()) {
    bad(std::to_string(state.shards.size()) + " shards for " + std::to_string(shards.size()) +
        " threads");
  }
  if (state.epoch_loss.size() != static_cast<std::size_t>(opts_.epochs) ||
      state.epoch_predictions.size() != static_cast<std::size_t>(opts_.epochs)) {
    bad("per-epoch statistics for " + std::to_string(state.epoch_loss.size()) + " epochs, not " +
        std::to_string(opts_.epochs));
  }
  // This process's words: a distributed checkpoint's words_done counts every process's (run()
  // holds it to the global total), rank_words[rank] this process's own.
  const std::uint64_t words_total = corpus.n_words() * static_cast<std::uint64_t>(opts_.epochs);
  const std::uint64_t own_done = own_words_done(state);
  if (own_done > words_total) {
    bad(std::to_string(own_done) + " words done of " + std::to_string(words_total));
  }
  for (std::size_t t = 0; t < shards.size(); ++t) {
    const ShardState& sh = state.shards[t];
    if (sh.epoch < 0 || sh.epoch > opts_.epochs || sh.pos < shards[t].begin ||
        sh.pos > shards[t].end) {
      bad("shard " + std::to_string(t) + " is at epoch " + std::to_string(sh.epoch) +
          ", position " + std::to_string(sh.pos) + ", outside [" + std::to_string(shards[t].begin) +
          ", " + std::to_string(shards[t].end) + "]");
    }
  }
  return run(corpus, std::move(model), std::move(state), progress, control);
}

TrainResult Trainer::run(const EncodedCorpus& corpus, Model model, TrainState state,
                         const ProgressFn& progress, TrainControl* control) const {
  const TrainOptions& o = opts_;
  const std::vector<Shard> shards = corpus.shards(o.n_threads);
  // A distributed run averages its model with the other processes' (one collective here).
  const bool distributed = cluster_ != nullptr && cluster_->size() > 1;
  std::optional<ModelSync> sync;
  if (distributed) sync.emplace(*cluster_, o, corpus.n_words());
  const std::uint64_t words_per_epoch = distributed ? sync->global_words() : corpus.n_words();
  // A distributed run trains every process at step_gain() times the rate (ModelSync).
  const float gain = distributed ? sync->step_gain() : 1.0f;
  const LearningRate lr{*o.alpha * gain, *o.min_alpha * gain,
                        words_per_epoch * static_cast<std::uint64_t>(o.epochs)};
  if (state.words_done > lr.words_total) {  // the same on every process: all of them throw
    throw FormatError("the checkpoint does not fit this corpus and these options: " +
                      std::to_string(state.words_done) + " words done of " +
                      std::to_string(lr.words_total) + " (all processes)");
  }
  TrainResult result;
  result.model = std::move(model);
  const Kernels& k = kernels_for(o.isa);
  const std::vector<float> weight = context_weights(o);
  const StepContext ctx = step_context(k, result.model, weight);

  // Counted over all processes; a distributed run counts its own words too (rank_words: none
  // yet, or from a checkpoint).
  const std::uint64_t words_at_start = state.words_done;
  const std::uint64_t local_start = own_words_done(state);
  RunCounters counters;
  start_counters(counters, state, local_start);
  if (distributed) {
    counters.global_base = state.words_done;
    counters.local_base = local_start;
    counters.n_ranks = static_cast<std::uint64_t>(cluster_->size());
    sync->resume_after(state.syncs_done);
    sync->start_from(result.model);
  }
  const auto make_report = [&](std::uint64_t done, double seconds, double mean_loss, bool final) {
    return progress_report(o, lr, words_at_start, done, seconds, mean_loss, final);
  };

  // Checkpoint and stop requests: set by the caller (TrainControl) or by the clock. One process
  // serves them at once; a distributed run at its next sync, where all processes agree on them.
  std::atomic<unsigned> no_requests{0}, sync_requests{0};
  std::atomic<std::uint64_t> sync_target{distributed ? sync->next_target() : 0};
  std::atomic<unsigned>& requests = control ? control->requests() : no_requests;
  ProgressClock clock(progress, o.progress_interval, control ? control->checkpoint_interval : 0.0,
                      requests, counters, make_report);
  if (distributed) clock.set_sync(&sync_target, &sync_requests);
  // With every thread parked: write the checkpoint (if asked for one), stop if asked to; in a
  // distributed run, first the syncs that are due, which agree on the requests.
  const auto checkpoint = [&](std::uint64_t global_done) {
    if (!control || !control->on_checkpoint) return;
    state.words_done = global_done;
    if (distributed) {
      state.rank_words = {counters.words_done.load(std::memory_order_relaxed)};
      state.syncs_done = sync->syncs_done();
    }
    state.words_kept = counters.words_kept.load(std::memory_order_relaxed);
    state.predictions = counters.predictions.load(std::memory_order_relaxed);
    control->on_checkpoint(state, result.model);
  };
  const auto serve = [&](unsigned req) {
    if (!distributed) {
      checkpoint(counters.words_done.load(std::memory_order_relaxed));
      return (req & TrainControl::kStop) != 0;
    }
    const std::uint64_t local = counters.words_done.load(std::memory_order_relaxed);
    const ModelSync::Result r = sync->sync_due(result.model, local, requests.exchange(0));
    counters.global_base = r.global_done;
    counters.local_base = local;
    sync_target = sync->next_target();
    if (r.requests != 0) checkpoint(r.global_done);
    return (r.requests & TrainControl::kStop) != 0;
  };
  ThreadTeam team(o.n_threads, distributed ? sync_requests : requests, serve);
  const WorkerSetup setup{o,   corpus, vocab_.size(), subsampler_, pick_step(o),
                          ctx, lr,     counters,      clock,       &vocab_.words()};
  const int max_path = o.hs ? tree_.max_length() : 0;
  bool stopped = team.run([&](ThreadTeam::Member& member) {
    StepScratch scratch(o, result.model.stride(), max_path);
    // With fewer threads than shards (an OpenMP limit), a thread takes several shards in turn.
    for (int shard = member.index(); shard < o.n_threads && !member.stopping();
         shard += member.size()) {
      const std::size_t t = static_cast<std::size_t>(shard);
      ShardWorker(setup, member, scratch, shards[t], state.shards[t]).run();
    }
  });
  std::uint64_t global_done = counters.words_done.load();
  if (distributed && !stopped) {
    // The syncs the last flushes made due but no thread stayed to serve, then the final one:
    // every process makes the same sequence of collectives, and ends with the same, fully
    // averaged model.
    while (!stopped && sync->next_target() <= counters.words_done.load()) stopped = serve(0);
    if (!stopped) {
      const std::uint64_t local = counters.words_done.load();
      const ModelSync::Result r = sync->sync_all(result.model, local, requests.exchange(0));
      global_done = r.global_done;
      if (r.requests != 0) checkpoint(r.global_done);
      stopped = (r.requests & TrainControl::kStop) != 0;
    }
  }

  const double seconds = clock.seconds();
  result.stats = run_stats(o, counters, state, local_start, seconds, k.isa);
  result.stats.global_words_trained = global_done;
  if (distributed) {
    result.stats.n_syncs = sync->n_syncs();
    result.stats.sync_seconds = sync->seconds();
    result.stats.sync_bytes = sync->bytes();
  }
  result.stopped = stopped;
  if (!stopped) finish(result, counters, progress, make_report(global_done, seconds, 0.0, true));
  return result;
}

std::uint64_t Trainer::own_words_done(const TrainState& state) const {
  if (cluster_ == nullptr || cluster_->size() <= 1) return state.words_done;
  if (state.rank_words.empty()) return 0;  // a fresh distributed run
  return state.rank_words.at(static_cast<std::size_t>(cluster_->rank()));
}

StepContext Trainer::step_context(const Kernels& k, Model& model,
                                  const std::vector<float>& weight) const {
  const TrainOptions& o = opts_;
  return StepContext{k,
                     negatives_,
                     sigmoid_,
                     o.hs ? &tree_ : nullptr,
                     model,
                     o.window,
                     o.negative,
                     model.stride(),
                     *o.shrink == WindowShrink::kExpected,
                     weight.data()};
}

void Trainer::start_counters(RunCounters& counters, TrainState& state, std::uint64_t local_start) {
  counters.words_done = local_start;
  counters.words_kept = state.words_kept;
  counters.predictions = state.predictions;
  counters.epoch_loss = &state.epoch_loss;
  counters.epoch_predictions = &state.epoch_predictions;
}

void Trainer::finish(const TrainResult& result, RunCounters& counters, const ProgressFn& progress,
                     TrainProgress report) const {
  // A NaN can also enter through an update that no later dot product read.
  if (!result.model.all_finite()) {
    throw NumericError(
        "training diverged: the model holds NaN or Inf; try a smaller --alpha (it is " +
        fixed(static_cast<double>(*opts_.alpha)) + ")");
  }
  if (progress) {
    const double l = counters.loss_sum.exchange(0.0);
    const std::uint64_t n = counters.loss_count.exchange(0);
    report.loss = n > 0 ? l / static_cast<double>(n) : 0.0;
    progress(report);
  }
}
}  // namespace w2v
