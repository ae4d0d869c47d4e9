#include <catch2/catch.hpp>
#include <map>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "io/input_file.h"
#include "io/output_file.h"
#include "phrases/pair_counter.h"
#include "phrases/phrase_table.h"
#include "phrases/phrase_writer.h"
#include "phrases/phraser.h"
#include "phrases/word_table.h"
#include "support/matchers.h"
#include "support/temp_dir.h"

using w2v::test::MessageContains;
using w2v::test::read_bytes;
using w2v::test::TempDir;

namespace {

struct Run {
  std::string output;
  w2v::PhraseCountStats count;
  w2v::PhraseWriteStats write;
  std::vector<w2v::Phrase> phrases;
};

// One pass over text: learn, then write; chunk and threads as given.
Run phrase_text(const std::string& text, std::int64_t min_count, double threshold,
                std::size_t chunk = 1 << 20, int threads = 1,
                w2v::PhraseScorer scorer = w2v::PhraseScorer::kWord2phrase,
                const std::string& delimiter = "_") {
  TempDir dir;
  const std::string in = dir.write("in.txt", text);
  w2v::PhrasePassOptions opts;
  opts.min_count = min_count;
  opts.threshold = threshold;
  opts.scorer = scorer;
  opts.delimiter = delimiter;
  opts.n_threads = threads;
  opts.chunk_bytes = chunk;
  Run r;
  const w2v::PhraseTable table = w2v::PhraseTable::learn({in}, opts, &r.count);
  r.phrases = table.phrases();
  const std::string out_path = dir.file("out.txt");
  w2v::OutputFile out(out_path);
  r.write = w2v::write_phrases({in}, table, opts.tokenizer, threads, out, {}, chunk);
  out.commit();
  r.output = read_bytes(out_path);
  return r;
}

}  // namespace

TEST_CASE("PairCounter counts like a map, grows, prunes and moves", "[phrases]") {
  std::mt19937_64 rng(7);
  w2v::PairCounter counter;
  std::map<std::uint64_t, std::uint64_t> oracle;
  for (int i = 0; i < 200000; ++i) {
    // Few distinct first ids and a skewed second: many repeats, keys sharing their high half.
    const auto a = static_cast<w2v::WordId>(rng() % 50);
    const auto b = static_cast<w2v::WordId>((rng() % 3000) * (rng() % 7));
    const std::uint64_t key = w2v::PairCounter::key(a, b);
    const std::uint64_t n = 1 + rng() % 3;
    counter.add(key, n);
    oracle[key] += n;
  }
  CHECK(counter.size() == oracle.size());
  for (const auto& [key, n] : oracle) CHECK(counter.count(key) == n);
  CHECK(counter.count(w2v::PairCounter::key(60, 1)) == 0);
  std::map<std::uint64_t, std::uint64_t> seen;
  counter.for_each([&](std::uint64_t key, std::uint64_t n) { seen[key] = n; });
  CHECK(seen == oracle);

  counter.prune(20);
  std::size_t kept = 0;
  for (const auto& [key, n] : oracle) {
    CHECK(counter.count(key) == (n >= 20 ? n : 0));
    kept += n >= 20;
  }
  CHECK(counter.size() == kept);

  w2v::PairCounter moved(std::move(counter));
  CHECK(moved.size() == kept);
  moved.reserve(1 << 20);  // no count changes
  for (const auto& [key, n] : oracle) CHECK(moved.count(key) == (n >= 20 ? n : 0));
  CHECK(w2v::PairCounter::first(w2v::PairCounter::key(3, 7)) == 3);
  CHECK(w2v::PairCounter::second(w2v::PairCounter::key(3, 7)) == 7);
}

