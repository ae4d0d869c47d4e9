#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "store/embeddings.h"
#include "store/vector_header.h"

namespace w2v {

class ChunkReader;
class OutputFile;

// The word2vec text format ("V D\n", then "word v1 ... vD\n"; fastText's .vec adds a space
// before the '\n') and GloVe's header-less variant. Words and numbers are separated by spaces or
// tabs; a '\r' before '\n' is ignored.

// Reads the rows. With header (word2vec text, already consumed), exactly header->n_rows rows of
// header->dim numbers must follow; without (GloVe), the first row sets the dimension and the
// file ends the table. file_size as for read_word2vec_binary. Line numbers in errors count the
// header as line 1.
Embeddings read_word2vec_text(ChunkReader& in, const std::optional<VectorHeader>& header,
                              std::int64_t file_size, const std::string& path);

// Writes e with each float in its shortest round-trip decimal form.
void write_word2vec_text(const Embeddings& e, OutputFile& out);

}  // namespace w2v
