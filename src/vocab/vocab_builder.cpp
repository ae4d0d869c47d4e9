#include "vocab/vocab_builder.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "core/error.h"
#include "text/corpus_reader.h"
#include "vocab/count_pruning.h"
#include "vocab/word_counter.h"

namespace w2v {

void VocabOptions::validate() const {
  if (min_count < 1) {
    throw UsageError("--min-count must be at least 1, got " + std::to_string(min_count));
  }
  if (max_vocab < 0) {
    throw UsageError("--max-vocab must be 0 (no limit) or positive, got " +
                     std::to_string(max_vocab));
  }
  if (n_threads < 0 || n_threads > 1024) {
    throw UsageError("--threads must be in [1, 1024], got " + std::to_string(n_threads));
  }
  if (max_distinct < 1000) {
    throw UsageError("--max-distinct must be at least 1000, got " + std::to_string(max_distinct));
  }
  tokenizer.validate();
}

namespace {

struct CountingState {
  WordCounter counter;
  TokenStats stats;
  PruneLog prune;
};

// The merged result of one counting pass (over every chunk, or over one share of them).
struct Counted {
  CountingState merged;
  VocabStats stats;  // files, bytes and the merged token and pruning statistics
  std::chrono::steady_clock::time_point start;
};

// The counting pass: chunks of `inputs` tokenised and counted on opts.n_threads threads (only
// those with seq % share.count == share.index), each thread pruning its own table to its share
// of max_distinct, then the tables merged into one. Reports the input bytes read as phase
// "counting words" through on_progress.
Counted count_pass(const std::vector<std::string>& inputs, const VocabOptions& opts,
                   VocabShare share, const PassProgressFn& on_progress) {
  opts.validate();
  Counted out;
  out.start = std::chrono::steady_clock::now();
  std::vector<std::string> paths = expand_inputs(inputs);
  const int n_threads = opts.n_threads > 0
                            ? opts.n_threads
                            : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  const std::size_t budget = std::max<std::size_t>(
      1000, static_cast<std::size_t>(opts.max_distinct) / static_cast<std::size_t>(n_threads));

  CorpusReader reader(paths);
  ProgressReporter progress(on_progress, "counting words", "bytes", reader.input_bytes_total());
  const Tokenizer tokenizer(opts.tokenizer);
  std::vector<CountingState> states(static_cast<std::size_t>(n_threads));
  const auto n_shares = static_cast<std::uint64_t>(std::max(1, share.count));
  const auto index = static_cast<std::uint64_t>(share.index);
  for_each_chunk_parallel(
      reader, n_threads,
      [&](int worker, CorpusChunk& chunk) {
        if (chunk.seq % n_shares != index) return;  // another process counts it
        CountingState& st = states[static_cast<std::size_t>(worker)];
        tokenizer.scan(
            chunk.bytes.data(), chunk.bytes.data() + chunk.bytes.size(), chunk.sentence_open,
            chunk.ends_input, st.stats, [&st](std::string_view token) { st.counter.add(token); },
            [] {});
        prune_to_budget(st.counter, budget, st.prune, st.stats.n_tokens);
      },
      [&] { progress.update(reader.input_bytes_done()); });
  progress.finish(reader.input_bytes_done());

  VocabStats& stats = out.stats;
  stats.n_files = paths.size();
  stats.bytes_read = reader.bytes_read();
  for (std::size_t i = 1; i < states.size(); ++i) {
    states[i].counter.for_each(
        [&](std::string_view w, std::uint64_t n) { states[0].counter.add(w, n); });
    states[i].counter = WordCounter();
  }
  for (const CountingState& st : states) {
    stats.tokens.add(st.stats);
    stats.n_prunes += st.prune.n_prunes;
    if (st.prune.n_prunes > 0) {
      stats.prune_threshold = std::max(stats.prune_threshold, st.prune.threshold - 1);
      if (stats.first_prune_token == 0 || st.prune.first_prune_token < stats.first_prune_token) {
        stats.first_prune_token = st.prune.first_prune_token;
      }
    }
  }
  // Dropped bytes are the reader's: every share reads the whole input, so only share 0 adds them.
  if (index == 0) stats.tokens.n_skipped_bytes += reader.dropped_bytes();
  out.merged = std::move(states[0]);
  return out;
}

// The vocabulary from merged counts: "</s>" with the sentence count (a literal "</s>" in the text
// counts as the marker), then the words seen at least min_count times, the max_vocab most
// frequent, by count descending and bytes ascending.
VocabResult finish_vocab(Counted counted, const VocabOptions& opts, std::size_t n_paths) {
  VocabStats& stats = counted.stats;
  if (stats.tokens.n_tokens == 0) {
    throw FormatError(
        "the input: no words found (the corpus is empty or only whitespace); give a text file "
        "with words separated by spaces");
  }
  (void)n_paths;
  // The merged table obeys the same bound as the per-thread ones.
  prune_to_budget(counted.merged.counter, static_cast<std::size_t>(opts.max_distinct),
                  counted.merged.prune, stats.tokens.n_tokens);
  if (counted.merged.prune.n_prunes > 0) {
    stats.n_prunes = std::max<std::uint64_t>(stats.n_prunes, 1);
    stats.prune_threshold = std::max(stats.prune_threshold, counted.merged.prune.threshold - 1);
  }
  const WordCounter& counter = counted.merged.counter;
  stats.n_distinct = counter.size();

  // Rank the kept words as views into the counter's arena; strings are made only for them.
  struct Entry {
    std::string_view word;
    std::uint64_t count;
  };
  std::vector<Entry> kept;
  std::uint64_t n_sentences = stats.tokens.n_sentences;
  const auto min_count = static_cast<std::uint64_t>(opts.min_count);
  counter.for_each([&](std::string_view w, std::uint64_t n) {
    if (w == Vocab::kSentenceEnd) {
      n_sentences += n;  // a literal "</s>" in the text counts as the sentence marker
    } else if (n >= min_count) {
      kept.push_back({w, n});
    }
  });
  const auto by_rank = [](const Entry& a, const Entry& b) {
    if (a.count != b.count) return a.count > b.count;
    return a.word < b.word;  // compares bytes as unsigned char
  };
  if (opts.max_vocab > 0 && kept.size() > static_cast<std::size_t>(opts.max_vocab)) {
    std::nth_element(kept.begin(), kept.begin() + opts.max_vocab, kept.end(), by_rank);
    kept.resize(static_cast<std::size_t>(opts.max_vocab));
  }
  std::sort(kept.begin(), kept.end(), by_rank);
  if (kept.empty()) {
    std::string top_word;
    std::uint64_t top_count = 0;
    counter.for_each([&](std::string_view w, std::uint64_t n) {
      if (w != Vocab::kSentenceEnd && (n > top_count || (n == top_count && w < top_word))) {
        top_count = n;
        top_word = w;
      }
    });
    throw FormatError(
        "empty vocabulary: no word occurs at least " + std::to_string(opts.min_count) +
        " times in " + std::to_string(stats.tokens.n_tokens) + " tokens (the most frequent, \"" +
        printable(top_word) + "\", occurs " + std::to_string(top_count) +
        (top_count == 1 ? " time" : " times") + "); try a smaller --min-count or a larger corpus");
  }
  std::vector<std::pair<std::string, std::uint64_t>> ordered;
  ordered.reserve(kept.size() + 1);
  ordered.emplace_back(std::string(Vocab::kSentenceEnd), n_sentences);
  for (const Entry& e : kept) ordered.emplace_back(std::string(e.word), e.count);
  kept = {};
  Vocab vocab = Vocab::from_counts(std::move(ordered));
  stats.n_kept = vocab.size() - 1;
  for (std::size_t id = 1; id < vocab.size(); ++id) stats.n_kept_tokens += vocab.count(id);
  stats.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - counted.start).count();
  return VocabResult{std::move(vocab), stats};
}

void put_u64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
}

