#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "core/error.h"
#include "train/rng.h"
#include "train/sampling.h"

TEST_CASE("Rng is reproducible per seed and thread and stays in range", "[train][sampling]") {
  w2v::Rng a(7, 0), b(7, 0), c(7, 1), d(8, 0);
  bool differs_thread = false, differs_seed = false;
  for (int i = 0; i < 1000; ++i) {
    const std::uint64_t x = a.next64();
    CHECK(x == b.next64());
    differs_thread |= x != c.next64();
    differs_seed |= x != d.next64();
    const std::uint32_t r = a.below(5);
    CHECK(r < 5u);
    const float u = a.uniform();
    CHECK((u >= 0.0f && u < 1.0f));
    b.below(5);
    b.uniform();
  }
  CHECK(differs_thread);
  CHECK(differs_seed);
  w2v::Rng e;
  e.set_state(a.state());
  CHECK(e.next64() == a.next64());  // the state is all a checkpoint needs
}

TEST_CASE("Negative sampler draws counts^0.75 and never a zero count", "[train][sampling]") {
  // id 0 plays "</s>" (count 0 for noise), id 5 a word with no count.
  const std::vector<std::uint64_t> counts = {0, 1000, 500, 100, 10, 0, 1};
  w2v::NegativeSampler sampler(counts, 0.75);
  double total = 0;
  for (std::uint64_t c : counts) total += std::pow(static_cast<double>(c), 0.75);
  for (std::size_t i = 0; i < counts.size(); ++i) {
    const double want =
        counts[i] == 0 ? 0.0 : std::pow(static_cast<double>(counts[i]), 0.75) / total;
    CHECK(sampler.probability(static_cast<w2v::WordId>(i)) == Approx(want).margin(1e-12));
  }
  // Draw counts against the independent probabilities: within 5 standard deviations each.
  const int n = 2'000'000;
  std::vector<int> seen(counts.size(), 0);
  w2v::Rng rng(1, 0);
  for (int i = 0; i < n; ++i) ++seen[sampler.sample(rng)];
  CHECK(seen[0] == 0);
  CHECK(seen[5] == 0);
  for (std::size_t i = 0; i < counts.size(); ++i) {
    const double p = counts[i] == 0 ? 0.0 : std::pow(static_cast<double>(counts[i]), 0.75) / total;
    const double sigma = std::sqrt(n * p * (1 - p));
    INFO("id " << i << " expected " << n * p << " got " << seen[i]);
    CHECK(std::fabs(seen[i] - n * p) <= 5 * sigma + 1);
  }
}

TEST_CASE("Negative sampler matches a Zipf distribution over many words", "[train][sampling]") {
  std::vector<std::uint64_t> counts(2001);
  counts[0] = 0;
  double total = 0;
  for (std::size_t i = 1; i < counts.size(); ++i) {
    counts[i] = 100000 / i + 1;
    total += std::pow(static_cast<double>(counts[i]), 0.75);
  }
  w2v::NegativeSampler sampler(counts);
  const int n = 4'000'000;
  std::vector<int> seen(counts.size(), 0);
  w2v::Rng rng(3, 0);
  for (int i = 0; i < n; ++i) ++seen[sampler.sample(rng)];
  // Per word, against counts^0.75 / sum computed here: within 5 standard deviations (p runs from
  // ~0.025 down to ~3e-5, so sigma from ~300 draws down to ~11). And over all words, Pearson's
  // chi-square: 2000 degrees of freedom have mean 2000 and sd 63; 2400 is 6 sd out.
  double chi2 = 0;
  for (std::size_t i = 1; i < counts.size(); ++i) {
    const double p = std::pow(static_cast<double>(counts[i]), 0.75) / total;
    const double sigma = std::sqrt(n * p * (1 - p));
    INFO("id " << i << " expected " << n * p << " got " << seen[i]);
    CHECK(std::fabs(seen[i] - n * p) <= 5 * sigma);
    chi2 += (seen[i] - n * p) * (seen[i] - n * p) / (n * p);
  }
  CHECK(chi2 < 2400);
  CHECK(seen[0] == 0);
}

TEST_CASE("Negative sampler rejects a vocabulary without counts", "[train][sampling]") {
  CHECK_THROWS_AS(w2v::NegativeSampler(std::vector<std::uint64_t>{0, 0}), w2v::UsageError);
  CHECK_THROWS_AS(w2v::NegativeSampler(std::vector<std::uint64_t>{}), w2v::UsageError);
}

TEST_CASE("Subsampler keeps words with word2vec.c's probability", "[train][sampling]") {
  const std::vector<std::uint64_t> counts = {10, 1'000'000, 10'000, 100, 0};
  const double total = 1'010'110;
  const double sample = 1e-3;
  w2v::Subsampler sub(counts, sample);
  for (std::size_t i = 0; i < counts.size(); ++i) {
    const double f = static_cast<double>(counts[i]);
    const double want =
        f == 0 ? 1.0 : std::min(1.0, (std::sqrt(f / (sample * total)) + 1) * sample * total / f);
    CHECK(sub.keep_probability(static_cast<w2v::WordId>(i)) == Approx(want).margin(1e-6));
  }
  CHECK(sub.keep_probability(1) < 0.1);  // the frequent word is mostly dropped
  w2v::Rng rng(5, 0);
  const int n = 200000;
  int kept = 0;
  for (int i = 0; i < n; ++i) kept += sub.keep(1, rng);
  const double f1 = static_cast<double>(counts[1]);
  const double p = (std::sqrt(f1 / (sample * total)) + 1) * sample * total / f1;  // ~0.032
  CHECK(std::fabs(kept - n * p) < 5 * std::sqrt(n * p * (1 - p)));
  w2v::Subsampler off(counts, 0.0);
  for (int i = 0; i < 1000; ++i) CHECK(off.keep(1, rng));
}

TEST_CASE("Sigmoid table follows word2vec.c and saturates past 6", "[train][sampling]") {
  w2v::SigmoidTable t;
  for (float f = -5.99f; f < 5.99f; f += 0.37f) {
    const float exact = 1.0f / (1.0f + std::exp(-f));
    CHECK(std::fabs(t.sigmoid(f) - exact) < 0.004f);  // 1000 entries over 12: step 0.012
    CHECK(t.gradient(f, 1.0f, 0.5f) == Approx((1.0f - t.sigmoid(f)) * 0.5f));
    CHECK(std::fabs(t.loss(f, 1.0f) - std::log1p(std::exp(-f))) <
          0.013f);  // slope <= 1 times step 0.012
    CHECK(std::fabs(t.loss(f, 0.0f) - std::log1p(std::exp(f))) < 0.013f);
  }
  CHECK(t.gradient(7.0f, 1.0f, 0.1f) == 0.0f);
  CHECK(t.gradient(7.0f, 0.0f, 0.1f) == Approx(-0.1f));
  CHECK(t.gradient(-7.0f, 1.0f, 0.1f) == Approx(0.1f));
  CHECK(t.gradient(-7.0f, 0.0f, 0.1f) == 0.0f);
  CHECK(t.loss(20.0f, 0.0f) == Approx(20.0f));
  CHECK(t.loss(20.0f, 1.0f) == 0.0f);
}
