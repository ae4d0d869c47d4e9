#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "core/error.h"
#include "corpus/encoded_corpus.h"
#include "support/groups.h"
#include "support/matchers.h"
#include "train/options.h"
#include "train/trainer.h"
#include "vocab/vocab.h"

namespace {

using w2v::EncodedCorpus;
using w2v::ModelKind;
using w2v::TrainMode;
using w2v::TrainOptions;
using w2v::WordId;

// A planted structure: words 1..10 ("a0".."a9") and 11..20 ("b0".."b9"); each sentence uses one
// group only, so a word's neighbours should be its own group.
struct Planted {
  w2v::Vocab vocab;
  EncodedCorpus corpus;
};

Planted planted(int n_sentences, unsigned seed = 1) {
  std::vector<std::pair<std::string, std::uint64_t>> counts;
  std::vector<WordId> ids;
  std::mt19937 gen(seed);
  std::vector<std::uint64_t> c(21, 0);
  for (int s = 0; s < n_sentences; ++s) {
    const WordId base = (s % 2 == 0) ? 1 : 11;
    const int len = 5 + static_cast<int>(gen() % 10);
    for (int i = 0; i < len; ++i) {
      const WordId id = base + gen() % 10;
      ids.push_back(id);
      ++c[id];
    }
    ids.push_back(0);
  }
  // Name the words so that Vocab's canonical order (count desc, bytes asc) is recomputed below.
  std::vector<std::string> names(21);
  for (int i = 0; i < 10; ++i) {
    names[1 + i] = "a" + std::to_string(i);
    names[11 + i] = "b" + std::to_string(i);
  }
  for (int id = 1; id <= 20; ++id) counts.emplace_back(names[id], c[id]);
  counts.emplace_back("</s>", static_cast<std::uint64_t>(n_sentences));
  w2v::Vocab vocab = w2v::Vocab::from_counts(counts);
  // Map our ids to the vocabulary's.
  std::vector<WordId> remap(21, 0);
  for (int id = 1; id <= 20; ++id) remap[id] = *vocab.find(names[id]);
  for (WordId& id : ids) id = remap[id];
  return {std::move(vocab), EncodedCorpus::from_ids(std::move(ids))};
}

TrainOptions small_options(ModelKind model, TrainMode mode) {
  TrainOptions o;
  o.model = model;
  o.mode = mode;
  o.dim = 16;
  o.window = 3;
  o.negative = 4;
  o.sample = 0;
  o.epochs = 3;
  o.n_threads = 1;
  o.seed = 9;
  return o;
}

const ModelKind kModels[] = {ModelKind::kSkipGram, ModelKind::kCbow};
const TrainMode kModes[] = {TrainMode::kFast, TrainMode::kExact};

}  // namespace

TEST_CASE("Options out of range are usage errors naming the flag and value", "[train]") {
  struct Row {
    void (*set)(TrainOptions&);
    const char* message;
  };
  const Row rows[] = {
      {[](TrainOptions& o) { o.dim = 0; }, "--dim must be in [1, 10000], got 0"},
      {[](TrainOptions& o) { o.window = -1; }, "--window must be in [1, 1000], got -1"},
      {[](TrainOptions& o) { o.negative = 100000; }, "--negative must be in [0, 1000], got 100000"},
      {[](TrainOptions& o) { o.epochs = 0; }, "--epochs must be in [1, 100000], got 0"},
      {[](TrainOptions& o) { o.sample = -1; }, "--sample must be in [0, 1], got -1"},
      {[](TrainOptions& o) { o.alpha = std::nanf(""); }, "--alpha must be in"},  // NaN fails
      {[](TrainOptions& o) { o.alpha = 0.0f; }, "--alpha must be in"},           // zero
      {[](TrainOptions& o) {
         o.alpha = 0.01f;
         o.min_alpha = 0.1f;
       },
       "--min-alpha must not exceed"},
      {[](TrainOptions& o) { o.n_threads = 2000; }, "--threads must be in [0, 1024], got 2000"},
      {[](TrainOptions& o) { o.negative = 0; }, "--negative 0 turns negative sampling off"},
  };
  for (const Row& r : rows) {
    TrainOptions o;
    r.set(o);
    INFO(r.message);
    CHECK_THROWS_MATCHES(o.validate(), w2v::UsageError, w2v::test::MessageContains(r.message));
  }
  CHECK_NOTHROW(TrainOptions().validate());
  TrainOptions hs_only;
  hs_only.hs = true;
  hs_only.negative = 0;
  CHECK_NOTHROW(hs_only.validate());
  CHECK_THROWS_MATCHES(w2v::parse_model("glove"), w2v::UsageError,
                       w2v::test::MessageContains("--model must be sg or cbow, got \"glove\""));
  CHECK_THROWS_AS(w2v::parse_mode("turbo"), w2v::UsageError);
  CHECK(w2v::parse_model("cbow") == ModelKind::kCbow);
  CHECK(w2v::parse_mode("exact") == TrainMode::kExact);
  CHECK(w2v::parse_shrink("expected") == w2v::WindowShrink::kExpected);
  CHECK(w2v::parse_shrink("random") == w2v::WindowShrink::kRandom);
  CHECK_THROWS_MATCHES(
      w2v::parse_shrink("harmonic"), w2v::UsageError,
      w2v::test::MessageContains("--shrink must be random or expected, got \"harmonic\""));
  TrainOptions cbow;
  cbow.model = ModelKind::kCbow;
  cbow.shrink = w2v::WindowShrink::kExpected;
  CHECK_THROWS_MATCHES(cbow.validate(), w2v::UsageError,
                       w2v::test::MessageContains("--shrink expected is for skip-gram only"));
  cbow.shrink = w2v::WindowShrink::kRandom;
  CHECK_NOTHROW(cbow.validate());
}

