// The checkpoint format (docs/formats.md, "Checkpoint"): a 24-byte header (magic, version,
// reserved word, payload size), the payload, then a CRC-32 of everything before it. All numbers
// are little-endian. The reader checks the header and the CRC before it parses anything, and
// every count against the bytes left before it allocates, so a hostile file costs at most its
// own size in memory.
#include "train/checkpoint.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>
#include <limits>

#include "core/error.h"
#include "io/output_file.h"

namespace w2v {

namespace {

constexpr char kMagic[8] = {'W', '2', 'V', '-', 'C', 'K', 'P', 'T'};
// Version 3 stores the options by name (the options table's keys) and the matrices the
// objectives need; versions 1 and 2 stored a fixed list of options by position (2 added the
// window shrink) and always two matrices. All three are read.
constexpr std::uint32_t kVersion = 3;
constexpr std::size_t kHeaderBytes = 24;
constexpr std::size_t kTrailerBytes = 4;
constexpr std::size_t kBlock = 1 << 20;

template <class T>
void store_le(T v, unsigned char* out) {
  for (std::size_t i = 0; i < sizeof(T); ++i) out[i] = static_cast<unsigned char>(v >> (8 * i));
}

template <class T>
T load_le(const unsigned char* in) {
  T v = 0;
  for (std::size_t i = 0; i < sizeof(T); ++i) v |= static_cast<T>(static_cast<T>(in[i]) << (8 * i));
  return v;
}

enum class Matrix { kInput, kOutput, kNodes };

std::size_t rows_of(const Model& m, Matrix which) {
  return which == Matrix::kNodes ? m.n_nodes() : m.n_words();
}

const float* row_of(const Model& m, Matrix which, std::size_t i) {
  const auto id = static_cast<WordId>(i);
  if (which == Matrix::kInput) return m.input_row(id);
  if (which == Matrix::kOutput) return m.output_row(id);
  return m.node_row(static_cast<std::uint32_t>(i));
}

// Counts the payload's bytes (first pass of the writer).
struct CountSink {
  std::uint64_t n = 0;
  void put(const void*, std::size_t size) { n += size; }
};

// Writes to the file and keeps the running CRC.
struct FileSink {
  OutputFile& out;
  std::uint32_t crc = 0;
  void put(const void* data, std::size_t size) {
    crc = checkpoint_crc(crc, data, size);
    out.write(data, size);
  }
};

template <class Sink>
struct Writer {
  Sink& sink;
  void u8(std::uint8_t v) { sink.put(&v, 1); }
  void u32(std::uint32_t v) {
    unsigned char b[4];
    store_le(v, b);
    sink.put(b, 4);
  }
  void u64(std::uint64_t v) {
    unsigned char b[8];
    store_le(v, b);
    sink.put(b, 8);
  }
  void i32(int v) { u32(static_cast<std::uint32_t>(v)); }
  void f32(float v) { u32(std::bit_cast<std::uint32_t>(v)); }
  void f64(double v) { u64(std::bit_cast<std::uint64_t>(v)); }
  void str(const std::string& s) {
    u32(static_cast<std::uint32_t>(s.size()));
    sink.put(s.data(), s.size());
  }
  // dim floats of each row (the padding is not stored).
  void matrix(const Model& m, Matrix which) {
    const std::size_t dim = static_cast<std::size_t>(m.dim());
    std::vector<unsigned char> buf(dim * 4);
    for (std::size_t w = 0; w < rows_of(m, which); ++w) {
      const float* row = row_of(m, which, w);
      for (std::size_t i = 0; i < dim; ++i) {
        store_le(std::bit_cast<std::uint32_t>(row[i]), buf.data() + 4 * i);
      }
      sink.put(buf.data(), buf.size());
    }
  }
};

template <class Sink>
void put_payload(Sink& sink, const CheckpointRun& run, const Vocab& vocab, const TrainState& state,
                 const Model& model) {
  Writer<Sink> w{sink};
  // options, by name
  const auto values =
      option_values(run.options, {OptionKind::kRun, OptionKind::kHidden, OptionKind::kSession});
  w.u32(static_cast<std::uint32_t>(values.size()));
  for (const auto& [key, value] : values) {
    w.str(key);
    w.str(value);
  }
  // corpus: one fingerprint, or one per process
  const std::vector<CorpusFingerprint> parts =
      run.rank_corpus.empty() ? std::vector<CorpusFingerprint>{run.corpus} : run.rank_corpus;
  w.u32(static_cast<std::uint32_t>(parts.size()));
  for (const CorpusFingerprint& f : parts) {
    w.u64(f.size);
    w.u64(f.n_words);
    w.u64(f.hash);
  }
  // vocabulary
  w.u64(vocab.size());
  for (std::size_t id = 0; id < vocab.size(); ++id) {
    w.str(vocab.word(static_cast<WordId>(id)));
    w.u64(vocab.count(static_cast<WordId>(id)));
  }
  // progress
  w.u64(state.words_done);
  w.u64(state.words_kept);
  w.u64(state.predictions);
  w.u32(static_cast<std::uint32_t>(state.epoch_loss.size()));
  for (std::size_t e = 0; e < state.epoch_loss.size(); ++e) {
    w.f64(state.epoch_loss[e]);
    w.f64(state.epoch_predictions[e]);
  }
  w.u32(static_cast<std::uint32_t>(state.shards.size()));
  for (const ShardState& sh : state.shards) {
    w.u64(sh.rng_state);
    w.i32(sh.epoch);
    w.u64(sh.pos);
  }
  w.u32(static_cast<std::uint32_t>(state.rank_words.size()));
  for (const std::uint64_t words : state.rank_words) w.u64(words);
  if (!state.rank_words.empty()) w.u64(state.syncs_done);
  // model: input rows, then output rows and node rows as the objectives have them
  w.u64(model.n_words());
  w.i32(model.dim());
  w.matrix(model, Matrix::kInput);
  if (model.shape().output_rows && !model.shape().shared) w.matrix(model, Matrix::kOutput);
  if (model.shape().node_rows) w.matrix(model, Matrix::kNodes);
}

// Sequential reads of the payload through a buffer; `left` is what the payload still holds, so
// every count can be checked before anything is allocated for it.
class Reader {
 public:
  Reader(int fd, std::string path, std::uint64_t payload_bytes)
      : fd_(fd), path_(std::move(path)), left_(payload_bytes), offset_(kHeaderBytes) {}

