#include "core/error.h"

#include <cerrno>
#include <cstring>

namespace w2v {

std::string errno_message(const std::string& path, const std::string& action) {
  const int err = errno;
  return display_name(path) + ": cannot " + action + ": " + std::strerror(err);
}

std::string display_name(const std::string& path) { return path == "-" ? "<stdin>" : path; }

std::string printable(std::string_view text) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && c != '\t') || c == 0x7f) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += ch;
    }
  }
  return out;
}

}  // namespace w2v
