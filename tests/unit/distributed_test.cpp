// Training across processes, with N in-process ranks (support/thread_cluster.h): the vocabulary
// counted in shares, the corpus cut into parts, model averaging, and whole jobs with agreed
// checkpoints. The same code runs under mpirun with MpiCluster (tests/cli/distributed.sh).
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "core/error.h"
#include "corpus/encoded_corpus.h"
#include "store/vectors_io.h"
#include "support/groups.h"
#include "support/matchers.h"
#include "support/temp_dir.h"
#include "support/thread_cluster.h"
#include "train/model_sync.h"
#include "train/train_job.h"
#include "vocab/vocab_builder.h"

using w2v::test::ThreadCluster;

namespace {

// Sentences of 1 to 30 words over a Zipf-like vocabulary of 500 words, some of them rare.
std::string write_corpus(const w2v::test::TempDir& dir, int n_sentences, unsigned seed = 1) {
  std::mt19937 gen(seed);
  std::ofstream out(dir.file("corpus.txt"));
  for (int s = 0; s < n_sentences; ++s) {
    const int len = 1 + static_cast<int>(gen() % 30);
    for (int i = 0; i < len; ++i) {
      const unsigned r = gen() % 1000;
      out << (i ? " " : "") << "w" << (r * r / 2000);
    }
    out << "\n";
  }
  return dir.file("corpus.txt");
}

// A small checkpointed job: dim 8, 4 epochs, a sync every 2,000 words.
w2v::TrainJobOptions checkpointed_job(const std::string& corpus, const std::string& output,
                                      const std::string& checkpoint, int threads) {
  w2v::TrainJobOptions o;
  o.inputs = {corpus};
  o.output = output;
  o.checkpoint = checkpoint;
  o.train.dim = 8;
  o.train.epochs = 4;
  o.train.n_threads = threads;
  o.train.sync_words = 2000;
  return o;
}

std::vector<w2v::WordId> ids_of(const w2v::EncodedCorpus& c) {
  return std::vector<w2v::WordId>(c.data(), c.data() + c.size());
}

}  // namespace

TEST_CASE("distributed: counted in shares, the vocabulary is the single process's",
          "[distributed]") {
  w2v::test::TempDir dir;
  const std::string corpus = write_corpus(dir, 20000);
  w2v::VocabOptions opts;
  opts.n_threads = 2;
  const w2v::VocabResult whole = w2v::build_vocab({corpus}, opts);
  for (const int n : {2, 3, 5}) {
    INFO(n << " shares");
    std::vector<std::string> shares;
    // Small chunks would need a big corpus: count each share with the reader's own chunking.
    for (int k = 0; k < n; ++k) shares.push_back(w2v::count_vocab_share({corpus}, opts, {k, n}));
    const w2v::VocabResult merged = w2v::vocab_from_shares(shares, opts);
    CHECK(merged.vocab.words() == whole.vocab.words());
    CHECK(merged.vocab.counts() == whole.vocab.counts());
    CHECK(merged.stats.tokens.n_tokens == whole.stats.tokens.n_tokens);
  }
}

TEST_CASE("distributed: the parts of the corpus are the whole stream, cut after sentence ends",
          "[distributed]") {
  w2v::test::TempDir dir;
  const std::string corpus = write_corpus(dir, 60000, 2);  // ~930k tokens: several chunks
  w2v::VocabOptions vopts;
  vopts.min_count = 3;
  const w2v::Vocab vocab = w2v::build_vocab({corpus}, vopts).vocab;
  w2v::EncodeOptions opts;
  opts.n_threads = 2;
  const w2v::EncodedCorpus whole = w2v::EncodedCorpus::encode({corpus}, vocab, opts);
  const std::vector<w2v::WordId> all = ids_of(whole);
  for (const int n : {2, 3, 5}) {
    INFO(n << " parts");
    std::vector<w2v::WordId> joined;
    for (int p = 0; p < n; ++p) {
      w2v::EncodeOptions part = opts;
      part.part = p;
      part.n_parts = n;
      part.total_words = whole.n_words();
      const w2v::EncodedCorpus c = w2v::EncodedCorpus::encode({corpus}, vocab, part);
      const std::vector<w2v::WordId> ids = ids_of(c);
      // Each part ends with a sentence end (the last at the stream's end), and holds about 1/n of
      // the words (within one sentence).
      REQUIRE_FALSE(ids.empty());
      CHECK(ids.back() == w2v::Vocab::kSentenceEndId);
      CHECK(std::abs(static_cast<double>(c.n_words()) - static_cast<double>(whole.n_words()) / n) <
            40);
      joined.insert(joined.end(), ids.begin(), ids.end());
    }
    CHECK(joined == all);
  }
}