  [[noreturn]] void bad(const std::string& what) const {
    throw FormatError(path_ + ": not a valid checkpoint: " + what);
  }
  std::uint64_t left() const { return left_; }

  void read(void* out, std::size_t n, const char* what) {
    if (n > left_) bad(std::string(what) + " runs past the end of the payload");
    auto* dst = static_cast<unsigned char*>(out);
    while (n > 0) {
      if (pos_ == buf_.size()) refill();
      const std::size_t take = std::min(n, buf_.size() - pos_);
      std::memcpy(dst, buf_.data() + pos_, take);
      pos_ += take;
      dst += take;
      n -= take;
      left_ -= take;
    }
  }
  std::uint8_t u8(const char* what) {
    unsigned char b;
    read(&b, 1, what);
    return b;
  }
  std::uint32_t u32(const char* what) {
    unsigned char b[4];
    read(b, 4, what);
    return load_le<std::uint32_t>(b);
  }
  std::uint64_t u64(const char* what) {
    unsigned char b[8];
    read(b, 8, what);
    return load_le<std::uint64_t>(b);
  }
  int i32(const char* what) { return static_cast<int>(u32(what)); }
  float f32(const char* what) { return std::bit_cast<float>(u32(what)); }
  double f64(const char* what) { return std::bit_cast<double>(u64(what)); }
  std::string str(const char* what) {
    const std::uint32_t n = u32(what);
    if (n > left_) {
      bad(std::string(what) + " claims " + std::to_string(n) + " bytes but " +
          std::to_string(left_) + " are left");
    }
    std::string s(n, '\0');
    read(s.data(), n, what);
    return s;
  }
  // A count of items of at least min_bytes each: fails unless the payload can hold them.
  std::uint64_t count(std::uint64_t n, std::uint64_t min_bytes, const char* what) {
    if (n > left_ / min_bytes) {
      bad(std::string(what) + ": " + std::to_string(n) + " of them cannot fit in the " +
          std::to_string(left_) + " bytes left");
    }
    return n;
  }

 private:
  void refill() {
    const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(kBlock, left_));
    buf_.resize(want);
    std::size_t got = 0;
    while (got < want) {
      const ssize_t n =
          ::pread(fd_, buf_.data() + got, want - got, static_cast<off_t>(offset_ + got));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) throw IoError(errno_message(path_, "read"));
      if (n == 0) bad("the file shrank while it was read");
      got += static_cast<std::size_t>(n);
    }
    offset_ += got;
    pos_ = 0;
  }

