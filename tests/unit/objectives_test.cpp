// The objectives' maths, step by step, against scalar references written from word2vec.c.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <vector>

#include "train/huffman.h"
#include "train/kernels.h"
#include "train/model.h"
#include "train/sampling.h"
#include "train/sentence_steps.h"
#include "vocab/vocab.h"

namespace {

using w2v::ModelKind;
using w2v::TrainMode;
using w2v::WordId;

constexpr int kDim = 16;

// A model whose rows are all random (node rows too, so that every score is informative).
struct Fixture {
  w2v::Vocab vocab;
  w2v::HuffmanTree tree;
  w2v::Model model;
  std::vector<float> weight;
};

// scale: rows uniform in [-scale, scale]; at 2.0 many scores are beyond +-6 (dim 16), where
// hierarchical softmax makes no step.
Fixture make_fixture(bool output_rows, bool node_rows, int window, float scale = 0.4f) {
  std::vector<std::pair<std::string, std::uint64_t>> counts = {{"</s>", 50}};
  for (int i = 0; i < 12; ++i) counts.emplace_back("w" + std::to_string(i), 400 / (i + 1));
  Fixture f{w2v::Vocab::from_counts(counts), {}, {}, {}};
  f.tree = w2v::HuffmanTree(f.vocab.counts());
  w2v::ModelShape shape;
  shape.output_rows = output_rows;
  shape.node_rows = node_rows;
  f.model = w2v::Model(f.vocab.size(), kDim, 3, shape);
  std::mt19937 gen(11);
  std::uniform_real_distribution<float> u(-scale, scale);
  for (std::size_t w = 0; w < f.vocab.size(); ++w) {
    for (int i = 0; i < kDim; ++i) f.model.input_row(static_cast<WordId>(w))[i] = u(gen);
    if (output_rows) {
      for (int i = 0; i < kDim; ++i) f.model.output_row(static_cast<WordId>(w))[i] = u(gen);
    }
  }
  for (std::uint32_t n = 0; n < f.model.n_nodes(); ++n) {
    for (int i = 0; i < kDim; ++i) f.model.node_row(n)[i] = u(gen);
  }
  f.weight.assign(static_cast<std::size_t>(window) + 1, 1.0f);
  return f;
}

// Row-major copies of the matrices, for the references.
using Rows = std::vector<std::vector<float>>;
Rows copy_rows(const float* (*row)(const w2v::Model&, std::size_t), const w2v::Model& m,
               std::size_t n) {
  Rows out(n, std::vector<float>(kDim));
  for (std::size_t i = 0; i < n; ++i) std::copy_n(row(m, i), kDim, out[i].begin());
  return out;
}
const float* input_of(const w2v::Model& m, std::size_t i) {
  return m.input_row(static_cast<WordId>(i));
}
const float* node_of(const w2v::Model& m, std::size_t i) {
  return m.node_row(static_cast<std::uint32_t>(i));
}

float dot(const std::vector<float>& a, const std::vector<float>& b) {
  float s = 0;
  for (int i = 0; i < kDim; ++i)
    s += a[static_cast<std::size_t>(i)] * b[static_cast<std::size_t>(i)];
  return s;
}

void expect_rows(const Rows& want, const float* (*row)(const w2v::Model&, std::size_t),
                 const w2v::Model& m) {
  for (std::size_t i = 0; i < want.size(); ++i) {
    for (int k = 0; k < kDim; ++k) {
      INFO("row " << i << " component " << k);
      CHECK(row(m, i)[k] == Approx(want[i][static_cast<std::size_t>(k)]).margin(1e-5));
    }
  }
}

}  // namespace

