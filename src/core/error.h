#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace w2v {

// Base of every error the library throws. The message says what went wrong, where (file, line or
// byte offset) and what to try; tools print it as it is and choose the exit code by type.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A file could not be opened, read or written (missing path, permission, full disk).
class IoError : public Error {
 public:
  using Error::Error;
};

// A file was read but its content is not what its format says (corrupt gzip, bad vector row).
class FormatError : public Error {
 public:
  using Error::Error;
};

// An option or argument is out of range or inconsistent; tools exit with code 2.
class UsageError : public Error {
 public:
  using Error::Error;
};

// Training produced NaN or Inf; the message says what to try (a smaller --alpha).
class NumericError : public Error {
 public:
  using Error::Error;
};

// "path: strerror(errno)" for the current errno, for IoError messages.
std::string errno_message(const std::string& path, const std::string& action);

// Shows a path in messages: "-" is "<stdin>".
std::string display_name(const std::string& path);

// Text from an input made safe for a terminal: control bytes (0x00-0x1f but tab, and 0x7f)
// become "\xNN", so a file quoted in a message cannot move the cursor or clear the screen.
// printable("a\x1b[2J") -> "a\\x1b[2J"
std::string printable(std::string_view text);

}  // namespace w2v