  int fd_;
  std::string path_;
  std::uint64_t left_;
  std::uint64_t offset_;
  std::vector<unsigned char> buf_;
  std::size_t pos_ = 0;
};

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

void read_exact(int fd, void* out, std::size_t n, std::uint64_t offset, const std::string& path) {
  auto* dst = static_cast<unsigned char*>(out);
  std::size_t got = 0;
  while (got < n) {
    const ssize_t r = ::pread(fd, dst + got, n - got, static_cast<off_t>(offset + got));
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) throw IoError(errno_message(path, "read"));
    if (r == 0) throw FormatError(path + ": not a valid checkpoint: the file shrank while read");
    got += static_cast<std::size_t>(r);
  }
}

void read_matrix(Reader& r, Model& m, Matrix which) {
  const std::size_t dim = static_cast<std::size_t>(m.dim());
  std::vector<unsigned char> buf(dim * 4);
  for (std::size_t w = 0; w < rows_of(m, which); ++w) {
    r.read(buf.data(), buf.size(),
           which == Matrix::kInput    ? "input vectors"
           : which == Matrix::kOutput ? "output vectors"
                                      : "node vectors");
    float* row = const_cast<float*>(row_of(m, which, w));
    for (std::size_t i = 0; i < dim; ++i) {
      row[i] = std::bit_cast<float>(load_le<std::uint32_t>(buf.data() + 4 * i));
    }
  }
}

// Version 3: (name, text) pairs, set through the options table.
void read_named_options(Reader& r, TrainJobOptions& opts) {
  const std::uint64_t n = r.count(r.u32("option count"), 8, "options");
  std::vector<bool> seen(train_job_options().size(), false);
  for (std::uint64_t i = 0; i < n; ++i) {
    const std::string key = r.str("option name");
    const std::string value = r.str("option value");
    const OptionSpec* spec = find_train_option(key);
    if (spec == nullptr || spec->kind == OptionKind::kLocal) {
      r.bad("option \"" + key + "\" is unknown to this build (a checkpoint of a newer w2v?)");
    }
    const std::size_t at = static_cast<std::size_t>(spec - train_job_options().data());
    if (seen[at] && !spec->repeatable) r.bad("option \"" + key + "\" appears twice");
    seen[at] = true;
    try {
      spec->set(opts, value, *spec);
    } catch (const UsageError& e) {
      r.bad(std::string("stored option: ") + e.what());
    }
  }
  // Options added after the checkpoint was written take the value that meant the old behaviour.
  for (std::size_t at = 0; at < seen.size(); ++at) {
    const OptionSpec& spec = train_job_options()[at];
    if (!seen[at] && spec.absent != nullptr) spec.set(opts, spec.absent, spec);
  }
}

// Versions 1 and 2: a fixed list of options, then the inputs, the tokenizer and the tool's
// settings ("output", "format", "save-output-vectors", "checkpoint-interval") as text.
void read_positional_options(Reader& r, TrainJobOptions& opts, std::uint32_t version) {
  TrainOptions& o = opts.train;
  const std::uint32_t model = r.u32("model");
  const std::uint32_t mode = r.u32("mode");
  const std::uint32_t isa = r.u32("isa");
  if (model > 1) r.bad("model " + std::to_string(model) + " is not 0 (sg) or 1 (cbow)");
  if (mode > 1) r.bad("mode " + std::to_string(mode) + " is not 0 (fast) or 1 (exact)");
  if (isa > 3) r.bad("kernel set " + std::to_string(isa) + " is not in [0, 3]");
  o.model = static_cast<ModelKind>(model);
  o.mode = static_cast<TrainMode>(mode);
  o.isa = static_cast<KernelIsa>(isa);
  o.dim = r.i32("dim");
  o.window = r.i32("window");
  o.negative = r.i32("negative");
  o.epochs = r.i32("epochs");
  o.n_threads = r.i32("threads");
  o.seed = r.u64("seed");
  o.sample = r.f64("sample");
  o.alpha = r.f32("alpha");
  o.min_alpha = r.f32("min-alpha");
  r.f64("progress interval");  // no longer stored: it does not change the result
  o.noise_power = 0.75;        // versions 1 and 2 predate --noise-power
  o.shrink = WindowShrink::kRandom;
  if (version >= 2) {
    const std::uint32_t shrink = r.u32("window shrink");
    if (shrink > 1) {
      r.bad("window shrink " + std::to_string(shrink) + " is not 0 (random) or 1 (expected)");
    }
    o.shrink = static_cast<WindowShrink>(shrink);
  }
  const std::uint64_t n_inputs = r.count(r.u32("input count"), 4, "inputs");
  for (std::uint64_t i = 0; i < n_inputs; ++i) opts.inputs.push_back(r.str("input path"));
  opts.vocab.tokenizer.lowercase = r.u8("lowercase") != 0;
  opts.vocab.tokenizer.max_token_bytes = static_cast<std::size_t>(r.u64("max token bytes"));
  const std::uint64_t n_settings = r.count(r.u32("setting count"), 8, "settings");
  for (std::uint64_t i = 0; i < n_settings; ++i) {
    const std::string key = r.str("setting name");
    const std::string value = r.str("setting value");
    const OptionSpec* spec = find_train_option(key);
    if (spec == nullptr || spec->kind != OptionKind::kSession) continue;  // kept no more
    if (value.empty()) continue;
    try {
      spec->set(opts, value, *spec);
    } catch (const UsageError& e) {
      r.bad(std::string("stored setting: ") + e.what());
    }
  }
}

}  // namespace

