#include "text/tokenizer.h"

#include <string>

#include "core/error.h"

namespace w2v {

void TokenizerOptions::validate() const {
  if (max_token_bytes < 4 || max_token_bytes > 65536) {
    throw UsageError("--max-token-bytes must be in [4, 65536], got " +
                     std::to_string(max_token_bytes));
  }
}

namespace {

// Length of the valid UTF-8 sequence starting at s[0] (n bytes available), or 0 if invalid; on
// invalid input *bad is the length of the maximal invalid subpart (at least 1).
std::size_t utf8_sequence(const unsigned char* s, std::size_t n, std::size_t* bad) {
  const unsigned char c = s[0];
  std::size_t len;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    *bad = 1;
    return 0;
  }
  for (std::size_t i = 1; i < len; ++i) {
    const bool ok = i < n && s[i] >= (i == 1 ? lo : 0x80) && s[i] <= (i == 1 ? hi : 0xBF);
    if (!ok) {
      *bad = i;
      return 0;
    }
  }
  return len;
}

}  // namespace

std::size_t utf8_char_length(const unsigned char* s, std::size_t n) {
  std::size_t bad = 0;
  return utf8_sequence(s, n, &bad);
}

std::uint64_t count_invalid_utf8(const unsigned char* s, std::size_t n) {
  std::uint64_t invalid = 0;
  std::size_t i = 0;
  while (i < n) {
    if (s[i] < 0x80) {
      ++i;
      continue;
    }
    std::size_t bad = 0;
    const std::size_t len = utf8_sequence(s + i, n - i, &bad);
    if (len == 0) {
      ++invalid;
      i += bad;
    } else {
      i += len;
    }
  }
  return invalid;
}

std::size_t utf8_cut_length(const unsigned char* s, std::size_t n, std::size_t max_bytes) {
  if (n <= max_bytes) return n;
  // Walk back over continuation bytes to the lead byte of the character at the cut.
  std::size_t q = max_bytes;
  while (q > 0 && max_bytes - q < 3 && (s[q] & 0xC0) == 0x80) --q;
  if (q == max_bytes) return max_bytes;  // the cut falls before a lead or ASCII byte
  std::size_t bad = 0;
  const std::size_t len = utf8_sequence(s + q, n - q, &bad);
  if (len > 0 && q + len > max_bytes) return q;  // a valid character spans the cut
  return max_bytes;
}

}  // namespace w2v
