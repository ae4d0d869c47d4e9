#pragma once

#include <cstdint>
#include <string>

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

// Writes e with the '\n' after each row (word2vec.c's layout).
void write_word2vec_binary(const Embeddings& e, OutputFile& out);

}  // namespace w2v