std::uint32_t checkpoint_crc(std::uint32_t crc, const void* data, std::size_t size) {
  uLong c = crc;
  const auto* p = static_cast<const Bytef*>(data);
  while (size > 0) {
    const std::size_t n = std::min<std::size_t>(size, 1u << 30);
    c = ::crc32(c, p, static_cast<uInt>(n));
    p += n;
    size -= n;
  }
  return static_cast<std::uint32_t>(c);
}

CorpusFingerprint fingerprint(const EncodedCorpus& corpus) {
  CorpusFingerprint f;
  f.size = corpus.size();
  f.n_words = corpus.n_words();
  std::uint64_t h = 0xcbf29ce484222325ULL;
  const WordId* data = corpus.data();
  constexpr std::uint64_t kRelease = 1 << 20;
  for (std::uint64_t begin = 0; begin < f.size; begin += kRelease) {
    const std::uint64_t end = std::min(f.size, begin + kRelease);
    for (std::uint64_t i = begin; i < end; ++i) h = (h ^ data[i]) * 0x100000001b3ULL;
    corpus.release(begin, end);
  }
  f.hash = h;
  return f;
}

void write_checkpoint(const std::string& path, const CheckpointRun& run, const Vocab& vocab,
                      const TrainState& state, const Model& model) {
  const TrainOptions& o = run.options.train;
  if (!o.alpha || !o.min_alpha || !o.shrink || !o.noise_power || o.n_threads < 1) {
    throw UsageError(
        "write_checkpoint needs resolved options (alpha, min_alpha, shrink, noise power, threads)");
  }
  if (state.epoch_loss.size() != state.epoch_predictions.size()) {
    throw UsageError("write_checkpoint: per-epoch statistics of different lengths");
  }
  CountSink counter;
  put_payload(counter, run, vocab, state, model);
  OutputFile out(path);
  FileSink sink{out};
  unsigned char header[kHeaderBytes];
  std::memcpy(header, kMagic, 8);
  store_le(kVersion, header + 8);
  store_le(std::uint32_t{0}, header + 12);
  store_le(counter.n, header + 16);
  sink.put(header, kHeaderBytes);
  put_payload(sink, run, vocab, state, model);
  unsigned char trailer[kTrailerBytes];
  store_le(sink.crc, trailer);
  out.write(trailer, kTrailerBytes);
  out.commit();
}

