#include <catch2/catch.hpp>
#include <cstring>
#include <fstream>
#include <functional>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "core/error.h"
#include "corpus/encoded_corpus.h"
#include "support/matchers.h"
#include "support/temp_dir.h"
#include "train/checkpoint.h"
#include "train/trainer.h"
#include "vocab/vocab.h"

namespace {

using w2v::Checkpoint;
using w2v::CheckpointRun;
using w2v::EncodedCorpus;
using w2v::Model;
using w2v::TrainOptions;
using w2v::TrainState;
using w2v::WordId;
using w2v::test::MessageContains;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// 40 words with Zipf-like counts, sentences of 3 to 20 random words; ~10 words per sentence.
struct Corpus {
  w2v::Vocab vocab;
  std::vector<WordId> ids;
};

Corpus make_corpus(int n_sentences) {
  std::mt19937 gen(7);
  std::vector<std::pair<std::string, std::uint64_t>> counts;
  for (int i = 0; i < 40; ++i) counts.emplace_back("w" + std::to_string(i), 1000 / (i + 1));
  counts.emplace_back("</s>", static_cast<std::uint64_t>(n_sentences));
  Corpus c{w2v::Vocab::from_counts(counts), {}};
  for (int s = 0; s < n_sentences; ++s) {
    const int len = 3 + static_cast<int>(gen() % 18);
    for (int i = 0; i < len; ++i) c.ids.push_back(1 + static_cast<WordId>(gen() % 40));
    c.ids.push_back(0);
  }
  return c;
}

CheckpointRun make_run(const TrainOptions& o) {
  CheckpointRun run;
  run.options.train = o;
  run.options.train.resolve_defaults();
  run.options.inputs = {"a.txt", "dir/"};
  run.options.vocab.tokenizer.lowercase = true;
  run.options.vocab.tokenizer.max_token_bytes = 50;
  run.options.output = "v.bin";
  run.options.format = w2v::VectorFormat::kText;
  run.corpus = {123, 100, 0xfeedfacecafebeefULL};
  return run;
}

// Offsets into a version 3 checkpoint: the payload starts at byte 24 with the option count, then
// (name, value) string pairs, each string a 32-bit length and its bytes.
std::uint32_t u32_at(const std::string& b, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i)
    v |= static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + i])) << (8 * i);
  return v;
}

void put_u32(std::string& b, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + i] = static_cast<char>(v >> (8 * i));
}

// The offset just past the options (where the corpus fingerprint starts).
std::size_t options_end(const std::string& b) {
  std::size_t at = 24;
  const std::uint32_t n = u32_at(b, at);
  at += 4;
  for (std::uint32_t i = 0; i < 2 * n; ++i) at += 4 + u32_at(b, at);
  return at;
}

// The offset of the length of the value of option `key` (or of the key's length, with
// key_itself), or npos.
std::size_t option_at(const std::string& b, const std::string& key, bool key_itself = false) {
  std::size_t at = 28;
  const std::size_t end = options_end(b);
  while (at < end) {
    const std::size_t key_at = at;
    const std::string name = b.substr(at + 4, u32_at(b, at));
    at += 4 + name.size();
    if (name == key) return key_itself ? key_at : at;
    at += 4 + u32_at(b, at);
  }
  return std::string::npos;
}

// Sets the header's payload size and the trailing CRC after an edit that changed the length.
void fix_size_and_crc(std::string& bytes);

// Replaces the value of option key (or the key itself) with text.
void set_option(std::string& b, const std::string& key, const std::string& text,
                bool key_itself = false) {
  const std::size_t at = option_at(b, key, key_itself);
  REQUIRE(at != std::string::npos);
  const std::uint32_t old_len = u32_at(b, at);
  b.replace(at + 4, old_len, text);
  put_u32(b, at, static_cast<std::uint32_t>(text.size()));
  fix_size_and_crc(b);
}