TEST_CASE("Window shrink defaults: expected for fast skip-gram, random otherwise", "[train]") {
  const auto resolved = [](ModelKind model, TrainMode mode) {
    TrainOptions o;
    o.model = model;
    o.mode = mode;
    o.resolve_defaults();
    return *o.shrink;
  };
  CHECK(resolved(ModelKind::kSkipGram, TrainMode::kFast) == w2v::WindowShrink::kExpected);
  CHECK(resolved(ModelKind::kSkipGram, TrainMode::kExact) == w2v::WindowShrink::kRandom);
  CHECK(resolved(ModelKind::kCbow, TrainMode::kFast) == w2v::WindowShrink::kRandom);
  CHECK(resolved(ModelKind::kCbow, TrainMode::kExact) == w2v::WindowShrink::kRandom);
  TrainOptions given;
  given.shrink = w2v::WindowShrink::kRandom;
  given.resolve_defaults();
  CHECK(*given.shrink == w2v::WindowShrink::kRandom);
}

TEST_CASE("Expected weights are the chance that word2vec.c's random cut keeps a context",
          "[train]") {
  // word2vec.c draws the width b uniformly in [1, window]; a context at distance d is used
  // when b >= d. Count those widths and compare.
  for (int window : {1, 2, 5, 8}) {
    for (int d = 1; d <= window; ++d) {
      int kept = 0;
      for (int b = 1; b <= window; ++b) kept += b >= d;
      INFO("window " << window << ", distance " << d);
      CHECK(w2v::expected_context_weight(window, d) ==
            Approx(static_cast<double>(kept) / window).epsilon(1e-6));
    }
  }
}

// Two-word sentences hold only distance-1 pairs, whose weight is 1 for every window: under
// expected shrink the window cannot matter. Three-word sentences add distance-2 pairs, weighted
// (window - 1) / window: now it must.
TEST_CASE("Expected shrink weights pairs by their distance", "[train]") {
  const auto corpus_of = [](int len) {
    std::vector<WordId> ids;
    std::mt19937 gen(3);
    for (int s = 0; s < 300; ++s) {
      for (int i = 0; i < len; ++i) ids.push_back(1 + static_cast<WordId>(gen() % 6));
      ids.push_back(0);
    }
    return EncodedCorpus::from_ids(std::move(ids));
  };
  std::vector<std::pair<std::string, std::uint64_t>> counts = {{"</s>", 300}};
  for (int i = 0; i < 6; ++i) counts.emplace_back("w" + std::to_string(i), 100 + 10 * i);
  const w2v::Vocab vocab = w2v::Vocab::from_counts(counts);
  for (TrainMode mode : kModes) {
    INFO(w2v::mode_name(mode));
    const auto train = [&](const EncodedCorpus& corpus, int window, w2v::WindowShrink shrink) {
      TrainOptions o = small_options(ModelKind::kSkipGram, mode);
      o.window = window;
      o.shrink = shrink;
      return w2v::Trainer(o, vocab).train(corpus).model.input_embeddings(vocab).data;
    };
    const EncodedCorpus pairs = corpus_of(2), triples = corpus_of(3);
    const auto bytes = sizeof(float) * train(pairs, 1, w2v::WindowShrink::kExpected).size();
    CHECK(std::memcmp(train(pairs, 1, w2v::WindowShrink::kExpected).data(),
                      train(pairs, 4, w2v::WindowShrink::kExpected).data(), bytes) == 0);
    CHECK(std::memcmp(train(triples, 2, w2v::WindowShrink::kExpected).data(),
                      train(triples, 4, w2v::WindowShrink::kExpected).data(), bytes) != 0);
    // Random shrink: every width keeps distance 1, so the window cannot matter there either;
    // with distance-2 pairs it does (window 1 never uses them).
    CHECK(std::memcmp(train(pairs, 1, w2v::WindowShrink::kRandom).data(),
                      train(pairs, 4, w2v::WindowShrink::kRandom).data(), bytes) == 0);
    CHECK(std::memcmp(train(triples, 1, w2v::WindowShrink::kRandom).data(),
                      train(triples, 4, w2v::WindowShrink::kRandom).data(), bytes) != 0);
  }
}

