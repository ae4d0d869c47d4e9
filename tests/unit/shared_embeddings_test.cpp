// Tied (shared) embeddings: one matrix in both roles; a word meeting itself as its own target is
// trained like any pair (measured better than skipping it: docs/training.md).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <vector>

#include "corpus/encoded_corpus.h"
#include "support/groups.h"
#include "train/kernels.h"
#include "train/model.h"
#include "train/sampling.h"
#include "train/sentence_steps.h"
#include "train/trainer.h"
#include "vocab/vocab.h"

namespace {

using w2v::WordId;

w2v::Vocab small_vocab() {
  std::vector<std::pair<std::string, std::uint64_t>> counts = {{"</s>", 50}};
  for (int i = 0; i < 6; ++i) counts.emplace_back("w" + std::to_string(i), 300 / (i + 1));
  return w2v::Vocab::from_counts(counts);
}

}  // namespace

TEST_CASE("shared: the output rows are the input rows, and memory is one matrix",
          "[train][shared]") {
  w2v::ModelShape shape;
  shape.shared = true;
  w2v::Model m(10, 20, 1, shape);
  CHECK_FALSE(m.has_output_vectors());
  for (WordId w = 0; w < 10; ++w) CHECK(m.output_row(w) == m.input_row(w));
  const w2v::Vocab vocab = [] {
    std::vector<std::pair<std::string, std::uint64_t>> c = {{"</s>", 1}};
    for (int i = 0; i < 9; ++i) c.emplace_back("w" + std::to_string(i), 10 - i);
    return w2v::Vocab::from_counts(c);
  }();
  const w2v::Embeddings in = m.input_embeddings(vocab), out = m.output_embeddings(vocab);
  CHECK(in.data == out.data);
  // Untied: two matrices, the output one zero at the start (word2vec.c's init).
  w2v::Model untied(10, 20, 1);
  CHECK(untied.has_output_vectors());
  CHECK(untied.output_row(3) != untied.input_row(3));
  CHECK(untied.output_row(3)[0] == 0.0f);
}

TEST_CASE("shared: exact skip-gram is word2vec.c's loop on one matrix, self-pairs included",
          "[train][shared]") {
  // sentence with repeated words, so that a context is often its own centre or noise word
  const w2v::Vocab vocab = small_vocab();
  const int window = 2, negative = 3, dim = 16;
  w2v::ModelShape shape;
  shape.shared = true;
  w2v::Model model(vocab.size(), dim, 5, shape);
  const int stride = model.stride();
  std::vector<std::vector<float>> rows(vocab.size(), std::vector<float>(dim));
  for (std::size_t w = 0; w < vocab.size(); ++w) {
    std::copy_n(model.input_row(static_cast<WordId>(w)), dim, rows[w].begin());
  }
  std::vector<float> weight(window + 1, 1.0f);
  for (int d = 1; d <= window; ++d) weight[d] = w2v::expected_context_weight(window, d);
  std::vector<std::uint64_t> noise_counts = vocab.counts();
  noise_counts[0] = 0;
  const w2v::NegativeSampler negatives(noise_counts);
  const w2v::SigmoidTable sigmoid;
  const std::vector<WordId> sen = {1, 1, 2, 1, 3, 3, 3, 2, 1};
  const float lr = 0.1f;

  // Reference: word2vec.c's negative-sampling loop on one matrix; a (c, c) pair is trained
  // like any other (the target row is the context row, updated in word2vec.c's order).
  w2v::Rng ref_rng(4, 0);
  int self_pairs = 0;
  for (int i = 0; i < static_cast<int>(sen.size()); ++i) {
    for (int j = std::max(0, i - window); j <= std::min<int>(sen.size() - 1, i + window); ++j) {
      if (j == i) continue;
      const WordId c = sen[static_cast<std::size_t>(j)];
      std::vector<float> neu1e(dim, 0.0f);
      for (int d = 0; d <= negative; ++d) {
        WordId target = sen[static_cast<std::size_t>(i)];
        float label = 1.0f;
        if (d > 0) {
          target = negatives.sample(ref_rng);
          if (target == sen[static_cast<std::size_t>(i)]) continue;
          label = 0.0f;
        }
        self_pairs += target == c;
        float f = 0;
        for (int k = 0; k < dim; ++k) f += rows[c][k] * rows[target][k];
        const float g = sigmoid.gradient(f, label, lr * weight[std::abs(i - j)]);
        for (int k = 0; k < dim; ++k) neu1e[k] += g * rows[target][k];
        for (int k = 0; k < dim; ++k) rows[target][k] += g * rows[c][k];
      }
      for (int k = 0; k < dim; ++k) rows[c][k] += neu1e[k];
    }
  }
  CHECK(self_pairs >= 4);  // the test does exercise them

  w2v::TrainOptions o;
  o.mode = w2v::TrainMode::kExact;
  o.window = window;
  o.negative = negative;
  o.shared_embeddings = true;
  const w2v::StepContext ctx{w2v::kernels_for(w2v::KernelIsa::kPortable),
                             negatives,
                             sigmoid,
                             nullptr,
                             model,
                             window,
                             negative,
                             stride,
                             true,
                             weight.data()};
  w2v::StepScratch scratch(o, stride, 0);
  w2v::Rng rng(4, 0);
  w2v::pick_step(o)(ctx, sen.data(), static_cast<int>(sen.size()), lr, rng, scratch);
  REQUIRE_FALSE(scratch.bad);
  for (std::size_t w = 0; w < vocab.size(); ++w) {
    for (int k = 0; k < dim; ++k) {
      INFO("word " << w << " component " << k);
      CHECK(model.input_row(static_cast<WordId>(w))[k] == Approx(rows[w][k]).margin(1e-5));
    }
  }
}

