// The sentence steps: the per-token maths of word2vec, one function per architecture (skip-gram
// fast and exact, CBOW fast and exact), each a template over the objectives it trains:
//   kNs  negative sampling: the target word (label 1) and `negative` noise words (label 0),
//        through output rows (syn1neg); the signal saturates past |score| 6.
//   kHs  hierarchical softmax: the inner nodes on the target word's Huffman path (label
//        1 - code), through node rows (syn1); no step where |score| >= 6 (word2vec.c).
// With both, the path comes first, then the noise, as in word2vec.c. Every step reads and writes
// rows of the shared matrices without locks (Hogwild): those writes race on purpose; everything
// else a step touches is its thread's StepScratch.
#include "train/sentence_steps.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace w2v {

StepScratch::StepScratch(const TrainOptions& o, int stride, int max_path) {
  const std::size_t ctx = 2 * static_cast<std::size_t>(o.window);
  const std::size_t tgt =
      static_cast<std::size_t>(o.negative) + 1 + static_cast<std::size_t>(max_path);
  sentence.reserve(10000);
  in_rows.resize(ctx);
  for (TargetSet* t : {&out, &next}) {
    t->rows.resize(tgt);
    t->labels.resize(tgt);
  }
  scores.resize(ctx * tgt);
  in_delta.resize(ctx * static_cast<std::size_t>(stride));
  row_lr.resize(ctx);
  hidden.resize(static_cast<std::size_t>(stride));
  hidden_grad.resize(static_cast<std::size_t>(stride));
}

namespace {

// Pulls a row into the cache ahead of its use (one hint per 64-byte line); a hint, never a fault.
inline void prefetch_row(const float* row, int stride) {
  for (int i = 0; i < stride; i += kRowFloats) __builtin_prefetch(row + i);
}

// The targets of one centre word and their learning signal, for one choice of objectives.
template <bool kHs, bool kNs>
struct Targets {
  // Fills t.rows/labels: the tree nodes on the path of `target` (t.n_hs of them), then the
  // target word and up to `negative` noise words, skipping noise equal to the target as
  // word2vec.c does; sets t.n.
  static void draw(const StepContext& c, WordId target, Rng& rng, TargetSet& t) {
    int n = 0;
    if constexpr (kHs) {
      const int len = c.tree->length(target);
      const std::uint32_t* points = c.tree->points(target);
      const std::uint8_t* codes = c.tree->codes(target);
      for (int j = 0; j < len; ++j) {
        t.rows[n] = c.model.node_row(points[j]);
        t.labels[n++] = 1.0f - static_cast<float>(codes[j]);
      }
    }
    t.n_hs = n;
    if constexpr (kNs) {
      t.rows[n] = c.model.output_row(target);
      t.labels[n++] = 1.0f;
      for (int d = 0; d < c.negative; ++d) {
        const WordId noise = c.negatives.sample(rng);
        if (noise == target) continue;
        t.rows[n] = c.model.output_row(noise);
        t.labels[n++] = 0.0f;
      }
    }
    t.n = n;
  }
  // Word i's span and targets, drawn into s.next while word i - 1 computes (fast skip-gram and
  // CBOW): the random numbers are taken in the same order as drawing them just in time, and the
  // target rows, random rows of matrices far larger than the caches, and the input row entering
  // the window are on their way from memory before they are needed. A 1-word sentence has no
  // context and draws no targets (t.n = 0).
  static void draw_ahead(const StepContext& c, const WordId* sen, int len, int i, Rng& rng,
                         StepScratch& s) {
    TargetSet& t = s.next;
    t.span = c.span(rng);
    t.n = 0;
    if (len < 2) return;
    draw(c, sen[i], rng, t);
    for (int k = 0; k < t.n; ++k) prefetch_row(t.rows[k], c.stride);
    if (i + t.span < len) prefetch_row(c.model.input_row(sen[i + t.span]), c.stride);
  }
  // The signal of target t (tree nodes are the first n_hs).
  static float gradient(const StepContext& c, int t, int n_hs, float f, float label, float lr) {
    if constexpr (kHs && kNs) {
      return t < n_hs ? c.sigmoid.hs_gradient(f, label, lr) : c.sigmoid.gradient(f, label, lr);
    } else if constexpr (kHs) {
      return c.sigmoid.hs_gradient(f, label, lr);
    } else {
      return c.sigmoid.gradient(f, label, lr);
    }
  }
};

// Exact skip-gram, word2vec.c's order: for each centre word and each context in its window
// (its learning rate times the context's weight), the context's input row (syn0) predicts the
// centre: through the node rows of the centre's path (hs), then the output rows (syn1neg) of the
// centre and `negative` fresh noise words (ns), updating each of those rows at once and the
// input row after all targets. Per-thread: hidden_grad. Racing writes: syn0, syn1, syn1neg rows.
template <bool kHs, bool kNs>
void sg_exact(const StepContext& c, const WordId* sen, int len, float lr, Rng& rng,
              StepScratch& s) {
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
      if constexpr (kHs) {
        const int path = c.tree->length(centre);
        const std::uint32_t* points = c.tree->points(centre);
        const std::uint8_t* codes = c.tree->codes(centre);
        for (int d = 0; d < path; ++d) {
          float* node = c.model.node_row(points[d]);
          // hidden -> node
          const float f = c.k.dot(in, node, stride);
          if (!std::isfinite(f)) {
            s.bad = true;
            s.bad_word = centre;
            return;
          }
          const float label = 1.0f - static_cast<float>(codes[d]);
          s.loss += static_cast<double>(c.sigmoid.loss(f, label));
          ++s.predictions;
          const float g = c.sigmoid.hs_gradient(f, label, pair_lr);
          if (g == 0.0f) continue;                 // |f| >= 6: no step
          c.k.axpy(g, node, hidden_grad, stride);  // hidden_grad += g * node row
          c.k.axpy(g, in, node, stride);           // node row += g * input row (races)
        }
      }
      if constexpr (kNs) {
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
      }
      // hidden_grad -> context row (races)
      c.k.axpy(1.0f, hidden_grad, in, stride);
    }
  }
}

