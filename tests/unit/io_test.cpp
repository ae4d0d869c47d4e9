#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>

#include "core/error.h"
#include "io/input_file.h"
#include "io/output_file.h"
#include "io/temp_file.h"
#include "support/gzip.h"
#include "support/matchers.h"
#include "support/temp_dir.h"

using w2v::test::gzip_bytes;
using w2v::test::MessageContains;
using w2v::test::read_bytes;
using w2v::test::TempDir;

namespace {

// Reads a whole file through InputFile with a given read size, to exercise buffer edges.
std::string slurp(const std::string& path, std::size_t step = 7) {
  w2v::InputFile in(path);
  std::string out, buf(step, '\0');
  while (std::size_t got = in.read(buf.data(), buf.size())) out.append(buf.data(), got);
  return out;
}

std::string random_text(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string s(n, ' ');
  for (char& c : s) c = static_cast<char>("abc de\nfgh\t"[rng() % 11]);
  return s;
}

}  // namespace

TEST_CASE("InputFile reads plain and gzip by content, not by name", "[io]") {
  TempDir dir;
  const std::string text = random_text(300000, 1);
  const std::string plain = dir.write("a.gz", text);            // plain, despite the name
  const std::string gz = dir.write("b.txt", gzip_bytes(text));  // gzip, despite the name
  CHECK(slurp(plain) == text);
  CHECK(slurp(gz) == text);
  CHECK(slurp(gz, 1 << 20) == text);
  CHECK(w2v::InputFile(gz).is_gzip());
  CHECK_FALSE(w2v::InputFile(plain).is_gzip());
}

TEST_CASE("InputFile reads concatenated gzip members", "[io]") {
  TempDir dir;
  const std::string p = dir.write("cat.gz", gzip_bytes("one two\n") + gzip_bytes("three\n"));
  CHECK(slurp(p) == "one two\nthree\n");
}

TEST_CASE("InputFile handles tiny and empty files", "[io]") {
  TempDir dir;
  CHECK(slurp(dir.write("empty", "")).empty());
  CHECK(slurp(dir.write("one", "\x1f")) == "\x1f");  // half a magic number is plain text
  CHECK(slurp(dir.write("empty.gz", gzip_bytes(""))).empty());
}

TEST_CASE("InputFile reports truncated and corrupt gzip with a byte offset", "[io]") {
  TempDir dir;
  const std::string gz = gzip_bytes(random_text(200000, 2));
  SECTION("cut short") {
    const std::string p = dir.write("cut.gz", gz.substr(0, gz.size() / 2));
    CHECK_THROWS_MATCHES(slurp(p), w2v::FormatError,
                         MessageContains("cut short at byte") && MessageContains("cut.gz"));
  }
  SECTION("trailer missing") {
    const std::string p = dir.write("notrailer.gz", gz.substr(0, gz.size() - 4));
    CHECK_THROWS_AS(slurp(p), w2v::FormatError);
  }
  SECTION("corrupt body") {
    std::string bad = gz;
    for (std::size_t i = 100; i < 140; ++i) bad[i] = static_cast<char>(bad[i] ^ 0x5a);
    const std::string p = dir.write("corrupt.gz", bad);
    CHECK_THROWS_MATCHES(slurp(p), w2v::FormatError, MessageContains("corrupt gzip data at byte"));
  }
  SECTION("CRC mismatch") {
    std::string bad = gz;
    bad[bad.size() - 6] = static_cast<char>(bad[bad.size() - 6] ^ 1);
    CHECK_THROWS_AS(slurp(dir.write("crc.gz", bad)), w2v::FormatError);
  }
  SECTION("garbage after the stream") {
    const std::string p = dir.write("trail.gz", gzip_bytes("a b\n") + "garbage");
    CHECK_THROWS_MATCHES(slurp(p), w2v::FormatError,
                         MessageContains("after the end of the gzip stream"));
  }
}

TEST_CASE("InputFile errors name the path", "[io]") {
  TempDir dir;
  CHECK_THROWS_MATCHES(w2v::InputFile(dir.file("missing.txt")), w2v::IoError,
                       MessageContains("missing.txt") && MessageContains("No such file"));
  CHECK_THROWS_MATCHES(w2v::InputFile(dir.path().string()), w2v::IoError,
                       MessageContains("is a directory"));
}

TEST_CASE("LineReader returns lines of any length", "[io]") {
  TempDir dir;
  const std::string long_line(1 << 20, 'x');
  const std::string p = dir.write("lines", "a\r\n\n" + long_line + "\nlast");
  w2v::InputFile in(p);
  w2v::LineReader lines(in);
  std::string line;
  REQUIRE(lines.next(line));
  CHECK(line == "a\r");
  REQUIRE(lines.next(line));
  CHECK(line.empty());
  REQUIRE(lines.next(line));
  CHECK(line == long_line);
  REQUIRE(lines.next(line));
  CHECK(line == "last");
  CHECK(lines.line_number() == 4);
  CHECK_FALSE(lines.next(line));
}