namespace {

// The header and the trailer: magic, version, reserved word, payload size against the file size,
// then the CRC over everything before the trailer, before any parsing. Returns the version and
// the payload size.
std::pair<std::uint32_t, std::uint64_t> check_envelope(int fd, const std::string& path) {
  const auto bad = [&](const std::string& what) {
    throw FormatError(path + ": not a valid checkpoint: " + what);
  };
  struct stat st;
  if (::fstat(fd, &st) != 0) throw IoError(errno_message(path, "stat"));
  if (!S_ISREG(st.st_mode)) throw IoError(path + ": not a regular file (a checkpoint is one)");
  const std::uint64_t file_size = static_cast<std::uint64_t>(st.st_size);
  if (file_size < kHeaderBytes + kTrailerBytes) {
    bad("only " + std::to_string(file_size) + " bytes (header and checksum alone take " +
        std::to_string(kHeaderBytes + kTrailerBytes) + ")");
  }
  unsigned char header[kHeaderBytes];
  read_exact(fd, header, kHeaderBytes, 0, path);
  if (std::memcmp(header, kMagic, 8) != 0) bad("bad magic number (not written by w2v-train)");
  const auto version = load_le<std::uint32_t>(header + 8);
  if (version < 1 || version > kVersion) {
    bad("version " + std::to_string(version) + ", this build reads versions 1 to " +
        std::to_string(kVersion));
  }
  if (load_le<std::uint32_t>(header + 12) != 0) bad("reserved header field is not zero");
  const auto payload_bytes = load_le<std::uint64_t>(header + 16);
  if (payload_bytes != file_size - kHeaderBytes - kTrailerBytes) {
    bad("the header announces " + std::to_string(payload_bytes) + " payload bytes but the file " +
        "holds " + std::to_string(file_size - kHeaderBytes - kTrailerBytes) +
        " (truncated or padded)");
  }
  std::uint32_t crc = checkpoint_crc(0, header, kHeaderBytes);
  std::vector<unsigned char> block(static_cast<std::size_t>(
      std::min<std::uint64_t>(kBlock, std::max<std::uint64_t>(payload_bytes, 1))));
  for (std::uint64_t at = 0; at < payload_bytes;) {
    const std::size_t n =
        static_cast<std::size_t>(std::min<std::uint64_t>(block.size(), payload_bytes - at));
    read_exact(fd, block.data(), n, kHeaderBytes + at, path);
    crc = checkpoint_crc(crc, block.data(), n);
    at += n;
  }
  unsigned char trailer[kTrailerBytes];
  read_exact(fd, trailer, kTrailerBytes, kHeaderBytes + payload_bytes, path);
  const auto stored = load_le<std::uint32_t>(trailer);
  if (stored != crc) {
    char msg[96];
    std::snprintf(msg, sizeof msg, "checksum mismatch (stored %08x, computed %08x): corrupt",
                  stored, crc);
    bad(msg);
  }
  return {version, payload_bytes};
}

// Vocabulary: each entry takes at least a length, one byte and a count; "</s>" first, rank order.
Vocab read_vocab_section(Reader& r) {
  const std::uint64_t n_words = r.count(r.u64("vocabulary size"), 13, "vocabulary words");
  if (n_words < 2) r.bad("a vocabulary of " + std::to_string(n_words) + " words");
  if (n_words > std::numeric_limits<WordId>::max()) r.bad("vocabulary too large");
  std::vector<std::pair<std::string, std::uint64_t>> entries;
  entries.reserve(static_cast<std::size_t>(n_words));
  for (std::uint64_t i = 0; i < n_words; ++i) {
    std::string word = r.str("word");
    const std::uint64_t count = r.u64("word count");
    entries.emplace_back(std::move(word), count);
  }
  if (entries[0].first != Vocab::kSentenceEnd) r.bad("the first word is not \"</s>\"");
  std::vector<std::string> order;
  order.reserve(entries.size());
  for (const auto& e : entries) order.push_back(e.first);
  Vocab vocab;
  try {
    vocab = Vocab::from_counts(std::move(entries));
  } catch (const FormatError& e) {
    r.bad(e.what());
  }
  if (vocab.words() != order) r.bad("the vocabulary is not in rank order");
  return vocab;
}

// Progress: counters, per-epoch statistics and one ShardState per thread.
TrainState read_progress_section(Reader& r, const TrainOptions& o,
                                 const std::vector<CorpusFingerprint>& parts,
                                 std::uint32_t version) {
  TrainState state;
  state.words_done = r.u64("words done");
  state.words_kept = r.u64("words kept");
  state.predictions = r.u64("predictions");
  const std::uint32_t n_epochs = r.u32("epoch count");
  if (n_epochs != static_cast<std::uint32_t>(o.epochs)) {
    r.bad("statistics for " + std::to_string(n_epochs) + " epochs, the options say " +
          std::to_string(o.epochs));
  }
  r.count(n_epochs, 16, "epoch statistics");
  for (std::uint32_t e = 0; e < n_epochs; ++e) {
    state.epoch_loss.push_back(r.f64("epoch loss"));
    state.epoch_predictions.push_back(r.f64("epoch predictions"));
  }
  const std::uint32_t n_shards = r.u32("shard count");
  const std::uint64_t want_shards = static_cast<std::uint64_t>(o.n_threads) * parts.size();
  if (n_shards != want_shards) {
    r.bad(std::to_string(n_shards) + " shards, the options say " + std::to_string(o.n_threads) +
          " threads" +
          (parts.size() > 1 ? " in each of " + std::to_string(parts.size()) + " processes"
                            : std::string()));
  }
  r.count(n_shards, 20, "shards");
  for (std::uint32_t t = 0; t < n_shards; ++t) {
    ShardState sh;
    sh.rng_state = r.u64("random state");
    sh.epoch = r.i32("shard epoch");
    sh.pos = r.u64("shard position");
    const std::uint64_t part_size = parts[t / static_cast<std::uint32_t>(o.n_threads)].size;
    if (sh.epoch < 0 || sh.epoch > o.epochs || sh.pos > part_size) {
      r.bad("shard " + std::to_string(t) + " at epoch " + std::to_string(sh.epoch) + ", position " +
            std::to_string(sh.pos) + " is out of range");
    }
    state.shards.push_back(sh);
  }
  if (version >= 3) {
    const std::uint32_t n_ranks = r.u32("process count");
    if (n_ranks != (parts.size() > 1 ? parts.size() : 0)) {
      r.bad(std::to_string(n_ranks) + " process word counts for " + std::to_string(parts.size()) +
            " corpus parts");
    }
    for (std::uint32_t k = 0; k < n_ranks; ++k) state.rank_words.push_back(r.u64("process words"));
    if (n_ranks > 0) state.syncs_done = r.u64("model averages done");
  }
  return state;
}

// Model: its size against the vocabulary and the options, then the matrices the objectives have,
// which must be exactly what the payload has left.
Model read_model_section(Reader& r, const TrainOptions& o, std::uint64_t n_words) {
  const std::uint64_t n_rows = r.u64("model rows");
  const int dim = r.i32("model dimension");
  if (n_rows != n_words || dim != o.dim) {
    r.bad("the model is " + std::to_string(n_rows) + " x " + std::to_string(dim) + ", expected " +
          std::to_string(n_words) + " x " + std::to_string(o.dim));
  }
  ModelShape shape;
  shape.output_rows = o.negative > 0;
  shape.shared = o.shared_embeddings;
  shape.node_rows = o.hs;
  const bool own_output = shape.output_rows && !shape.shared;
  const std::uint64_t row_bytes = static_cast<std::uint64_t>(dim) * 4;
  const std::uint64_t want = n_rows * row_bytes * (1 + (own_output ? 1 : 0)) +
                             (shape.node_rows ? (n_rows - 1) * row_bytes : 0);
  if (r.left() != want) {
    r.bad("the matrices need " + std::to_string(want) + " bytes, " + std::to_string(r.left()) +
          " are left");
  }
  Model model(static_cast<std::size_t>(n_rows), dim, shape);
  read_matrix(r, model, Matrix::kInput);
  if (own_output) read_matrix(r, model, Matrix::kOutput);
  if (shape.node_rows) read_matrix(r, model, Matrix::kNodes);
  return model;
}

}  // namespace

