// One libFuzzer program per target: compiled with -DW2V_FUZZ_TARGET=<name>_target.
#include <cstddef>
#include <cstdint>

#include "core/error.h"
#include "fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    w2v::fuzz::W2V_FUZZ_TARGET(data, size);
  } catch (const w2v::Error&) {
    // A rejected input with a message is the right answer to bad input.
  }
  return 0;
}
