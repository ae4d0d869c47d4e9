#include "store/word2vec_binary.h"

#include <algorithm>
#include <bit>
#include <cstring>

#include "core/error.h"
#include "core/progress.h"
#include "io/output_file.h"
#include "store/chunk_reader.h"
#include "store/vector_check.h"

namespace w2v {

namespace {

[[maybe_unused]] void byteswap_floats(float* p, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    std::uint32_t bits;
    std::memcpy(&bits, p + i, 4);
    bits = __builtin_bswap32(bits);
    std::memcpy(p + i, &bits, 4);
  }
}

std::string row_of(std::uint64_t row, std::uint64_t n_rows) {
  return "row " + std::to_string(row) + " of " + std::to_string(n_rows);
}

}  // namespace

Embeddings read_word2vec_binary(ChunkReader& in, const VectorHeader& header, std::int64_t file_size,
                                const std::string& path, ProgressReporter* progress) {
  const std::string name = display_name(path);
  const std::size_t dim = static_cast<std::size_t>(header.dim);
  const std::size_t row_bytes = 4 * dim;
  // Smallest possible row: a 1-byte word, the space and the floats.
  const std::uint64_t min_row_bytes = row_bytes + 2;
  std::uint64_t reserve_rows =
      std::min<std::uint64_t>(header.n_rows, kUnknownSizeReserveBytes / (4 * dim));
  if (file_size >= 0) {
    const std::uint64_t body = static_cast<std::uint64_t>(file_size) - header.n_bytes;
    if (header.n_rows > body / min_row_bytes) {
      throw FormatError(name + ": the header claims " + std::to_string(header.n_rows) +
                        " words of " + std::to_string(dim) + " floats, which needs at least " +
                        std::to_string(header.n_rows * min_row_bytes + header.n_bytes) +
                        " bytes, but the file has " + std::to_string(file_size) +
                        "; the file is truncated or its header is wrong");
    }
    reserve_rows = header.n_rows;
  }
  Embeddings e;
  e.dim = header.dim;
  e.words.reserve(reserve_rows);
  e.data.reserve(reserve_rows * dim);

  for (std::uint64_t row = 1; row <= header.n_rows; ++row) {
    // A row is "[\n]word " + floats; ask for the longest possible one at once.
    // The '\n' that ends the previous row (absent in gensim's files) is skipped first.
    std::size_t avail = 0;
    for (;;) {
      avail = in.fill(kMaxWordBytes + 2 + row_bytes);
      std::size_t n_newlines = 0;
      while (n_newlines < avail && in.data()[n_newlines] == '\n') ++n_newlines;
      if (n_newlines == 0) break;
      in.consume(n_newlines);
    }
    const char* p = in.data();
    const std::size_t search = std::min(avail, kMaxWordBytes + 1);
    const char* space = static_cast<const char*>(std::memchr(p, ' ', search));
    if (space == nullptr) {
      if (avail > kMaxWordBytes) {
        throw FormatError(name + ": " + row_of(row, header.n_rows) + ": no space after the word " +
                          "within " + std::to_string(kMaxWordBytes) +
                          " bytes; the file is damaged or not a word2vec binary file");
      }
      throw FormatError(
          name + ": truncated at " + row_of(row, header.n_rows) +
          (avail == 0 ? " (the file ends before the word)" : " (the file ends inside the word)") +
          "; the file is incomplete or the header's row count is wrong");
    }
    const std::size_t word_len = static_cast<std::size_t>(space - (p));
    if (word_len == 0) {
      throw FormatError(name + ": " + row_of(row, header.n_rows) +
                        ": empty word; the file is damaged or not a word2vec binary file");
    }
    const std::size_t floats_at = word_len + 1;
    if (avail - floats_at < row_bytes) {
      throw FormatError(name + ": truncated at " + row_of(row, header.n_rows) + " (expected " +
                        std::to_string(dim) + " floats, found " +
                        std::to_string(avail - floats_at) +
                        " bytes); the file is incomplete or the header is wrong");
    }
    e.words.emplace_back(p, word_len);
    const std::size_t at = e.data.size();
    e.data.resize(at + dim);
    std::memcpy(e.data.data() + at, p + floats_at, row_bytes);
    if constexpr (std::endian::native == std::endian::big) byteswap_floats(e.data.data() + at, dim);
    const std::size_t bad = first_non_finite(e.data.data() + at, dim);
    if (bad < dim) {
      throw FormatError(name + ": " + row_of(row, header.n_rows) + " (\"" + e.words.back() +
                        "\"): value " + std::to_string(bad + 1) + " is " +
                        non_finite_name(e.data[at + bad]) +
                        "; the vectors are unusable (retrain, e.g. with a smaller --alpha)");
    }
    in.consume(floats_at + row_bytes);
    if (progress != nullptr && row % 256 == 0) progress->update(row);
  }
  // Only the newlines that end the last row may follow.
  for (;;) {
    const std::size_t avail = in.fill(1);
    if (avail == 0) break;
    const char* p = in.data();
    std::size_t n = 0;
    while (n < avail && p[n] == '\n') ++n;
    if (n < avail) {
      throw FormatError(name + ": more data after the " + std::to_string(header.n_rows) +
                        " rows the header announces (at byte " + std::to_string(in.offset() + n) +
                        "); the header's row count is wrong or the file is not word2vec binary");
    }
    in.consume(n);
  }
  return e;
}

bool scan_word2vec_binary(std::string_view body, const VectorHeader& header, bool complete,
                          bool& raw_float_bytes) {
  raw_float_bytes = false;
  const std::size_t row_bytes = 4 * static_cast<std::size_t>(header.dim);
  std::size_t pos = 0;
  for (std::uint64_t row = 0; row < header.n_rows; ++row) {
    while (pos < body.size() && body[pos] == '\n') ++pos;
    const std::string_view window = body.substr(pos, kMaxWordBytes + 1);
    const std::size_t word_len = window.find(' ');
    if (word_len == std::string_view::npos) return !complete && window.size() <= kMaxWordBytes;
    if (word_len == 0) return false;
    pos += word_len + 1;
    if (body.size() - pos < row_bytes) return !complete;
    for (std::size_t i = 0; i < row_bytes; i += 4) {
      std::uint32_t bits = 0;
      for (std::size_t b = 0; b < 4; ++b) {
        const char c = body[pos + i + b];
        raw_float_bytes = raw_float_bytes || !is_text_byte(c);
        bits |= static_cast<std::uint32_t>(static_cast<unsigned char>(c)) << (8 * b);
      }
      if ((bits & 0x7f800000u) == 0x7f800000u) return false;  // NaN or infinite
    }
    pos += row_bytes;
  }
  return body.find_first_not_of('\n', pos) == std::string_view::npos;
}

void write_word2vec_binary(const Embeddings& e, OutputFile& out) {
  const std::size_t dim = static_cast<std::size_t>(e.dim);
  out.write(std::to_string(e.size()) + " " + std::to_string(e.dim) + "\n");
  std::vector<float> swapped;
  for (std::size_t i = 0; i < e.size(); ++i) {
    out.write(e.words[i]);
    out.put(' ');
    if constexpr (std::endian::native == std::endian::big) {
      swapped.assign(e.row(i), e.row(i) + dim);
      byteswap_floats(swapped.data(), dim);
      out.write(swapped.data(), 4 * dim);
    } else {
      out.write(e.row(i), 4 * dim);
    }
    out.put('\n');
  }
}

}  // namespace w2v
