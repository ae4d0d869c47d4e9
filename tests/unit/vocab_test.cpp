#include "vocab/vocab.h"

#include <catch2/catch.hpp>
#include <map>
#include <random>
#include <sstream>

#include "core/error.h"
#include "support/gzip.h"
#include "support/matchers.h"
#include "support/temp_dir.h"
#include "vocab/vocab_builder.h"
#include "vocab/vocab_io.h"
#include "vocab/word_counter.h"

using w2v::test::MessageContains;
using w2v::test::read_bytes;
using w2v::test::TempDir;

namespace {

w2v::VocabOptions options(std::int64_t min_count, int threads) {
  w2v::VocabOptions o;
  o.min_count = min_count;
  o.n_threads = threads;
  return o;
}

// A Zipf-like random corpus: word k appears about 1/k as often as word 1.
std::string zipf_corpus(std::size_t n_tokens, unsigned seed) {
  std::mt19937 rng(seed);
  std::ostringstream out;
  for (std::size_t i = 0; i < n_tokens; ++i) {
    const double u = std::uniform_real_distribution<double>(0, 1)(rng);
    const int k = static_cast<int>(std::exp(u * std::log(20000.0)));
    out << "w" << k << ((rng() % 12 == 0) ? '\n' : ' ');
  }
  return out.str();
}

}  // namespace

TEST_CASE("Vocab orders by count then bytes with </s> first", "[vocab]") {
  const w2v::Vocab v = w2v::Vocab::from_counts(
      {{"b", 3}, {"a", 3}, {"z", 9}, {"</s>", 2}, {"\xc3\xa9", 3}, {"B", 3}});
  REQUIRE(v.size() == 6);
  CHECK(v.word(0) == "</s>");
  CHECK(v.count(0) == 2);
  CHECK(v.word(1) == "z");
  CHECK(v.word(2) == "B");  // 'B' (0x42) < 'a' (0x61)
  CHECK(v.word(3) == "a");
  CHECK(v.word(4) == "b");
  CHECK(v.word(5) == "\xc3\xa9");  // bytes compare unsigned: 0xC3 after ASCII
  CHECK(v.find("a") == 3u);
  CHECK_FALSE(v.find("c").has_value());
  CHECK(v.total_count() == 2 + 9 + 3 * 4);
  CHECK_THROWS_AS(w2v::Vocab::from_counts({{"a", 1}, {"a", 2}}), w2v::FormatError);
}

TEST_CASE("WordCounter counts and prunes", "[vocab]") {
  w2v::WordCounter c;
  std::map<std::string, std::uint64_t> ref;
  std::mt19937 rng(4);
  for (int i = 0; i < 300000; ++i) {
    const std::string w = "k" + std::to_string(rng() % 50000);
    c.add(w);
    ++ref[w];
  }
  CHECK(c.size() == ref.size());
  std::map<std::string, std::uint64_t> got;
  c.for_each([&](std::string_view w, std::uint64_t n) { got[std::string(w)] = n; });
  CHECK(got == ref);
  c.prune(7);
  std::size_t want = 0;
  for (const auto& kv : ref) want += kv.second >= 7;
  CHECK(c.size() == want);
  c.for_each([&](std::string_view w, std::uint64_t n) { CHECK(ref.at(std::string(w)) == n); });
}

TEST_CASE("build_vocab counts exactly, whatever the threads or compression", "[vocab]") {
  TempDir dir;
  const std::string text = zipf_corpus(200000, 11);
  const std::string plain = dir.write("c.txt", text);
  const std::string gz = dir.write("c.txt.gz", w2v::test::gzip_bytes(text));

  // Reference: a plain map over the same whitespace split.
  std::map<std::string, std::uint64_t> ref;
  std::uint64_t sentences = 0;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string w;
    bool any = false;
    while (words >> w) {
      ++ref[w];
      any = true;
    }
    sentences += any;
  }

  const auto r1 = w2v::build_vocab({plain}, options(1, 1));
  CHECK(r1.vocab.count(0) == sentences);
  CHECK(r1.vocab.size() == ref.size() + 1);
  for (std::size_t id = 1; id < r1.vocab.size(); ++id) {
    CHECK(ref.at(r1.vocab.word(static_cast<w2v::WordId>(id))) ==
          r1.vocab.count(static_cast<w2v::WordId>(id)));
  }
  CHECK(r1.stats.n_prunes == 0);

  write_vocab(r1.vocab, dir.file("v1"));
  write_vocab(w2v::build_vocab({plain}, options(1, 2)).vocab, dir.file("v2"));
  write_vocab(w2v::build_vocab({gz}, options(1, 3)).vocab, dir.file("v3"));
  CHECK(read_bytes(dir.file("v1")) == read_bytes(dir.file("v2")));
  CHECK(read_bytes(dir.file("v1")) == read_bytes(dir.file("v3")));
}

