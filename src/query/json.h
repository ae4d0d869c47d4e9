#pragma once

#include <string>
#include <string_view>

namespace w2v {

// Appends s as a JSON string literal. Quotes, backslashes and control bytes are escaped, and a
// byte that is not part of valid UTF-8 becomes U+FFFD, so the output is always valid JSON.
void append_json_string(std::string& out, std::string_view s);

// Appends x as a JSON number in its shortest round-trip form; NaN and infinities become null.
void append_json_number(std::string& out, double x);
void append_json_number(std::string& out, float x);

}  // namespace w2v
