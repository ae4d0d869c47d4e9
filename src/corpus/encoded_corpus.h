#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/progress.h"
#include "core/types.h"
#include "text/tokenizer.h"
#include "vocab/vocab.h"

namespace w2v {

struct EncodeOptions {
  TokenizerOptions tokenizer;  // must match the options the vocabulary was built with
  int n_threads = 1;           // tokenizing threads (plus one reader thread)
  // Directory for the id file; it is unlinked as soon as it is created, so nothing is left
  // behind even after kill -9. Empty: $TMPDIR, else /tmp.
  std::string tmp_dir;
  // A distributed run: this process keeps only part `part` of `n_parts` of the id stream. Part p
  // starts just after the first sentence end at which the words so far reach
  // p * total_words / n_parts (or, with no sentence end in sight, kMaxSentence words later) and
  // ends where part p + 1 starts; total_words is the number of vocabulary words in the corpus
  // (the vocabulary's counts). Every process reads the stream to its part's end.
  int part = 0;
  int n_parts = 1;
  std::uint64_t total_words = 0;
};

struct EncodeStats {
  std::uint64_t n_tokens = 0;     // tokens read, out-of-vocabulary ones included
  std::uint64_t n_words = 0;      // tokens kept (in the vocabulary, "</s>" literals excluded)
  std::uint64_t n_sentences = 0;  // sentence ends written
  std::uint64_t bytes_read = 0;
  double seconds = 0;
};

// A half-open range of positions [begin, end) in the id stream.
struct Shard {
  std::uint64_t begin = 0;
  std::uint64_t end = 0;
};

// The corpus as one stream of word ids: out-of-vocabulary tokens dropped, a sentence end kept as
// id 0 ("</s>"). Encoded once into an unlinked file and memory-mapped read-only, so the process
// holds only what the page cache lends it, and a trainer can give pages back with release().
// A stream longer than memory works: only the pages in use need to be resident.
class EncodedCorpus {
 public:
  // Sentences longer than this many positions are trained in pieces (windows do not cross a
  // piece), and a shard cut with no sentence end within this distance falls mid-sentence.
  static constexpr std::uint64_t kMaxSentence = 10000;

  EncodedCorpus() = default;
  ~EncodedCorpus();
  EncodedCorpus(EncodedCorpus&& o) noexcept;
  EncodedCorpus& operator=(EncodedCorpus&& o) noexcept;
  EncodedCorpus(const EncodedCorpus&) = delete;
  EncodedCorpus& operator=(const EncodedCorpus&) = delete;

  // Reads the inputs (files, directories, "-") on opts.n_threads threads and writes the ids in
  // corpus order, reporting phase "encoding" (input bytes). Throws IoError/FormatError from
  // reading, IoError if the temporary file cannot be created or written (naming the directory;
  // try --tmp-dir).
  static EncodedCorpus encode(const std::vector<std::string>& inputs, const Vocab& vocab,
                              const EncodeOptions& opts, EncodeStats* stats = nullptr,
                              const PassProgressFn& progress = {});
  // An in-memory stream (tests, small inputs); n_words counts the non-zero ids.
  static EncodedCorpus from_ids(std::vector<WordId> ids);

  const WordId* data() const { return data_; }
  std::uint64_t size() const { return size_; }        // positions, sentence ends included
  std::uint64_t n_words() const { return n_words_; }  // positions holding a word (id != 0)

  // n contiguous shards covering [0, size()) in order. Every cut but the first and last is just
  // after a sentence end, the first one at or after size() * t / n, if there is one within
  // kMaxSentence positions; shards may be empty when there are fewer sentences than shards.
  std::vector<Shard> shards(int n) const;
  // Number of words (non-zero ids) in [begin, end).
  std::uint64_t count_words(Shard s) const;

  // Drops the process's mapping of the whole pages inside [begin, end) (the data stays in the
  // file and comes back on the next read), so resident memory does not grow with the corpus.
  // A no-op for in-memory streams.
  void release(std::uint64_t begin, std::uint64_t end) const;

 private:
  void reset();

  std::vector<WordId> owned_;  // in-memory stream (from_ids)
  const WordId* data_ = nullptr;
  std::uint64_t size_ = 0;
  std::uint64_t n_words_ = 0;
  void* map_ = nullptr;  // mmap base, or null
  std::size_t map_bytes_ = 0;
};

}  // namespace w2v