void expect_same_model(const Model& a, const Model& b, const w2v::Vocab& vocab) {
  const w2v::Embeddings ai = a.input_embeddings(vocab), bi = b.input_embeddings(vocab);
  REQUIRE(ai.data.size() == bi.data.size());
  CHECK(std::memcmp(ai.data.data(), bi.data.data(), ai.data.size() * sizeof(float)) == 0);
  REQUIRE(a.shape().output_rows == b.shape().output_rows);
  REQUIRE(a.shape().shared == b.shape().shared);
  if (a.shape().output_rows) {
    const w2v::Embeddings ao = a.output_embeddings(vocab), bo = b.output_embeddings(vocab);
    CHECK(std::memcmp(ao.data.data(), bo.data.data(), ao.data.size() * sizeof(float)) == 0);
  }
  REQUIRE(a.n_nodes() == b.n_nodes());
  for (std::uint32_t n = 0; n < a.n_nodes(); ++n) {
    CHECK(std::memcmp(a.node_row(n), b.node_row(n), sizeof(float) * a.dim()) == 0);
  }
}

// Sets the trailing CRC right after an edit, so the edit reaches the parser.
void fix_crc(std::string& bytes) {
  const std::uint32_t crc = w2v::checkpoint_crc(0, bytes.data(), bytes.size() - 4);
  for (int i = 0; i < 4; ++i) bytes[bytes.size() - 4 + i] = static_cast<char>(crc >> (8 * i));
}

void fix_size_and_crc(std::string& bytes) {
  const std::uint64_t payload = bytes.size() - 24 - 4;
  for (int i = 0; i < 8; ++i) bytes[16 + i] = static_cast<char>(payload >> (8 * i));
  fix_crc(bytes);
}

// A version 2 checkpoint written by the build before version 3 (fuzz/seeds/checkpoint/tiny-v2,
// whose first byte is the fuzz target's flags): 2 dimensions, sg fast, random shrink.
std::string legacy_v2_bytes() {
  return slurp(std::string(W2V_FUZZ_DIR) + "/seeds/checkpoint/tiny-v2").substr(1);
}

// The bytes of a small checkpoint: 20 sentences, dim 4, one thread, one epoch, nothing trained.
struct Tiny {
  Corpus corpus;
  Model model;
  std::string bytes;
};

Tiny tiny_checkpoint(const w2v::test::TempDir& dir, w2v::WindowShrink shrink) {
  Tiny t{make_corpus(20), Model(), {}};
  TrainOptions o;
  o.dim = 4;
  o.n_threads = 1;
  o.epochs = 1;
  o.shrink = shrink;
  TrainState st;
  st.epoch_loss = {0};
  st.epoch_predictions = {0};
  st.shards = {{1, 0, 0}};
  t.model = Model(t.corpus.vocab.size(), o.dim, 1);
  const std::string path = dir.file("tiny.ckpt");
  w2v::write_checkpoint(path, make_run(o), t.corpus.vocab, st, t.model);
  t.bytes = slurp(path);
  return t;
}

}  // namespace

