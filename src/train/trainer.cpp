// Threading model (Hogwild). Every OpenMP thread trains its own contiguous shard of the encoded
// corpus, epoch after epoch, and reads and writes the rows of the two shared matrices without
// locks. Those row updates race on purpose: two threads may add to the same row at once and one
// addition can be lost or mixed, which SGD tolerates (Recht et al. 2011; word2vec.c does the
// same). Everything else a thread touches is its own (ThreadState, scratch buffers) except:
//   - words_done_: one atomic counter, added to every kFlushWords words with relaxed order; each
//     thread derives its learning rate from it (no shared alpha is ever written);
//   - the loss accumulators and the report clock, atomics too;
//   - stop/error: the first exception or numeric failure is parked under a mutex, every thread
//     sees `stop` at its next sentence and leaves, and train() rethrows after the region;
//   - checkpoints: TrainControl's request bits, read once per sentence. A thread that sees one
//     flushes its counters, publishes its ThreadState and waits on a condition variable; a
//     thread that has finished its shards counts as parked. The last one to park calls
//     on_checkpoint (all others wait, so the model is still), then everyone continues, or
//     leaves on a stop request.
#include "train/trainer.h"

#include <omp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <string>
#include <utility>

#include "core/error.h"
#include "train/kernels.h"
#include "train/rng.h"

namespace w2v {

namespace {

constexpr std::uint64_t kFlushWords = 10000;          // words between counter updates
constexpr std::uint64_t kReleasePositions = 1 << 20;  // ids (4 MB) between page releases

using Clock = std::chrono::steady_clock;

// Everything one thread needs to continue exactly where it stopped; a checkpoint saves it (as a
// ShardState) at a sentence boundary together with words_done and the two matrices.
struct ThreadState {
  Rng rng;
  int epoch = 0;
  std::uint64_t pos = 0;  // next position of the shard to read
};

ShardState to_shard_state(const ThreadState& t) { return {t.rng.state(), t.epoch, t.pos}; }

// Per-thread scratch, allocated inside the parallel region; sized for the largest window.
struct Scratch {
  std::vector<WordId> sentence;
  std::vector<float*> in_rows;   // syn0 rows of the contexts
  std::vector<float*> out_rows;  // syn1neg rows: target first, then negatives
  std::vector<float> labels;
  std::vector<float> scores;       // fast SG: contexts x targets, then gradients in place
  std::vector<float> in_delta;     // fast SG: per context, its pending update
  std::vector<float> row_lr;       // fast SG: per context, lr x its weight
  std::vector<float> hidden;       // neu1
  std::vector<float> hidden_grad;  // neu1e
  double loss = 0;                 // in the current shard
  std::uint64_t predictions = 0;   // in the current shard
  bool bad = false;                // a score was NaN or Inf
  WordId bad_word = 0;

  Scratch(const TrainOptions& o, int stride) {
    const std::size_t ctx = 2 * static_cast<std::size_t>(o.window);
    const std::size_t tgt = static_cast<std::size_t>(o.negative) + 1;
    sentence.reserve(EncodedCorpus::kMaxSentence);
    in_rows.resize(ctx);
    out_rows.resize(tgt);
    labels.resize(tgt);
    scores.resize(ctx * tgt);
    in_delta.resize(ctx * static_cast<std::size_t>(stride));
    row_lr.resize(ctx);
    hidden.resize(static_cast<std::size_t>(stride));
    hidden_grad.resize(static_cast<std::size_t>(stride));
  }
};

// What the per-sentence functions read; one per train() call, shared read-only.
struct Context {
  const Kernels& k;
  const NegativeSampler& negatives;
  const SigmoidTable& sigmoid;
  Model& model;
  int window;
  int negative;
  int stride;
  // kExpected: the full window, context at distance d weighted by weight[d]; kRandom: a random
  // width per centre word, every weight 1.
  bool expected;
  const float* weight;  // [0, window]; weight[0] unused

