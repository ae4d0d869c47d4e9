// Replays every saved fuzz input (fuzz/seeds/<target>/ and fuzz/regressions/<target>/) through its
// target in the ordinary (and sanitizer) build: each must be accepted or rejected with a
// w2v::Error, never crash. Inputs that once crashed a target are kept in fuzz/regressions/.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/error.h"
#include "fuzz_targets.h"

namespace fs = std::filesystem;

TEST_CASE("Saved fuzz inputs are handled", "[fuzz]") {
  std::size_t n_inputs = 0;
  for (const auto& target : w2v::fuzz::all_targets()) {
    for (const char* kind : {"seeds", "regressions"}) {
      const fs::path dir = fs::path(W2V_FUZZ_DIR) / kind / target.name;
      if (!fs::is_directory(dir)) continue;
      for (const auto& entry : fs::directory_iterator(dir)) {
        std::ifstream in(entry.path(), std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)),
                                std::istreambuf_iterator<char>());
        INFO(entry.path().string());
        try {
          target.run(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
        } catch (const w2v::Error&) {
          // rejected with a message: fine
        }
        ++n_inputs;
      }
    }
  }
  CHECK(n_inputs >= 3);  // at least one seed per target is checked in
}