TEST_CASE("Checkpoint round trip is exact", "[checkpoint]") {
  w2v::test::TempDir dir;
  const Corpus c = make_corpus(50);
  TrainOptions o;
  o.dim = 20;
  o.n_threads = 2;
  o.epochs = 3;
  const CheckpointRun run = make_run(o);
  TrainState st;
  st.words_done = 77;
  st.words_kept = 55;
  st.predictions = 999;
  st.epoch_loss = {1.5, 0.25, 0};
  st.epoch_predictions = {10, 3, 0};
  st.shards = {{0x1234567890abcdefULL, 1, 17}, {42, 3, 100}};
  Model m(c.vocab.size(), o.dim, 5);
  m.output_row(3)[7] = -1.25f;
  const std::string path = dir.file("a.ckpt");
  w2v::write_checkpoint(path, run, c.vocab, st, m);

  const Checkpoint ck = w2v::read_checkpoint(path);
  const TrainOptions& t = ck.run.options.train;
  CHECK(t.dim == 20);
  CHECK(t.n_threads == 2);
  CHECK(*t.alpha == *run.options.train.alpha);
  CHECK(*t.min_alpha == *run.options.train.min_alpha);
  CHECK(*t.shrink == w2v::WindowShrink::kExpected);  // sg fast's default
  CHECK(ck.run.options.inputs == run.options.inputs);
  CHECK(ck.run.options.vocab.tokenizer.lowercase);
  CHECK(ck.run.options.vocab.tokenizer.max_token_bytes == 50);
  CHECK(ck.run.options.format == w2v::VectorFormat::kText);
  CHECK(ck.run.options.output == "v.bin");
  CHECK(ck.run.options.checkpoint.empty());  // where checkpoints go is not the run's
  CHECK(ck.run.corpus == run.corpus);
  CHECK(ck.vocab.words() == c.vocab.words());
  CHECK(ck.vocab.counts() == c.vocab.counts());
  CHECK(ck.state.words_done == 77);
  CHECK(ck.state.epoch_loss == st.epoch_loss);
  CHECK(ck.state.epoch_predictions == st.epoch_predictions);
  REQUIRE(ck.state.shards.size() == 2);
  CHECK(ck.state.shards[0].rng_state == 0x1234567890abcdefULL);
  CHECK(ck.state.shards[1].epoch == 3);
  CHECK(ck.state.shards[1].pos == 100);
  expect_same_model(ck.model, m, c.vocab);

  // Writing what was read gives the same bytes.
  const std::string again = dir.file("b.ckpt");
  w2v::write_checkpoint(again, ck.run, ck.vocab, ck.state, ck.model);
  CHECK(slurp(path) == slurp(again));
}