TEST_CASE("WordTable finds exactly the words it holds", "[phrases]") {
  std::vector<std::string> words = {"a",
                                    "ab",
                                    "abcdefgh",
                                    "abcdefghi",
                                    "abcdefghij",
                                    "abcdefghijklmnop",
                                    std::string("a\0b", 3),  // NUL is a word byte
                                    std::string(255, 'x'),
                                    std::string(256, 'x'),
                                    std::string(257, 'x'),  // lengths mod 256
                                    std::string(511, 'y') + "z",
                                    "caf\xc3\xa9"};
  std::mt19937 rng(3);
  for (int i = 0; i < 5000; ++i) {
    std::string w(1 + rng() % 20, 'a');
    for (char& c : w) c = static_cast<char>('a' + rng() % 4);
    words.push_back(w);
  }
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  const w2v::WordTable index(words);  // grows from 1,024 slots on the way
  CHECK(index.size() == words.size());
  for (std::size_t i = 0; i < words.size(); ++i) {
    INFO(words[i].size());
    CHECK(index.find(words[i]) == i);
    CHECK(index.word(static_cast<w2v::WordId>(i)) == words[i]);
    // The same word inside a longer buffer (fast loads past its end) has the same key.
    const std::string buffer = words[i] + " tail that goes on";
    const auto k =
        w2v::WordTable::key(buffer.data(), words[i].size(), buffer.data() + buffer.size());
    CHECK(index.find(words[i], k) == i);
  }
  const std::vector<std::string> absent = {"b",
                                           "abcdefgg",
                                           "abcdefghik",
                                           std::string(258, 'x'),
                                           std::string("a\0c", 3),
                                           std::string(511, 'y') + "q"};
  for (const std::string& w : absent) {
    if (std::binary_search(words.begin(), words.end(), w)) continue;
    INFO(w.size());
    CHECK(index.find(w) == w2v::WordTable::kNone);
  }
  CHECK(w2v::WordTable().find("a") == w2v::WordTable::kNone);
  CHECK_THROWS_AS(w2v::WordTable({"x", "x"}), w2v::UsageError);
}

TEST_CASE("WordTable counts, and prunes with its pairs renamed", "[phrases]") {
  // A worker's tables: words as they come, pairs of their ids; pruning keeps both consistent.
  w2v::WordTable words;
  w2v::PairCounter pairs;
  const std::vector<std::string> text = {"a", "b", "a", "b", "c", "a", "b", "d", "a", "b"};
  w2v::WordId prev = w2v::WordTable::kNone;
  for (const std::string& t : text) {
    const w2v::WordId id = words.intern(t);
    ++words.count(id);
    if (prev != w2v::WordTable::kNone) pairs.add(w2v::PairCounter::key(prev, id));
    prev = id;
  }
  CHECK(words.size() == 4);
  CHECK(words.count(words.find("a")) == 4);
  CHECK(pairs.count(w2v::PairCounter::key(words.find("a"), words.find("b"))) == 4);
  // Keep what is seen at least 3 times: a, b and the pair "a b"; c and d and their pairs go.
  pairs.prune(3, words.prune(3));
  CHECK(words.size() == 2);
  CHECK(words.find("c") == w2v::WordTable::kNone);
  CHECK(words.word(0) == "a");  // the old order, renumbered densely
  CHECK(words.word(1) == "b");
  CHECK(pairs.size() == 1);
  CHECK(pairs.count(w2v::PairCounter::key(0, 1)) == 4);
  // Still a working table: new words get the next ids.
  CHECK(words.intern("e") == 2);
  CHECK(words.find("b") == 1);
}

TEST_CASE("Scores and decisions follow word2phrase.c", "[phrases]") {
  using w2v::PhraseScorer;
  const auto w2p = PhraseScorer::kWord2phrase;
  struct Row {
    std::uint64_t a, b, ab, min_count, tokens;
    double threshold;
    bool joins;
    const char* why;
  };
  const std::vector<Row> rows = {
      {10, 20, 15, 5, 1000, 49.0, true, "(15 - 5) / 10 / 20 * 1000 = 50 > 49"},
      {10, 20, 15, 5, 1000, 50.0, false, "a score equal to the threshold does not join (>)"},
      {4, 20, 15, 5, 1000, -1.0, false, "a word below min-count never joins"},
      {10, 4, 15, 5, 1000, -1.0, false, "nor does the second word"},
      {10, 20, 4, 5, 1000, -1.0, false, "nor a pair below min-count"},
      {10, 20, 5, 5, 1000, -1.0, true, "a pair at min-count scores 0"},
      // In float, 1 / 3 / 5 * 12345 is 823.00006, above 823 (exactly 823 in real numbers):
      // word2phrase joins, and so must we.
      {3, 5, 2, 1, 12345, 823.0, true, "float arithmetic in word2phrase's order"},
  };
  for (const Row& r : rows) {
    INFO(r.why);
    CHECK(w2v::phrase_joins(w2p, r.a, r.b, r.ab, r.min_count, r.tokens, r.threshold) == r.joins);
  }
  CHECK(w2v::phrase_score(w2p, 10, 20, 15, 5, 1000) == 50.0);
  // npmi: ln(p(ab) / (p(a) p(b))) / -ln(p(ab)); a pair always together scores 1.
  CHECK(w2v::phrase_score(PhraseScorer::kNpmi, 10, 10, 10, 1, 1000) == Approx(1.0));
  const double p_a = 10 / 1000.0, p_b = 20 / 1000.0, p_ab = 5 / 1000.0;
  CHECK(w2v::phrase_score(PhraseScorer::kNpmi, 10, 20, 5, 1, 1000) ==
        Approx(std::log(p_ab / (p_a * p_b)) / -std::log(p_ab)));
  CHECK(w2v::phrase_joins(PhraseScorer::kNpmi, 10, 20, 5, 1, 1000, 0.5));
  CHECK_FALSE(w2v::phrase_joins(PhraseScorer::kNpmi, 10, 20, 5, 1, 1000, 0.9));
}