std::uint64_t get_u64(std::string_view& in) {
  if (in.size() < 8) throw FormatError("a vocabulary share is cut short");
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i)
    v |= static_cast<std::uint64_t>(static_cast<unsigned char>(in[i])) << (8 * i);
  in.remove_prefix(8);
  return v;
}

}  // namespace

VocabResult build_vocab(const std::vector<std::string>& inputs, const VocabOptions& opts,
                        const PassProgressFn& on_progress) {
  const std::size_t n_paths = expand_inputs(inputs).size();
  Counted counted = count_pass(inputs, opts, {}, on_progress);
  if (counted.stats.tokens.n_tokens == 0) {
    const std::vector<std::string> paths = expand_inputs(inputs);
    std::string what = paths.size() == 1 ? display_name(paths[0]) : "the input";
    throw FormatError(what +
                      ": no words found (the corpus is empty or only whitespace); give a "
                      "text file with words separated by spaces");
  }
  return finish_vocab(std::move(counted), opts, n_paths);
}

std::string count_vocab_share(const std::vector<std::string>& inputs, const VocabOptions& opts,
                              VocabShare share) {
  const Counted c = count_pass(inputs, opts, share, {});
  std::string out;
  const VocabStats& s = c.stats;
  for (const std::uint64_t v :
       {s.n_files, s.bytes_read, s.tokens.n_tokens, s.tokens.n_sentences, s.tokens.n_cut,
        s.tokens.n_invalid_utf8, s.tokens.n_skipped_bytes, s.n_prunes, s.prune_threshold,
        s.first_prune_token, static_cast<std::uint64_t>(c.merged.counter.size())}) {
    put_u64(out, v);
  }
  c.merged.counter.for_each([&](std::string_view w, std::uint64_t n) {
    put_u64(out, w.size());
    out.append(w);
    put_u64(out, n);
  });
  return out;
}