TEST_CASE("OutputFile is atomic", "[io]") {
  TempDir dir;
  const std::string p = dir.file("out.txt");
  SECTION("commit makes the file appear") {
    w2v::OutputFile out(p);
    out.write("hello ");
    out.write(std::string(3 << 20, 'z'));  // larger than the buffer
    CHECK_FALSE(std::filesystem::exists(p));
    out.commit();
    CHECK(read_bytes(p) == "hello " + std::string(3 << 20, 'z'));
  }
  SECTION("no commit leaves nothing, not even a temporary file") {
    {
      w2v::OutputFile out(p);
      out.write("partial");
    }
    CHECK(std::distance(std::filesystem::directory_iterator(dir.path()),
                        std::filesystem::directory_iterator{}) == 0);
  }
  SECTION("an existing file is untouched until commit") {
    dir.write("out.txt", "old");
    {
      w2v::OutputFile out(p);
      out.write("new");
    }
    CHECK(read_bytes(p) == "old");
  }
  SECTION("created files get the usual permissions") {
    w2v::OutputFile out(p);
    out.commit();
    struct stat st {};
    REQUIRE(::stat(p.c_str(), &st) == 0);
    CHECK((st.st_mode & 0044) != 0);  // readable by others under a usual umask
  }
}

TEST_CASE("OutputFile reports full disks and bad paths", "[io]") {
  TempDir dir;
  if (std::filesystem::exists("/dev/full")) {
    w2v::OutputFile out("/dev/full");
    out.write(std::string(100, 'x'));
    CHECK_THROWS_MATCHES(out.commit(), w2v::IoError,
                         MessageContains("/dev/full") && MessageContains("No space left"));
  }
  CHECK_THROWS_MATCHES(w2v::OutputFile(dir.file("no/such/dir/out.txt")), w2v::IoError,
                       MessageContains("cannot create"));
  CHECK_THROWS_MATCHES(w2v::OutputFile(dir.path().string()), w2v::IoError,
                       MessageContains("is a directory"));
}

TEST_CASE("OutputFile writes gzip when asked, as members gzip -d reads as one stream", "[io]") {
  TempDir dir;
  CHECK(w2v::compression_for_path("a.txt.gz") == w2v::Compression::kGzip);
  CHECK(w2v::compression_for_path("a.gz.txt") == w2v::Compression::kNone);
  CHECK(w2v::compression_for_path(".gz") == w2v::Compression::kNone);
  const std::string text = random_text(3 << 20, 2);  // several 1 MiB members
  const std::string path = dir.file("out.txt.gz");
  {
    w2v::OutputFile out(path, w2v::Compression::kGzip);
    out.write(text.substr(0, 1000));
    std::string member;
    w2v::append_gzip_member(member, text.data() + 1000, 5000);
    out.write_gzip_member(member);  // after the 1000 bytes still in the buffer
    out.write(text.substr(6000));
    out.commit();
  }
  CHECK(w2v::InputFile(path).is_gzip());
  CHECK(slurp(path, 1 << 16) == text);
  // gzip itself agrees (an independent reader).
  const std::string cmd = "gzip -dc '" + path + "' > '" + dir.file("plain") + "'";
  REQUIRE(std::system(cmd.c_str()) == 0);
  CHECK(read_bytes(dir.file("plain")) == text);
}

TEST_CASE("An empty gzip output is still valid gzip", "[io]") {
  TempDir dir;
  const std::string path = dir.file("empty.gz");
  {
    w2v::OutputFile out(path, w2v::Compression::kGzip);
    out.commit();
  }
  CHECK(read_bytes(path).size() > 0);
  CHECK(slurp(path).empty());
  const std::string cmd = "gzip -t '" + path + "'";
  CHECK(std::system(cmd.c_str()) == 0);
}

TEST_CASE("TempFile is unlinked at once and readable through its path", "[io]") {
  TempDir dir;
  std::string path;
  {
    w2v::TempFile tmp(dir.path().string());
    CHECK(std::filesystem::is_empty(dir.path()));  // no name in the directory
    {
      w2v::OutputFile out(tmp.fd(), "tmp");
      out.write("one two\n");
      out.commit();
    }
    path = tmp.path();
    CHECK(slurp(path) == "one two\n");
    CHECK(slurp(path) == "one two\n");  // every open reads from the start
  }
  CHECK_FALSE(std::filesystem::exists(path));
  CHECK_THROWS_MATCHES(w2v::TempFile(dir.file("missing")), w2v::IoError,
                       MessageContains("try --tmp-dir"));
}
