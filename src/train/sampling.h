#pragma once

#include <cstdint>
#include <vector>

#include "core/types.h"
#include "train/rng.h"

namespace w2v {

// Draws noise words from counts^power (word2vec: power 0.75) with Walker's alias method: two
// O(V) arrays (8 bytes per word; 0.5 MB for 65k words) instead of word2vec.c's 1e8-entry table
// (400 MB), exact up to 32-bit rounding, one random number and at most two reads per draw.
// Words with count 0 (and "</s>", which callers give count 0) are never drawn.
class NegativeSampler {
 public:
  NegativeSampler() = default;
  // Throws UsageError if every count is zero.
  explicit NegativeSampler(const std::vector<std::uint64_t>& counts, double power = 0.75);

  WordId sample(Rng& rng) const {
    const std::uint64_t r = rng.next64();
    const std::uint32_t slot =
        static_cast<std::uint32_t>(((r >> 32) * static_cast<std::uint64_t>(n_)) >> 32);
    const Entry e = table_[slot];
    return static_cast<std::uint32_t>(r) < e.threshold ? slot : e.alias;
  }
  // Probability with which sample() returns id (for tests).
  double probability(WordId id) const { return probability_[id]; }
  std::size_t size() const { return n_; }

 private:
  struct Entry {
    std::uint32_t threshold;  // keep the slot if the low 32 random bits are below this
    WordId alias;
  };
  std::vector<Entry> table_;
  std::vector<double> probability_;
  std::uint32_t n_ = 0;
};

// word2vec.c's subsampling: a word of frequency f = count / total is kept with probability
// (sqrt(f / t) + 1) * t / f, capped at 1, where t is --sample (0: keep everything).
class Subsampler {
 public:
  Subsampler() = default;
  Subsampler(const std::vector<std::uint64_t>& counts, double sample);

  bool keep(WordId id, Rng& rng) const { return rng.next32() < threshold_[id]; }
  double keep_probability(WordId id) const {
    return static_cast<double>(threshold_[id]) / 4294967296.0;
  }

 private:
  std::vector<std::uint64_t> threshold_;  // keep if a 32-bit random number is below; 2^32 = always
};

// word2vec.c's sigmoid table: 1000 entries over [-6, 6]; beyond that the gradient saturates.
// Also a softplus table for the loss, -log sigmoid(x) = softplus(-x).
class SigmoidTable {
 public:
  static constexpr float kMaxExp = 6.0f;
  static constexpr int kSize = 1000;

  SigmoidTable();

  // Learning signal (label - sigmoid(f)) * lr as word2vec.c computes it, saturating at |f| > 6.
  float gradient(float f, float label, float lr) const {
    if (f > kMaxExp) return (label - 1.0f) * lr;
    if (f < -kMaxExp) return label * lr;
    return (label - sigmoid_[index(f)]) * lr;
  }
  // Hierarchical softmax's signal, as word2vec.c computes it: no step at all (0) where |f| >= 6.
  float hs_gradient(float f, float label, float lr) const {
    if (f <= -kMaxExp || f >= kMaxExp) return 0.0f;
    return (label - sigmoid_[index(f)]) * lr;
  }
  float sigmoid(float f) const {
    if (f > kMaxExp) return 1.0f;
    if (f < -kMaxExp) return 0.0f;
    return sigmoid_[index(f)];
  }
  // Negative log-likelihood of the label: -log sigmoid(f) for 1, -log sigmoid(-f) for 0.
  float loss(float f, float label) const {
    const float x = label > 0.5f ? -f : f;  // loss = softplus(x)
    if (x > kMaxExp) return x;
    if (x < -kMaxExp) return 0.0f;
    return softplus_[index(x)];
  }

 private:
  static int index(float f) { return static_cast<int>((f + kMaxExp) * (kSize / kMaxExp / 2.0f)); }
  float sigmoid_[kSize + 1];
  float softplus_[kSize + 1];
};

}  // namespace w2v
