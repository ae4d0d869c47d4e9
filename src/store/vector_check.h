#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

namespace w2v {

// Index of the first NaN or infinite value in p[0, n), or n if all are finite. Branch-free over
// the bits so it vectorises; the readers call it once per row.
inline std::size_t first_non_finite(const float* p, std::size_t n) {
  std::uint32_t any = 0;
  for (std::size_t i = 0; i < n; ++i) {
    std::uint32_t bits;
    std::memcpy(&bits, p + i, 4);
    any |= static_cast<std::uint32_t>((bits & 0x7f800000u) == 0x7f800000u);
  }
  if (any == 0) return n;
  for (std::size_t i = 0; i < n; ++i) {
    std::uint32_t bits;
    std::memcpy(&bits, p + i, 4);
    if ((bits & 0x7f800000u) == 0x7f800000u) return i;
  }
  return n;
}

inline const char* non_finite_name(float x) { return x != x ? "NaN" : "infinite"; }

// Checks that a word can be written to and read back from the word2vec formats: non-empty, no
// space, tab or newline. Returns an empty string when it can, else the reason.
inline std::string unwritable_word_reason(const std::string& word) {
  if (word.empty()) return "is empty";
  for (const char c : word) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return "contains whitespace";
  }
  return {};
}

}  // namespace w2v
