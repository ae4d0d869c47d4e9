#pragma once

#include <cstdint>
#include <vector>

#include "core/types.h"
#include "train/huffman.h"
#include "train/kernels.h"
#include "train/model.h"
#include "train/options.h"
#include "train/rng.h"
#include "train/sampling.h"

namespace w2v {

// What the sentence steps read; one per training run, shared read-only by every thread.
struct StepContext {
  const Kernels& k;
  const NegativeSampler& negatives;
  const SigmoidTable& sigmoid;
  const HuffmanTree* tree;  // hierarchical softmax, or null
  Model& model;
  int window;
  int negative;
  int stride;
  // kExpected: the full window, context at distance d weighted by weight[d]; kRandom: a random
  // width per centre word, every weight 1.
  bool expected;
  const float* weight;  // [0, window]; weight[0] unused
  // The half-width of a centre word's window: drawn in [1, window] (word2vec.c: one draw per
  // centre word, before its contexts), or the full window.
  int span(Rng& rng) const {
    return expected ? window
                    : window - static_cast<int>(rng.below(static_cast<std::uint32_t>(window)));
  }
};

// One centre word's targets: tree nodes (hs) first, then the centre and noise words.
struct TargetSet {
  std::vector<float*> rows;
  std::vector<float> labels;
  int n = 0;     // rows in use
  int n_hs = 0;  // of which tree nodes (the first ones)
  int span = 0;  // the centre's window half-width, drawn with the targets
};

// Per-thread scratch of the sentence steps, sized for the largest window and target set.
struct StepScratch {
  std::vector<WordId> sentence;
  std::vector<float*> in_rows;     // input rows of the contexts
  TargetSet out;                   // the current centre word's targets
  TargetSet next;                  // fast skip-gram, CBOW: the next centre word's, drawn ahead
  std::vector<float> scores;       // fast SG: contexts x targets, then gradients in place
  std::vector<float> in_delta;     // fast SG: per context, its pending update
  std::vector<float> row_lr;       // fast SG: per context, lr x its weight
  std::vector<float> hidden;       // neu1
  std::vector<float> hidden_grad;  // neu1e
  double loss = 0;                 // in the current shard
  std::uint64_t predictions = 0;   // in the current shard
  bool bad = false;                // a score was NaN or Inf
  WordId bad_word = 0;

  StepScratch(const TrainOptions& o, int stride, int max_path);
};

// Trains one sentence (ids, after subsampling) at learning rate lr; may set scratch.bad.
using SentenceStep = void (*)(const StepContext&, const WordId*, int, float, Rng&, StepScratch&);

// The step for the options' architecture (skip-gram or CBOW), mode (fast or exact) and
// objectives (negative sampling, hierarchical softmax or both): each architecture is written
// once, as a template over the objectives.
SentenceStep pick_step(const TrainOptions& o);

}  // namespace w2v