TEST_CASE("Every corrupt checkpoint is a FormatError naming the file", "[checkpoint]") {
  w2v::test::TempDir dir;
  const std::string good = tiny_checkpoint(dir, w2v::WindowShrink::kExpected).bytes;
  const std::size_t payload = 24;
  const std::size_t vocab_at = options_end(good) + 4 + 24;  // after the one corpus fingerprint

  struct Case {
    const char* name;
    std::function<void(std::string&)> edit;
    const char* message;
  };
  const std::vector<Case> cases = {
      {"empty file", [](std::string& b) { b.clear(); }, "only 0 bytes"},
      {"header only", [](std::string& b) { b.resize(24); }, "only 24 bytes"},
      {"bad magic", [](std::string& b) { b[0] = 'X'; }, "bad magic"},
      {"a vector file", [](std::string& b) { b.replace(0, 8, "41 300\na"); }, "bad magic"},
      {"version 4", [&](std::string& b) { put_u32(b, 8, 4); },
       "version 4, this build reads versions 1 to 3"},
      {"version 0", [&](std::string& b) { put_u32(b, 8, 0); }, "version 0"},
      {"reserved field set", [&](std::string& b) { put_u32(b, 12, 1); }, "reserved"},
      {"truncated by one byte", [](std::string& b) { b.pop_back(); }, "truncated"},
      {"truncated in the matrices", [](std::string& b) { b.resize(b.size() / 2); }, "truncated"},
      {"a byte appended", [](std::string& b) { b.push_back('\0'); }, "padded"},
      {"one bit flipped in a vector", [](std::string& b) { b[b.size() - 10] ^= 4; }, "checksum"},
      {"one bit flipped in the options", [](std::string& b) { b[payload + 12] ^= 1; }, "checksum"},
      {"checksum itself wrong", [](std::string& b) { b.back() ^= 1; }, "checksum"},
      // Lying fields with a valid checksum: the parser must refuse them before allocating.
      {"dim out of range", [](std::string& b) { set_option(b, "dim", "0"); },
       "stored option: --dim must be in [1, 10000], got 0"},
      {"dim not a number", [](std::string& b) { set_option(b, "dim", "four"); },
       "--dim must be a whole number"},
      {"window shrink unknown", [](std::string& b) { set_option(b, "shrink", "sideways"); },
       "--shrink must be random or expected"},
      {"CBOW with expected shrink", [](std::string& b) { set_option(b, "model", "cbow"); },
       "--shrink expected is for skip-gram only"},
      {"an option this build does not know",
       [](std::string& b) { set_option(b, "window", "widnow", true); },
       "option \"widnow\" is unknown to this build"},
      {"a local option stored", [](std::string& b) { set_option(b, "output", "checkpoint", true); },
       "option \"checkpoint\" is unknown to this build"},
      {"an option twice", [](std::string& b) { set_option(b, "window", "dim", true); },
       "option \"dim\" appears twice"},
      {"option count lies",
       [&](std::string& b) {
         put_u32(b, payload, 0xffffffffu);
         fix_crc(b);
       },
       "cannot fit"},
      {"string length lies",
       [&](std::string& b) {
         put_u32(b, payload + 4, 0x7fffffffu);
         fix_crc(b);
       },
       "claims 2147483647 bytes"},
      {"vocabulary size lies",
       [&](std::string& b) {
         put_u32(b, vocab_at, 0xffffffffu);
         put_u32(b, vocab_at + 4, 0xffffffffu);
         fix_crc(b);
       },
       "cannot fit"},
      {"model dimension differs",
       [&](std::string& b) {
         const std::size_t dim_at = b.size() - 4 - 2 * 41 * 4 * 4 - 4;
         put_u32(b, dim_at, 5);
         fix_crc(b);
       },
       "the model is 41 x 5"},
      {"thread count differs from shards", [](std::string& b) { set_option(b, "threads", "3"); },
       "shards, the options say 3 threads"},
      {"objectives that need a matrix the file lacks",
       [](std::string& b) { set_option(b, "hs", "true"); }, "the matrices need"},
  };
  for (const Case& k : cases) {
    INFO(k.name);
    std::string bytes = good;
    k.edit(bytes);
    const std::string path = dir.write("bad.ckpt", bytes);
    try {
      w2v::read_checkpoint(path);
      FAIL("accepted");
    } catch (const w2v::FormatError& e) {
      const std::string what = e.what();
      CHECK_THAT(what, Catch::Contains(path));
      CHECK_THAT(what, Catch::Contains(k.message));
    }
  }
  CHECK_THROWS_AS(w2v::read_checkpoint(dir.file("missing.ckpt")), w2v::IoError);
  CHECK_THROWS_AS(w2v::read_checkpoint(dir.path().string()), w2v::IoError);
}

