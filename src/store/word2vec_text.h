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

// The word2vec text format ("V D\n", then "word v1 ... vD\n") and GloVe's header-less variant.
// docs/formats.md ("word2vec text") has the grammar; in short, gensim's: fields separated by
// exactly one space, ASCII whitespace before the '\n' ignored (fastText's trailing space, CRLF),
// decimal numbers rounded as gensim rounds them. Every departure from the grammar is an error.

// Reads the rows. With header (word2vec text, already consumed), exactly header->n_rows rows of
// header->dim numbers must follow, then nothing but whitespace; without (GloVe), the first row
// sets the dimension and the file ends the table. A word may appear only once. file_size as for
// read_word2vec_binary. Errors name the line (the header is line 1), the row and the field:
// "v.txt: line 5: row 4 (\"king\"): field 3 (\"+-1\") is not a number". Reports rows read
// through progress, if given.
Embeddings read_word2vec_text(ChunkReader& in, const std::optional<VectorHeader>& header,
                              std::int64_t file_size, const std::string& path,
                              ProgressReporter* progress = nullptr);

// True if line (without its '\n') is a row read_word2vec_text accepts, with exactly dim numbers.
bool is_word2vec_text_row(std::string_view line, int dim);

// Writes e with each float as format_text_float prints it; without the "V D" header line when
// header is false (GloVe's layout).
void write_word2vec_text(const Embeddings& e, OutputFile& out, bool header = true);

// Parses the numbers of text (the part of a row after the word, separated by spaces or tabs) onto
// data, each as parse_text_float reads it. Returns how many were read, stopping after
// max_numbers + 1; on a bad number returns 0 and sets *error ("value 3 (\"x\") is not a finite
// decimal number"), leaving data as it was. For other text formats (projector TSV).
std::size_t parse_vector_numbers(std::string_view text, std::vector<float>& data,
                                 std::size_t max_numbers, std::string* error);

// Reads one number field as the reader does: a decimal of the grammar, at most 64 characters,
// rounded as gensim rounds it (to the nearest double, then to float32) and finite. Returns false
// otherwise. parse_text_float("1e-05", v) -> true, v = 9.99999975e-06f; "+-1", "nan" -> false.
bool parse_text_float(std::string_view field, float& value);

// Room format_text_float needs.
constexpr std::size_t kMaxFloatChars = 32;

// Writes the shortest decimal that parse_text_float reads back as exactly value (the shortest
// round-trip form, with more digits in the rare case where rounding through a double would
// miss it) into [first, last) (at least kMaxFloatChars) and returns its end.
char* format_text_float(float value, char* first, char* last);

}  // namespace w2v
