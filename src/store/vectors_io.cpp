#include "store/vectors_io.h"

#include <algorithm>

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

VectorFormat detect_vector_format(std::string_view head, const std::string& path) {
  if (head.empty()) {
    throw FormatError(display_name(path) + ": the file is empty; expected word vectors");
  }
  // A head shorter than kVectorSniffBytes is the whole file; only kVectorSniffBytes are looked at.
  const bool complete = head.size() < kVectorSniffBytes;
  head = head.substr(0, kVectorSniffBytes);
  const auto header = parse_vector_header(head, path);
  if (!header) throw FormatError(vector_header_error(head, path));
  // Row 1 runs from the first byte after the header that is not a '\n' (the binary reader skips
  // them too) to the next '\n'.
  const std::string_view body = head.substr(header->n_bytes);
  const std::string_view rows = body.substr(std::min(body.find_first_not_of('\n'), body.size()));
  const std::string_view line = rows.substr(0, rows.find('\n'));
  // A valid text row is text, even when its bytes would also spell binary floats (D = 1: "1.25").
  if (is_word2vec_text_row(line, header->dim)) return VectorFormat::kText;
  // Bytes that read as binary rows are binary if some float byte is raw (not printable ASCII or
  // whitespace), as real floats almost always have: a negative float's top byte is 0x80 or
  // above, and a positive float's three low bytes are all printable about 1 time in 20. Floats
  // spelled in text bytes are a text file's characters that line up by chance.
  bool raw_float_bytes = false;
  if (scan_word2vec_binary(body, *header, complete, raw_float_bytes)) {
    return raw_float_bytes ? VectorFormat::kBinary : VectorFormat::kText;
  }
  // Neither reader would accept the file: the text reader names the bad field unless what
  // follows row 1's word has control bytes (not whitespace), as a damaged binary file has; then
  // the binary reader says where it is cut or damaged.
  const std::string_view rest = line.substr(std::min(line.find(' '), line.size()));
  const bool control = std::any_of(rest.begin(), rest.end(), [](char c) {
    return (static_cast<unsigned char>(c) < 0x20 && !is_ascii_space(c)) || c == 0x7f;
  });
  return control ? VectorFormat::kBinary : VectorFormat::kText;
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
    const std::size_t n = std::min(in.fill(kVectorSniffBytes), kVectorSniffBytes);
    format = detect_vector_format(std::string_view(in.data(), n), path);
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