TEST_CASE("Phrases of a hand-counted corpus", "[phrases]") {
  // new: 6, york: 6, "new york": 5, "york new": 2, 18 tokens. min-count 2: new york scores
  // (5 - 2) / 6 / 6 * 18 = 1.5, york new (2 - 2) / ... = 0; every other pair is seen once.
  const std::string text =
      "new york is big\ni love new york\nnew york new york\nthe new york times\nyork new\n";
  const Run r = phrase_text(text, 2, 1.0);
  CHECK(r.output ==
        "new_york is big\ni love new_york\nnew_york new_york\nthe new_york times\nyork new\n");
  REQUIRE(r.phrases.size() == 1);
  CHECK(r.phrases[0].a == "new");
  CHECK(r.phrases[0].b == "york");
  CHECK(r.phrases[0].count_ab == 5);
  CHECK(r.phrases[0].score == 1.5);
  CHECK(r.count.tokens.n_tokens == 18);
  CHECK(r.count.n_phrases == 1);
  CHECK(r.write.n_joined == 5);
  CHECK(r.write.n_lines == 5);
  CHECK(phrase_text(text, 2, 1.5).output == text);  // 1.5 is not above 1.5
}

TEST_CASE("Phrase edge cases", "[phrases]") {
  struct Row {
    std::string text;
    std::int64_t min_count;
    double threshold;
    std::string want;
    const char* why;
  };
  const std::vector<Row> rows = {
      {"x y z\nx y z\nx y z\n", 1, 0, "x_y z\nx_y z\nx_y z\n",
       "a word joined to the one before it is not joined to the next"},
      {"a b\n\n  \nb a\n", 1, -1, "a_b\n\n\nb_a\n", "blank lines are kept, one line per line"},
      {"a b\r\na b", 1, -1, "a_b\na_b\n", "CR is a blank; the end of the file ends the line"},
      {"a\nb\na\nb\n", 1, -1, "a\nb\na\nb\n", "no pair across a line break"},
      {"</s> x\n</s> x\n", 1, 0, "</s>_x\n</s>_x\n", "a literal </s> is a word like any other"},
      {"a\tb   c\n", 1, -1, "a_b c\n", "runs of blanks become one space"},
      // String keys (word2phrase.c and gensim): the pair "a b" and the word "a_b" share the
      // key "a_b" (count 2 + 1 = 3). a_b c: (2 - 1) / 3 / 2 * 6 = 1, not above 1.2; a b: (3 -
      // 1) / 1 / 1 * 6 = 12. Counted apart they would score 1.5 and 0, the other way round.
      {"a_b c\na_b c\na b\n", 1, 1.2, "a_b c\na_b c\na_b\n", "a word and a pair share a key"},
      // x_y z and x y_z share the key x_y_z: 2 + 2 = 4, (4 - 1) / 2 / 2 * 8 = 6 > 4; apart,
      // (2 - 1) / 2 / 2 * 8 = 2.
      {"x_y z\nx_y z\nx y_z\nx y_z\n", 1, 4, "x_y_z\nx_y_z\nx_y_z\nx_y_z\n",
       "two pairs share a key"},
  };
  for (const Row& row : rows) {
    INFO(row.why);
    CHECK(phrase_text(row.text, row.min_count, row.threshold).output == row.want);
  }
}

TEST_CASE("Chunks and threads never change the phrases", "[phrases]") {
  // Planted collocations (p q, r s t) in random filler, lines of every length (one spans
  // dozens of 4 KiB chunks), and a line where every pair is joinable ("a b a b ..."), so that
  // a chunk's first decisions depend on the previous chunk's last ones.
  std::mt19937 rng(11);
  std::string text;
  for (int line = 0; line < 400; ++line) {
    const int n = line == 7 ? 20000 : static_cast<int>(rng() % 40);
    for (int i = 0; i < n; ++i) {
      const unsigned pick = rng() % 100;
      if (pick < 10) {
        text += "p q ";
      } else if (pick < 15) {
        text += "r s t ";
      } else {
        text += "w" + std::to_string(rng() % 300) + " ";
      }
    }
    text += "\n";
  }
  for (int i = 0; i < 3000; ++i) text += "a b ";
  text += "a\n";
  // Scores (about 40,000 tokens): p q and a b about 13, r s about 28; filler pairs are rarely
  // seen 3 times (min-count) and then score 0.
  const Run whole = phrase_text(text, 3, 8.0);
  CHECK(whole.count.n_phrases >= 3);
  CHECK(whole.output.find("p_q") != std::string::npos);
  CHECK(whole.output.find("a_b a_b a_b a\n") != std::string::npos);
  for (int threads : {1, 2, 5}) {
    INFO(threads);
    const Run chunked = phrase_text(text, 3, 8.0, 4096, threads);
    CHECK(chunked.output == whole.output);
    CHECK(chunked.count.n_pairs == whole.count.n_pairs);
    CHECK(chunked.write.n_joined == whole.write.n_joined);
  }
}

