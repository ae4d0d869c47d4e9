#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/embeddings.h"
#include "store/vector_header.h"

namespace w2v {

class ChunkReader;
class OutputFile;
class ProgressReporter;

// The word2vec text format ("V D\n", then "word v1 ... vD\n"; fastText's .vec adds a space
// before the '\n') and GloVe's header-less variant. Words and numbers are separated by spaces or
// tabs; a '\r' before '\n' is ignored.

// Reads the rows. With header (word2vec text, already consumed), exactly header->n_rows rows of
// header->dim numbers must follow; without (GloVe), the first row sets the dimension and the
// file ends the table. file_size as for read_word2vec_binary. Line numbers in errors count the
// header as line 1.
// Reports rows read through progress, if given.
Embeddings read_word2vec_text(ChunkReader& in, const std::optional<VectorHeader>& header,
                              std::int64_t file_size, const std::string& path,
                              ProgressReporter* progress = nullptr);

// Writes e with each float in its shortest round-trip decimal form; without the "V D" header
// line when header is false (GloVe's layout).
void write_word2vec_text(const Embeddings& e, OutputFile& out, bool header = true);

// Parses the blank-separated numbers of text (the part of a row after the word) onto data, as
// the text reader does: finite 32-bit floats in C's strtof syntax. Returns how many were read,
// stopping after max_numbers + 1; on a bad number returns 0 and sets *error ("value 3
// (\"x\") is not a number"), leaving data as it was. For other text formats (projector TSV).
std::size_t parse_vector_numbers(std::string_view text, std::vector<float>& data,
                                 std::size_t max_numbers, std::string* error);

}  // namespace w2v
