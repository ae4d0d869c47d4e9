#pragma once

#include <functional>
#include <string>
#include <vector>

namespace w2v::cli {

// The interactive half of w2v-neighbors and w2v-analogy: reads standard input until its end in
// batches of lines (showing prompt first when stdin is a terminal), splits each line into
// words, drops blank lines, and hands each batch to answer.
void for_each_query_batch(
    const char* prompt,
    const std::function<void(const std::vector<std::vector<std::string>>& batch)>& answer);

// The whole query half of both tools: with words given as arguments, answers that one query
// (exit 1 if answer reports an unknown word); without, answers every query on standard input
// (exit 0: unknown words are reported and the next query goes on). answer returns how many
// queries of the batch had an unknown word.
using BatchAnswer = std::function<std::size_t(const std::vector<std::vector<std::string>>&)>;
int answer_arguments_or_stdin(const std::vector<std::string>& words, const char* prompt,
                              const BatchAnswer& answer);

}  // namespace w2v::cli
