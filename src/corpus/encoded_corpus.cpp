#include "corpus/encoded_corpus.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <utility>

#include "core/error.h"
#include "io/temp_file.h"
#include "text/corpus_reader.h"

namespace w2v {

namespace {

void write_all(int fd, const void* data, std::size_t n, const std::string& what) {
  const char* p = static_cast<const char*>(data);
  while (n > 0) {
    const ssize_t w = ::write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      throw IoError(errno_message(what, "write the encoded corpus to") + "; try --tmp-dir");
    }
    p += w;
    n -= static_cast<std::size_t>(w);
  }
}

}  // namespace

EncodedCorpus::~EncodedCorpus() { reset(); }

EncodedCorpus::EncodedCorpus(EncodedCorpus&& o) noexcept { *this = std::move(o); }

EncodedCorpus& EncodedCorpus::operator=(EncodedCorpus&& o) noexcept {
  if (this == &o) return *this;
  reset();
  owned_ = std::move(o.owned_);
  data_ = o.data_;
  size_ = o.size_;
  n_words_ = o.n_words_;
  map_ = o.map_;
  map_bytes_ = o.map_bytes_;
  if (!owned_.empty()) data_ = owned_.data();
  o.data_ = nullptr;
  o.size_ = 0;
  o.n_words_ = 0;
  o.map_ = nullptr;
  o.map_bytes_ = 0;
  return *this;
}

void EncodedCorpus::reset() {
  if (map_ != nullptr) ::munmap(map_, map_bytes_);
  map_ = nullptr;
  map_bytes_ = 0;
  owned_.clear();
  data_ = nullptr;
  size_ = 0;
  n_words_ = 0;
}

EncodedCorpus EncodedCorpus::from_ids(std::vector<WordId> ids) {
  EncodedCorpus c;
  c.owned_ = std::move(ids);
  c.data_ = c.owned_.data();
  c.size_ = c.owned_.size();
  c.n_words_ = static_cast<std::uint64_t>(
      std::count_if(c.owned_.begin(), c.owned_.end(), [](WordId id) { return id != 0; }));
  return c;
}

