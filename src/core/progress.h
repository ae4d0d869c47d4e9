#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string_view>
#include <utility>

namespace w2v {

// What a long pass reports while it runs: counting a corpus, loading a vectors file, answering
// an evaluation set. `done` and `total` are in `unit`; total 0 means unknown (standard input).
struct PassProgress {
  std::string_view phase;  // "counting words", "loading vectors"
  std::string_view unit;   // "bytes", "rows", "questions"
  std::uint64_t done = 0;
  std::uint64_t total = 0;
  double seconds = 0;  // since the pass started
  bool finished = false;
};

// Called on one thread at a time, never from inside a hot loop.
using PassProgressFn = std::function<void(const PassProgress&)>;

// Throttles reports of one pass: update() calls fn at most every kInterval seconds, finish()
// always calls it once. Without fn every call is a no-op, so library code can report
// unconditionally.
class ProgressReporter {
 public:
  static constexpr double kInterval = 0.1;

  ProgressReporter(PassProgressFn fn, std::string_view phase, std::string_view unit,
                   std::uint64_t total)
      : fn_(std::move(fn)), start_(Clock::now()), last_(start_) {
    p_.phase = phase;
    p_.unit = unit;
    p_.total = total;
  }

  bool active() const { return static_cast<bool>(fn_); }
  void set_total(std::uint64_t total) { p_.total = total; }

  void update(std::uint64_t done) {
    if (!fn_) return;
    const Clock::time_point now = Clock::now();
    if (std::chrono::duration<double>(now - last_).count() < kInterval) return;
    last_ = now;
    report(done, now, false);
  }

  void finish(std::uint64_t done) {
    if (!fn_ || finished_) return;
    finished_ = true;
    report(done, Clock::now(), true);
  }

 private:
  using Clock = std::chrono::steady_clock;

  void report(std::uint64_t done, Clock::time_point now, bool finished) {
    p_.done = done;
    p_.seconds = std::chrono::duration<double>(now - start_).count();
    p_.finished = finished;
    fn_(p_);
  }

  PassProgressFn fn_;
  PassProgress p_;
  Clock::time_point start_, last_;
  bool finished_ = false;
};

}  // namespace w2v