TEST_CASE("objectives: exact skip-gram hierarchical softmax is word2vec.c's loop",
          "[train][objectives]") {
  // word2vec.c, skip-gram with -hs 1 -negative 0: for each context c of centre w:
  //   neu1e = 0; for each node d on w's path: f = syn0[c] . syn1[d]; skip if |f| >= 6;
  //   g = (1 - code - sigmoid(f)) * alpha; neu1e += g syn1[d]; syn1[d] += g syn0[c];
  //   then syn0[c] += neu1e.
  // Expected shrink keeps the window fixed (no random draw) and weighs the rate by distance.
  const int window = 2;
  const float scale = GENERATE(0.4f, 2.0f);
  INFO("rows in +-" << scale);
  Fixture f = make_fixture(false, true, window, scale);
  for (int d = 1; d <= window; ++d) f.weight[d] = w2v::expected_context_weight(window, d);
  int saturated = 0;
  Rows in = copy_rows(input_of, f.model, f.vocab.size());
  Rows nodes = copy_rows(node_of, f.model, f.model.n_nodes());
  const w2v::SigmoidTable sigmoid;
  const std::vector<WordId> sen = {1, 2, 3, 4, 1, 5, 9, 2};
  const float lr = 0.5f;
  for (int i = 0; i < static_cast<int>(sen.size()); ++i) {
    for (int j = std::max(0, i - window); j <= std::min<int>(sen.size() - 1, i + window); ++j) {
      if (j == i) continue;
      std::vector<float>& c = in[sen[j]];
      std::vector<float> neu1e(kDim, 0.0f);
      const WordId w = sen[static_cast<std::size_t>(i)];
      for (int d = 0; d < f.tree.length(w); ++d) {
        std::vector<float>& node = nodes[f.tree.points(w)[d]];
        const float s = dot(c, node);
        if (s <= -6 || s >= 6) {
          ++saturated;
          continue;
        }
        const float g = (1.0f - f.tree.codes(w)[d] - sigmoid.sigmoid(s)) * lr *
                        f.weight[static_cast<std::size_t>(std::abs(i - j))];
        for (int k = 0; k < kDim; ++k) neu1e[k] += g * node[k];
        for (int k = 0; k < kDim; ++k) node[k] += g * c[k];
      }
      for (int k = 0; k < kDim; ++k) c[k] += neu1e[k];
    }
  }
  if (scale > 1.0f) CHECK(saturated >= 10);  // the no-step rule is exercised
  w2v::TrainOptions o;
  o.mode = TrainMode::kExact;
  o.window = window;
  o.hs = true;
  o.negative = 0;
  const w2v::NegativeSampler negatives(f.vocab.counts());
  const w2v::StepContext ctx{w2v::kernels_for(w2v::KernelIsa::kPortable),
                             negatives,
                             sigmoid,
                             &f.tree,
                             f.model,
                             window,
                             0,
                             f.model.stride(),
                             true,
                             f.weight.data()};
  w2v::StepScratch scratch(o, f.model.stride(), f.tree.max_length());
  w2v::Rng rng(1, 0);
  w2v::pick_step(o)(ctx, sen.data(), static_cast<int>(sen.size()), lr, rng, scratch);
  REQUIRE_FALSE(scratch.bad);
  expect_rows(in, input_of, f.model);
  expect_rows(nodes, node_of, f.model);
}

TEST_CASE("objectives: exact CBOW hierarchical softmax is word2vec.c's loop",
          "[train][objectives]") {
  // word2vec.c, CBOW with -hs 1 -negative 0 -cbow 1: neu1 = the mean of the contexts (a width
  // b drawn per centre word); for each node d on the centre's path: f = neu1 . syn1[d], skip if
  // |f| >= 6; g = (1 - code - sigmoid(f)) * alpha; neu1e += g syn1[d]; syn1[d] += g neu1; then
  // every context row += neu1e.
  const int window = 3;
  const float scale = GENERATE(0.4f, 2.0f);
  INFO("rows in +-" << scale);
  Fixture f = make_fixture(false, true, window, scale);
  int saturated = 0;
  Rows in = copy_rows(input_of, f.model, f.vocab.size());
  Rows nodes = copy_rows(node_of, f.model, f.model.n_nodes());
  const w2v::SigmoidTable sigmoid;
  const std::vector<WordId> sen = {3, 1, 2, 7, 1, 5, 9, 2, 11};
  const float lr = 0.3f;
  w2v::Rng ref_rng(9, 0);
  for (int i = 0; i < static_cast<int>(sen.size()); ++i) {
    const int span = window - static_cast<int>(ref_rng.below(window));
    std::vector<int> ctx;
    for (int j = std::max(0, i - span); j <= std::min<int>(sen.size() - 1, i + span); ++j) {
      if (j != i) ctx.push_back(j);
    }
    if (ctx.empty()) continue;
    std::vector<float> neu1(kDim, 0.0f), neu1e(kDim, 0.0f);
    for (const int j : ctx) {
      for (int k = 0; k < kDim; ++k) neu1[k] += in[sen[j]][k] / static_cast<float>(ctx.size());
    }
    const WordId w = sen[static_cast<std::size_t>(i)];
    for (int d = 0; d < f.tree.length(w); ++d) {
      std::vector<float>& node = nodes[f.tree.points(w)[d]];
      const float s = dot(neu1, node);
      if (s <= -6 || s >= 6) {
        ++saturated;
        continue;
      }
      const float g = (1.0f - f.tree.codes(w)[d] - sigmoid.sigmoid(s)) * lr;
      for (int k = 0; k < kDim; ++k) neu1e[k] += g * node[k];
      for (int k = 0; k < kDim; ++k) node[k] += g * neu1[k];
    }
    for (const int j : ctx) {
      for (int k = 0; k < kDim; ++k) in[sen[j]][k] += neu1e[k];
    }
  }
  if (scale > 1.0f) CHECK(saturated >= 3);  // the no-step rule is exercised
  w2v::TrainOptions o;
  o.model = ModelKind::kCbow;
  o.mode = TrainMode::kExact;
  o.window = window;
  o.hs = true;
  o.negative = 0;
  const w2v::NegativeSampler negatives(f.vocab.counts());
  const w2v::StepContext ctx{w2v::kernels_for(w2v::KernelIsa::kPortable),
                             negatives,
                             sigmoid,
                             &f.tree,
                             f.model,
                             window,
                             0,
                             f.model.stride(),
                             false,
                             f.weight.data()};
  w2v::StepScratch scratch(o, f.model.stride(), f.tree.max_length());
  w2v::Rng rng(9, 0);
  w2v::pick_step(o)(ctx, sen.data(), static_cast<int>(sen.size()), lr, rng, scratch);
  REQUIRE_FALSE(scratch.bad);
  expect_rows(in, input_of, f.model);
  expect_rows(nodes, node_of, f.model);
}

