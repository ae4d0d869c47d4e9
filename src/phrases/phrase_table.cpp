#include "phrases/phrase_table.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <mutex>
#include <unordered_map>

#include "core/error.h"
#include "phrases/chunk_tokens.h"
#include "text/corpus_reader.h"
#include "vocab/count_pruning.h"
#include "vocab/vocab_builder.h"

namespace w2v {

double phrase_score(PhraseScorer scorer, std::uint64_t count_a, std::uint64_t count_b,
                    std::uint64_t count_ab, std::uint64_t min_count, std::uint64_t n_tokens) {
  if (scorer == PhraseScorer::kWord2phrase) {
    // word2phrase.c: (pab - min_count) / (real)pa / (real)pb * (real)train_words, each step in
    // float (the long long difference is converted to float for the first division).
    const float diff = static_cast<float>(static_cast<std::int64_t>(count_ab) -
                                          static_cast<std::int64_t>(min_count));
    const float score = diff / static_cast<float>(count_a) / static_cast<float>(count_b) *
                        static_cast<float>(n_tokens);
    return static_cast<double>(score);
  }
  const double n = static_cast<double>(n_tokens);
  const double p_a = static_cast<double>(count_a) / n;
  const double p_b = static_cast<double>(count_b) / n;
  const double p_ab = static_cast<double>(count_ab) / n;
  if (p_ab >= 1.0) return 1.0;  // -ln(p_ab) would be 0: the corpus is this one pair
  return std::log(p_ab / (p_a * p_b)) / -std::log(p_ab);
}

bool phrase_joins(PhraseScorer scorer, std::uint64_t count_a, std::uint64_t count_b,
                  std::uint64_t count_ab, std::uint64_t min_count, std::uint64_t n_tokens,
                  double threshold) {
  if (count_a < min_count || count_b < min_count || count_ab < min_count) return false;
  const double score = phrase_score(scorer, count_a, count_b, count_ab, min_count, n_tokens);
  if (scorer == PhraseScorer::kWord2phrase) {
    // word2phrase.c: `if (score > threshold)` with both in float.
    return static_cast<float>(score) > static_cast<float>(threshold);
  }
  return score > threshold;
}

namespace {

// What the pair counting of one chunk leaves for the pairs that straddle chunks: its first
// token, if it continues the sentence running into the chunk, and its last, if the sentence
// runs on into the next chunk.
struct ChunkEdge {
  std::uint64_t seq = 0;
  bool has_tokens = false;
  bool first_continues = false;
  bool last_open = false;
  bool closes = false;  // the chunk ends a sentence or holds an LF
  WordId first = PhraseTable::kNoWord;
  WordId last = PhraseTable::kNoWord;
};

struct PairWorker {
  PairCounter counter;
  ChunkTokens tokens;
  PruneLog prune;
  std::uint64_t n_tokens = 0;
};

// Adds keys to a PairCounter kAhead keys after prefetching their slots, so that the cache misses
// of several probes overlap instead of following one another.
class PrefetchedAdder {
 public:
  static constexpr int kAhead = 8;

  explicit PrefetchedAdder(PairCounter& counter) : counter_(counter) {}
  ~PrefetchedAdder() { flush(); }

  void add(std::uint64_t key, std::uint64_t n = 1) {
    if (pending_ == kAhead) {
      counter_.add(keys_[pos_], counts_[pos_]);
    } else {
      ++pending_;
    }
    counter_.prefetch(key);
    keys_[pos_] = key;
    counts_[pos_] = n;
    pos_ = (pos_ + 1) % kAhead;
  }
  void flush() {
    for (; pending_ > 0; --pending_) {
      const int i = (pos_ - pending_ + kAhead) % kAhead;
      counter_.add(keys_[i], counts_[i]);
    }
  }

