#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "store/embeddings.h"
#include "store/vector_header.h"

namespace w2v {

class ChunkReader;
class OutputFile;
class ProgressReporter;

// The word2vec binary format: "V D\n", then per row the word, one space, D little-endian
// float32, and a '\n' that word2vec.c writes and gensim 4 omits (both are read).

// Reads the rows after an already consumed header. file_size is the size of the plain file, or
// -1 when unknown (gzip, pipe); when known, a header that claims more rows than the file can
// hold is rejected before anything is allocated. Reports rows read through progress, if given.
Embeddings read_word2vec_binary(ChunkReader& in, const VectorHeader& header, std::int64_t file_size,
                                const std::string& path, ProgressReporter* progress = nullptr);

// For format detection: true if body (the bytes after the header; complete: up to the end of
// the file) reads as this format's rows, as read_word2vec_binary reads them: per row any '\n's, a
// word of 1 to kMaxWordBytes bytes, ' ', header.dim finite floats; after the last row only
// '\n's. A body that is not complete passes when it is consistent as far as it goes.
// raw_float_bytes is set when some byte of the floats is not a text byte (is_text_byte).
bool scan_word2vec_binary(std::string_view body, const VectorHeader& header, bool complete,
                          bool& raw_float_bytes);

// Writes e with the '\n' after each row (word2vec.c's layout).
void write_word2vec_binary(const Embeddings& e, OutputFile& out);

}  // namespace w2v
