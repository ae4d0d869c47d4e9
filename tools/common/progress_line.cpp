#include "common/progress_line.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "common/cli.h"
#include "core/json.h"

namespace w2v::cli {

namespace {

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string clock_time(double seconds) {
  const long s = std::lround(std::max(0.0, seconds));
  char buf[32];
  if (s >= 3600) {
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  }
  return buf;
}

// "178.3 of 394.6 MB" or "120,000 of 1,000,000 rows" (without "of ..." when total is unknown).
std::string amount(const PassProgress& p) {
  if (p.unit == "bytes") {
    std::string s = fixed(static_cast<double>(p.done) / 1e6, 1);
    if (p.total > 0) s += " of " + fixed(static_cast<double>(p.total) / 1e6, 1);
    return s + " MB";
  }
  std::string s = with_commas(p.done);
  if (p.total > 0) s += " of " + with_commas(p.total);
  return s + " " + std::string(p.unit);
}

std::string describe(const std::string& tool, const PassProgress& p) {
  std::string line = tool + ": " + std::string(p.phase) + "  ";
  if (p.finished) {
    PassProgress done = p;
    done.total = 0;  // "done: 394.6 MB in 2.3 s"
    return line + "done: " + amount(done) + " in " + fixed(p.seconds, 1) + " s";
  }
  if (p.total > 0) {
    const double f = std::min(1.0, static_cast<double>(p.done) / static_cast<double>(p.total));
    line += fixed(100.0 * f, 1) + "%  " + amount(p);
    if (f > 0.01) line += "  " + clock_time(p.seconds * (1.0 - f) / f) + " left";
    return line;
  }
  return line + amount(p) + "  " + clock_time(p.seconds);
}

}  // namespace

ProgressLine::Show progress_show(bool progress, bool quiet) {
  if (quiet) return ProgressLine::Show::kNever;
  return progress ? ProgressLine::Show::kAlways : ProgressLine::Show::kAuto;
}

ProgressLine::ProgressLine(std::string tool, Show show, JsonLog* log)
    : tool_(std::move(tool)),
      show_(show == Show::kAlways || (show == Show::kAuto && stderr_is_tty())),
      tty_(stderr_is_tty()),
      log_(log) {
  // W2V_PROGRESS_AFTER: seconds into a pass before a terminal line appears (tests set 0).
  if (const char* after = std::getenv("W2V_PROGRESS_AFTER")) after_ = std::atof(after);
}

void ProgressLine::report(const PassProgress& p) {
  if (p.phase != last_phase_) {
    last_phase_ = std::string(p.phase);
    last_line_ = 0;
    last_json_ = -1e9;
  }
  if (log_ != nullptr && *log_ && (p.finished || p.seconds - last_json_ >= 1.0)) {
    last_json_ = p.seconds;
    JsonWriter w;
    w.begin_object().field("event", "pass").field("phase", p.phase).field("unit", p.unit);
    w.field("done", p.done).field("total", p.total).field("seconds", p.seconds);
    log_->write(w.field("finished", p.finished).end_object());
  }
  if (!show_) return;
  if (tty_) {
    if (p.finished) {
      finish();
      return;
    }
    if (p.seconds < after_) return;
    std::cerr << "\r" << describe(tool_, p) << "\x1b[K" << std::flush;
    drawn_ = true;
    return;
  }
  if (!p.finished && p.seconds - last_line_ < 5.0) return;
  last_line_ = p.seconds;
  std::cerr << describe(tool_, p) << "\n" << std::flush;
}

void ProgressLine::finish() {
  if (drawn_) std::cerr << "\r\x1b[K" << std::flush;
  drawn_ = false;
}

}  // namespace w2v::cli
