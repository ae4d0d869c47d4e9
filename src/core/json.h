#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace w2v {

// Appends s as a JSON string literal. Quotes, backslashes and control bytes are escaped, and a
// byte that is not part of valid UTF-8 becomes U+FFFD, so the output is always valid JSON.
void append_json_string(std::string& out, std::string_view s);

// Appends x as a JSON number in its shortest round-trip form; NaN and infinities become null.
void append_json_number(std::string& out, double x);
void append_json_number(std::string& out, float x);

// The one JSON writer of the tools (every --json and --log-json line): values are appended in
// order and the separators are put in for you, in Python's json.dumps style (", " and ": ").
//   JsonWriter w;
//   w.begin_object().field("event", "done").field("words", 12).key("loss").begin_array()
//       .value(0.5).end_array().end_object();
//   w.str() -> {"event": "done", "words": 12, "loss": [0.5]}
// Strings go through append_json_string, numbers through append_json_number (integers exactly),
// so any text (paths with quotes, backslashes, control or non-UTF-8 bytes) gives valid JSON.
class JsonWriter {
 public:
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  // The key of the next value inside an object.
  JsonWriter& key(std::string_view k);

  JsonWriter& value(std::string_view s);
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
  JsonWriter& value(double x);
  JsonWriter& value(float x);
  JsonWriter& value(bool b);
  JsonWriter& value(int n) { return value(static_cast<long long>(n)); }
  JsonWriter& value(long n) { return value(static_cast<long long>(n)); }
  JsonWriter& value(long long n);
  JsonWriter& value(unsigned n) { return value(static_cast<unsigned long long>(n)); }
  JsonWriter& value(unsigned long n) { return value(static_cast<unsigned long long>(n)); }
  JsonWriter& value(unsigned long long n);
  JsonWriter& null();

  // key(k).value(v) in one call.
  template <class T>
  JsonWriter& field(std::string_view k, const T& v) {
    key(k);
    return value(v);
  }

  // The text so far; complete once every object and array is closed.
  const std::string& str() const { return out_; }

 private:
  void before_value();

  std::string out_;
  std::vector<bool> first_;  // per open container: nothing written in it yet
  bool after_key_ = false;
};

}  // namespace w2v
