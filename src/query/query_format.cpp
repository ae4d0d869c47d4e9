#include "query/query_format.h"

#include <cstdio>

#include "query/json.h"

namespace w2v {

namespace {

void append_text_rows(std::string& out, const VectorIndex& index,
                      const std::vector<Neighbor>& rows) {
  char num[32];
  for (const Neighbor& n : rows) {
    std::snprintf(num, sizeof num, "%.4f", static_cast<double>(n.score));
    const std::string& w = index.word(n.id);
    out += "  ";
    out += w;
    out.append(w.size() < 24 ? 24 - w.size() : 1, ' ');
    out += num;
    out += '\n';
  }
}

void append_json_rows(std::string& out, const VectorIndex& index, const std::vector<Neighbor>& rows,
                      const char* score_name) {
  out += '[';
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (i > 0) out += ", ";
    out += "{\"word\": ";
    append_json_string(out, index.word(rows[i].id));
    out += ", \"";
    out += score_name;
    out += "\": ";
    append_json_number(out, rows[i].score);
    out += '}';
  }
  out += ']';
}

void append_query_words(std::string& out, const std::vector<std::string>& words, bool analogy) {
  if (!analogy) {
    std::string joined;
    for (std::size_t i = 0; i < words.size(); ++i) joined += (i ? " " : "") + words[i];
    append_json_string(out, joined);
    return;
  }
  out += '[';
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += ", ";
    append_json_string(out, words[i]);
  }
  out += ']';
}

}  // namespace

std::string format_neighbors(const VectorIndex& index, std::string_view query,
                             const std::vector<Neighbor>& neighbors, bool json) {
  std::string out;
  if (json) {
    out += "{\"query\": ";
    append_json_string(out, query);
    out += ", \"neighbors\": ";
    append_json_rows(out, index, neighbors, "similarity");
    out += "}\n";
  } else {
    out += query;
    out += '\n';
    append_text_rows(out, index, neighbors);
  }
  return out;
}

std::string format_analogy(const VectorIndex& index, const std::vector<std::string>& words,
                           const std::vector<Neighbor>& answers, bool json) {
  std::string out;
  if (json) {
    out += "{\"query\": ";
    append_query_words(out, words, true);
    out += ", \"answers\": ";
    append_json_rows(out, index, answers, "score");
    out += "}\n";
  } else {
    out += words[0] + " : " + words[1] + " :: " + words[2] + " : ?\n";
    append_text_rows(out, index, answers);
  }
  return out;
}

std::string format_query_error(const std::vector<std::string>& words, bool analogy,
                               std::string_view error, bool json) {
  if (!json) return {};
  std::string out = "{\"query\": ";
  append_query_words(out, words, analogy);
  out += ", \"error\": ";
  append_json_string(out, error);
  out += "}\n";
  return out;
}

}  // namespace w2v
