#include "text/corpus_reader.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "core/error.h"
#include "support/gzip.h"
#include "support/matchers.h"
#include "support/temp_dir.h"

using w2v::test::MessageContains;
using w2v::test::TempDir;

namespace {

// Tokens of a whole corpus, "</s>" at sentence ends, read through CorpusReader chunks.
std::vector<std::string> read_tokens(const std::vector<std::string>& paths, std::size_t chunk,
                                     w2v::TokenStats* stats_out = nullptr,
                                     w2v::TokenizerOptions opts = {}) {
  w2v::CorpusReader reader(paths, chunk);
  w2v::Tokenizer tok(opts);
  w2v::CorpusChunk c;
  std::vector<std::string> out;
  w2v::TokenStats stats;
  std::uint64_t expect_seq = 0;
  while (reader.next(c)) {
    CHECK(c.seq == expect_seq++);
    tok.scan(
        c.bytes.data(), c.bytes.data() + c.bytes.size(), c.sentence_open, c.ends_input, stats,
        [&](std::string_view t) { out.emplace_back(t); }, [&] { out.emplace_back("</s>"); });
  }
  if (stats_out) *stats_out = stats;
  return out;
}

std::vector<std::string> whole_tokens(std::string text, w2v::TokenizerOptions opts = {}) {
  w2v::Tokenizer tok(opts);
  std::vector<std::string> out;
  w2v::TokenStats stats;
  tok.scan(
      text.data(), text.data() + text.size(), false, true, stats,
      [&](std::string_view t) { out.emplace_back(t); }, [&] { out.emplace_back("</s>"); });
  return out;
}

std::string random_corpus(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  const char alphabet[] = "abcdefgh  \n\n\t\r";
  std::string s(n, ' ');
  for (char& c : s) c = alphabet[rng() % (sizeof alphabet - 1)];
  return s;
}

}  // namespace

TEST_CASE("Chunking never changes the token stream", "[corpus]") {
  TempDir dir;
  for (unsigned seed = 1; seed <= 5; ++seed) {
    const std::string text = random_corpus(50000 + seed * 977, seed);
    const std::string p = dir.write("c" + std::to_string(seed), text);
    const auto want = whole_tokens(text);
    for (std::size_t chunk : {4096u, 5000u, 65536u}) {
      INFO("seed " << seed << " chunk " << chunk);
      CHECK(read_tokens({p}, chunk) == want);
    }
  }
}

TEST_CASE("A line longer than a chunk keeps its sentence", "[corpus]") {
  TempDir dir;
  std::string line;
  for (int i = 0; i < 5000; ++i) line += "w" + std::to_string(i % 7) + " ";
  const std::string text = line + "\n\n" + line + "   \n";
  const std::string p = dir.write("long", text);
  w2v::TokenStats st;
  const auto got = read_tokens({p}, 4096, &st);
  CHECK(got == whole_tokens(text));
  CHECK(st.n_sentences == 2);
}

TEST_CASE("A token longer than a chunk is cut once and the rest dropped", "[corpus]") {
  TempDir dir;
  const std::string huge(100000, 'x');
  const std::string p = dir.write("huge", "a " + huge + " b\nc");
  w2v::TokenStats st;
  w2v::CorpusReader reader({p}, 4096);
  w2v::Tokenizer tok({});
  w2v::CorpusChunk c;
  std::vector<std::string> got;
  while (reader.next(c)) {
    tok.scan(
        c.bytes.data(), c.bytes.data() + c.bytes.size(), c.sentence_open, c.ends_input, st,
        [&](std::string_view t) { got.emplace_back(t); }, [&] { got.emplace_back("</s>"); });
  }
  CHECK(got == std::vector<std::string>{"a", std::string(100, 'x'), "b", "</s>", "c", "</s>"});
  CHECK(st.n_cut == 1);
  CHECK(st.n_skipped_bytes + reader.dropped_bytes() == huge.size() - 100);
}

TEST_CASE("Files end sentences and are read in order", "[corpus]") {
  TempDir dir;
  const std::string a = dir.write("a", "x y");  // no trailing newline
  const std::string b = dir.write("b", w2v::test::gzip_bytes("z\n"));
  const std::string e = dir.write("e", "");
  CHECK(read_tokens({a, e, b}, 4096) == std::vector<std::string>{"x", "y", "</s>", "z", "</s>"});
}

