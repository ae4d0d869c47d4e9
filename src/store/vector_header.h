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
  std::size_t n_bytes = 0;  // header line length including its '\n' (0 or 1 at the end of a file)
};

// Largest dimension we accept; a bigger one is a damaged or foreign file, not a model.
constexpr int kMaxDim = 1 << 16;
// Longest word we accept in a vectors file (word2vec.c keeps 100 bytes, fastText no limit).
constexpr std::size_t kMaxWordBytes = 4096;
// Longest header line we look at, '\n' included: two 20-digit numbers and plenty of blanks.
constexpr std::size_t kMaxHeaderBytes = 256;

// Parses the first line of head (the first bytes of the file: at least kMaxHeaderBytes, or the
// whole file) as a header: blanks (spaces or tabs), a decimal integer V, blanks, a decimal
// integer D, any ASCII whitespace but '\n' (as at the end of a row), then '\n' within
// kMaxHeaderBytes or the end of a shorter file. Returns nullopt if the line has another shape;
// throws FormatError for a header of the right shape with impossible values (D = 0,
// D > kMaxDim, V = 0).
std::optional<VectorHeader> parse_vector_header(std::string_view head, const std::string& path);

// The message for a first line that is not a header: "v.txt: line 1: expected the header
// \"<words> <dimension>\", found \"3 2 1\" (3 numbers)", with a hint to use --format glove when
// the line looks like a vector row.
std::string vector_header_error(std::string_view head, const std::string& path);

// Reads and consumes the header of a word2vec file; throws FormatError naming path if the file
// is empty or line 1 is not a header.
VectorHeader read_vector_header(ChunkReader& in, const std::string& path);

// When the file size is unknown (gzip, pipe) the readers reserve at most this much up front and
// grow with the data, so a lying header costs nothing.
constexpr std::size_t kUnknownSizeReserveBytes = 16 << 20;

// The blanks around the header's numbers.
inline bool is_blank(char c) { return c == ' ' || c == '\t'; }

// ASCII whitespace, as Python's bytes.strip() removes it: space, \t, \n, \v, \f, \r.
inline bool is_ascii_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// Bytes a text file is made of: printable ASCII and ASCII whitespace. Raw float bytes are
// almost never all of them (format detection).
inline bool is_text_byte(char c) { return (c >= 0x20 && c <= 0x7e) || is_ascii_space(c); }

}  // namespace w2v