TEST_CASE("A run stopped and resumed on one thread gives identical vectors", "[checkpoint]") {
  w2v::test::TempDir dir;
  const Corpus c = make_corpus(4000);  // ~46k words per epoch, four reports per epoch
  const EncodedCorpus corpus = EncodedCorpus::from_ids(c.ids);
  struct Run {
    w2v::ModelKind model;
    w2v::TrainMode mode;
    bool hs;
    int negative;
    bool shared = false;
  };
  const Run runs[] = {{w2v::ModelKind::kSkipGram, w2v::TrainMode::kFast, false, 5},
                      {w2v::ModelKind::kSkipGram, w2v::TrainMode::kExact, false, 5},
                      {w2v::ModelKind::kCbow, w2v::TrainMode::kFast, false, 5},
                      {w2v::ModelKind::kCbow, w2v::TrainMode::kExact, false, 5},
                      {w2v::ModelKind::kSkipGram, w2v::TrainMode::kFast, true, 0},
                      {w2v::ModelKind::kCbow, w2v::TrainMode::kExact, true, 2},
                      {w2v::ModelKind::kSkipGram, w2v::TrainMode::kFast, false, 5, true}};
  for (const Run& run_kind : runs) {
    INFO(w2v::model_name(run_kind.model) << " " << w2v::mode_name(run_kind.mode) << " hs "
                                         << run_kind.hs << " negative " << run_kind.negative);
    TrainOptions o;
    o.model = run_kind.model;
    o.mode = run_kind.mode;
    o.hs = run_kind.hs;
    o.negative = run_kind.negative;
    o.shared_embeddings = run_kind.shared;
    o.dim = 24;
    o.epochs = 3;
    o.n_threads = 1;
    o.seed = 11;
    o.progress_interval = 0;  // a report at every flush (10,000 words)
    const w2v::Trainer trainer(o, c.vocab);
    const w2v::TrainResult whole = trainer.train(corpus);
    REQUIRE_FALSE(whole.stopped);

    // A periodic checkpoint at the 3rd report must not change the run; a stop at the 7th
    // (in the second epoch) writes another.
    CheckpointRun run = make_run(trainer.options());
    run.corpus = w2v::fingerprint(corpus);
    const std::string periodic = dir.file("periodic.ckpt"), stopped = dir.file("stopped.ckpt");
    w2v::TrainControl control;
    int n_reports = 0, n_written = 0;
    control.on_checkpoint = [&](const TrainState& st, const Model& m) {
      w2v::write_checkpoint(n_written++ == 0 ? periodic : stopped, run, c.vocab, st, m);
    };
    const auto progress = [&](const w2v::TrainProgress&) {
      ++n_reports;
      if (n_reports == 3) control.request_checkpoint();
      if (n_reports == 7) control.request_stop();
    };
    const w2v::TrainResult first = trainer.train(corpus, progress, &control);
    REQUIRE(first.stopped);
    REQUIRE(n_written == 2);

    for (const std::string& path : {stopped, periodic}) {
      INFO(path);
      Checkpoint ck = w2v::read_checkpoint(path);
      CHECK(ck.state.words_done > 0);
      CHECK(ck.state.words_done < corpus.n_words() * 3);
      const w2v::TrainResult rest =
          trainer.resume(corpus, std::move(ck.model), std::move(ck.state));
      REQUIRE_FALSE(rest.stopped);
      CHECK(rest.stats.words_trained == whole.stats.words_trained);
      expect_same_model(rest.model, whole.model, c.vocab);
    }
  }
}

TEST_CASE("Two threads stop and resume consistently", "[checkpoint]") {
  const Corpus c = make_corpus(4000);
  const EncodedCorpus corpus = EncodedCorpus::from_ids(c.ids);
  TrainOptions o;
  o.dim = 16;
  o.epochs = 2;
  o.n_threads = 2;
  o.progress_interval = 0;
  const w2v::Trainer trainer(o, c.vocab);
  w2v::TrainControl control;
  TrainState saved;
  Model saved_model;
  control.on_checkpoint = [&](const TrainState& st, const Model& m) {
    saved = st;
    saved_model = Model(m.n_words(), m.dim());
    for (std::size_t w = 0; w < m.n_words(); ++w) {
      const auto id = static_cast<WordId>(w);
      std::memcpy(saved_model.input_row(id), m.input_row(id), sizeof(float) * m.stride());
      std::memcpy(saved_model.output_row(id), m.output_row(id), sizeof(float) * m.stride());
    }
  };
  int n_reports = 0;
  const w2v::TrainResult first = trainer.train(
      corpus,
      [&](const w2v::TrainProgress&) {
        if (++n_reports == 3) control.request_stop();
      },
      &control);
  REQUIRE(first.stopped);
  REQUIRE(saved.shards.size() == 2);
  const std::vector<w2v::Shard> shards = corpus.shards(2);
  for (std::size_t t = 0; t < 2; ++t) {
    CHECK(saved.shards[t].pos >= shards[t].begin);
    CHECK(saved.shards[t].pos <= shards[t].end);
  }
  const std::uint64_t before = saved.words_done;
  const w2v::TrainResult rest = trainer.resume(corpus, std::move(saved_model), saved);
  REQUIRE_FALSE(rest.stopped);
  // Every word of every epoch is trained exactly once across the two sessions.
  CHECK(rest.stats.words_trained == corpus.n_words() * 2);
  CHECK(before < corpus.n_words() * 2);

  // A state that does not fit the corpus is refused.
  TrainState wrong = saved;
  wrong.shards[0].pos = corpus.size() + 1;
  CHECK_THROWS_AS(trainer.resume(corpus, Model(c.vocab.size(), 16), wrong), w2v::FormatError);
}