// Fast skip-gram, pWord2Vec's HogBatch: for each centre word, the m context rows of its window
// are scored at once against one shared set of n targets (the centre's tree path, and the
// centre + noise), an m x n matrix of dot products, then both sides are updated from that one
// matrix (each side's update uses the other side's values from before the step):
//   scores = I O^T;  G = (label - sigmoid(scores)) * lr_r;  dI = G O;  O += G^T I;  I += dI,
// where lr_r = lr x the weight of context r (1 under random shrink; see WindowShrink), and a tree
// node's signal is 0 where |score| >= 6. Noise is drawn once per centre word instead of once per
// (centre, context) pair, so random rows are fetched ~m times less often and the 2-D blocks stay
// in L1. Per-thread: scores, in_delta. Racing writes: syn0 rows (I), syn1/syn1neg rows (O).
template <bool kHs, bool kNs>
void sg_fast(const StepContext& c, const WordId* sen, int len, float lr, Rng& rng, StepScratch& s) {
  const int stride = c.stride;
  float* row_lr = s.row_lr.data();
  if (len > 0) Targets<kHs, kNs>::draw_ahead(c, sen, len, 0, rng, s);
  for (int i = 0; i < len; ++i) {
    std::swap(s.out, s.next);
    if (i + 1 < len) Targets<kHs, kNs>::draw_ahead(c, sen, len, i + 1, rng, s);
    const TargetSet& out = s.out;
    if (out.n == 0) continue;
    const int span = out.span;
    const int lo = std::max(0, i - span), hi = std::min(len - 1, i + span);
    int m = 0;
    for (int j = lo; j <= hi; ++j) {
      if (j == i) continue;
      row_lr[m] = lr * c.weight[j < i ? i - j : j - i];
      s.in_rows[m++] = c.model.input_row(sen[j]);
    }
    const int n = out.n;
    const int n_hs = out.n_hs;
    float* const* out_rows = out.rows.data();
    const float* labels = out.labels.data();
    float* scores = s.scores.data();
    // contexts -> scores
    for (int r = 0; r < m; ++r) c.k.dot_many(s.in_rows[r], out_rows, n, stride, scores + r * n);
    // scores -> gradients, in place
    const std::uint64_t n_pairs = static_cast<std::uint64_t>(m) * static_cast<std::uint64_t>(n);
    for (int r = 0; r < m; ++r) {
      for (int t = 0; t < n; ++t) {
        const float f = scores[r * n + t];
        if (!std::isfinite(f)) {
          s.bad = true;
          s.bad_word = sen[i];
          return;
        }
        s.loss += static_cast<double>(c.sigmoid.loss(f, labels[t]));
        scores[r * n + t] = Targets<kHs, kNs>::gradient(c, t, n_hs, f, labels[t], row_lr[r]);
      }
    }
    s.predictions += n_pairs;
    // gradients -> pending context updates (dI = G O, old O)
    for (int r = 0; r < m; ++r) {
      c.k.combine(out_rows, scores + r * n, 1, n, stride,
                  s.in_delta.data() + static_cast<std::size_t>(r) * stride, false);
    }
    // gradients -> output rows (O += G^T I, old I; races)
    for (int t = 0; t < n; ++t)
      c.k.combine(s.in_rows.data(), scores + t, n, m, stride, out_rows[t], true);
    // pending updates -> context rows (races)
    for (int r = 0; r < m; ++r) {
      c.k.axpy(1.0f, s.in_delta.data() + static_cast<std::size_t>(r) * stride, s.in_rows[r],
               stride);
    }
  }
}

