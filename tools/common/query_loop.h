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

}  // namespace w2v::cli
