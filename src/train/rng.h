#pragma once

#include <cstdint>

namespace w2v {

// A small per-thread random generator (SplitMix64). Its whole state is one 64-bit word, so a
// checkpoint can save and restore it exactly; streams for different (seed, thread) pairs are
// decorrelated by the output mix. Not for cryptography.
class Rng {
 public:
  Rng() = default;
  // Rng(seed, thread) gives the same stream on every run.
  Rng(std::uint64_t seed, std::uint64_t thread)
      : state_(mix(seed ^ mix(thread + 0x632be59bd9b4e019ULL))) {}

  std::uint64_t next64() {
    state_ += 0x9e3779b97f4a7c15ULL;
    return mix(state_);
  }
  std::uint32_t next32() { return static_cast<std::uint32_t>(next64() >> 32); }
  // Uniform in [0, n) for n >= 1 (multiply-shift, no division).
  std::uint32_t below(std::uint32_t n) {
    return static_cast<std::uint32_t>((static_cast<std::uint64_t>(next32()) * n) >> 32);
  }
  // Uniform in [0, 1).
  float uniform() { return static_cast<float>(next32() >> 8) * (1.0f / 16777216.0f); }

  std::uint64_t state() const { return state_; }
  void set_state(std::uint64_t s) { state_ = s; }

 private:
  static std::uint64_t mix(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

  std::uint64_t state_ = 0;
};

}  // namespace w2v