// CBOW, word2vec.c's maths: the mean of the context rows (hidden) predicts the centre through
// the node rows of its path (hs) and the output rows of the centre and `negative` noise words
// (ns); hidden_grad (not divided by the number of contexts, as in word2vec.c and gensim) is added
// to every context row. Exact: each target is scored and updated in turn. Fast: all targets are
// scored first with one dot_many, then updated (differs only when a row repeats within one
// step). Per-thread: hidden, hidden_grad. Racing writes: syn0 rows (contexts), syn1/syn1neg rows
// (targets).
template <bool kHs, bool kNs, bool kFast>
void cbow(const StepContext& c, const WordId* sen, int len, float lr, Rng& rng, StepScratch& s) {
  const int stride = c.stride;
  float* hidden = s.hidden.data();
  float* hidden_grad = s.hidden_grad.data();
  float* scores = s.scores.data();
  if (len > 0) Targets<kHs, kNs>::draw_ahead(c, sen, len, 0, rng, s);
  for (int i = 0; i < len; ++i) {
    std::swap(s.out, s.next);
    if (i + 1 < len) Targets<kHs, kNs>::draw_ahead(c, sen, len, i + 1, rng, s);
    if (s.out.n == 0) continue;
    const int span = s.out.span;  // always random: options reject CBOW with kExpected
    const int lo = std::max(0, i - span), hi = std::min(len - 1, i + span);
    int m = 0;
    for (int j = lo; j <= hi; ++j) {
      if (j == i) continue;
      s.in_rows[m++] = c.model.input_row(sen[j]);
    }
    // context -> hidden (mean)
    const float inv_m = 1.0f / static_cast<float>(m);
    for (int r = 0; r < m; ++r) scores[r] = inv_m;
    c.k.combine(s.in_rows.data(), scores, 1, m, stride, hidden, false);
    std::fill(hidden_grad, hidden_grad + stride, 0.0f);
    const int n = s.out.n;
    const int n_hs = s.out.n_hs;
    const float* labels = s.out.labels.data();
    // hidden -> output (tree nodes, then positive + negatives)
    if (kFast) c.k.dot_many(hidden, s.out.rows.data(), n, stride, scores);
    for (int t = 0; t < n; ++t) {
      float* out = s.out.rows[t];
      const float f = kFast ? scores[t] : c.k.dot(hidden, out, stride);
      if (!std::isfinite(f)) {
        s.bad = true;
        s.bad_word = sen[i];
        return;
      }
      const float g = Targets<kHs, kNs>::gradient(c, t, n_hs, f, labels[t], lr);
      s.loss += static_cast<double>(c.sigmoid.loss(f, labels[t]));
      if (kHs && t < n_hs && g == 0.0f) continue;  // a tree node with |f| >= 6: no step
      c.k.axpy(g, out, hidden_grad, stride);       // hidden_grad += g * output row
      c.k.axpy(g, hidden, out, stride);            // output row += g * hidden (races)
    }
    s.predictions += static_cast<std::uint64_t>(n);
    // hidden_grad -> context rows (races)
    for (int r = 0; r < m; ++r) c.k.axpy(1.0f, hidden_grad, s.in_rows[r], stride);
  }
}

template <bool kHs, bool kNs>
SentenceStep pick_for(const TrainOptions& o) {
  if (o.model == ModelKind::kSkipGram) {
    return o.mode == TrainMode::kFast ? sg_fast<kHs, kNs> : sg_exact<kHs, kNs>;
  }
  return o.mode == TrainMode::kFast ? cbow<kHs, kNs, true> : cbow<kHs, kNs, false>;
}

}  // namespace

SentenceStep pick_step(const TrainOptions& o) {
  const bool ns = o.negative > 0;
  if (o.hs && ns) return pick_for<true, true>(o);
  if (o.hs) return pick_for<true, false>(o);
  return pick_for<false, true>(o);
}

}  // namespace w2v
