#include "query/query_format.h"

#include <cstdio>

#include "core/json.h"

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

void add_json_rows(JsonWriter& w, const VectorIndex& index, const std::vector<Neighbor>& rows,
                   const char* score_name) {
  w.begin_array();
  for (const Neighbor& n : rows) {
    w.begin_object().field("word", index.word(n.id)).field(score_name, n.score).end_object();
  }
  w.end_array();
}

void add_query_words(JsonWriter& w, const std::vector<std::string>& words, bool analogy) {
  if (!analogy) {
    std::string joined;
    for (std::size_t i = 0; i < words.size(); ++i) joined += (i ? " " : "") + words[i];
    w.value(joined);
    return;
  }
  w.begin_array();
  for (const std::string& word : words) w.value(word);
  w.end_array();
}

}  // namespace

std::string format_neighbors(const VectorIndex& index, std::string_view query,
                             const std::vector<Neighbor>& neighbors, bool json) {
  std::string out;
  if (json) {
    JsonWriter w;
    w.begin_object().field("query", query).key("neighbors");
    add_json_rows(w, index, neighbors, "similarity");
    out = w.end_object().str() + "\n";
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
    JsonWriter w;
    w.begin_object().key("query");
    add_query_words(w, words, true);
    w.key("answers");
    add_json_rows(w, index, answers, "score");
    out = w.end_object().str() + "\n";
  } else {
    out += words[0] + " : " + words[1] + " :: " + words[2] + " : ?\n";
    append_text_rows(out, index, answers);
  }
  return out;
}

std::string format_query_error(const std::vector<std::string>& words, bool analogy,
                               std::string_view error, bool json) {
  if (!json) return {};
  JsonWriter w;
  w.begin_object().key("query");
  add_query_words(w, words, analogy);
  return w.field("error", error).end_object().str() + "\n";
}

}  // namespace w2v
