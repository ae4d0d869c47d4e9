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

// What the counting of one chunk leaves for the pairs that straddle chunks: its first token, if
// it continues the sentence running into the chunk, and its last, if the sentence runs on into
// the next chunk. Words, not ids: a worker's ids mean nothing to the others.
struct ChunkEdge {
  std::uint64_t seq = 0;
  bool has_tokens = false;
  bool first_continues = false;
  bool last_open = false;
  bool closes = false;  // the chunk ends a sentence or holds an LF
  std::string first, last;
};

// One worker's counts: its words (ids of its own) and the pairs of those ids. Pruned together
// with one threshold, as word2phrase prunes its one table: a pair is never counted more often
// than its words in one table, so no pair outlives a word it refers to.
struct CountTables {
  WordTable words;
  PairCounter pairs;
  std::size_t size() const { return words.size() + pairs.size(); }
  void prune(std::uint64_t min_keep) { pairs.prune(min_keep, words.prune(min_keep)); }
};

struct CountWorker {
  CountTables tables;
  ChunkTokens tokens;
  TokenStats stats;
  PruneLog prune;
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

}  // namespace

PhraseTable PhraseTable::learn(const std::vector<std::string>& paths, const PhrasePassOptions& opts,
                               PhraseCountStats* stats, const PassProgressFn& progress) {
  const auto start = std::chrono::steady_clock::now();
  const int n_threads = std::max(1, opts.n_threads);
  const std::uint64_t min_count = static_cast<std::uint64_t>(opts.min_count);
  const std::string& delim = opts.delimiter;

  // One read: every word and every pair of adjacent words within a sentence, in one pair of
  // tables per thread.
  const std::vector<std::string> inputs = expand_inputs(paths);
  CorpusReader reader(inputs, opts.chunk_bytes);
  ProgressReporter reporter(progress, "counting", "bytes", reader.input_bytes_total());
  const Tokenizer tokenizer(opts.tokenizer);
  const std::size_t budget = std::max<std::size_t>(
      1000, static_cast<std::size_t>(opts.max_distinct) / static_cast<std::size_t>(n_threads));
  std::vector<CountWorker> workers(static_cast<std::size_t>(n_threads));
  // Start each pair table near its final size: growing copies it and touches twice the memory.
  // Distinct pairs were a fifth of the tokens or fewer in the English text we measured
  // (enwiki, 66M tokens: 11.7M pairs; 16.8M tokens: 4.2M); plain files tell their size (about
  // 6 bytes a token), gzip and pipes do not.
  const std::uint64_t guess_tokens = reader.input_bytes_total() / 6;
  for (CountWorker& w : workers) {
    w.tables.pairs.reserve(std::min<std::size_t>(
        budget,
        static_cast<std::size_t>(guess_tokens / static_cast<std::uint64_t>(n_threads) / 5)));
  }
  std::mutex edges_mu;
  std::vector<ChunkEdge> edges;
  for_each_chunk_parallel(
      reader, n_threads,
      [&](int worker, CorpusChunk& chunk) {
        // Per token: its id in this worker's word table (found or added, kAhead tokens behind
        // the prefetch of its slot), a count for the word, and, inside a sentence, a count for
        // the pair of ids in this worker's pair table (the probe that misses the cache;
        // PrefetchedAdder overlaps several). Nothing here is written by two threads.
        CountWorker& w = workers[static_cast<std::size_t>(worker)];
        WordTable& words = w.tables.words;
        ChunkTokens& ct = w.tokens;
        ct.tokenize(tokenizer, chunk, w.stats);
        ChunkEdge edge;
        edge.seq = chunk.seq;
        WordId prev = kNoWord;  // the previous token of the sentence; kNoWord at its start
        bool in_sentence = chunk.sentence_open;
        bool seen_line_end = false;
        std::size_t last_token = 0;
        {
          PrefetchedAdder adder(w.tables.pairs);
          const std::size_t n = ct.items.size();
          for (std::size_t i = 0; i < n; ++i) {
            const std::size_t ahead = i + ChunkTokens::kAhead;
            if (ahead < n && ct.items[ahead].kind == ChunkTokens::kToken) {
              words.prefetch(ct.keys[ahead]);
            }
            const ChunkTokens::Item& item = ct.items[i];
            if (item.kind != ChunkTokens::kToken) {
              seen_line_end = true;
              if (item.kind == ChunkTokens::kSentenceEnd) {
                prev = kNoWord;
                in_sentence = false;
              }
              continue;
            }
            const WordId id = words.intern(ct.view(i), ct.keys[i]);
            ++words.count(id);
            if (!edge.has_tokens) {
              edge.has_tokens = true;
              edge.first = ct.view(i);
              edge.first_continues = chunk.sentence_open && !seen_line_end;
            }
            if (prev != kNoWord) adder.add(PairCounter::key(prev, id));
            prev = id;
            in_sentence = true;
            last_token = i;
          }
        }
        edge.closes = seen_line_end || chunk.ends_input;
        edge.last_open = edge.has_tokens && in_sentence;
        if (edge.last_open) edge.last = ct.view(last_token);
        prune_to_budget(w.tables, budget, w.prune, w.stats.n_tokens);
        std::lock_guard<std::mutex> lock(edges_mu);
        edges.push_back(std::move(edge));
      },
      [&] { reporter.update(reader.input_bytes_done()); });
  reporter.finish(reader.input_bytes_done());

  // Merge the workers' tables into the first (its ids stay), then count the pairs that
  // straddle chunks.
  TokenStats token_stats;
  for (const CountWorker& w : workers) token_stats.add(w.stats);
  token_stats.n_skipped_bytes += reader.dropped_bytes();
  const std::uint64_t n_tokens = token_stats.n_tokens;
  if (n_tokens == 0) {
    throw FormatError((inputs.size() == 1 ? display_name(inputs[0]) : std::string("the input")) +
                      ": no words found (the corpus is empty or only whitespace); give a text "
                      "file with words separated by spaces");
  }
  WordTable& vocab = workers[0].tables.words;
  PairCounter& pairs = workers[0].tables.pairs;
  for (std::size_t i = 1; i < workers.size(); ++i) {
    CountTables& t = workers[i].tables;
    std::vector<WordId> to_global(t.words.size());
    for (std::size_t id = 0; id < t.words.size(); ++id) {
      const WordId g = vocab.intern(t.words.word(static_cast<WordId>(id)));
      vocab.count(g) += t.words.count(static_cast<WordId>(id));
      to_global[id] = g;
    }
    {
      PrefetchedAdder adder(pairs);
      t.pairs.for_each([&](std::uint64_t key, std::uint64_t n) {
        adder.add(PairCounter::key(to_global[PairCounter::first(key)],
                                   to_global[PairCounter::second(key)]),
                  n);
      });
    }
    t = CountTables();
  }
  std::sort(edges.begin(), edges.end(),
            [](const ChunkEdge& a, const ChunkEdge& b) { return a.seq < b.seq; });
  const std::string* tail = nullptr;  // last token of the sentence still open after the chunks
  for (const ChunkEdge& e : edges) {
    if (e.has_tokens) {
      if (e.first_continues && tail != nullptr) {
        const WordId a = vocab.find(*tail), b = vocab.find(e.first);
        if (a != kNoWord && b != kNoWord) pairs.add(PairCounter::key(a, b));
      }
      tail = e.last_open ? &e.last : nullptr;
    } else if (e.closes) {
      tail = nullptr;
    }
  }
  PruneLog merged_prune;
  prune_to_budget(workers[0].tables, static_cast<std::size_t>(opts.max_distinct), merged_prune,
                  n_tokens);

  // Counts under word2phrase's string keys (see the class comment). The key K = a + delimiter +
  // b of a pair counts the word K (if the text has it) and every pair (x, y) with x + delimiter
  // + y == K. Most keys have one part, the pair itself; the few that have more (a "group") are
  // found and summed here: each pair of such a key is marked in `special` with its group.
  const std::size_t n_words = vocab.size();
  std::vector<std::uint64_t> key_count(n_words);
  for (std::size_t id = 0; id < n_words; ++id) key_count[id] = vocab.count(static_cast<WordId>(id));
  bool delim_byte[256] = {};
  for (const char c : delim) delim_byte[static_cast<unsigned char>(c)] = true;
  std::vector<char> may_overlap(n_words, 0);  // holds a byte of the delimiter
  std::vector<WordId> with_delim;             // words holding the whole delimiter
  for (std::size_t id = 0; id < n_words; ++id) {
    const std::string_view w = vocab.word(static_cast<WordId>(id));
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
  std::unordered_map<std::string, std::size_t> group_of;  // shared key -> index in group_total
  std::vector<std::uint64_t> group_total;
  PairCounter special;  // pair -> its group's index + 1
  const auto group = [&](const std::string& k) {
    const auto [it, fresh] = group_of.emplace(k, group_total.size());
    if (fresh) group_total.push_back(0);
    return it->second;
  };
  // True if the key k of a pair split at `boundary` is also a word, or also the key of another
  // counted pair (split at another occurrence of the delimiter).
  const auto shared = [&](const std::string& k, std::size_t boundary) {
    if (vocab.find(k) != kNoWord) return true;
    const std::string_view kv(k);
    for (std::size_t p = kv.find(delim); p != std::string_view::npos; p = kv.find(delim, p + 1)) {
      if (p == boundary || p == 0 || p + delim.size() >= kv.size()) continue;
      const WordId x = vocab.find(kv.substr(0, p));
      if (x == kNoWord) continue;
      const WordId y = vocab.find(kv.substr(p + delim.size()));
      if (y != kNoWord && pairs.count(PairCounter::key(x, y)) != 0) return true;
    }
    return false;
  };
  // A pair can share its key only if one of its words holds a byte of the delimiter (any other
  // occurrence overlaps a word: "new_york" + "_" + "city" is also "new" + "_" + "york_city";
  // with the delimiter "__", "a_" + "__" + "b" is also "a" + "__" + "_b"), or if the key is a
  // word, which the loop over words below finds.
  std::string key_text;
  pairs.for_each([&](std::uint64_t key, std::uint64_t n) {
    const WordId a = PairCounter::first(key), b = PairCounter::second(key);
    if (!may_overlap[a] && !may_overlap[b]) return;
    key_text.assign(vocab.word(a));
    key_text += delim;
    key_text += vocab.word(b);
    if (!shared(key_text, vocab.word(a).size())) return;
    const std::size_t g = group(key_text);
    group_total[g] += n;
    special.add(key, g + 1);
  });
  // A word holding the delimiter adds its count to its key's group, and takes the group's total
  // as its own count when the group has pairs too (they are all in by then: the pairs above,
  // and the one pair a word with one delimiter splits into, added just before).
  for (const WordId id : with_delim) {
    const std::string u(vocab.word(id));
    const std::size_t at = u.find(delim);
    if (u.find(delim, at + 1) == std::string::npos && at > 0 && at + delim.size() < u.size()) {
      // One occurrence: one pair, (x, y), shares the key (unless the loop above found it).
      const WordId x = vocab.find(std::string_view(u).substr(0, at));
      const WordId y = vocab.find(std::string_view(u).substr(at + delim.size()));
      if (x != kNoWord && y != kNoWord) {
        const std::uint64_t key = PairCounter::key(x, y);
        const std::uint64_t n = pairs.count(key);
        if (n != 0 && special.count(key) == 0) {
          const std::size_t g = group(u);
          group_total[g] += n;
          special.add(key, g + 1);
        }
      }
    }
    const auto it = group_of.find(u);
    if (it == group_of.end()) continue;  // no pair has this key
    group_total[it->second] += key_count[id];
    key_count[id] = group_total[it->second];
  }
  // Decide every pair; remember the words of the phrases.
  struct Kept {
    std::uint64_t key, count;
  };
  std::vector<Kept> kept;
  pairs.for_each([&](std::uint64_t key, std::uint64_t n) {
    const WordId a = PairCounter::first(key), b = PairCounter::second(key);
    if (key_count[a] < min_count || key_count[b] < min_count) return;
    const std::uint64_t g = special.count(key);
    const std::uint64_t count_ab = g != 0 ? group_total[g - 1] : n;
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
    phrase_words.emplace_back(vocab.word(static_cast<WordId>(id)));
  }
  table.words_ = WordTable(phrase_words);
  table.phrases_.reserve(kept.size());
  for (const Kept& k : kept) {
    const WordId a = PairCounter::first(k.key), b = PairCounter::second(k.key);
    table.joinable_.add(PairCounter::key(new_id[a], new_id[b]));
    table.phrases_.push_back(
        {std::string(vocab.word(a)), std::string(vocab.word(b)), key_count[a], key_count[b],
         k.count,
         phrase_score(opts.scorer, key_count[a], key_count[b], k.count, min_count, n_tokens)});
  }
  std::sort(table.phrases_.begin(), table.phrases_.end(), [](const Phrase& x, const Phrase& y) {
    if (x.count_ab != y.count_ab) return x.count_ab > y.count_ab;
    if (x.score != y.score) return x.score > y.score;
    return x.a != y.a ? x.a < y.a : x.b < y.b;
  });

  if (stats != nullptr) {
    *stats = PhraseCountStats{};
    stats->tokens = token_stats;
    stats->n_files = inputs.size();
    stats->bytes_read = reader.bytes_read();
    stats->n_words = n_words;
    stats->n_pairs = pairs.size();
    stats->n_phrases = kept.size();
    std::vector<const PruneLog*> logs;
    for (const CountWorker& w : workers) logs.push_back(&w.prune);
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