TEST_CASE("Directories expand to their regular files sorted by name", "[corpus]") {
  TempDir dir;
  std::filesystem::create_directory(dir.file("d"));
  dir.write("d/b.txt", "2");
  dir.write("d/a.txt", "1");
  dir.write("d/.hidden", "0");
  std::filesystem::create_directory(dir.file("d/sub"));
  const auto got = w2v::expand_inputs({dir.file("d"), "-"});
  CHECK(got == std::vector<std::string>{dir.file("d/a.txt"), dir.file("d/b.txt"), "-"});

  std::filesystem::create_directory(dir.file("empty"));
  CHECK_THROWS_MATCHES(w2v::expand_inputs({dir.file("empty")}), w2v::IoError,
                       MessageContains("no regular files"));
  CHECK_THROWS_MATCHES(w2v::expand_inputs({dir.file("nope")}), w2v::IoError,
                       MessageContains("nope"));
  CHECK_THROWS_AS(w2v::expand_inputs({}), w2v::UsageError);
}

TEST_CASE("for_each_chunk_parallel sees every chunk once and propagates errors", "[corpus]") {
  TempDir dir;
  const std::string p = dir.write("c", random_corpus(200000, 9));
  for (int workers : {1, 2, 3}) {
    w2v::CorpusReader reader({p}, 4096);
    std::mutex mu;
    std::vector<std::uint64_t> seen;
    std::size_t bytes = 0;
    w2v::for_each_chunk_parallel(reader, workers, [&](int, w2v::CorpusChunk& c) {
      std::lock_guard<std::mutex> lock(mu);
      seen.push_back(c.seq);
      bytes += c.bytes.size();
    });
    std::sort(seen.begin(), seen.end());
    for (std::size_t i = 0; i < seen.size(); ++i) CHECK(seen[i] == i);
    CHECK(bytes == 200000);
  }
  w2v::CorpusReader reader({p}, 4096);
  CHECK_THROWS_WITH(w2v::for_each_chunk_parallel(reader, 2,
                                                 [](int, w2v::CorpusChunk& c) {
                                                   if (c.seq == 5) throw w2v::FormatError("boom");
                                                 }),
                    "boom");
  const std::string gz = w2v::test::gzip_bytes(random_corpus(300000, 3));
  const std::string cut = dir.write("cut.gz", gz.substr(0, gz.size() - 100));
  w2v::CorpusReader cut_reader({cut}, 4096);
  CHECK_THROWS_AS(w2v::for_each_chunk_parallel(cut_reader, 2, [](int, w2v::CorpusChunk&) {}),
                  w2v::FormatError);
}

TEST_CASE("for_each_chunk_ordered writes results in corpus order", "[corpus]") {
  TempDir dir;
  const std::string text = random_corpus(300000, 4);
  const std::string p = dir.write("c", text);
  for (int workers : {1, 2, 4}) {
    w2v::CorpusReader reader({p}, 4096);
    std::string joined;
    std::uint64_t next = 0;
    w2v::for_each_chunk_ordered<std::pair<std::uint64_t, std::string>>(
        reader, workers,
        [](int, w2v::CorpusChunk& c) {
          return std::make_pair(c.seq, std::string(c.bytes.begin(), c.bytes.end()));
        },
        [&](std::pair<std::uint64_t, std::string>& r) {
          CHECK(r.first == next++);
          joined += r.second;
        });
    CHECK(joined == text);  // every byte once, in order
  }
  // A failing worker stops the others (none waits forever for its turn) and is rethrown.
  w2v::CorpusReader reader({p}, 4096);
  CHECK_THROWS_WITH(w2v::for_each_chunk_ordered<int>(
                        reader, 3,
                        [](int, w2v::CorpusChunk& c) {
                          if (c.seq == 3) throw w2v::FormatError("boom");
                          return 0;
                        },
                        [](int&) {}),
                    "boom");
}

TEST_CASE("CorpusReader reports input bytes for progress", "[corpus]") {
  TempDir dir;
  const std::string a = dir.write("a", random_corpus(50000, 5));
  const std::string gz = dir.write("b.gz", w2v::test::gzip_bytes(random_corpus(80000, 6)));
  const std::uint64_t total = 50000 + std::filesystem::file_size(gz);
  w2v::CorpusReader reader({a, gz}, 4096);
  CHECK(reader.input_bytes_total() == total);
  std::uint64_t last = 0;
  w2v::CorpusChunk c;
  while (reader.next(c)) {
    CHECK(reader.input_bytes_done() >= last);  // never goes back
    last = reader.input_bytes_done();
  }
  CHECK(reader.input_bytes_done() == total);
  CHECK(w2v::CorpusReader({"-"}).input_bytes_total() == 0);  // unknown for standard input
}
