#include "text/tokenizer.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace {

// Tokenizes one whole input and returns tokens with "</s>" marking sentence ends.
std::vector<std::string> tokens_of(std::string text, w2v::TokenizerOptions opts = {},
                                   w2v::TokenStats* stats_out = nullptr) {
  w2v::Tokenizer tok(opts);
  std::vector<std::string> out;
  w2v::TokenStats stats;
  tok.scan(
      text.data(), text.data() + text.size(), false, true, stats,
      [&](std::string_view t) { out.emplace_back(t); }, [&] { out.emplace_back("</s>"); });
  if (stats_out) *stats_out = stats;
  return out;
}

using Tokens = std::vector<std::string>;

}  // namespace

TEST_CASE("Tokenizer edge cases", "[tokenizer]") {
  struct Row {
    std::string text;
    Tokens want;
    const char* why;
  };
  const std::vector<Row> rows = {
      {"", {}, "empty input has no sentence"},
      {"a b", {"a", "b", "</s>"}, "missing trailing newline still ends the sentence"},
      {"a b\n", {"a", "b", "</s>"}, "plain line"},
      {"a\r\nb", {"a", "</s>", "b", "</s>"}, "CRLF: CR is whitespace, LF ends the sentence"},
      {"a\tb\vc\fd", {"a", "b", "c", "d", "</s>"}, "tab, VT and FF separate tokens"},
      {"\n\n  \n", {}, "blank lines make no sentences"},
      {"a\n\nb\n", {"a", "</s>", "b", "</s>"}, "a blank line between sentences adds nothing"},
      {"  a  ", {"a", "</s>"}, "leading and trailing spaces"},
      {std::string("a\0b c", 5), {std::string("a\0b", 3), "c", "</s>"}, "NUL is a token byte"},
      {"caf\xc3\xa9 x", {"caf\xc3\xa9", "x", "</s>"}, "UTF-8 kept as it is"},
      {"\xff\xfe z", {"\xff\xfe", "z", "</s>"}, "invalid UTF-8 kept as bytes"},
      {"a\rb", {"a", "b", "</s>"}, "a lone CR does not end a sentence"},
  };
  for (const Row& row : rows) {
    INFO(row.why);
    CHECK(tokens_of(row.text) == row.want);
  }
}

TEST_CASE("Tokenizer counts sentences, cuts and invalid UTF-8", "[tokenizer]") {
  w2v::TokenStats st;
  tokens_of("ab \xc3\x28 \xe2\x82 x\nq\n\n", {}, &st);
  CHECK(st.n_tokens == 5);
  CHECK(st.n_sentences == 2);
  CHECK(st.n_invalid_utf8 == 2);  // C3 followed by '(' ; truncated E2 82
  CHECK(st.n_cut == 0);
}

TEST_CASE("Long tokens are cut on a UTF-8 boundary", "[tokenizer]") {
  w2v::TokenizerOptions opts;
  opts.max_token_bytes = 5;
  w2v::TokenStats st;
  // "abcd" + "é" (2 bytes) would be 6 bytes: the cut falls inside é, so it backs off to 4.
  CHECK(tokens_of("abcd\xc3\xa9 abcdef ab", opts, &st) == Tokens{"abcd", "abcde", "ab", "</s>"});
  CHECK(st.n_cut == 2);
  CHECK(st.n_skipped_bytes == 3);
  // A 3-byte character that fits exactly is kept whole.
  CHECK(tokens_of("ab\xe2\x82\xac"
                  "c",
                  opts) == Tokens{"ab\xe2\x82\xac", "</s>"});
  // Invalid bytes at the cut: cut at the limit.
  CHECK(tokens_of("abcd\x80\x80\x80", opts) == Tokens{"abcd\x80", "</s>"});
}

TEST_CASE("Lowercase folds ASCII only", "[tokenizer]") {
  w2v::TokenizerOptions opts;
  opts.lowercase = true;
  CHECK(tokens_of("Hello WORLD \xc3\x89t\xc3\xa9", opts) ==
        Tokens{"hello", "world", "\xc3\x89t\xc3\xa9", "</s>"});
}

TEST_CASE("Invalid UTF-8 is counted as maximal subparts", "[tokenizer]") {
  const auto count = [](const std::string& s) {
    return w2v::count_invalid_utf8(reinterpret_cast<const unsigned char*>(s.data()), s.size());
  };
  CHECK(count("plain") == 0);
  CHECK(count("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80") == 0);  // é € 😀
  CHECK(count("\x80") == 1);                                  // lone continuation
  CHECK(count("\xc0\xaf") == 2);                              // overlong: two subparts
  CHECK(count("\xed\xa0\x80") == 3);                          // surrogate: three subparts
  CHECK(count("\xf0\x9f\x98") == 1);                          // truncated 4-byte sequence
  CHECK(count("\xf4\x90\x80\x80") == 4);                      // above U+10FFFF
}

TEST_CASE("Sentence state carries across chunks", "[tokenizer]") {
  w2v::Tokenizer tok({});
  w2v::TokenStats st;
  int ends = 0;
  std::string a = "x y ", b = "z\n";
  tok.scan(
      a.data(), a.data() + a.size(), false, false, st, [](std::string_view) {}, [&] { ++ends; });
  CHECK(ends == 0);  // the line is still open at the end of the chunk
  std::string c = "\n";
  tok.scan(
      c.data(), c.data() + c.size(), true, false, st, [](std::string_view) {}, [&] { ++ends; });
  CHECK(ends == 1);  // the open line ends at the LF of the next chunk
}

TEST_CASE("Every LF is a sentence end or an empty line", "[tokenizer]") {
  struct Row {
    std::string text;
    bool sentence_open;
    std::string want;  // t: token, s: sentence end, e: empty line
    const char* why;
  };
  const std::vector<Row> rows = {
      {"a\n\nb\n", false, "tsets", "a blank line between two sentences"},
      {"\n\n", false, "ee", "only blank lines"},
      {"  \t\n", false, "e", "a line of blanks is an empty line"},
      {"\nb", false, "ets", "the end of the input ends the last sentence"},
      {"\nb", true, "sts", "an open sentence from the previous chunk ends at the first LF"},
      {"a\r\n\r\n", false, "tse", "CRLF: the CR is a blank"},
  };
  const w2v::Tokenizer tok({});
  for (Row row : rows) {
    INFO(row.why);
    std::string got;
    w2v::TokenStats st;
    tok.scan(
        row.text.data(), row.text.data() + row.text.size(), row.sentence_open, true, st,
        [&](std::string_view) { got += 't'; }, [&] { got += 's'; }, [&] { got += 'e'; });
    CHECK(got == row.want);
  }
}
