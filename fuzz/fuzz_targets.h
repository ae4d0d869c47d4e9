#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace w2v::fuzz {

// One entry per reader. Each feeds data to the reader as a file and checks what it can about the
// result (round trips, invariants). It returns normally or throws w2v::Error for input the reader
// rejects; a crash, a sanitizer report, another exception or a failed check (abort) is a bug.
// The libFuzzer programs (fuzz/*_fuzz.cpp) and the regression test (tests/unit) both call them.
void corpus_target(const std::uint8_t* data, std::size_t size);
void vocab_target(const std::uint8_t* data, std::size_t size);
void vectors_target(const std::uint8_t* data, std::size_t size);
void projector_target(const std::uint8_t* data, std::size_t size);
void analogies_target(const std::uint8_t* data, std::size_t size);
void pairs_target(const std::uint8_t* data, std::size_t size);
void checkpoint_target(const std::uint8_t* data, std::size_t size);
// word2vec text vectors only, checked against the bytes: what is accepted has the header's
// rows, each exactly D finite numbers (equal to strtod's) after single spaces and a word without
// blanks, no word twice; auto agrees with --format text when it detects text; round trips are
// exact. Its libFuzzer program adds a structure-aware mutator (text_vectors_mutator.cpp).
void text_vectors_target(const std::uint8_t* data, std::size_t size);

struct Target {
  const char* name;
  void (*run)(const std::uint8_t*, std::size_t);
};

// Every target, by name ("corpus", "vocab", "vectors", ...).
const std::vector<Target>& all_targets();

}  // namespace w2v::fuzz
