#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/cpu.h"

namespace w2v {

enum class ModelKind { kSkipGram, kCbow };
// kExact updates pair by pair in word2vec.c's order; kFast batches one centre word's contexts
// against one shared set of targets (pWord2Vec's HogBatch).
enum class TrainMode { kFast, kExact };
// How a centre word's window is cut. kRandom is word2vec.c's: each centre word draws a width
// in [1, window] and uses the contexts within it. kExpected uses every context within `window`
// and weights the context at distance d by (window - d + 1) / window, the probability that the
// random cut keeps it: the same objective in expectation, without the sampling noise.
// Skip-gram only (CBOW averages its contexts, so weights would change its model).
enum class WindowShrink { kRandom, kExpected };

// parse_model("sg") -> kSkipGram; throws UsageError naming --model for anything but sg|cbow.
ModelKind parse_model(std::string_view s);
TrainMode parse_mode(std::string_view s);
WindowShrink parse_shrink(std::string_view s);
const char* model_name(ModelKind m);
const char* mode_name(TrainMode m);
const char* shrink_name(WindowShrink s);
// The weight of a context at distance d in [1, window] under kExpected: (window - d + 1) / window.
float expected_context_weight(int window, int d);

// Everything the trainer needs besides the corpus and the vocabulary. Defaults follow
// word2vec.c where it has one. The command-line flags, their help and their checkpoint keys are
// in the options table (train/job_options.h).
struct TrainOptions {
  ModelKind model = ModelKind::kSkipGram;
  TrainMode mode = TrainMode::kFast;
  int dim = 100;
  int window = 5;  // maximum distance
  // nullopt -> kExpected for skip-gram in fast mode, kRandom otherwise (resolve_defaults).
  std::optional<WindowShrink> shrink;
  // Objectives: negative sampling with this many noise words per positive pair (fast: per centre
  // word, shared; 0 = off), and/or hierarchical softmax over a Huffman tree of the counts.
  int negative = 5;
  // Noise words are drawn from count^noise_power; nullopt -> 0.5 for skip-gram in fast mode with
  // negative sampling alone and untied rows, word2vec's 0.75 otherwise (resolve_defaults).
  std::optional<double> noise_power;
  bool hs = false;
  // One matrix as both the input and the output table of negative sampling (tied embeddings);
  // hierarchical softmax's inner nodes keep their own rows. A word meeting itself as a target is
  // trained like any pair (measured better than skipping it; docs/training.md).
  bool shared_embeddings = false;
  double sample = 1e-3;  // subsampling threshold; 0 turns it off
  int epochs = 5;
  // Starting learning rate; nullopt -> 0.05 for skip-gram, 0.075 for CBOW in fast mode with
  // negative sampling alone and untied rows; otherwise word2vec.c's 0.025 and 0.05
  // (resolve_defaults).
  std::optional<float> alpha;
  // Final learning rate; nullopt -> alpha * 1e-4 (resolve_defaults).
  std::optional<float> min_alpha;
  int n_threads = 0;  // 0 -> all hardware threads (resolve_defaults)
  std::uint64_t seed = 1;
  KernelIsa isa = KernelIsa::kAuto;
  double progress_interval = 0.25;  // seconds between progress callbacks
  // Distributed runs (train/model_sync.h): words, over all processes, between model syncs
  // (200,000 measured on the 5M-token head: docs/distributed.md), and the most frequent rows
  // synced at each (twice as many every other sync, all at epoch ends).
  std::uint64_t sync_words = 200'000;
  std::uint64_t sync_rows = 1024;

  // Throws UsageError naming the flag, its range and the value:
  // "--window must be in [1, 1000], got 0".
  void validate() const;
  // Fills alpha, min_alpha, shrink, noise_power and n_threads; returns one line describing the
  // chosen rate ("alpha 0.025 (skip-gram default)"), empty if alpha was given.
  std::string resolve_defaults();
};

}  // namespace w2v
