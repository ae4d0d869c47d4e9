#include "common/json_log.h"

#include "core/error.h"

namespace w2v::cli {

JsonLog::JsonLog(const std::string& path) : path_(path) {
  if (path.empty()) return;
  file_ = std::fopen(path.c_str(), "w");
  if (file_ == nullptr) throw IoError(errno_message(path, "open"));
}

JsonLog::~JsonLog() {
  if (file_ != nullptr) std::fclose(file_);
}

void JsonLog::write(const JsonWriter& line) {
  if (file_ == nullptr) return;
  if (std::fputs(line.str().c_str(), file_) < 0 || std::fputc('\n', file_) == EOF ||
      std::fflush(file_) != 0) {
    throw IoError(errno_message(path_, "write"));
  }
}

}  // namespace w2v::cli
