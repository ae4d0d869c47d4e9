#include "common/query_loop.h"

#include <unistd.h>

#include <iostream>

#include "common/cli.h"
#include "eval/analogy_set.h"
#include "query/query_reader.h"

namespace w2v::cli {

void for_each_query_batch(
    const char* prompt,
    const std::function<void(const std::vector<std::vector<std::string>>& batch)>& answer) {
  const bool interactive = stdin_is_tty();
  QueryReader reader(STDIN_FILENO);
  std::vector<std::string> lines;
  for (;;) {
    if (interactive) std::cerr << prompt << std::flush;
    if (!reader.next_batch(lines)) break;
    std::vector<std::vector<std::string>> batch;
    for (const std::string& line : lines) {
      std::vector<std::string> query;
      for (const auto w : split_words(line)) query.emplace_back(w);
      if (!query.empty()) batch.push_back(std::move(query));
    }
    answer(batch);
  }
  if (interactive) std::cerr << "\n";
}

int answer_arguments_or_stdin(const std::vector<std::string>& words, const char* prompt,
                              const BatchAnswer& answer) {
  if (!words.empty()) return answer({words}) == 0 ? kExitOk : kExitFailure;
  for_each_query_batch(prompt,
                       [&](const std::vector<std::vector<std::string>>& batch) { answer(batch); });
  return kExitOk;
}

}  // namespace w2v::cli
