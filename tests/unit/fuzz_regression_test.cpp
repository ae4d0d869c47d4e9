// Replays every saved fuzz input through its target in the ordinary (and sanitizer) build.
// fuzz/seeds/<target>/ holds valid inputs: each must be accepted (no error at all), and every
// target must have some. fuzz/regressions/<target>/ holds inputs that once crashed a target:
// each must now be accepted or rejected with a w2v::Error, never crash.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/error.h"
#include "fuzz_targets.h"

namespace fs = std::filesystem;

namespace {

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace

TEST_CASE("fuzz: Every target's seeds are accepted", "[fuzz]") {
  for (const auto& target : w2v::fuzz::all_targets()) {
    const fs::path dir = fs::path(W2V_FUZZ_DIR) / "seeds" / target.name;
    INFO(dir.string());
    REQUIRE(fs::is_directory(dir));
    std::size_t n_seeds = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
      const std::string bytes = read_all(entry.path());
      INFO(entry.path().string());
      CHECK_NOTHROW(target.run(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
      ++n_seeds;
    }
    CHECK(n_seeds >= 1);
  }
}

TEST_CASE("fuzz: Saved crash inputs are handled", "[fuzz]") {
  for (const auto& target : w2v::fuzz::all_targets()) {
    const fs::path dir = fs::path(W2V_FUZZ_DIR) / "regressions" / target.name;
    if (!fs::is_directory(dir)) continue;  // no crash was ever found for this target
    for (const auto& entry : fs::directory_iterator(dir)) {
      const std::string bytes = read_all(entry.path());
      INFO(entry.path().string());
      try {
        target.run(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
      } catch (const w2v::Error&) {
        // rejected with a message: fine
      }
    }
  }
}