  // The half-width of centre word i's window: drawn in [1, window] (word2vec.c: one draw per
  // centre word, before its contexts), or the full window.
  int span(Rng& rng) const {
    return expected ? window
                    : window - static_cast<int>(rng.below(static_cast<std::uint32_t>(window)));
  }
};

// Fills s.out_rows/labels with the target (label 1) and up to `negative` noise words, skipping
// noise equal to the target as word2vec.c does. Returns the number of rows.
inline int draw_targets(const Context& c, WordId target, Rng& rng, Scratch& s) {
  int n = 0;
  s.out_rows[n] = c.model.output_row(target);
  s.labels[n++] = 1.0f;
  for (int d = 0; d < c.negative; ++d) {
    const WordId noise = c.negatives.sample(rng);
    if (noise == target) continue;
    s.out_rows[n] = c.model.output_row(noise);
    s.labels[n++] = 0.0f;
  }
  return n;
}

// Exact skip-gram, word2vec.c's order: for each centre word and each context in its window
// (its learning rate times the context's weight), the context's input row (syn0) predicts the
// centre through output rows (syn1neg) of the centre and `negative` fresh noise words, updating
// each output row at once and the input row after all targets. Per-thread: hidden_grad. Racing
// writes: syn0 and syn1neg rows.
void sg_exact(const Context& c, const WordId* sen, int len, float lr, Rng& rng, Scratch& s) {
  const int stride = c.stride;
  float* hidden_grad = s.hidden_grad.data();
  for (int i = 0; i < len; ++i) {
    const WordId centre = sen[i];
    const int span = c.span(rng);
    const int lo = std::max(0, i - span), hi = std::min(len - 1, i + span);
    for (int j = lo; j <= hi; ++j) {
      if (j == i) continue;
      const float pair_lr = lr * c.weight[j < i ? i - j : j - i];
      float* in = c.model.input_row(sen[j]);
      std::fill(hidden_grad, hidden_grad + stride, 0.0f);
      for (int d = 0; d <= c.negative; ++d) {
        WordId target = centre;
        float label = 1.0f;
        if (d > 0) {
          target = c.negatives.sample(rng);
          if (target == centre) continue;
          label = 0.0f;
        }
        float* out = c.model.output_row(target);
        // hidden -> output
        const float f = c.k.dot(in, out, stride);
        if (!std::isfinite(f)) {
          s.bad = true;
          s.bad_word = centre;
          return;
        }
        const float g = c.sigmoid.gradient(f, label, pair_lr);
        s.loss += static_cast<double>(c.sigmoid.loss(f, label));
        ++s.predictions;
        c.k.axpy(g, out, hidden_grad, stride);  // hidden_grad += g * output row
        c.k.axpy(g, in, out, stride);           // output row += g * input row (races)
      }
      // hidden_grad -> context row (races)
      c.k.axpy(1.0f, hidden_grad, in, stride);
    }
  }
}

// Fast skip-gram, pWord2Vec's HogBatch: for each centre word, the m context rows of its window
// are scored at once against one shared set of n targets (the centre + noise), an m x n
// matrix of dot products, then both sides are updated from that one matrix (each side's update
// uses the other side's values from before the step):
//   scores = I O^T;  G = (label - sigmoid(scores)) * lr_r;  dI = G O;  O += G^T I;  I += dI,
// where lr_r = lr x the weight of context r (1 under random shrink; see WindowShrink).
// Noise is drawn once per centre word instead of once per (centre, context) pair, so random
// syn1neg rows are fetched ~m times less often and the 2-D blocks stay in L1.
// Per-thread: scores, in_delta. Racing writes: syn0 rows (I) and syn1neg rows (O).
void sg_fast(const Context& c, const WordId* sen, int len, float lr, Rng& rng, Scratch& s) {
  const int stride = c.stride;
  float* row_lr = s.row_lr.data();
  for (int i = 0; i < len; ++i) {
    const int span = c.span(rng);
    const int lo = std::max(0, i - span), hi = std::min(len - 1, i + span);
    int m = 0;
    for (int j = lo; j <= hi; ++j) {
      if (j == i) continue;
      row_lr[m] = lr * c.weight[j < i ? i - j : j - i];
      s.in_rows[m++] = c.model.input_row(sen[j]);
    }
    if (m == 0) continue;
    const int n = draw_targets(c, sen[i], rng, s);
    float* scores = s.scores.data();
    // contexts -> scores
    for (int r = 0; r < m; ++r)
      c.k.dot_many(s.in_rows[r], s.out_rows.data(), n, stride, scores + r * n);
    // scores -> gradients, in place
    for (int r = 0; r < m; ++r) {
      for (int t = 0; t < n; ++t) {
        const float f = scores[r * n + t];
        if (!std::isfinite(f)) {
          s.bad = true;
          s.bad_word = sen[i];
          return;
        }
        s.loss += static_cast<double>(c.sigmoid.loss(f, s.labels[t]));
        scores[r * n + t] = c.sigmoid.gradient(f, s.labels[t], row_lr[r]);
      }
    }
    s.predictions += static_cast<std::uint64_t>(m) * static_cast<std::uint64_t>(n);
    // gradients -> pending context updates (dI = G O, old O)
    for (int r = 0; r < m; ++r) {
      c.k.combine(s.out_rows.data(), scores + r * n, 1, n, stride,
                  s.in_delta.data() + static_cast<std::size_t>(r) * stride, false);
    }
    // gradients -> output rows (O += G^T I, old I; races)
    for (int t = 0; t < n; ++t) {
      c.k.combine(s.in_rows.data(), scores + t, n, m, stride, s.out_rows[t], true);
    }
    // pending updates -> context rows (races)
    for (int r = 0; r < m; ++r) {
      c.k.axpy(1.0f, s.in_delta.data() + static_cast<std::size_t>(r) * stride, s.in_rows[r],
               stride);
    }
  }
}

// CBOW, word2vec.c's maths: the mean of the context rows (hidden) predicts the centre through
// the output rows of the centre and `negative` noise words; hidden_grad (not divided by the
// number of contexts, as in word2vec.c and gensim) is added to every context row.
// Exact: each target is scored and updated in turn. Fast: all targets are scored first with one
// dot_many, then updated (differs only when a noise word repeats within one step).
// Per-thread: hidden, hidden_grad. Racing writes: syn0 rows (contexts), syn1neg rows (targets).
template <bool kFast>
void cbow(const Context& c, const WordId* sen, int len, float lr, Rng& rng, Scratch& s) {
  const int stride = c.stride;
  float* hidden = s.hidden.data();
  float* hidden_grad = s.hidden_grad.data();
  float* scores = s.scores.data();
  for (int i = 0; i < len; ++i) {
    const int span = c.span(rng);  // always random: options reject CBOW with kExpected
    const int lo = std::max(0, i - span), hi = std::min(len - 1, i + span);
    int m = 0;
    for (int j = lo; j <= hi; ++j) {
      if (j != i) s.in_rows[m++] = c.model.input_row(sen[j]);
    }
    if (m == 0) continue;
    // context -> hidden (mean)
    const float inv_m = 1.0f / static_cast<float>(m);
    for (int r = 0; r < m; ++r) scores[r] = inv_m;
    c.k.combine(s.in_rows.data(), scores, 1, m, stride, hidden, false);
    std::fill(hidden_grad, hidden_grad + stride, 0.0f);
    const int n = draw_targets(c, sen[i], rng, s);
    // hidden -> output (positive + negatives)
    if (kFast) c.k.dot_many(hidden, s.out_rows.data(), n, stride, scores);
    for (int t = 0; t < n; ++t) {
      float* out = s.out_rows[t];
      const float f = kFast ? scores[t] : c.k.dot(hidden, out, stride);
      if (!std::isfinite(f)) {
        s.bad = true;
        s.bad_word = sen[i];
        return;
      }
      const float g = c.sigmoid.gradient(f, s.labels[t], lr);
      s.loss += static_cast<double>(c.sigmoid.loss(f, s.labels[t]));
      c.k.axpy(g, out, hidden_grad, stride);  // hidden_grad += g * output row
      c.k.axpy(g, hidden, out, stride);       // output row += g * hidden (races)
    }
    s.predictions += static_cast<std::uint64_t>(n);
    // hidden_grad -> context rows (races)
    for (int r = 0; r < m; ++r) c.k.axpy(1.0f, hidden_grad, s.in_rows[r], stride);
  }
}

using SentenceFn = void (*)(const Context&, const WordId*, int, float, Rng&, Scratch&);

SentenceFn pick(const TrainOptions& o) {
  if (o.model == ModelKind::kSkipGram) return o.mode == TrainMode::kFast ? sg_fast : sg_exact;
  return o.mode == TrainMode::kFast ? cbow<true> : cbow<false>;
}

std::string fixed(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace

Trainer::Trainer(TrainOptions opts, const Vocab& vocab) : opts_(std::move(opts)), vocab_(vocab) {
  opts_.validate();
  opts_.resolve_defaults();
  kernels_for(opts_.isa);  // throws UsageError now if the CPU lacks the requested kernels
  // "</s>" is never drawn as noise (word2vec.c draws it; it is not a word).
  std::vector<std::uint64_t> noise_counts = vocab.counts();
  noise_counts[Vocab::kSentenceEndId] = 0;
  if (vocab.size() < 2) {
    throw FormatError("the vocabulary has no words besides \"</s>\"; try a smaller --min-count");
  }
  negatives_ = NegativeSampler(noise_counts, 0.75);
  subsampler_ = Subsampler(vocab.counts(), opts_.sample);
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
  return run(corpus, Model(vocab_.size(), opts_.dim, opts_.seed), std::move(state), progress,
             control);
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
  if (state.shards.size() != shards.size()) {
    bad(std::to_string(state.shards.size()) + " shards for " + std::to_string(shards.size()) +
        " threads");
  }
  if (state.epoch_loss.size() != static_cast<std::size_t>(opts_.epochs) ||
      state.epoch_predictions.size() != static_cast<std::size_t>(opts_.epochs)) {
    bad("per-epoch statistics for " + std::to_string(state.epoch_loss.size()) + " epochs, not " +
        std::to_string(opts_.epochs));
  }
  const std::uint64_t words_total = corpus.n_words() * static_cast<std::uint64_t>(opts_.epochs);
  if (state.words_done > words_total) {
    bad(std::to_string(state.words_done) + " words done of " + std::to_string(words_total));
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
  const int n_shards = o.n_threads;
  const std::vector<Shard> shards = corpus.shards(n_shards);
  const float alpha = *o.alpha;
  const float min_alpha = *o.min_alpha;
  const std::uint64_t words_total = corpus.n_words() * static_cast<std::uint64_t>(o.epochs);
  const std::uint64_t vocab_size = vocab_.size();
  const WordId* const data = corpus.data();

  TrainResult result;
  result.model = std::move(model);
  const Kernels& k = kernels_for(o.isa);
  const bool expected = *o.shrink == WindowShrink::kExpected;
  std::vector<float> weight(static_cast<std::size_t>(o.window) + 1, 1.0f);
  if (expected) {
    for (int d = 1; d <= o.window; ++d) {
      weight[static_cast<std::size_t>(d)] = expected_context_weight(o.window, d);
    }
  }
  const Context ctx{
      k,        negatives_,   sigmoid_, result.model, o.window, o.negative, result.model.stride(),
      expected, weight.data()};
  const SentenceFn train_sentence = pick(o);

  // Shared state (see the top of this file).
  const std::uint64_t words_at_start = state.words_done;
  std::atomic<std::uint64_t> words_done{state.words_done};
  std::atomic<double> loss_sum{0.0};
  std::atomic<std::uint64_t> loss_count{0};
  std::atomic<bool> stop{false};
  std::atomic<std::int64_t> next_report_ns{0};
  std::mutex report_mu;  // held while the progress callback runs
  std::atomic<std::uint64_t> words_kept{state.words_kept}, predictions{state.predictions};
  std::exception_ptr error;
  std::vector<double>& epoch_loss = state.epoch_loss;
  std::vector<double>& epoch_pred = state.epoch_predictions;
  std::mutex epoch_mu;

  // Checkpoints: park_mu guards n_active, n_parked, generation, state.shards, error and stop
  // requests; park_cv wakes parked threads.
  std::atomic<unsigned> no_requests{0};
  std::atomic<unsigned>& requests = control ? control->requests() : no_requests;
  std::mutex park_mu;
  std::condition_variable park_cv;
  int n_active = 0, n_parked = 0;
  std::uint64_t generation = 0;
  bool stopped = false;
  const double ckpt_interval = control ? control->checkpoint_interval : 0.0;
  const std::int64_t ckpt_interval_ns = static_cast<std::int64_t>(ckpt_interval * 1e9);
  std::atomic<std::int64_t> next_ckpt_ns{ckpt_interval_ns};

  const Clock::time_point start = Clock::now();
  const std::int64_t interval_ns = static_cast<std::int64_t>(o.progress_interval * 1e9);
  next_report_ns = interval_ns;
  auto lr_at = [&](std::uint64_t done) {
    const double frac = std::min(1.0, static_cast<double>(done) / static_cast<double>(words_total));
    return static_cast<float>(static_cast<double>(alpha) -
                              static_cast<double>(alpha - min_alpha) * frac);
  };
  auto make_report = [&](std::uint64_t done, double seconds, double mean_loss, bool final) {
    TrainProgress p;
    p.words_done = std::min(done, words_total);
    p.words_total = words_total;
    p.fraction = static_cast<double>(p.words_done) / static_cast<double>(words_total);
    p.epoch = std::min(o.epochs, 1 + static_cast<int>(p.fraction * o.epochs));
    p.seconds = seconds;
    // The rate counts only this session's words (a resumed run starts with words_done > 0).
    p.words_per_sec =
        seconds > 0
            ? static_cast<double>(p.words_done - std::min(p.words_done, words_at_start)) / seconds
            : 0.0;
    p.words_per_sec_per_thread = p.words_per_sec / o.n_threads;
    p.alpha = lr_at(p.words_done);
    p.loss = mean_loss;
    p.eta_seconds = p.words_per_sec > 0
                        ? static_cast<double>(words_total - p.words_done) / p.words_per_sec
                        : 0.0;
    p.done = final;
    return p;
  };
  // Under park_mu: the last thread to park (or to finish while others are parked) serves the
  // pending requests and releases the others.
  auto serve_locked = [&] {
    if (n_parked == 0 || n_parked < n_active || stop.load(std::memory_order_relaxed)) return;
    const unsigned req = requests.exchange(0, std::memory_order_relaxed);
    if (req != 0 && control && control->on_checkpoint) {
      state.words_done = words_done.load(std::memory_order_relaxed);
      state.words_kept = words_kept.load(std::memory_order_relaxed);
      state.predictions = predictions.load(std::memory_order_relaxed);
      control->on_checkpoint(state, result.model);
    }
    if (req & TrainControl::kStop) {
      stopped = true;
      stop.store(true, std::memory_order_relaxed);
    }
    n_parked = 0;
    ++generation;
    park_cv.notify_all();
  };
  auto park_error = [&](std::exception_ptr e) {
    std::lock_guard<std::mutex> lock(park_mu);
    if (!error) error = std::move(e);
    stop.store(true, std::memory_order_relaxed);
    park_cv.notify_all();
  };

#pragma omp parallel num_threads(o.n_threads)
  {
    {
      std::lock_guard<std::mutex> lock(park_mu);
      ++n_active;
    }
    // Nobody may serve a request before every thread has registered.
#pragma omp barrier
    bool active = true;
    try {
      const int team = omp_get_num_threads();
      Scratch s(o, result.model.stride());
      // With fewer threads than shards (an OpenMP limit), a thread takes several shards in turn.
      for (int shard_id = omp_get_thread_num(); shard_id < n_shards && !stop; shard_id += team) {
        const Shard shard = shards[static_cast<std::size_t>(shard_id)];
        ShardState& published = state.shards[static_cast<std::size_t>(shard_id)];
        ThreadState st;
        {
          std::lock_guard<std::mutex> lock(park_mu);
          st.rng.set_state(published.rng_state);
          st.epoch = published.epoch;
          st.pos = published.pos;
        }
        s.loss = 0;
        s.predictions = 0;
        std::uint64_t unflushed = 0;
        double flushed_loss = 0;
        std::uint64_t flushed_pred = 0;
        double epoch_loss_start = 0;
        std::uint64_t epoch_pred_start = 0;
        // Adds this thread's unflushed counts to the shared ones.
        auto flush = [&] {
          const std::uint64_t done =
              words_done.fetch_add(unflushed, std::memory_order_relaxed) + unflushed;
          unflushed = 0;
          loss_sum.fetch_add(s.loss - flushed_loss, std::memory_order_relaxed);
          loss_count.fetch_add(s.predictions - flushed_pred, std::memory_order_relaxed);
          predictions.fetch_add(s.predictions - flushed_pred, std::memory_order_relaxed);
          flushed_loss = s.loss;
          flushed_pred = s.predictions;
          return done;
        };
        auto close_epoch_stats = [&] {
          std::lock_guard<std::mutex> lock(epoch_mu);
          epoch_loss[static_cast<std::size_t>(st.epoch)] += s.loss - epoch_loss_start;
          epoch_pred[static_cast<std::size_t>(st.epoch)] +=
              static_cast<double>(s.predictions - epoch_pred_start);
          epoch_loss_start = s.loss;
          epoch_pred_start = s.predictions;
        };
        // Waits at a sentence boundary until the pending requests are served.
        auto park = [&] {
          flush();
          close_epoch_stats();
          std::unique_lock<std::mutex> lock(park_mu);
          published = to_shard_state(st);
          ++n_parked;
          const std::uint64_t my_generation = generation;
          serve_locked();
          park_cv.wait(lock, [&] {
            return generation != my_generation || stop.load(std::memory_order_relaxed);
          });
        };
        for (; st.epoch < o.epochs && !stop.load(std::memory_order_relaxed);
             ++st.epoch, st.pos = shard.begin) {
          epoch_loss_start = s.loss;
          epoch_pred_start = s.predictions;
          std::uint64_t released = st.pos;
          while (st.pos < shard.end && !stop.load(std::memory_order_relaxed)) {
            if (requests.load(std::memory_order_relaxed) != 0) {
              park();
              if (stop.load(std::memory_order_relaxed)) break;
            }
            // Read one sentence (or a kMaxSentence piece of one), subsampling as we go.
            s.sentence.clear();
            const std::uint64_t limit = std::min(shard.end, st.pos + EncodedCorpus::kMaxSentence);
            std::uint64_t n_read = 0;
            while (st.pos < limit) {
              const WordId id = data[st.pos++];
              if (id == Vocab::kSentenceEndId) break;
              if (id >= vocab_size) {
                throw FormatError("encoded corpus holds id " + std::to_string(id) +
                                  " at position " + std::to_string(st.pos - 1) +
                                  " but the vocabulary has " + std::to_string(vocab_size) +
                                  " words");
              }
              ++n_read;
              if (subsampler_.keep(id, st.rng)) s.sentence.push_back(id);
            }
            // The learning rate of this sentence, from everyone's progress plus ours.
            const float lr = lr_at(words_done.load(std::memory_order_relaxed) + unflushed);
            train_sentence(ctx, s.sentence.data(), static_cast<int>(s.sentence.size()), lr, st.rng,
                           s);
            if (s.bad) {
              const std::string word = vocab_.word(s.bad_word);
              throw NumericError("training diverged: a score became NaN or Inf in epoch " +
                                 std::to_string(st.epoch + 1) + " near the word \"" + word +
                                 "\" (learning rate " + fixed(static_cast<double>(lr)) +
                                 "); try a smaller --alpha (it is " +
                                 fixed(static_cast<double>(alpha)) + ")");
            }
            words_kept.fetch_add(s.sentence.size(), std::memory_order_relaxed);
            unflushed += n_read;
            if (unflushed >= kFlushWords) {
              const std::uint64_t done = flush();
              if (progress || ckpt_interval_ns > 0) {
                const std::int64_t now_ns =
                    std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start)
                        .count();
                std::int64_t due = next_report_ns.load(std::memory_order_relaxed);
                if (progress && now_ns >= due &&
                    next_report_ns.compare_exchange_strong(due, now_ns + interval_ns,
                                                           std::memory_order_relaxed)) {
                  // One report at a time: a slow callback (a paused terminal) makes the next
                  // deadline's winner skip its report instead of running beside it.
                  std::unique_lock<std::mutex> report_lock(report_mu, std::try_to_lock);
                  if (report_lock.owns_lock()) {
                    const double l = loss_sum.exchange(0.0, std::memory_order_relaxed);
                    const std::uint64_t n = loss_count.exchange(0, std::memory_order_relaxed);
                    progress(make_report(done, static_cast<double>(now_ns) * 1e-9,
                                         n > 0 ? l / static_cast<double>(n) : 0.0, false));
                  }
                }
                std::int64_t ckpt_due = next_ckpt_ns.load(std::memory_order_relaxed);
                if (ckpt_interval_ns > 0 && now_ns >= ckpt_due &&
                    next_ckpt_ns.compare_exchange_strong(ckpt_due, now_ns + ckpt_interval_ns,
                                                         std::memory_order_relaxed)) {
                  requests.fetch_or(TrainControl::kCheckpoint, std::memory_order_relaxed);
                }
              }
            }
            if (st.pos - released >= kReleasePositions) {
              corpus.release(released, st.pos);
              released = st.pos;
            }
          }
          corpus.release(released, shard.end);
          close_epoch_stats();
          if (st.pos < shard.end) break;  // stopped mid-epoch: st stays where it stopped
        }
        flush();
        std::lock_guard<std::mutex> lock(park_mu);
        published = to_shard_state(st);
      }
      std::lock_guard<std::mutex> lock(park_mu);
      active = false;
      --n_active;
      serve_locked();
    } catch (...) {
      park_error(std::current_exception());
      std::lock_guard<std::mutex> lock(park_mu);
      if (active) --n_active;
    }
  }
  if (error) std::rethrow_exception(error);

  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  TrainStats& st = result.stats;
  st.words_trained = words_done.load();
  st.words_kept = words_kept.load();
  st.predictions = predictions.load();
  st.seconds = seconds;
  st.words_per_sec =
      seconds > 0 ? static_cast<double>(st.words_trained - words_at_start) / seconds : 0.0;
  st.n_threads = o.n_threads;
  st.isa = k.isa;
  for (int e = 0; e < o.epochs; ++e) {
    const std::size_t i = static_cast<std::size_t>(e);
    st.epoch_loss.push_back(epoch_pred[i] > 0 ? epoch_loss[i] / epoch_pred[i] : 0.0);
  }
  if (stopped) {
    result.stopped = true;
    return result;
  }
  // A NaN can also enter through an update that no later dot product read.
  if (!result.model.all_finite()) {
    throw NumericError(
        "training diverged: the model holds NaN or Inf; try a smaller --alpha (it is " +
        fixed(static_cast<double>(alpha)) + ")");
  }
  if (progress) {
    const double l = loss_sum.exchange(0.0);
    const std::uint64_t n = loss_count.exchange(0);
    progress(
        make_report(st.words_trained, seconds, n > 0 ? l / static_cast<double>(n) : 0.0, true));
  }
  return result;
}

}  // namespace w2v
