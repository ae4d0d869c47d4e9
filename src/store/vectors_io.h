#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/progress.h"
#include "store/embeddings.h"

namespace w2v {

// The on-disk vector formats (docs/formats.md describes each byte).
//   kBinary: word2vec binary, "V D\n" then per row "word " + D little-endian float32 [+ '\n'].
//   kText:   word2vec text (also fastText .vec), "V D\n" then "word v1 ... vD\n".
//   kGlove:  text rows without the header line, as GloVe writes them; D comes from row 1.
//   kProjector: TensorBoard's vectors.tsv + metadata.tsv (store/projector_tsv.h).
//   kAuto:   kProjector for a directory (or *vectors.tsv) holding the two files, else kBinary or
//            kText, decided from the first rows after the header (never kGlove).
enum class VectorFormat { kAuto, kBinary, kText, kGlove, kProjector };

// Writes e to path atomically (temporary file + rename) as kBinary, kText, kGlove or
// kProjector (path is then the directory of the two files). Text numbers are the shortest
// decimal that reads back to the same float, so binary -> text -> binary is exact. A path ending
// in ".gz" is written gzip-compressed (not kProjector). Throws UsageError for kAuto,
// FormatError for a word that could not be read back (empty or containing whitespace), IoError
// when writing fails (no partial file is left).
void write_vectors(const Embeddings& e, const std::string& path, VectorFormat format);

// Reads a vectors file (plain or gzip, "-" = stdin). Every error names the file and the row or
// line: "vectors.bin: truncated at row 4012 of 71291 (expected 300 floats, found 112 bytes)".
// Reports phase "loading vectors" (rows) through progress. Throws IoError (missing file,
// directory) or FormatError (empty file, bad header, header that claims more rows than the file
// can hold, bad or non-finite number, wrong count of numbers).
Embeddings read_vectors(const std::string& path, VectorFormat format = VectorFormat::kAuto,
                        const PassProgressFn& progress = {});

// How many bytes of a file format detection looks at.
constexpr std::size_t kVectorSniffBytes = 1 << 16;

// Decides kBinary or kText from the first bytes of a file (head: its first kVectorSniffBytes, or
// all of a shorter file; path is only for messages): text if row 1 is a valid text row; else
// binary if the bytes read as binary rows with some float byte that is not a text byte
// (is_text_byte), text if they read as binary rows of text bytes; else (neither reader would
// accept it) binary if what follows row 1's word has a control byte, text otherwise
// (docs/formats.md, "How auto decides"). Throws FormatError for an empty file or a first line
// that is not a header.
VectorFormat detect_vector_format(std::string_view head, const std::string& path);

// "auto", "binary" (or "bin"), "text" (or "txt", "vec"), "glove", "projector" -> VectorFormat;
// else UsageError naming --format.
VectorFormat parse_vector_format(const std::string& name);
const char* vector_format_name(VectorFormat format);

}  // namespace w2v
