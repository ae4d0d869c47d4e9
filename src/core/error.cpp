#include "core/error.h"

#include <cerrno>
#include <cstring>

namespace w2v {

std::string errno_message(const std::string& path, const std::string& action) {
  const int err = errno;
  return display_name(path) + ": cannot " + action + ": " + std::strerror(err);
}

std::string display_name(const std::string& path) { return path == "-" ? "<stdin>" : path; }

}  // namespace w2v