Checkpoint read_checkpoint(const std::string& path) {
  const Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) throw IoError(errno_message(path, "open"));
  const auto [version, payload_bytes] = check_envelope(fd.get(), path);
  Reader r(fd.get(), path, payload_bytes);
  Checkpoint ck;
  if (version >= 3) {
    read_named_options(r, ck.run.options);
  } else {
    read_positional_options(r, ck.run.options, version);
  }
  const TrainOptions& o = ck.run.options.train;
  try {
    o.validate();
    ck.run.options.vocab.tokenizer.validate();
  } catch (const UsageError& e) {
    r.bad(std::string("stored options: ") + e.what());
  }
  if (!o.alpha || !o.min_alpha || !o.shrink || !o.noise_power) {
    r.bad("stored options: alpha, shrink or noise power unresolved");
  }
  if (o.n_threads < 1) r.bad("stored options: 0 threads");
  const std::uint32_t n_parts = version >= 3 ? r.u32("corpus part count") : 1;
  if (n_parts < 1 || n_parts > 1u << 20) r.bad(std::to_string(n_parts) + " corpus parts");
  r.count(n_parts, 24, "corpus parts");
  std::vector<CorpusFingerprint> parts(n_parts);
  for (CorpusFingerprint& f : parts) {
    f.size = r.u64("corpus size");
    f.n_words = r.u64("corpus words");
    f.hash = r.u64("corpus hash");
  }
  ck.run.corpus = parts[0];
  if (n_parts > 1) ck.run.rank_corpus = parts;
  ck.vocab = read_vocab_section(r);
  ck.state = read_progress_section(r, o, parts, version);
  ck.model = read_model_section(r, o, ck.vocab.size());
  return ck;
}

}  // namespace w2v