TEST_CASE("shared: tied training learns the planted groups in every mode", "[train][shared]") {
  // Words a0..a9 and b0..b9; each sentence uses one group (as train_test's planted corpus).
  std::mt19937 gen(1);
  std::vector<std::pair<std::string, std::uint64_t>> counts = {{"</s>", 3000}};
  std::vector<std::uint64_t> c(21, 0);
  std::vector<WordId> raw;
  for (int s = 0; s < 3000; ++s) {
    const WordId base = s % 2 == 0 ? 1 : 11;
    for (int i = 0, n = 5 + static_cast<int>(gen() % 10); i < n; ++i) {
      const WordId id = base + gen() % 10;
      raw.push_back(id);
      ++c[id];
    }
    raw.push_back(0);
  }
  for (int i = 0; i < 10; ++i) {
    counts.emplace_back("a" + std::to_string(i), c[1 + i]);
    counts.emplace_back("b" + std::to_string(i), c[11 + i]);
  }
  const w2v::Vocab vocab = w2v::Vocab::from_counts(counts);
  for (WordId& id : raw) {
    if (id != 0) id = *vocab.find((id <= 10 ? "a" : "b") + std::to_string((id - 1) % 10));
  }
  const w2v::EncodedCorpus corpus = w2v::EncodedCorpus::from_ids(raw);
  for (const auto model : {w2v::ModelKind::kSkipGram, w2v::ModelKind::kCbow}) {
    for (const auto mode : {w2v::TrainMode::kFast, w2v::TrainMode::kExact}) {
      INFO(w2v::model_name(model) << " " << w2v::mode_name(mode));
      w2v::TrainOptions o;
      o.model = model;
      o.mode = mode;
      o.dim = 16;
      o.window = 3;
      o.negative = 4;
      o.sample = 0;
      o.epochs = 5;
      o.n_threads = 1;
      o.shared_embeddings = true;
      const w2v::TrainResult r = w2v::Trainer(o, vocab).train(corpus);
      CHECK(r.stats.epoch_loss.back() < r.stats.epoch_loss.front());
      const w2v::Embeddings e = r.model.input_embeddings(vocab);
      // Untied training finds all 20 (train_test); tied training, whose vectors must also
      // score the co-occurrence itself, finds 19 or 20 on this corpus; a broken tie (rows not
      // shared) loses the groups or the falling loss.
      CHECK(w2v::test::nearest_in_own_group(e) >= 18);
    }
  }
}

TEST_CASE("shared: fast skip-gram trains as exact mode does", "[train][shared]") {
  // Two-word sentences: with one context per centre word, fast and exact modes make the same
  // updates (up to float rounding). A noise word equal to the context is a self-pair in both
  // modes; a sentence of one word twice is left out: exact mode updates that row between its two
  // targets, fast mode scores both targets first.
  const w2v::Vocab vocab = small_vocab();
  const std::vector<std::vector<WordId>> sentences = {{1, 2}, {2, 3}, {3, 1}, {1, 4}, {5, 2},
                                                      {2, 6}, {6, 1}, {4, 3}, {3, 2}, {1, 3}};
  std::vector<std::uint64_t> noise_counts = vocab.counts();
  noise_counts[0] = 0;
  const w2v::NegativeSampler negatives(noise_counts);
  const w2v::SigmoidTable sigmoid;
  std::vector<float> weight = {1.0f, 1.0f};
  w2v::ModelShape shape;
  shape.shared = true;
  w2v::Model fast(vocab.size(), 16, 3, shape), exact(vocab.size(), 16, 3, shape);
  for (const auto mode : {w2v::TrainMode::kFast, w2v::TrainMode::kExact}) {
    w2v::Model& m = mode == w2v::TrainMode::kFast ? fast : exact;
    w2v::TrainOptions o;
    o.mode = mode;
    o.window = 1;
    o.negative = 1;  // no target row repeats within a step
    o.shared_embeddings = true;
    const w2v::StepContext ctx{w2v::kernels_for(w2v::KernelIsa::kPortable),
                               negatives,
                               sigmoid,
                               nullptr,
                               m,
                               1,
                               1,
                               m.stride(),
                               true,
                               weight.data()};
    w2v::StepScratch scratch(o, m.stride(), 0);
    w2v::Rng rng(8, 0);
    for (const auto& s : sentences) w2v::pick_step(o)(ctx, s.data(), 2, 0.5f, rng, scratch);
    REQUIRE_FALSE(scratch.bad);
  }
  for (std::size_t w = 0; w < vocab.size(); ++w) {
    for (int k = 0; k < 16; ++k) {
      INFO("word " << w << " component " << k);
      CHECK(fast.input_row(static_cast<WordId>(w))[k] ==
            Approx(exact.input_row(static_cast<WordId>(w))[k]).margin(1e-5));
    }
  }
}