TEST_CASE("distributed: syncs add up every rank's updates over the gain, in step on every rank",
          "[distributed]") {
  const int n = 3;
  std::vector<std::vector<float>> final_rows(n);
  std::vector<std::uint64_t> syncs(n);
  ThreadCluster::run(n, [&](ThreadCluster& cluster) {
    w2v::TrainOptions o;
    o.dim = 4;
    o.epochs = 2;
    o.sync_words = 300;  // 1000 words per epoch over 3 ranks: 4 syncs per epoch
    o.sync_rows = 2;
    const std::uint64_t local_words = 300 + 50 * static_cast<std::uint64_t>(cluster.rank());
    w2v::ModelSync sync(cluster, o, local_words);
    CHECK(sync.global_words() == 1050);
    CHECK(sync.step_gain() == 1.5f);  // max(1, 3 / 2)
    w2v::Model model(10, 4, 1);
    std::vector<float> start(model.input_row(0), model.input_row(0) + 10 * model.stride());
    sync.start_from(model);
    // Each rank adds r + 1 to every row (its "training"): after a sync every rank holds the
    // start plus (1 + 2 + 3) / 1.5 = 4.
    for (w2v::WordId w = 0; w < 10; ++w) {
      for (int i = 0; i < 4; ++i) model.input_row(w)[i] += static_cast<float>(cluster.rank() + 1);
    }
    // Walk through the epochs in uneven steps; every rank must make the same syncs.
    std::uint64_t done = 0;
    while (done < 2 * local_words) {
      done = std::min<std::uint64_t>(2 * local_words, done + 37 + cluster.rank() * 11);
      const w2v::ModelSync::Result r = sync.sync_due(model, done, 0);
      (void)r;
    }
    const w2v::ModelSync::Result last = sync.sync_all(model, done, 0);
    CHECK(last.global_done == 2 * 1050);
    syncs[static_cast<std::size_t>(cluster.rank())] = sync.n_syncs();
    for (w2v::WordId w = 0; w < 10; ++w) {
      for (int i = 0; i < 4; ++i) {
        final_rows[static_cast<std::size_t>(cluster.rank())].push_back(
            model.input_row(w)[i] - start[w * static_cast<std::size_t>(model.stride()) + i]);
      }
    }
  });
  CHECK(syncs[0] == 8);  // 4 per epoch: 7 while training, the 8th at the end
  CHECK(syncs[1] == syncs[0]);
  CHECK(syncs[2] == syncs[0]);
  for (const auto& rows : final_rows) {
    for (const float x : rows) CHECK(x == Approx(4.0f));
  }
}

TEST_CASE("distributed: the gain is max(1, N / 2): 2 ranks add up, 4 halve the sum",
          "[distributed]") {
  for (const int n : {2, 4, 5}) {
    std::vector<float> gains(static_cast<std::size_t>(n));
    ThreadCluster::run(n, [&](ThreadCluster& cluster) {
      w2v::TrainOptions o;
      w2v::ModelSync sync(cluster, o, 100);
      gains[static_cast<std::size_t>(cluster.rank())] = sync.step_gain();
    });
    for (const float g : gains) CHECK(g == std::max(1.0f, 0.5f * static_cast<float>(n)));
  }
}

TEST_CASE("distributed: a job on 2 and 3 ranks trains one model, written once", "[distributed]") {
  w2v::test::TempDir dir;
  // Two planted groups of words (as in train_test): each sentence uses one group only.
  {
    std::mt19937 gen(4);
    std::ofstream out(dir.file("groups.txt"));
    for (int s = 0; s < 6000; ++s) {
      const char g = s % 2 == 0 ? 'a' : 'b';
      for (int i = 0, len = 5 + static_cast<int>(gen() % 10); i < len; ++i) {
        out << (i ? " " : "") << g << (gen() % 10);
      }
      out << "\n";
    }
  }
  for (const int n : {2, 3}) {
    INFO(n << " ranks");
    const std::string output = dir.file("v" + std::to_string(n) + ".bin");
    std::vector<std::uint64_t> words(static_cast<std::size_t>(n));
    ThreadCluster::run(n, [&](ThreadCluster& cluster) {
      w2v::TrainJobOptions o;
      o.inputs = {dir.file("groups.txt")};
      o.output = cluster.rank() == 0 ? output : dir.file("never.bin");
      o.train.dim = 16;
      o.train.epochs = 3;
      o.train.n_threads = 1;
      o.train.sample = 0;
      o.train.sync_words = 500;  // 20 words: every row is hot, so sync often (docs/distributed.md)
      w2v::TrainJob job(o, &cluster);
      w2v::TrainControl control;
      const w2v::TrainJobResult r = job.run(control, {});
      CHECK_FALSE(r.stopped);
      words[static_cast<std::size_t>(cluster.rank())] = r.global_words;
    });
    CHECK(words[0] > 0);
    for (const std::uint64_t w : words) CHECK(w == words[0]);
    CHECK_FALSE(std::ifstream(dir.file("never.bin")).good());  // only rank 0 writes
    const w2v::Embeddings e = w2v::read_vectors(output);
    // Every word's nearest neighbour is from its own group.
    CHECK(w2v::test::nearest_in_own_group(e) == 20);
  }
}

