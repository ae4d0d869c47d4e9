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

}  // namespace

VocabResult build_vocab(const std::vector<std::string>& inputs, const VocabOptions& opts,
                        const PassProgressFn& on_progress) {
  opts.validate();
  const auto start = std::chrono::steady_clock::now();
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
  for_each_chunk_parallel(
      reader, n_threads,
      [&](int worker, CorpusChunk& chunk) {
        CountingState& st = states[static_cast<std::size_t>(worker)];
        tokenizer.scan(
            chunk.bytes.data(), chunk.bytes.data() + chunk.bytes.size(), chunk.sentence_open,
            chunk.ends_input, st.stats, [&st](std::string_view token) { st.counter.add(token); },
            [] {});
        prune_to_budget(st.counter, budget, st.prune, st.stats.n_tokens);
      },
      [&] { progress.update(reader.input_bytes_done()); });
  progress.finish(reader.input_bytes_done());

  VocabStats stats;
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
  stats.tokens.n_skipped_bytes += reader.dropped_bytes();
  if (stats.tokens.n_tokens == 0) {
    std::string what = paths.size() == 1 ? display_name(paths[0]) : "the input";
    throw FormatError(what +
                      ": no words found (the corpus is empty or only whitespace); give a "
                      "text file with words separated by spaces");
  }

  // The merged table obeys the same bound as the per-thread ones.
  prune_to_budget(states[0].counter, static_cast<std::size_t>(opts.max_distinct), states[0].prune,
                  stats.tokens.n_tokens);
  if (states[0].prune.n_prunes > 0) {
    stats.n_prunes = std::max<std::uint64_t>(stats.n_prunes, 1);
    stats.prune_threshold = std::max(stats.prune_threshold, states[0].prune.threshold - 1);
  }
  const WordCounter& counter = states[0].counter;
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
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return VocabResult{std::move(vocab), stats};
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