TEST_CASE("Alpha and noise defaults depend on the model and the mode", "[train]") {
  TrainOptions sg;
  CHECK_FALSE(sg.resolve_defaults().empty());
  CHECK(*sg.alpha == 0.05f);
  CHECK(*sg.noise_power == 0.5);
  CHECK(*sg.min_alpha == Approx(0.05f * 1e-4f));
  CHECK(sg.n_threads >= 1);
  TrainOptions cbow;
  cbow.model = ModelKind::kCbow;
  cbow.resolve_defaults();
  CHECK(*cbow.alpha == 0.075f);
  CHECK(*cbow.noise_power == 0.75);
  // Exact mode keeps word2vec.c's rates.
  TrainOptions sg_exact;
  sg_exact.mode = TrainMode::kExact;
  CHECK_THAT(sg_exact.resolve_defaults(), Catch::Contains("word2vec.c"));
  CHECK(*sg_exact.alpha == 0.025f);
  CHECK(*sg_exact.noise_power == 0.75);
  TrainOptions cbow_exact;
  cbow_exact.model = ModelKind::kCbow;
  cbow_exact.mode = TrainMode::kExact;
  cbow_exact.resolve_defaults();
  CHECK(*cbow_exact.alpha == 0.05f);
  // So do hierarchical softmax and tied rows, where the higher rates were not measured better.
  TrainOptions sg_hs;
  sg_hs.hs = true;
  sg_hs.resolve_defaults();
  CHECK(*sg_hs.alpha == 0.025f);
  CHECK(*sg_hs.noise_power == 0.75);
  TrainOptions sg_tied;
  sg_tied.shared_embeddings = true;
  sg_tied.resolve_defaults();
  CHECK(*sg_tied.alpha == 0.025f);
  CHECK(*sg_tied.noise_power == 0.75);
  TrainOptions given;
  given.alpha = 0.1f;
  given.noise_power = 1.0;
  CHECK(given.resolve_defaults().empty());
  CHECK(*given.alpha == 0.1f);
  CHECK(*given.noise_power == 1.0);
}

TEST_CASE("One thread and one seed give identical vectors on every run", "[train]") {
  const Planted p = planted(400);
  for (ModelKind model : kModels) {
    for (TrainMode mode : kModes) {
      INFO(w2v::model_name(model) << " " << w2v::mode_name(mode));
      TrainOptions o = small_options(model, mode);
      o.sample = 1e-2;  // subsampling draws random numbers too
      const w2v::Trainer trainer(o, p.vocab);
      const w2v::Embeddings a = trainer.train(p.corpus).model.input_embeddings(p.vocab);
      const w2v::Embeddings b = trainer.train(p.corpus).model.input_embeddings(p.vocab);
      REQUIRE(a.data.size() == b.data.size());
      CHECK(std::memcmp(a.data.data(), b.data.data(), a.data.size() * sizeof(float)) == 0);
      o.seed = 10;
      const w2v::Embeddings c =
          w2v::Trainer(o, p.vocab).train(p.corpus).model.input_embeddings(p.vocab);
      CHECK(std::memcmp(a.data.data(), c.data.data(), a.data.size() * sizeof(float)) != 0);
    }
  }
}

TEST_CASE("Loss falls over epochs and planted groups become neighbours, on 1 and 2 threads",
          "[train]") {
  const Planted p = planted(3000);
  for (const int threads : {1, 2}) {
    struct Run {
      ModelKind model;
      TrainMode mode;
      w2v::WindowShrink shrink;
    };
    const Run runs[] = {
        {ModelKind::kSkipGram, TrainMode::kFast, w2v::WindowShrink::kExpected},
        {ModelKind::kSkipGram, TrainMode::kFast, w2v::WindowShrink::kRandom},
        {ModelKind::kSkipGram, TrainMode::kExact, w2v::WindowShrink::kExpected},
        {ModelKind::kSkipGram, TrainMode::kExact, w2v::WindowShrink::kRandom},
        {ModelKind::kCbow, TrainMode::kFast, w2v::WindowShrink::kRandom},
        {ModelKind::kCbow, TrainMode::kExact, w2v::WindowShrink::kRandom},
    };
    for (const Run& run : runs) {
      {
        const ModelKind model = run.model;
        const TrainMode mode = run.mode;
        INFO(w2v::model_name(model) << " " << w2v::mode_name(mode) << " "
                                    << w2v::shrink_name(run.shrink) << ", threads " << threads);
        TrainOptions o = small_options(model, mode);
        o.shrink = run.shrink;
        o.n_threads = threads;
        o.epochs = 5;
        const w2v::TrainResult r = w2v::Trainer(o, p.vocab).train(p.corpus);
        REQUIRE(r.stats.epoch_loss.size() == 5u);
        CHECK(r.stats.epoch_loss.back() < r.stats.epoch_loss.front());
        const w2v::Embeddings e = r.model.input_embeddings(p.vocab);
        // For each word, the nearest other word is from the same group.
        CHECK(w2v::test::nearest_in_own_group(e) == 20);
      }
    }
  }
}