TEST_CASE("distributed: a stop asked of one rank is a checkpoint of all, and resumes",
          "[distributed]") {
  w2v::test::TempDir dir;
  const std::string corpus = write_corpus(dir, 8000, 5);
  const std::string ckpt = dir.file("run.ckpt");
  const int n = 2;
  // Rank 1 alone is asked to stop; the ranks agree at the next sync, rank 0 writes one
  // checkpoint holding both ranks' shards.
  ThreadCluster::run(n, [&](ThreadCluster& cluster) {
    w2v::TrainJob job(checkpointed_job(corpus, dir.file("v.bin"), ckpt, 2), &cluster);
    w2v::TrainControl control;
    w2v::TrainJobEvents events;
    int n_reports = 0;
    if (cluster.rank() == 1) {
      // Progress goes to rank 0 only; rank 1 asks to stop before training starts.
      control.request_stop();
    }
    events.progress = [&](const w2v::TrainProgress&) { ++n_reports; };
    const w2v::TrainJobResult r = job.run(control, events);
    CHECK(r.stopped);
  });
  CHECK_FALSE(std::ifstream(dir.file("v.bin")).good());
  const w2v::Checkpoint ck = w2v::read_checkpoint(ckpt);
  CHECK(ck.state.rank_words.size() == 2);
  CHECK(ck.state.shards.size() == 4);  // 2 ranks x 2 threads
  CHECK(ck.run.rank_corpus.size() == 2);

  // One process cannot resume it, nor three; two can, to the end.
  CHECK_THROWS_MATCHES(w2v::TrainJob::resume(ckpt, {}, {}), w2v::UsageError,
                       w2v::test::MessageContains("written by 2 processes"));
  const w2v::Vocab vocab = w2v::build_vocab({corpus}, {}).vocab;
  std::uint64_t words = 0;
  for (std::size_t id = 1; id < vocab.size(); ++id)
    words += vocab.count(static_cast<w2v::WordId>(id));
  ThreadCluster::run(n, [&](ThreadCluster& cluster) {
    w2v::TrainJob job = w2v::TrainJob::resume(ckpt, {}, {}, &cluster);
    w2v::TrainControl control;
    const w2v::TrainJobResult r = job.run(control, {});
    CHECK_FALSE(r.stopped);
    CHECK(r.global_words == 4 * words);  // every word of every epoch, over both sessions
  });
  CHECK(w2v::read_vectors(dir.file("v.bin")).dim == 8);
}

TEST_CASE("distributed: a checkpoint taken past half the run resumes (its word count is global)",
          "[distributed]") {
  w2v::test::TempDir dir;
  const std::string corpus = write_corpus(dir, 8000, 6);
  const std::string ckpt = dir.file("late.ckpt");
  const int n = 2;
  // Rank 0 asks to stop once 60% of all words are done: more than either rank's own share of
  // the run, which a check of the global count against one rank's words would refuse.
  double stopped_at = 0;
  ThreadCluster::run(n, [&](ThreadCluster& cluster) {
    w2v::TrainJobOptions o = checkpointed_job(corpus, dir.file("late.bin"), ckpt, 1);
    o.train.progress_interval = 0;  // a report after every flush of the word count
    w2v::TrainJob job(o, &cluster);
    w2v::TrainControl control;
    w2v::TrainJobEvents events;
    events.progress = [&](const w2v::TrainProgress& p) {
      if (p.fraction > 0.6 && stopped_at == 0) {
        stopped_at = p.fraction;
        control.request_stop();
      }
    };
    const w2v::TrainJobResult r = job.run(control, events);
    CHECK(r.stopped);
  });
  REQUIRE(stopped_at > 0.6);
  const w2v::Checkpoint ck = w2v::read_checkpoint(ckpt);
  REQUIRE(ck.state.rank_words.size() == 2);
  // The global count is both ranks' words (equal parts, so each rank's run is half of it).
  CHECK(ck.state.words_done == ck.state.rank_words[0] + ck.state.rank_words[1]);
  ThreadCluster::run(n, [&](ThreadCluster& cluster) {
    w2v::TrainJob job = w2v::TrainJob::resume(ckpt, {}, {}, &cluster);
    w2v::TrainControl control;
    const w2v::TrainJobResult r = job.run(control, {});
    CHECK_FALSE(r.stopped);
  });
  CHECK(w2v::read_vectors(dir.file("late.bin")).dim == 8);
}
