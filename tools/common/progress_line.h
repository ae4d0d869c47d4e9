#pragma once

#include <string>

#include "common/json_log.h"
#include "core/progress.h"

namespace w2v::cli {

// Shows the PassProgress reports of a tool's long passes on stderr. On a terminal one line is
// redrawn in place (from half a second into a pass, or $W2V_PROGRESS_AFTER seconds, so quick
// passes stay silent) and cleared when the pass ends; elsewhere nothing is shown unless asked
// (--progress), and then a line is printed every 5 seconds and when a pass ends. A JSON log, if
// given, gets one "pass" event a second and one when a pass ends, whatever is shown.
class ProgressLine {
 public:
  enum class Show {
    kAuto,    // on a terminal only
    kAlways,  // --progress
    kNever,   // --quiet
  };

  ProgressLine(std::string tool, Show show, JsonLog* log = nullptr);
  ~ProgressLine() { finish(); }
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  void report(const PassProgress& p);
  // A callback for the library that reports here.
  PassProgressFn fn() {
    return [this](const PassProgress& p) { report(p); };
  }
  // Clears a line drawn in place, before other output (an error, a summary).
  void finish();

 private:
  std::string tool_;
  bool show_;
  bool tty_;
  JsonLog* log_;
  bool drawn_ = false;
  double after_ = 0.5;    // seconds into a pass before a terminal line appears
  double last_line_ = 0;  // seconds into the pass of the last plain line
  double last_json_ = -1e9;
  std::string last_phase_;
};

// "--progress" and "--quiet" to a Show.
ProgressLine::Show progress_show(bool progress, bool quiet);

}  // namespace w2v::cli
