#include "train/sampling.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/error.h"

namespace w2v {

NegativeSampler::NegativeSampler(const std::vector<std::uint64_t>& counts, double power) {
  if (counts.empty() || counts.size() > 0xffffffffu) {
    throw UsageError("negative sampling needs between 1 and 2^32-1 words, got " +
                     std::to_string(counts.size()));
  }
  n_ = static_cast<std::uint32_t>(counts.size());
  probability_.resize(n_);
  double total = 0;
  for (std::uint32_t i = 0; i < n_; ++i) {
    probability_[i] = counts[i] == 0 ? 0.0 : std::pow(static_cast<double>(counts[i]), power);
    total += probability_[i];
  }
  if (total <= 0) throw UsageError("negative sampling needs at least one word with a count > 0");
  for (double& p : probability_) p /= total;

  // Walker/Vose: scale to mean 1, pair each under-full slot with an over-full donor.
  std::vector<double> scaled(n_);
  std::vector<std::uint32_t> small, large;
  for (std::uint32_t i = 0; i < n_; ++i) {
    scaled[i] = probability_[i] * n_;
    (scaled[i] < 1.0 ? small : large).push_back(i);
  }
  table_.assign(n_, Entry{0xffffffffu, 0});
  for (std::uint32_t i = 0; i < n_; ++i) table_[i].alias = i;
  while (!small.empty() && !large.empty()) {
    const std::uint32_t s = small.back();
    small.pop_back();
    const std::uint32_t l = large.back();
    table_[s].threshold =
        static_cast<std::uint32_t>(std::min(scaled[s] * 4294967296.0, 4294967295.0));
    table_[s].alias = l;
    scaled[l] -= 1.0 - scaled[s];
    if (scaled[l] < 1.0) {
      large.pop_back();
      small.push_back(l);
    }
  }
  // Leftovers are full up to rounding: always keep them.
  for (std::uint32_t i : small) table_[i].threshold = 0xffffffffu;
  for (std::uint32_t i : large) table_[i].threshold = 0xffffffffu;
  // A zero-weight slot must never return itself, even when rounding left it without a donor.
  std::uint32_t heaviest = 0;
  for (std::uint32_t i = 1; i < n_; ++i) {
    if (probability_[i] > probability_[heaviest]) heaviest = i;
  }
  for (std::uint32_t i = 0; i < n_; ++i) {
    if (probability_[i] > 0.0) continue;
    table_[i].threshold = 0;
    if (table_[i].alias == i) table_[i].alias = heaviest;
  }
}

Subsampler::Subsampler(const std::vector<std::uint64_t>& counts, double sample) {
  threshold_.assign(counts.size(), 1ULL << 32);
  if (sample <= 0) return;
  double total = 0;
  for (std::uint64_t c : counts) total += static_cast<double>(c);
  const double t = sample * total;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (counts[i] == 0) continue;
    const double f = static_cast<double>(counts[i]);
    const double keep = (std::sqrt(f / t) + 1.0) * t / f;
    if (keep < 1.0) threshold_[i] = static_cast<std::uint64_t>(keep * 4294967296.0);
  }
}

SigmoidTable::SigmoidTable() {
  for (int i = 0; i <= kSize; ++i) {
    const double x = (static_cast<double>(i) / kSize * 2.0 - 1.0) * static_cast<double>(kMaxExp);
    sigmoid_[i] = static_cast<float>(1.0 / (1.0 + std::exp(-x)));
    softplus_[i] = static_cast<float>(std::log1p(std::exp(x)));
  }
}

}  // namespace w2v
