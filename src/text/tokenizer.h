#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace w2v {

struct TokenizerOptions {
  // Longer tokens are cut to at most this many bytes, on a UTF-8 character boundary.
  std::size_t max_token_bytes = 100;
  // Fold ASCII A-Z to a-z (other bytes are left as they are).
  bool lowercase = false;

  // Throws UsageError unless max_token_bytes is in [4, 65536].
  void validate() const;
};

// What a tokenizer saw; every limit it applies is counted here, never silent.
struct TokenStats {
  std::uint64_t n_tokens = 0;         // tokens emitted (a literal "</s>" included)
  std::uint64_t n_sentences = 0;      // lines with at least one token
  std::uint64_t n_cut = 0;            // tokens longer than max_token_bytes, cut
  std::uint64_t n_invalid_utf8 = 0;   // maximal invalid UTF-8 subsequences, kept as bytes
  std::uint64_t n_skipped_bytes = 0;  // bytes of cut tokens dropped past the limit

  void add(const TokenStats& o) {
    n_tokens += o.n_tokens;
    n_sentences += o.n_sentences;
    n_cut += o.n_cut;
    n_invalid_utf8 += o.n_invalid_utf8;
    n_skipped_bytes += o.n_skipped_bytes;
  }
};

// Space, tab, CR, LF, VT and FF separate tokens; everything else (NUL and bytes >= 0x80
// included) is part of a token. Only LF ends a sentence.
inline bool is_space(unsigned char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

// Number of maximal invalid subsequences in s, counted as Unicode's "substitution of maximal
// subparts" (Python's decode(errors="replace") makes one U+FFFD for each).
std::uint64_t count_invalid_utf8(const unsigned char* s, std::size_t n);

// Length of the valid UTF-8 character starting at s[0] (n >= 1 bytes available), or 0 if the
// bytes there are not one: utf8_char_length("\xc3\xa9x", 3) -> 2.
std::size_t utf8_char_length(const unsigned char* s, std::size_t n);

// Largest length <= max_bytes that does not split a valid multi-byte UTF-8 character of s
// (n > max_bytes). For invalid bytes at the cut it cuts at max_bytes.
std::size_t utf8_cut_length(const unsigned char* s, std::size_t n, std::size_t max_bytes);

// Splits text into tokens and sentence ends. A chunk of text always ends on whitespace or at
// the end of an input (see CorpusReader), so tokens never straddle chunks; a sentence can, and
// the chunk says whether one is open at its start.
class Tokenizer {
 public:
  explicit Tokenizer(const TokenizerOptions& opts) : opts_(opts) {}

  // Calls on_token(std::string_view) for each token and on_sentence_end() after the last token
  // of each line that has tokens. sentence_open: the line running into this chunk already has
  // tokens. ends_input: the chunk ends a file, which ends its last sentence. Lowercasing is done
  // in place, so the text is mutable.
  template <class OnToken, class OnSentenceEnd>
  void scan(char* begin, char* end, bool sentence_open, bool ends_input, TokenStats& stats,
            OnToken&& on_token, OnSentenceEnd&& on_sentence_end) const {
    scan(begin, end, sentence_open, ends_input, stats, on_token, on_sentence_end, [] {});
  }

  // As above, and on_empty_line() for each LF that ends a line without tokens, so that a caller
  // can keep the line structure (every LF is either a sentence end or an empty line).
  template <class OnToken, class OnSentenceEnd, class OnEmptyLine>
  void scan(char* begin, char* end, bool sentence_open, bool ends_input, TokenStats& stats,
            OnToken&& on_token, OnSentenceEnd&& on_sentence_end,
            OnEmptyLine&& on_empty_line) const {
    // Per byte: skip whitespace (counting sentence ends at LF), then find the token's end while
    // OR-ing its bytes, so that UTF-8 checks run only on tokens with a byte >= 0x80.
    bool line_has_tokens = sentence_open;
    unsigned char* p = reinterpret_cast<unsigned char*>(begin);
    unsigned char* const e = reinterpret_cast<unsigned char*>(end);
    while (p < e) {
      if (is_space(*p)) {
        if (*p == '\n') {
          if (line_has_tokens) {
            on_sentence_end();
            ++stats.n_sentences;
            line_has_tokens = false;
          } else {
            on_empty_line();
          }
        }
        ++p;
        continue;
      }
      unsigned char* const start = p;
      unsigned char high = 0;
      while (p < e && !is_space(*p)) high |= *p++;
      std::size_t len = static_cast<std::size_t>(p - start);
      if (high & 0x80) stats.n_invalid_utf8 += count_invalid_utf8(start, len);
      if (len > opts_.max_token_bytes) {
        const std::size_t keep = utf8_cut_length(start, len, opts_.max_token_bytes);
        stats.n_skipped_bytes += len - keep;
        len = keep;
        ++stats.n_cut;
      }
      if (opts_.lowercase) {
        for (std::size_t i = 0; i < len; ++i) {
          if (static_cast<unsigned>(start[i] - 'A') < 26u) {
            start[i] = static_cast<unsigned char>(start[i] + 32);
          }
        }
      }
      ++stats.n_tokens;
      line_has_tokens = true;
      on_token(std::string_view(reinterpret_cast<const char*>(start), len));
    }
    if (ends_input && line_has_tokens) {
      on_sentence_end();
      ++stats.n_sentences;
    }
  }

  const TokenizerOptions& options() const { return opts_; }

 private:
  TokenizerOptions opts_;
};

}  // namespace w2v