EncodedCorpus EncodedCorpus::encode(const std::vector<std::string>& inputs, const Vocab& vocab,
                                    const EncodeOptions& opts, EncodeStats* stats,
                                    const PassProgressFn& progress) {
  const auto start = std::chrono::steady_clock::now();
  opts.tokenizer.validate();
  const int n_threads = std::max(1, opts.n_threads);
  CorpusReader reader(expand_inputs(inputs));
  ProgressReporter reporter(progress, "encoding", "bytes", reader.input_bytes_total());

  // The id file is unlinked at once: it lives only as long as the descriptor and the mapping.
  const std::string dir = temp_directory(opts.tmp_dir);
  const TempFile file(dir);

  // Workers tokenise chunks in any order; the ordered writer appends each chunk's ids in
  // corpus order.
  const Tokenizer tokenizer(opts.tokenizer);
  std::uint64_t n_written = 0, n_words = 0, n_sentences = 0;
  bool last_was_end = true;  // nothing written yet counts as a sentence end
  // This process's part of the stream (see EncodeOptions): 0 before it, 1 in it, 2 after it.
  const int n_parts = std::max(1, opts.n_parts);
  const auto target = [&](int p) {
    return static_cast<std::uint64_t>(static_cast<long double>(opts.total_words) * p / n_parts);
  };
  const std::uint64_t begin_target = target(opts.part), end_target = target(opts.part + 1);
  int part_state = opts.part == 0 ? 1 : 0;
  std::uint64_t words_seen = 0;  // vocabulary words in the whole stream so far
  std::atomic<bool> past_part{false};
  // True if a part boundary at target falls just after this id.
  const auto cut_here = [&](WordId id, std::uint64_t t) {
    return (id == Vocab::kSentenceEndId && words_seen >= t) ||
           words_seen >= t + EncodedCorpus::kMaxSentence;
  };
  std::vector<TokenStats> token_stats(static_cast<std::size_t>(n_threads));
  for_each_chunk_ordered<std::vector<WordId>>(
      reader, n_threads,
      [&](int worker, CorpusChunk& chunk) {
        std::vector<WordId> ids;
        if (past_part.load(std::memory_order_relaxed)) chunk.bytes.clear();  // nothing to keep
        ids.reserve(chunk.bytes.size() / 4 + 16);
        tokenizer.scan(
            chunk.bytes.data(), chunk.bytes.data() + chunk.bytes.size(), chunk.sentence_open,
            chunk.ends_input, token_stats[static_cast<std::size_t>(worker)],
            [&](std::string_view token) {
              if (const auto id = vocab.find(token)) ids.push_back(*id);
            },
            [&] {
              // A sentence whose words were all out of vocabulary leaves nothing to end. A
              // chunk that starts inside an open sentence may have to end it without a word of
              // its own; the ordered writer drops that end if the sentence turns out to be empty.
              if (ids.empty() ? chunk.sentence_open : ids.back() != Vocab::kSentenceEndId) {
                ids.push_back(Vocab::kSentenceEndId);
              }
            });
        return ids;
      },
      [&](std::vector<WordId>& all) {
        // Never two sentence ends in a row, nor one at the very start.
        const std::size_t skip = !all.empty() && all[0] == Vocab::kSentenceEndId && last_was_end;
        const WordId* v = all.data() + skip;
        std::size_t n = all.size() - skip;
        if (n == 0) return;
        last_was_end = v[n - 1] == Vocab::kSentenceEndId;  // of the whole stream
        if (n_parts > 1) {
          // Keep only this process's part: [first, first + kept) of v.
          std::size_t first = 0, kept = 0;
          for (std::size_t k = 0; k < n; ++k) {
            const WordId id = v[k];
            if (id != Vocab::kSentenceEndId) ++words_seen;
            if (part_state == 0) {
              if (cut_here(id, begin_target)) {
                part_state = 1;
                first = k + 1;
              }
            } else if (part_state == 1) {
              ++kept;
              if (opts.part + 1 < n_parts && cut_here(id, end_target)) {
                part_state = 2;
                past_part.store(true, std::memory_order_relaxed);
              }
            }
          }
          v += first;
          n = kept;
          if (n == 0) return;
        }
        write_all(file.fd(), v, n * sizeof(WordId), dir);
        n_written += n;
        for (std::size_t k = 0; k < n; ++k) {
          if (v[k] == Vocab::kSentenceEndId) {
            ++n_sentences;
          } else {
            ++n_words;
          }
        }
      },
      [&] { reporter.update(reader.input_bytes_done()); });
  reporter.finish(reader.input_bytes_done());

  EncodedCorpus c;
  c.size_ = n_written;
  c.n_words_ = n_words;
  if (n_written > 0) {
    c.map_bytes_ = static_cast<std::size_t>(n_written * sizeof(WordId));
    void* p = ::mmap(nullptr, c.map_bytes_, PROT_READ, MAP_SHARED, file.fd(), 0);
    if (p == MAP_FAILED) {
      c.map_bytes_ = 0;
      throw IoError(errno_message(dir, "memory-map the encoded corpus in") + "; try --tmp-dir");
    }
    c.map_ = p;
    c.data_ = static_cast<const WordId*>(p);
    ::madvise(p, c.map_bytes_, MADV_SEQUENTIAL);
  }
  if (stats != nullptr) {
    TokenStats total;
    for (const TokenStats& t : token_stats) total.add(t);
    stats->n_tokens = total.n_tokens;
    stats->n_words = n_words;
    stats->n_sentences = n_sentences;
    stats->bytes_read = reader.bytes_read();
    stats->seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  return c;
}

std::vector<Shard> EncodedCorpus::shards(int n) const {
  n = std::max(1, n);
  std::vector<std::uint64_t> cuts(static_cast<std::size_t>(n) + 1, size_);
  cuts[0] = 0;
  for (int t = 1; t < n; ++t) {
    const std::uint64_t ideal =
        std::max(cuts[static_cast<std::size_t>(t) - 1],
                 static_cast<std::uint64_t>(static_cast<long double>(size_) * t / n));
    const std::uint64_t limit = std::min(size_, ideal + kMaxSentence);
    std::uint64_t q = ideal;
    while (q < limit && !(q > 0 && data_[q - 1] == Vocab::kSentenceEndId)) ++q;
    const bool after_end = q > 0 && q <= size_ && data_[q - 1] == Vocab::kSentenceEndId;
    cuts[static_cast<std::size_t>(t)] = (after_end || q == size_) ? q : ideal;
  }
  std::vector<Shard> out(static_cast<std::size_t>(n));
  for (int t = 0; t < n; ++t) {
    out[static_cast<std::size_t>(t)] = {cuts[static_cast<std::size_t>(t)],
                                        cuts[static_cast<std::size_t>(t) + 1]};
  }
  return out;
}

std::uint64_t EncodedCorpus::count_words(Shard s) const {
  std::uint64_t n = 0;
  for (std::uint64_t i = s.begin; i < s.end; ++i) n += data_[i] != Vocab::kSentenceEndId;
  return n;
}

void EncodedCorpus::release(std::uint64_t begin, std::uint64_t end) const {
  if (map_ == nullptr || end <= begin) return;
  static const std::uint64_t page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
  const std::uint64_t first = (begin * sizeof(WordId) + page - 1) / page * page;
  const std::uint64_t last =
      std::min<std::uint64_t>(end * sizeof(WordId), map_bytes_) / page * page;
  if (last > first) {
    ::madvise(static_cast<char*>(map_) + first, static_cast<std::size_t>(last - first),
              MADV_DONTNEED);
  }
}

}  // namespace w2v