TEST_CASE("A checkpoint that fails while the other threads are parked ends the run with its error",
          "[checkpoint]") {
  const Corpus c = make_corpus(4000);
  const EncodedCorpus corpus = EncodedCorpus::from_ids(c.ids);
  for (const int threads : {2, 4}) {
    INFO("threads " << threads);
    TrainOptions o;
    o.dim = 16;
    o.epochs = 3;
    o.n_threads = threads;
    o.progress_interval = 0;
    const w2v::Trainer trainer(o, c.vocab);
    w2v::TrainControl control;
    int n_calls = 0;
    control.on_checkpoint = [&](const TrainState& st, const Model&) {
      // Called by the last thread to park, with every other thread waiting.
      CHECK(st.shards.size() == static_cast<std::size_t>(threads));
      if (++n_calls == 2) throw w2v::IoError("run.ckpt: cannot write: No space left on device");
    };
    int n_reports = 0;
    const auto progress = [&](const w2v::TrainProgress&) {
      if (++n_reports % 2 == 0) control.request_checkpoint();
    };
    // The error comes out of train() (no hang: the parked threads are released and leave).
    CHECK_THROWS_MATCHES(trainer.train(corpus, progress, &control), w2v::IoError,
                         MessageContains("No space left on device"));
    CHECK(n_calls == 2);
  }
}

TEST_CASE("Checkpoints of versions 1 and 2 (options by position) still load", "[checkpoint]") {
  w2v::test::TempDir dir;
  const std::string v2 = legacy_v2_bytes();
  REQUIRE(v2.substr(0, 9) == std::string("W2V-CKPT\x02", 9));  // written with expected shrink
  const Checkpoint ck2 = w2v::read_checkpoint(dir.write("v2.ckpt", v2));
  const TrainOptions& o = ck2.run.options.train;
  CHECK(o.dim == 2);
  CHECK(o.model == w2v::ModelKind::kSkipGram);
  CHECK(*o.shrink == w2v::WindowShrink::kExpected);
  CHECK_FALSE(o.hs);
  CHECK(ck2.model.shape().output_rows);
  CHECK_FALSE(ck2.model.shape().node_rows);
  // Written again, it is a version 3 checkpoint that reads back the same.
  const std::string again = dir.file("v3.ckpt");
  w2v::write_checkpoint(again, ck2.run, ck2.vocab, ck2.state, ck2.model);
  CHECK(slurp(again).substr(8, 1) == "\x03");
  const Checkpoint ck3 = w2v::read_checkpoint(again);
  CHECK(ck3.run.options.train.dim == 2);
  CHECK(ck3.run.options.inputs == ck2.run.options.inputs);
  CHECK(ck3.vocab.words() == ck2.vocab.words());
  expect_same_model(ck3.model, ck2.model, ck2.vocab);

  // Version 1 is version 2 without the 4-byte shrink field at payload offset 64: every run of
  // that time used random shrink.
  std::string v1 = v2;
  v1.erase(24 + 64, 4);
  v1[8] = 1;
  fix_size_and_crc(v1);
  const Checkpoint ck1 = w2v::read_checkpoint(dir.write("v1.ckpt", v1));
  CHECK(*ck1.run.options.train.shrink == w2v::WindowShrink::kRandom);
  CHECK(ck1.run.options.train.dim == 2);
  CHECK(ck1.vocab.words() == ck2.vocab.words());
  expect_same_model(ck1.model, ck2.model, ck2.vocab);
}