VocabResult vocab_from_shares(const std::vector<std::string>& shares, const VocabOptions& opts) {
  Counted total;
  total.start = std::chrono::steady_clock::now();
  VocabStats& st = total.stats;
  for (std::size_t k = 0; k < shares.size(); ++k) {
    std::string_view in(shares[k]);
    std::uint64_t f[11];
    for (std::uint64_t& v : f) v = get_u64(in);
    if (k == 0) {  // every share read the whole input
      st.n_files = f[0];
      st.bytes_read = f[1];
    }
    st.tokens.n_tokens += f[2];
    st.tokens.n_sentences += f[3];
    st.tokens.n_cut += f[4];
    st.tokens.n_invalid_utf8 += f[5];
    st.tokens.n_skipped_bytes += f[6];
    st.n_prunes += f[7];
    st.prune_threshold = std::max(st.prune_threshold, f[8]);
    if (f[9] != 0 && (st.first_prune_token == 0 || f[9] < st.first_prune_token)) {
      st.first_prune_token = f[9];
    }
    for (std::uint64_t i = 0; i < f[10]; ++i) {
      const std::uint64_t len = get_u64(in);
      if (len > in.size()) throw FormatError("a vocabulary share is cut short");
      const std::string_view word = in.substr(0, len);
      in.remove_prefix(len);
      total.merged.counter.add(word, get_u64(in));
    }
  }
  return finish_vocab(std::move(total), opts, 0);
}

Vocab filter_vocab(const Vocab& read, const VocabOptions& opts, const std::string& path) {
  std::vector<std::pair<std::string, std::uint64_t>> entries;
  const auto min_count = static_cast<std::uint64_t>(opts.min_count);
  for (std::size_t id = 0; id < read.size(); ++id) {  // canonical order: most frequent first
    const auto wid = static_cast<WordId>(id);
    const bool is_end = wid == Vocab::kSentenceEndId;
    if (!is_end && read.count(wid) < min_count) continue;
    if (!is_end && opts.max_vocab > 0 &&
        entries.size() >= static_cast<std::size_t>(opts.max_vocab) + 1) {
      continue;
    }
    entries.emplace_back(read.word(wid), read.count(wid));
  }
  Vocab v = Vocab::from_counts(std::move(entries));
  if (v.size() <= 1) {
    throw FormatError(display_name(path) + ": no word has a count of at least " +
                      std::to_string(opts.min_count) + "; try a smaller --min-count");
  }
  return v;
}

}  // namespace w2v