TEST_CASE("Every word is trained once per epoch on any number of threads", "[train]") {
  const Planted p = planted(999);
  for (int threads : {1, 2, 3, 5}) {
    INFO("threads " << threads);
    TrainOptions o = small_options(ModelKind::kSkipGram, TrainMode::kFast);
    o.n_threads = threads;
    o.epochs = 2;
    const w2v::TrainResult r = w2v::Trainer(o, p.vocab).train(p.corpus);
    CHECK(r.stats.words_trained == 2 * p.corpus.n_words());
    CHECK(r.stats.words_kept == r.stats.words_trained);  // sample 0 keeps every word
    CHECK(r.model.all_finite());
  }
}

TEST_CASE("Progress reports rise to a final one at 100%", "[train]") {
  const Planted p = planted(3000);
  TrainOptions o = small_options(ModelKind::kSkipGram, TrainMode::kExact);
  o.progress_interval = 0;  // report at every flush
  o.n_threads = 2;
  std::vector<w2v::TrainProgress> seen;
  w2v::Trainer(o, p.vocab).train(p.corpus, [&](const w2v::TrainProgress& pr) {
    seen.push_back(pr);
  });
  REQUIRE(seen.size() >= 2u);
  for (std::size_t i = 1; i < seen.size(); ++i) CHECK(seen[i].words_done >= seen[i - 1].words_done);
  CHECK(seen.back().done);
  CHECK(seen.back().fraction == 1.0);
  CHECK(seen.back().alpha == Approx(0.025f * 1e-4f).epsilon(0.01));  // the sg default
  CHECK(seen.front().alpha < 0.025f);
  CHECK(seen.front().alpha > 0.0f);
}

TEST_CASE("An exception from the progress callback stops training and comes out", "[train]") {
  const Planted p = planted(3000);
  TrainOptions o = small_options(ModelKind::kSkipGram, TrainMode::kFast);
  o.progress_interval = 0;
  o.n_threads = 2;
  CHECK_THROWS_MATCHES(
      w2v::Trainer(o, p.vocab)
          .train(p.corpus, [](const w2v::TrainProgress&) { throw w2v::IoError("log: disk full"); }),
      w2v::IoError, w2v::test::MessageContains("disk full"));
}

TEST_CASE("A diverging learning rate ends in a NumericError", "[train]") {
  const Planted p = planted(500);
  for (ModelKind model : kModels) {
    for (TrainMode mode : kModes) {
      INFO(w2v::model_name(model) << " " << w2v::mode_name(mode));
      TrainOptions o = small_options(model, mode);
      o.alpha = 1e6f;
      o.n_threads = 2;
      CHECK_THROWS_MATCHES(w2v::Trainer(o, p.vocab).train(p.corpus), w2v::NumericError,
                           w2v::test::MessageContains("try a smaller --alpha"));
    }
  }
}

TEST_CASE("A corpus without words or a vocabulary without words is an error", "[train]") {
  const Planted p = planted(10);
  const w2v::Trainer t(small_options(ModelKind::kSkipGram, TrainMode::kFast), p.vocab);
  CHECK_THROWS_AS(t.train(EncodedCorpus::from_ids({0, 0})), w2v::FormatError);
  const w2v::Vocab only_end;
  CHECK_THROWS_AS(w2v::Trainer(small_options(ModelKind::kSkipGram, TrainMode::kFast), only_end),
                  w2v::FormatError);
}

TEST_CASE("Input vectors start in +-0.5/dim and output vectors at zero", "[train]") {
  const w2v::Model m(50, 20, 3);
  CHECK(m.stride() == 32);
  const float bound = 0.5f / 20.0f;
  for (WordId w = 0; w < 50; ++w) {
    for (int i = 0; i < 20; ++i) {
      CHECK(std::fabs(m.input_row(w)[i]) <= bound);
      CHECK(m.output_row(w)[i] == 0.0f);
    }
    for (int i = 20; i < 32; ++i) CHECK(m.input_row(w)[i] == 0.0f);  // padding
  }
}
