#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "phrases/word_table.h"
#include "text/corpus_reader.h"
#include "text/tokenizer.h"

namespace w2v {

// One corpus chunk as a list of tokens and line ends, each token with its WordTable key:
// tokenized first and looked up afterwards in one batch, so that the lookups' cache misses
// overlap (the phrase passes are bound by them). Reused from chunk to chunk by one worker.
struct ChunkTokens {
  enum Kind : std::uint8_t {
    kToken,
    kSentenceEnd,  // an LF after a line with tokens, or the end of an input
    kEmptyLine,    // an LF after a line without tokens
  };
  struct Item {
    const char* data;  // the token's bytes (in the chunk), or null for a line end
    std::uint32_t size;
    Kind kind;
    WordId id;  // tokens: the id from look_up() or the caller
  };
  // Lookups run this many tokens behind their prefetch.
  static constexpr std::size_t kAhead = 16;

  std::vector<Item> items;
  std::vector<WordTable::Key> keys;  // one per item (tokens only)

  // Tokenizes chunk (see Tokenizer::scan) into items, with their keys.
  void tokenize(const Tokenizer& tokenizer, CorpusChunk& chunk, TokenStats& stats) {
    items.clear();
    tokenizer.scan(
        chunk.bytes.data(), chunk.bytes.data() + chunk.bytes.size(), chunk.sentence_open,
        chunk.ends_input, stats,
        [&](std::string_view t) {
          items.push_back({t.data(), static_cast<std::uint32_t>(t.size()), kToken, 0});
        },
        [&] {
          items.push_back({nullptr, 0, kSentenceEnd, 0});
        },
        [&] {
          items.push_back({nullptr, 0, kEmptyLine, 0});
        });
    const char* const end = chunk.bytes.data() + chunk.bytes.size();
    keys.resize(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (items[i].kind == kToken) keys[i] = WordTable::key(items[i].data, items[i].size, end);
    }
  }

  // Sets every token's id to its id in table (WordTable::kNone if absent), looking up token i
  // while the slot of token i + kAhead is on its way.
  void look_up(const WordTable& table) {
    const std::size_t n = items.size();
    for (std::size_t i = 0; i < n; ++i) {
      if (i + kAhead < n && items[i + kAhead].kind == kToken) table.prefetch(keys[i + kAhead]);
      if (items[i].kind == kToken) items[i].id = table.find(view(i), keys[i]);
    }
  }

  std::string_view view(std::size_t i) const { return {items[i].data, items[i].size}; }
};

}  // namespace w2v