TEST_CASE("objectives: with one context per word, fast skip-gram equals exact",
          "[train][objectives]") {
  // Two-word sentences: each centre word has one context, so batching the contexts changes
  // nothing (the same targets, drawn in the same order, scored before any update) but the
  // order of the float operations. For every choice of objectives; one noise word, so that no
  // target row repeats within a step (exact mode would see the first update, fast mode not).
  const std::vector<WordId> sen2[] = {{1, 2}, {3, 4}, {5, 1}, {2, 9}, {7, 7}, {11, 3}};
  for (const auto& [hs, negative] : {std::pair{true, 0}, std::pair{true, 1}, std::pair{false, 1}}) {
    INFO("hs " << hs << ", negative " << negative);
    Fixture fast = make_fixture(negative > 0, hs, 1);
    Fixture exact = make_fixture(negative > 0, hs, 1);
    const w2v::SigmoidTable sigmoid;
    const w2v::NegativeSampler negatives(fast.vocab.counts());
    w2v::TrainOptions o;
    o.window = 1;
    o.hs = hs;
    o.negative = negative;
    for (Fixture* f : {&fast, &exact}) {
      o.mode = f == &fast ? TrainMode::kFast : TrainMode::kExact;
      const w2v::StepContext ctx{w2v::kernels_for(w2v::KernelIsa::kPortable),
                                 negatives,
                                 sigmoid,
                                 hs ? &f->tree : nullptr,
                                 f->model,
                                 1,
                                 negative,
                                 f->model.stride(),
                                 true,
                                 f->weight.data()};
      w2v::StepScratch scratch(o, f->model.stride(), f->tree.max_length());
      w2v::Rng rng(5, 0);
      for (const auto& s : sen2) w2v::pick_step(o)(ctx, s.data(), 2, 0.4f, rng, scratch);
      REQUIRE_FALSE(scratch.bad);
    }
    const Rows want = copy_rows(input_of, exact.model, exact.vocab.size());
    expect_rows(want, input_of, fast.model);
    if (hs)
      expect_rows(copy_rows(node_of, exact.model, exact.model.n_nodes()), node_of, fast.model);
  }
}

TEST_CASE("objectives: fast steps take word2vec.c's random numbers, even for short sentences",
          "[train][objectives]") {
  // The steps draw a centre word's span and noise one word ahead (to prefetch the rows); the
  // numbers taken must stay those of drawing just in time: per word, the span (random shrink),
  // then `negative` noise words unless the sentence has a single word; none for an empty one.
  const std::vector<std::vector<WordId>> sentences = {{}, {3}, {1, 2}, {4, 5, 6, 7}, {}, {8}, {9}};
  struct Case {
    ModelKind model;
    TrainMode mode;
    bool expected;
    bool hs;
    int negative;
  };
  const Case cases[] = {{ModelKind::kSkipGram, TrainMode::kFast, true, false, 3},
                        {ModelKind::kSkipGram, TrainMode::kFast, false, false, 3},
                        {ModelKind::kSkipGram, TrainMode::kFast, true, true, 2},
                        {ModelKind::kCbow, TrainMode::kFast, false, false, 3},
                        {ModelKind::kCbow, TrainMode::kExact, false, true, 0}};
  for (const Case& c : cases) {
    INFO("model " << static_cast<int>(c.model) << " mode " << static_cast<int>(c.mode)
                  << " expected " << c.expected << " hs " << c.hs << " negative " << c.negative);
    Fixture f = make_fixture(c.negative > 0, c.hs, 2);
    const w2v::SigmoidTable sigmoid;
    const w2v::NegativeSampler negatives(f.vocab.counts());
    w2v::TrainOptions o;
    o.model = c.model;
    o.mode = c.mode;
    o.window = 2;
    o.hs = c.hs;
    o.negative = c.negative;
    const w2v::StepContext ctx{w2v::kernels_for(w2v::KernelIsa::kPortable),
                               negatives,
                               sigmoid,
                               c.hs ? &f.tree : nullptr,
                               f.model,
                               2,
                               c.negative,
                               f.model.stride(),
                               c.expected,
                               f.weight.data()};
    w2v::StepScratch scratch(o, f.model.stride(), f.tree.max_length());
    w2v::Rng rng(5, 0), reference(5, 0);
    for (const auto& s : sentences) {
      w2v::pick_step(o)(ctx, s.data(), static_cast<int>(s.size()), 0.1f, rng, scratch);
      for (std::size_t i = 0; i < s.size(); ++i) {
        if (!c.expected) reference.next64();
        if (s.size() > 1) {
          for (int d = 0; d < c.negative; ++d) reference.next64();
        }
      }
      INFO("after a sentence of " << s.size() << " words");
      REQUIRE(rng.state() == reference.state());
    }
    REQUIRE_FALSE(scratch.bad);
  }
}
