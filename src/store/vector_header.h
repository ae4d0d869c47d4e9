#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace w2v {

class ChunkReader;

// The "V D\n" first line shared by the word2vec binary and text formats.
struct VectorHeader {
  std::uint64_t n_rows = 0;
  int dim = 0;
  std::size_t n_bytes = 0;  // header line length including its '\n'
};

// Largest dimension we accept; a bigger one is a damaged or foreign file, not a model.
constexpr int kMaxDim = 1 << 16;
// Longest word we accept in a vectors file (word2vec.c keeps 100 bytes, fastText no limit).
constexpr std::size_t kMaxWordBytes = 4096;

// Parses the first line of head as "V D" (two decimal integers, spaces or tabs around them,
// optional '\r'). Returns nullopt if the line has another shape; throws FormatError for a
// header of the right shape with impossible values (D = 0, D > kMaxDim, V = 0).
std::optional<VectorHeader> parse_vector_header(std::string_view head, const std::string& path);

// Reads and consumes the header of a word2vec file; throws FormatError naming path if the file
// is empty or line 1 is not a header (suggesting --format glove when it looks like a vector row).
VectorHeader read_vector_header(ChunkReader& in, const std::string& path);

// When the file size is unknown (gzip, pipe) the readers reserve at most this much up front and
// grow with the data, so a lying header costs nothing.
constexpr std::size_t kUnknownSizeReserveBytes = 16 << 20;

// True for the word separators of the text formats and the space that ends a binary word.
inline bool is_blank(char c) { return c == ' ' || c == '\t'; }

}  // namespace w2v
