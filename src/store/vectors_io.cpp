#include "store/vectors_io.h"

#include "core/error.h"
#include "io/input_file.h"
#include "io/output_file.h"
#include "store/chunk_reader.h"
#include "store/projector_tsv.h"
#include "store/vector_check.h"
#include "store/vector_header.h"
#include "store/word2vec_binary.h"
#include "store/word2vec_text.h"

namespace w2v {

namespace {

// Bytes looked at to tell binary from text: the header and the start of row 1.
constexpr std::size_t kSniffBytes = 1 << 16;

bool is_number_char(char c) {
  return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E' ||
         c == ' ' || c == '\t' || c == '\r' || c == 'n' || c == 'a' || c == 'i' || c == 'f' ||
         c == 'N' || c == 'A' || c == 'I' || c == 'F';
}

}  // namespace

VectorFormat detect_vector_format(std::string_view head, const std::string& path) {
  if (head.empty()) {
    throw FormatError(display_name(path) + ": the file is empty; expected word vectors");
  }
  const auto header = parse_vector_header(head, path);
  if (!header) {
    throw FormatError(display_name(path) +
                      ": line 1: expected the header \"<words> <dimension>\"; if this is a GloVe "
                      "file (rows without a header) use --format glove");
  }
  // Text if row 1 is a word followed by exactly D blank-separated numbers and a '\n'. A binary
  // row would need its 4*D raw bytes to spell that by chance (an exponent byte of a float of
  // magnitude 1e-3..1e3 is never a digit, blank or sign).
  std::string_view row = head.substr(header->n_bytes);
  const std::size_t space = row.find_first_of(" \t");
  if (space == std::string_view::npos) return VectorFormat::kBinary;
  const std::size_t nl = row.find('\n', space);
  if (nl == std::string_view::npos) {
    // Row 1 does not end within the sniffed bytes: text only if it is the whole (last) line.
    if (head.size() >= kSniffBytes) return VectorFormat::kBinary;
  }
  const std::string_view numbers =
      row.substr(space, nl == std::string_view::npos ? row.npos : nl - space);
  int n_tokens = 0;
  bool in_token = false;
  for (const char c : numbers) {
    if (!is_number_char(c)) return VectorFormat::kBinary;
    const bool blank = c == ' ' || c == '\t' || c == '\r';
    if (!blank && !in_token) ++n_tokens;
    in_token = !blank;
  }
  return n_tokens == header->dim ? VectorFormat::kText : VectorFormat::kBinary;
}

Embeddings read_vectors(const std::string& path, VectorFormat format,
                        const PassProgressFn& progress) {
  ProgressReporter reporter(progress, "loading vectors", "rows", 0);
  if (format == VectorFormat::kProjector ||
      (format == VectorFormat::kAuto && looks_like_projector(path))) {
    Embeddings e = read_projector(path, &reporter);
    reporter.finish(e.size());
    return e;
  }
  InputFile file(path);
  ChunkReader in(file);
  const std::int64_t size = file.is_gzip() ? -1 : file.file_size();
  if (format == VectorFormat::kAuto) {
    in.fill(kSniffBytes);
    format = detect_vector_format(std::string_view(in.data(), in.available()), path);
  }
  Embeddings e;
  if (format == VectorFormat::kGlove) {
    e = read_word2vec_text(in, std::nullopt, size, path, &reporter);
  } else {
    const VectorHeader header = read_vector_header(in, path);
    reporter.set_total(header.n_rows);
    e = format == VectorFormat::kBinary ? read_word2vec_binary(in, header, size, path, &reporter)
                                        : read_word2vec_text(in, header, size, path, &reporter);
  }
  reporter.finish(e.size());
  return e;
}

void write_vectors(const Embeddings& e, const std::string& path, VectorFormat format) {
  if (format == VectorFormat::kAuto) {
    throw UsageError("cannot write vectors as 'auto'; choose binary, text, glove or projector");
  }
  if (e.dim <= 0 || e.data.size() != e.size() * static_cast<std::size_t>(e.dim)) {
    throw FormatError(display_name(path) + ": cannot write " + std::to_string(e.size()) +
                      " words of dimension " + std::to_string(e.dim) + " from " +
                      std::to_string(e.data.size()) + " floats");
  }
  for (std::size_t i = 0; i < e.size(); ++i) {
    const std::string reason = unwritable_word_reason(e.words[i]);
    if (!reason.empty()) {
      throw FormatError(display_name(path) + ": cannot write word " + std::to_string(i + 1) +
                        " (\"" + e.words[i] + "\"): it " + reason +
                        ", so the file could not be read back");
    }
  }
  if (format == VectorFormat::kProjector) {
    write_projector(e, path);
    return;
  }
  OutputFile out(path, compression_for_path(path));
  if (format == VectorFormat::kBinary) {
    write_word2vec_binary(e, out);
  } else {
    write_word2vec_text(e, out, format == VectorFormat::kText);
  }
  out.commit();
}

VectorFormat parse_vector_format(const std::string& name) {
  if (name == "auto") return VectorFormat::kAuto;
  if (name == "binary" || name == "bin") return VectorFormat::kBinary;
  if (name == "text" || name == "txt" || name == "vec") return VectorFormat::kText;
  if (name == "glove") return VectorFormat::kGlove;
  if (name == "projector") return VectorFormat::kProjector;
  throw UsageError("--format must be auto, binary, text, glove or projector, got '" + name + "'");
}

const char* vector_format_name(VectorFormat format) {
  switch (format) {
    case VectorFormat::kAuto:
      return "auto";
    case VectorFormat::kBinary:
      return "binary";
    case VectorFormat::kText:
      return "text";
    case VectorFormat::kGlove:
      return "glove";
    case VectorFormat::kProjector:
      return "projector";
  }
  return "?";
}

}  // namespace w2v
