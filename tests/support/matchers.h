#pragma once

#include <catch2/catch.hpp>
#include <exception>
#include <string>

namespace w2v::test {

// Matches an exception whose what() contains a substring; combine with && for several.
class MessageContains : public Catch::MatcherBase<std::exception> {
 public:
  explicit MessageContains(std::string part) : part_(std::move(part)) {}
  bool match(const std::exception& e) const override {
    return std::string(e.what()).find(part_) != std::string::npos;
  }
  std::string describe() const override { return "message contains \"" + part_ + "\""; }

 private:
  std::string part_;
};

}  // namespace w2v::test