 private:
  PairCounter& counter_;
  std::uint64_t keys_[kAhead] = {};
  std::uint64_t counts_[kAhead] = {};
  int pos_ = 0;
  int pending_ = 0;
};

std::size_t count_occurrences(std::string_view s, std::string_view d) {
  std::size_t n = 0;
  for (std::size_t p = s.find(d); p != std::string_view::npos; p = s.find(d, p + 1)) ++n;
  return n;
}

}  // namespace

PhraseTable PhraseTable::learn(const std::vector<std::string>& paths, const PhrasePassOptions& opts,
                               PhraseCountStats* stats, const PassProgressFn& progress) {
  const auto start = std::chrono::steady_clock::now();
  const int n_threads = std::max(1, opts.n_threads);
  const std::uint64_t min_count = static_cast<std::uint64_t>(opts.min_count);
  const std::string& delim = opts.delimiter;

  // Read 1: every distinct word and its count (w2v-vocab's pass, with its memory bound).
  VocabOptions word_opts;
  word_opts.min_count = 1;
  word_opts.n_threads = n_threads;
  word_opts.max_distinct = opts.max_distinct;
  word_opts.tokenizer = opts.tokenizer;
  const VocabResult counted = build_vocab(paths, word_opts, progress);
  const Vocab& vocab = counted.vocab;
  const std::uint64_t n_tokens = counted.stats.tokens.n_tokens;

  // Read 2: pairs of adjacent words within a sentence, as pairs of word ids.
  const WordIndex index(vocab.words());
  CorpusReader reader(expand_inputs(paths), opts.chunk_bytes);
  ProgressReporter reporter(progress, "counting pairs", "bytes", reader.input_bytes_total());
  const Tokenizer tokenizer(opts.tokenizer);
  const std::size_t budget = std::max<std::size_t>(
      1000, static_cast<std::size_t>(opts.max_distinct) / static_cast<std::size_t>(n_threads));
  std::vector<PairWorker> workers(static_cast<std::size_t>(n_threads));
  // Start each table near its final size: growing copies it and touches twice the memory.
  // Distinct pairs were a fifth of the tokens or fewer in the English text we measured
  // (enwiki, 66M tokens: 11.7M pairs; 16.8M tokens: 4.2M).
  for (PairWorker& w : workers) {
    w.counter.reserve(
        std::min<std::size_t>(budget, n_tokens / static_cast<std::size_t>(n_threads) / 5));
  }
  std::mutex edges_mu;
  std::vector<ChunkEdge> edges;
  for_each_chunk_parallel(
      reader, n_threads,
      [&](int worker, CorpusChunk& chunk) {
        // Per token: its id (looked up in a batch, see ChunkTokens) and, inside a sentence, one
        // count of the pair in this worker's own table (the probe that misses the cache;
        // PrefetchedAdder overlaps several). Nothing here is written by two threads.
        PairWorker& w = workers[static_cast<std::size_t>(worker)];
        ChunkTokens& ct = w.tokens;
        TokenStats ignored;
        ct.fill(tokenizer, chunk, ignored, index);
        ChunkEdge edge;
        edge.seq = chunk.seq;
        WordId prev = kNoWord;  // the previous token of the sentence; kNoWord at its start
        bool in_sentence = chunk.sentence_open;
        bool seen_line_end = false;
        {
          PrefetchedAdder adder(w.counter);
          for (const ChunkTokens::Item& item : ct.items) {
            if (item.kind != ChunkTokens::kToken) {
              seen_line_end = true;
              if (item.kind == ChunkTokens::kSentenceEnd) {
                prev = kNoWord;
                in_sentence = false;
              }
              continue;
            }
            const WordId id = item.id;  // kNoWord: pruned from the words
            if (!edge.has_tokens) {
              edge.has_tokens = true;
              edge.first = id;
              edge.first_continues = chunk.sentence_open && !seen_line_end;
            }
            ++w.n_tokens;
            if (prev != kNoWord && id != kNoWord) adder.add(PairCounter::key(prev, id));
            prev = id;
            in_sentence = true;
          }
        }
        edge.closes = seen_line_end || chunk.ends_input;
        edge.last_open = edge.has_tokens && in_sentence;
        edge.last = edge.last_open ? prev : kNoWord;
        prune_to_budget(w.counter, budget, w.prune, w.n_tokens);
        std::lock_guard<std::mutex> lock(edges_mu);
        edges.push_back(edge);
      },
      [&] { reporter.update(reader.input_bytes_done()); });
  reporter.finish(reader.input_bytes_done());

  // Merge the workers' tables into the first, then count the pairs that straddle chunks.
  PairCounter& pairs = workers[0].counter;
  for (std::size_t i = 1; i < workers.size(); ++i) {
    {
      PrefetchedAdder adder(pairs);
      workers[i].counter.for_each([&](std::uint64_t key, std::uint64_t n) { adder.add(key, n); });
    }
    workers[i].counter = PairCounter();
  }
  std::sort(edges.begin(), edges.end(),
            [](const ChunkEdge& a, const ChunkEdge& b) { return a.seq < b.seq; });
  WordId tail = kNoWord;  // last token of the sentence still open after the chunks so far
  bool tail_open = false;
  for (const ChunkEdge& e : edges) {
    if (e.has_tokens) {
      if (e.first_continues && tail_open && tail != kNoWord && e.first != kNoWord) {
        pairs.add(PairCounter::key(tail, e.first));
      }
      tail_open = e.last_open;
      tail = e.last;
    } else if (e.closes) {
      tail_open = false;
    }
  }
  PruneLog merged_prune;
  prune_to_budget(pairs, static_cast<std::size_t>(opts.max_distinct), merged_prune, n_tokens);

  // Counts under word2phrase's string keys (see the class comment). A key K is the count of the
  // word K plus the counts of every pair (x, y) with x + delimiter + y == K. Only keys holding
  // the delimiter more than once, or equal to a word, have more than one part: a "special" pair
  // is one whose key has other parts; every other pair's key count is its own count.
  const std::size_t n_words = vocab.size();
  std::vector<std::uint64_t> key_count(n_words);
  // A literal "</s>" in the text is id 0, whose count also holds the sentences.
  key_count[0] = vocab.count(0) - counted.stats.tokens.n_sentences;
  for (std::size_t id = 1; id < n_words; ++id) key_count[id] = vocab.count(static_cast<WordId>(id));
  bool delim_byte[256] = {};
  for (const char c : delim) delim_byte[static_cast<unsigned char>(c)] = true;
  std::vector<char> may_overlap(n_words, 0);  // holds a byte of the delimiter
  std::vector<WordId> with_delim;             // words holding the whole delimiter
  for (std::size_t id = 0; id < n_words; ++id) {
    const std::string& w = vocab.word(static_cast<WordId>(id));
    for (const char c : w) {
      if (delim_byte[static_cast<unsigned char>(c)]) {
        may_overlap[id] = 1;
        break;
      }
    }
    if (may_overlap[id] && w.find(delim) != std::string::npos) {
      with_delim.push_back(static_cast<WordId>(id));
    }
  }
  const auto join_key = [&](WordId a, WordId b) { return vocab.word(a) + delim + vocab.word(b); };
  std::unordered_map<std::string, std::uint64_t> group;  // key -> total, special keys only
  PairCounter one_split;  // special pairs whose key holds the delimiter once (a word's key)
  // A pair's key holds the delimiter more than once only if one of its words holds a byte of it
  // (any other occurrence overlaps a word): "new_york" + "_" + "city", or with the delimiter
  // "__", "a_" + "__" + "b", which is also "a" + "__" + "_b".
  pairs.for_each([&](std::uint64_t key, std::uint64_t n) {
    const WordId a = PairCounter::first(key), b = PairCounter::second(key);
    if (!may_overlap[a] && !may_overlap[b]) return;
    const std::string k = join_key(a, b);
    if (count_occurrences(k, delim) > 1) group[k] += n;
  });
  // A word holding the delimiter shares its key with the pairs it splits into.
  for (const WordId id : with_delim) {
    const std::string& u = vocab.word(id);
    group[u] += key_count[id];
    if (count_occurrences(u, delim) != 1) continue;  // its pairs were summed above
    const std::size_t at = u.find(delim);
    if (at == 0 || at + delim.size() == u.size()) continue;  // a token is never empty
    const auto x = vocab.find(std::string_view(u).substr(0, at));
    const auto y = vocab.find(std::string_view(u).substr(at + delim.size()));
    if (!x || !y) continue;
    const std::uint64_t key = PairCounter::key(*x, *y);
    const std::uint64_t n = pairs.count(key);
    if (n == 0) continue;
    group[u] += n;
    one_split.add(key);
  }
  for (const WordId id : with_delim) key_count[id] = group[vocab.word(id)];

  // Decide every pair; remember the words of the phrases.
  struct Kept {
    std::uint64_t key, count;
  };
  std::vector<Kept> kept;
  pairs.for_each([&](std::uint64_t key, std::uint64_t n) {
    const WordId a = PairCounter::first(key), b = PairCounter::second(key);
    if (key_count[a] < min_count || key_count[b] < min_count) return;
    std::uint64_t count_ab = n;
    if (may_overlap[a] || may_overlap[b] || one_split.count(key) != 0) {
      const auto it = group.find(join_key(a, b));
      if (it != group.end()) count_ab = it->second;
    }
    if (phrase_joins(opts.scorer, key_count[a], key_count[b], count_ab, min_count, n_tokens,
                     opts.threshold)) {
      kept.push_back({key, count_ab});
    }
  });

  PhraseTable table;
  table.delimiter_ = delim;
  std::vector<char> used(n_words, 0);
  for (const Kept& k : kept) used[PairCounter::first(k.key)] = used[PairCounter::second(k.key)] = 1;
  std::vector<WordId> new_id(n_words, kNoWord);
  std::vector<std::string> phrase_words;
  for (std::size_t id = 0; id < n_words; ++id) {
    if (!used[id]) continue;
    new_id[id] = static_cast<WordId>(phrase_words.size());
    phrase_words.push_back(vocab.word(static_cast<WordId>(id)));
  }
  table.words_ = WordIndex(phrase_words);
  table.phrases_.reserve(kept.size());
  for (const Kept& k : kept) {
    const WordId a = PairCounter::first(k.key), b = PairCounter::second(k.key);
    table.joinable_.add(PairCounter::key(new_id[a], new_id[b]));
    table.phrases_.push_back(
        {vocab.word(a), vocab.word(b), key_count[a], key_count[b], k.count,
         phrase_score(opts.scorer, key_count[a], key_count[b], k.count, min_count, n_tokens)});
  }
  std::sort(table.phrases_.begin(), table.phrases_.end(), [](const Phrase& x, const Phrase& y) {
    if (x.count_ab != y.count_ab) return x.count_ab > y.count_ab;
    if (x.score != y.score) return x.score > y.score;
    return x.a != y.a ? x.a < y.a : x.b < y.b;
  });

  if (stats != nullptr) {
    *stats = PhraseCountStats{};
    stats->tokens = counted.stats.tokens;
    stats->n_files = counted.stats.n_files;
    stats->bytes_read = counted.stats.bytes_read;
    stats->n_words = counted.stats.n_distinct;
    stats->n_pairs = pairs.size();
    stats->n_phrases = kept.size();
    stats->n_prunes = counted.stats.n_prunes;
    stats->prune_threshold = counted.stats.prune_threshold;
    stats->first_prune_token = counted.stats.first_prune_token;
    std::vector<const PruneLog*> logs;
    for (const PairWorker& w : workers) logs.push_back(&w.prune);
    logs.push_back(&merged_prune);
    for (const PruneLog* log : logs) {
      if (log->n_prunes == 0) continue;
      stats->n_prunes += log->n_prunes;
      stats->prune_threshold = std::max(stats->prune_threshold, log->threshold - 1);
      if (stats->first_prune_token == 0 || log->first_prune_token < stats->first_prune_token) {
        stats->first_prune_token = log->first_prune_token;
      }
    }
    stats->seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  return table;
}

}  // namespace w2v
