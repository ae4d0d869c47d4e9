#pragma once

#include <cstdio>
#include <string>

#include "core/json.h"

namespace w2v::cli {

// --log-json FILE: one JSON object per line, flushed as it is written, so a run can be watched.
// Lines come only from JsonWriter (the one JSON writer). Without a path every write is a no-op.
class JsonLog {
 public:
  // Opens (truncates) path; throws IoError if it cannot.
  explicit JsonLog(const std::string& path);
  ~JsonLog();
  JsonLog(const JsonLog&) = delete;
  JsonLog& operator=(const JsonLog&) = delete;
  explicit operator bool() const { return file_ != nullptr; }

  // Writes the finished object and a newline; throws IoError when the write fails.
  void write(const JsonWriter& line);

 private:
  std::string path_;
  std::FILE* file_ = nullptr;
};

}  // namespace w2v::cli