TEST_CASE(
    "shared: exact CBOW is word2vec.c's loop on one matrix, targets among the contexts included",
    "[train][shared]") {
  const w2v::Vocab vocab = small_vocab();
  const int window = 2, negative = 3, dim = 16;
  w2v::ModelShape shape;
  shape.shared = true;
  w2v::Model model(vocab.size(), dim, 7, shape);
  std::vector<std::vector<float>> rows(vocab.size(), std::vector<float>(dim));
  for (std::size_t w = 0; w < vocab.size(); ++w) {
    std::copy_n(model.input_row(static_cast<WordId>(w)), dim, rows[w].begin());
  }
  std::vector<float> weight(window + 1, 1.0f);
  std::vector<std::uint64_t> noise_counts = vocab.counts();
  noise_counts[0] = 0;
  const w2v::NegativeSampler negatives(noise_counts);
  const w2v::SigmoidTable sigmoid;
  const std::vector<WordId> sen = {1, 2, 1, 3, 3, 4, 2, 1, 5, 1};
  const float lr = 0.2f;

  // Reference: the mean of the contexts predicts the centre and noise words; a target that is
  // one of the contexts (the same row) is trained like any other.
  w2v::Rng ref_rng(6, 0);
  int self_targets = 0;
  for (int i = 0; i < static_cast<int>(sen.size()); ++i) {
    const int span = window - static_cast<int>(ref_rng.below(window));
    std::vector<WordId> ctx;
    for (int j = std::max(0, i - span); j <= std::min<int>(sen.size() - 1, i + span); ++j) {
      if (j != i) ctx.push_back(sen[static_cast<std::size_t>(j)]);
    }
    if (ctx.empty()) continue;
    std::vector<float> neu1(dim, 0.0f), neu1e(dim, 0.0f);
    for (const WordId c : ctx) {
      for (int k = 0; k < dim; ++k) neu1[k] += rows[c][k] / static_cast<float>(ctx.size());
    }
    std::vector<std::pair<WordId, float>> targets = {{sen[static_cast<std::size_t>(i)], 1.0f}};
    for (int d = 0; d < negative; ++d) {
      const WordId n = negatives.sample(ref_rng);
      if (n != sen[static_cast<std::size_t>(i)]) targets.emplace_back(n, 0.0f);
    }
    for (const auto& [t, label] : targets) {
      self_targets += std::find(ctx.begin(), ctx.end(), t) != ctx.end();
      float f = 0;
      for (int k = 0; k < dim; ++k) f += neu1[k] * rows[t][k];
      const float g = sigmoid.gradient(f, label, lr);
      for (int k = 0; k < dim; ++k) neu1e[k] += g * rows[t][k];
      for (int k = 0; k < dim; ++k) rows[t][k] += g * neu1[k];
    }
    for (const WordId c : ctx) {
      for (int k = 0; k < dim; ++k) rows[c][k] += neu1e[k];
    }
  }
  CHECK(self_targets >= 3);

  w2v::TrainOptions o;
  o.model = w2v::ModelKind::kCbow;
  o.mode = w2v::TrainMode::kExact;
  o.window = window;
  o.negative = negative;
  o.shared_embeddings = true;
  const w2v::StepContext ctx{w2v::kernels_for(w2v::KernelIsa::kPortable),
                             negatives,
                             sigmoid,
                             nullptr,
                             model,
                             window,
                             negative,
                             model.stride(),
                             false,
                             weight.data()};
  w2v::StepScratch scratch(o, model.stride(), 0);
  w2v::Rng rng(6, 0);
  w2v::pick_step(o)(ctx, sen.data(), static_cast<int>(sen.size()), lr, rng, scratch);
  REQUIRE_FALSE(scratch.bad);
  for (std::size_t w = 0; w < vocab.size(); ++w) {
    for (int k = 0; k < dim; ++k) {
      INFO("word " << w << " component " << k);
      CHECK(model.input_row(static_cast<WordId>(w))[k] == Approx(rows[w][k]).margin(1e-5));
    }
  }
}
