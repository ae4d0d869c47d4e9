#include "train/options.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <thread>

#include "core/error.h"
#include "train/job_options.h"

namespace w2v {

namespace {

template <class T>
std::string to_text(T v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

template <class T>
void check_range(const char* flag, T value, T lo, T hi) {
  // Written so that NaN fails too.
  if (!(value >= lo && value <= hi)) {
    throw UsageError(std::string(flag) + " must be in [" + to_text(lo) + ", " + to_text(hi) +
                     "], got " + to_text(value));
  }
}

}  // namespace

ModelKind parse_model(std::string_view s) {
  if (s == "sg" || s == "skipgram" || s == "skip-gram") return ModelKind::kSkipGram;
  if (s == "cbow") return ModelKind::kCbow;
  throw UsageError("--model must be sg or cbow, got \"" + std::string(s) + "\"");
}

TrainMode parse_mode(std::string_view s) {
  if (s == "fast") return TrainMode::kFast;
  if (s == "exact") return TrainMode::kExact;
  throw UsageError("--mode must be fast or exact, got \"" + std::string(s) + "\"");
}

WindowShrink parse_shrink(std::string_view s) {
  if (s == "random") return WindowShrink::kRandom;
  if (s == "expected") return WindowShrink::kExpected;
  throw UsageError("--shrink must be random or expected, got \"" + std::string(s) + "\"");
}

const char* model_name(ModelKind m) { return m == ModelKind::kSkipGram ? "sg" : "cbow"; }
const char* mode_name(TrainMode m) { return m == TrainMode::kFast ? "fast" : "exact"; }
const char* shrink_name(WindowShrink s) {
  return s == WindowShrink::kRandom ? "random" : "expected";
}

float expected_context_weight(int window, int d) {
  return static_cast<float>(window - d + 1) / static_cast<float>(window);
}

void TrainOptions::validate() const {
  check_option_ranges(*this);  // the ranges of the options table (train/job_options.h)
  if (negative == 0 && !hs) {
    throw UsageError(
        "--negative 0 turns negative sampling off, which leaves no objective; add --hs "
        "(hierarchical softmax) or give --negative in [1, 1000]");
  }
  if (shared_embeddings && negative == 0) {
    throw UsageError(
        "--shared-embeddings ties the input rows to the output rows of negative sampling, and "
        "--negative 0 has none (hierarchical softmax's inner nodes are not words); give "
        "--negative N or drop --shared-embeddings");
  }
  if (alpha && min_alpha && *min_alpha > *alpha) {
    throw UsageError("--min-alpha must not exceed --alpha (" + to_text(*alpha) + "), got " +
                     to_text(*min_alpha));
  }
  if (model == ModelKind::kCbow && shrink == WindowShrink::kExpected) {
    throw UsageError(
        "--shrink expected is for skip-gram only: CBOW averages its contexts, so weighting them "
        "would change its model; use --shrink random (the CBOW default)");
  }
  // 0 means "all hardware threads" inside the library; the tool rejects an explicit 0.
  check_range("--threads", n_threads, 0, 1024);
  check_range("progress interval", progress_interval, 0.0, 3600.0);
}

std::string TrainOptions::resolve_defaults() {
  std::string note;
  // Fast mode with negative sampling alone, untied: where the tuned rates and noise were measured,
  // on the 5M-token head and the full corpus (docs/training.md, "The defaults").
  const bool sg = model == ModelKind::kSkipGram;
  const bool tuned = mode == TrainMode::kFast && !hs && !shared_embeddings;
  if (!alpha) {
    // Elsewhere word2vec.c's rates: exact mode keeps its order, and tied skip-gram lost at the
    // higher rate.
    alpha = tuned ? (sg ? 0.05f : 0.075f) : (sg ? 0.025f : 0.05f);
    note = "alpha " + to_text(*alpha) + (sg ? " (skip-gram" : " (CBOW") +
           (tuned ? " default)" : " default with exact mode, --hs or tied rows: word2vec.c's)");
  }
  if (!min_alpha) min_alpha = *alpha * 1e-4f;
  if (!noise_power) {
    // fastText's 0.5 for the fast skip-gram: on the full corpus it gained on both sets, on the 5M
    // head it lost to 0.75 (docs/training.md, "The defaults"); CBOW lost with it on the head.
    noise_power = sg && tuned ? 0.5 : 0.75;
  }
  if (!shrink) {
    shrink = model == ModelKind::kSkipGram && mode == TrainMode::kFast ? WindowShrink::kExpected
                                                                       : WindowShrink::kRandom;
  }
  if (*min_alpha > *alpha) min_alpha = *alpha;
  if (n_threads == 0)
    n_threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return note;
}

}  // namespace w2v