TEST_CASE("min_count and max_vocab", "[vocab]") {
  TempDir dir;
  const std::string p = dir.write("c", "a a a a b b b c c d\ne e e\n");
  auto r = w2v::build_vocab({p}, options(2, 1));
  CHECK(r.vocab.words() == std::vector<std::string>{"</s>", "a", "b", "e", "c"});
  CHECK(r.stats.n_kept == 4);
  CHECK(r.stats.n_kept_tokens == 12);
  CHECK(r.stats.n_distinct == 5);
  auto o = options(1, 1);
  o.max_vocab = 3;
  r = w2v::build_vocab({p}, o);
  CHECK(r.vocab.words() == std::vector<std::string>{"</s>", "a", "b", "e"});  // b and e tie: bytes
  o.max_vocab = 100;
  CHECK(w2v::build_vocab({p}, o).vocab.size() == 6);
}

TEST_CASE("A literal </s> in the text counts as a sentence marker", "[vocab]") {
  TempDir dir;
  const std::string p = dir.write("c", "a </s> b\nc\n");
  const auto r = w2v::build_vocab({p}, options(1, 1));
  CHECK(r.vocab.count(0) == 3);  // two lines + one literal
  CHECK(r.vocab.size() == 4);
}

TEST_CASE("Pruning keeps memory bounded and is reported", "[vocab]") {
  TempDir dir;
  std::ostringstream text;
  for (int i = 0; i < 20000; ++i) text << "u" << i << " common\n";  // 20k singletons
  const std::string p = dir.write("c", text.str());
  auto o = options(1, 1);
  o.max_distinct = 5000;
  const auto r = w2v::build_vocab({p}, o);
  CHECK(r.stats.n_prunes > 0);
  CHECK(r.stats.prune_threshold >= 1);
  CHECK(r.stats.n_distinct <= 5000 + 20000);
  CHECK(r.vocab.word(1) == "common");
  CHECK(r.vocab.count(1) == 20000);  // frequent words keep exact counts
}

TEST_CASE("build_vocab rejects empty corpora and empty vocabularies", "[vocab]") {
  TempDir dir;
  CHECK_THROWS_MATCHES(w2v::build_vocab({dir.write("e", " \n\t\n")}, options(5, 1)),
                       w2v::FormatError, MessageContains("no words found"));
  CHECK_THROWS_MATCHES(
      w2v::build_vocab({dir.write("r", "a b c a\n")}, options(5, 1)), w2v::FormatError,
      MessageContains("try a smaller --min-count") && MessageContains("\"a\", occurs 2 times"));
  CHECK_THROWS_AS(w2v::build_vocab({dir.file("missing")}, options(5, 1)), w2v::IoError);
  CHECK_THROWS_AS(w2v::build_vocab({dir.write("x", "a")}, options(0, 1)), w2v::UsageError);
}

TEST_CASE("Vocab files round-trip byte for byte", "[vocab]") {
  TempDir dir;
  const std::string p = dir.write("c", "x y y z z z \xff\xfe \xff\xfe\n");
  const auto r = w2v::build_vocab({p}, options(1, 1));
  w2v::write_vocab(r.vocab, dir.file("v"));
  CHECK(read_bytes(dir.file("v")) == "</s> 1\nz 3\ny 2\n\xff\xfe 2\nx 1\n");
  const w2v::Vocab back = w2v::read_vocab(dir.file("v"));
  w2v::write_vocab(back, dir.file("v2"));
  CHECK(read_bytes(dir.file("v2")) == read_bytes(dir.file("v")));
}

TEST_CASE("read_vocab accepts word2vec files and reports bad lines", "[vocab]") {
  TempDir dir;
  // CRLF, no </s>, not sorted: accepted, </s> added, canonical order.
  const auto v = w2v::read_vocab(dir.write("ok", "b 1\r\na 5\r\n"));
  CHECK(v.words() == std::vector<std::string>{"</s>", "a", "b"});
  struct Row {
    std::string text;
    std::string want;
  };
  const std::vector<Row> rows = {
      {"a 1\nb\n", ":2: expected a word and a count"},
      {"a 1\nb x\n", ":2: the count \"x\" is not"},
      {"a 1\nb -3\n", ":2: the count \"-3\" is not"},
      {"a 1\na 2\n", ":2: the word \"a\" appears a second time"},
      {"", "has no entries"},
      {"a 99999999999999999999999\n", ":1: the count"},
  };
  for (const Row& row : rows) {
    INFO(row.text);
    CHECK_THROWS_MATCHES(w2v::read_vocab(dir.write("bad", row.text)), w2v::FormatError,
                         MessageContains(row.want));
  }
}
