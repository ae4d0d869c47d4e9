// Test-only: prints what w2v::read_vectors makes of each file named on standard input (one path
// per line), for tests/python/text_reader_diff.py. Per file and format (text, then auto):
//   = <format> <path> [<what auto detected: text, binary or error>]
//   OK <rows> <dim>, then per row: <word as hex> <each float's bits as 8 hex digits>...
//   or ERR <the message>
// Many files go through one process, so thousands are compared in seconds.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>

#include "core/error.h"
#include "store/vectors_io.h"

namespace {

void put_hex(std::string& out, const void* data, std::size_t n) {
  static const char kHex[] = "0123456789abcdef";
  const auto* p = static_cast<const unsigned char*>(data);
  for (std::size_t i = 0; i < n; ++i) {
    out += kHex[p[i] >> 4];
    out += kHex[p[i] & 15];
  }
}

std::string detected_format(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string head(w2v::kVectorSniffBytes, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  try {
    return w2v::vector_format_name(w2v::detect_vector_format(head, path));
  } catch (const w2v::Error&) {
    return "error";
  }
}

void dump(const std::string& path, w2v::VectorFormat format, std::string& out) {
  out += "= ";
  out += w2v::vector_format_name(format);
  out += " " + path;
  if (format == w2v::VectorFormat::kAuto) out += " " + detected_format(path);
  out += "\n";
  try {
    const w2v::Embeddings e = w2v::read_vectors(path, format);
    out += "OK " + std::to_string(e.size()) + " " + std::to_string(e.dim) + "\n";
    for (std::size_t i = 0; i < e.size(); ++i) {
      put_hex(out, e.words[i].data(), e.words[i].size());
      for (int j = 0; j < e.dim; ++j) {
        std::uint32_t bits;
        std::memcpy(&bits, e.row(i) + j, 4);
        char buf[10];
        std::snprintf(buf, sizeof buf, " %08x", bits);
        out += buf;
      }
      out += "\n";
    }
  } catch (const w2v::Error& err) {
    out += "ERR ";
    out += err.what();
    out += "\n";
  }
}

}  // namespace

int main() {
  std::string path;
  std::string out;
  while (std::getline(std::cin, path)) {
    for (const auto format : {w2v::VectorFormat::kText, w2v::VectorFormat::kAuto}) {
      dump(path, format, out);
    }
    if (out.size() > (1 << 20)) {
      std::fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return std::fflush(stdout) == 0 ? 0 : 1;
}
