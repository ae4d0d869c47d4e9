#include "store/vector_header.h"

#include <algorithm>
#include <charconv>
#include <cstring>

#include "core/error.h"
#include "store/chunk_reader.h"

namespace w2v {

namespace {

// Longest header line we look at: two 20-digit numbers and some blanks.
constexpr std::size_t kMaxHeaderBytes = 256;

bool parse_u64(std::string_view& s, std::uint64_t& value) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || ptr == s.data()) return false;
  s.remove_prefix(static_cast<std::size_t>(ptr - s.data()));
  return true;
}

}  // namespace

std::optional<VectorHeader> parse_vector_header(std::string_view head, const std::string& path) {
  const std::size_t nl = head.find('\n');
  if (nl == std::string_view::npos) return std::nullopt;
  std::string_view line = head.substr(0, nl);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  std::uint64_t n_rows = 0, dim = 0;
  if (!parse_u64(line, n_rows) || line.empty() || !is_blank(line.front())) return std::nullopt;
  if (!parse_u64(line, dim)) return std::nullopt;
  while (!line.empty() && is_blank(line.front())) line.remove_prefix(1);
  if (!line.empty()) return std::nullopt;
  const std::string where = display_name(path) + ": line 1: ";
  if (dim == 0) throw FormatError(where + "the header says dimension 0; the file has no vectors");
  if (dim > static_cast<std::uint64_t>(kMaxDim)) {
    throw FormatError(where + "the header says dimension " + std::to_string(dim) +
                      ", more than the " + std::to_string(kMaxDim) +
                      " we accept; the file is damaged or not a word2vec file");
  }
  if (n_rows == 0) throw FormatError(where + "the header says 0 words; the file has no vectors");
  return VectorHeader{n_rows, static_cast<int>(dim), nl + 1};
}

VectorHeader read_vector_header(ChunkReader& in, const std::string& path) {
  in.fill(kMaxHeaderBytes);
  if (in.available() == 0) {
    throw FormatError(display_name(path) + ": the file is empty; expected word vectors");
  }
  const std::string_view head(in.data(), in.available());
  const auto header = parse_vector_header(head, path);
  if (!header) {
    const std::string_view line = head.substr(0, std::min(head.find('\n'), std::size_t{60}));
    const bool printable = std::all_of(line.begin(), line.end(), [](char c) {
      return static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\r';
    });
    std::string msg = display_name(path) + ": line 1: expected the header \"<words> <dimension>\"";
    if (printable) msg += ", found \"" + std::string(line) + "\"";
    msg +=
        "; if this is a GloVe file (rows without a header) use --format glove, otherwise the "
        "file is not word2vec vectors";
    throw FormatError(msg);
  }
  in.consume(header->n_bytes);
  return *header;
}

}  // namespace w2v