TEST_CASE("Pair pruning keeps memory bounded and is reported", "[phrases]") {
  // 60,000 words seen once, each before one of 300 common words, and a planted pair seen 3,000
  // times, with a budget of 1,000 words and pairs: rare entries are pruned (reported), ids are
  // renumbered, and the planted pair survives with its exact counts and its own words.
  std::mt19937 rng(5);
  std::string text;
  for (int i = 0; i < 60000; ++i) {
    text += "r" + std::to_string(i) + " u" + std::to_string(rng() % 300) + "\n";
    if (i % 20 == 19) text += "planted pair\n";
  }
  TempDir dir;
  const std::string in = dir.write("in.txt", text);
  w2v::PhrasePassOptions opts;
  opts.min_count = 1;
  opts.threshold = 10;  // the planted pair: (3000 - 1) / 3000 / 3000 * 126,000 = 42
  opts.max_distinct = 1000;
  opts.chunk_bytes = 4096;
  opts.n_threads = 2;
  w2v::PhraseCountStats stats;
  const w2v::PhraseTable table = w2v::PhraseTable::learn({in}, opts, &stats);
  CHECK(stats.n_prunes > 0);
  CHECK(stats.n_pairs + stats.n_words <= 1000);
  CHECK(stats.prune_threshold >= 1);
  REQUIRE_FALSE(table.phrases().empty());
  const w2v::Phrase& top = table.phrases().front();
  CHECK(top.a == "planted");
  CHECK(top.b == "pair");
  CHECK(top.count_a == 3000);
  CHECK(top.count_ab == 3000);
}

TEST_CASE("Two passes make longer phrases, gzip output and errors", "[phrases]") {
  TempDir dir;
  std::string text;
  for (int i = 0; i < 50; ++i) text += "we saw new york city today\nnew york city hall\n";
  for (int i = 0; i < 50; ++i) text += "york city and new york\n";
  const std::string in = dir.write("in.txt", text);
  w2v::PhraseOptions opts;
  opts.min_count = 2;
  opts.thresholds = {1.0};
  opts.passes = 2;
  opts.n_threads = 2;
  opts.resolve_defaults();
  const w2v::PhraseResult r = w2v::make_phrases({in}, dir.file("out.txt.gz"), opts);
  REQUIRE(r.passes.size() == 2);
  const std::string out = [&] {
    w2v::InputFile f(dir.file("out.txt.gz"));
    CHECK(f.is_gzip());
    std::string s(1 << 16, '\0');
    s.resize(f.read(s.data(), s.size()));
    return s;
  }();
  CHECK(out.find("new_york_city") != std::string::npos);  // a 3-word phrase from pass 2
  CHECK(r.passes[1].count.tokens.n_tokens ==
        r.passes[0].count.tokens.n_tokens - r.passes[0].write.n_joined);

  w2v::PhraseOptions bad = opts;
  bad.thresholds = {1, 2, 3};
  CHECK_THROWS_MATCHES(w2v::make_phrases({in}, dir.file("x"), bad), w2v::UsageError,
                       MessageContains("one per pass"));
  bad = opts;
  bad.delimiter = "a b";
  CHECK_THROWS_MATCHES(bad.validate(), w2v::UsageError, MessageContains("--delimiter"));
  bad = opts;
  bad.scorer = w2v::PhraseScorer::kNpmi;
  bad.thresholds = {2.0};
  CHECK_THROWS_MATCHES(bad.validate(), w2v::UsageError, MessageContains("[-1, 1]"));
  CHECK_THROWS_AS(w2v::parse_scorer("pmi"), w2v::UsageError);
  const std::string empty = dir.write("empty.txt", " \n\n");
  CHECK_THROWS_MATCHES(w2v::make_phrases({empty}, dir.file("e.txt"), opts), w2v::FormatError,
                       MessageContains("no words found"));
  CHECK_FALSE(std::filesystem::exists(dir.file("e.txt")));
}
