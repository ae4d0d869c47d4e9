#include "io/input_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "core/error.h"

namespace w2v {

namespace {
constexpr std::size_t kRawBufferBytes = 1 << 18;
}

struct InputFile::Impl {
  std::string path;
  int fd = -1;
  bool owns_fd = false;
  bool gzip = false;
  std::int64_t size = -1;
  std::vector<unsigned char> raw = std::vector<unsigned char>(kRawBufferBytes);
  std::size_t raw_begin = 0;  // unread bytes of raw are [raw_begin, raw_end) (plain mode)
  std::size_t raw_end = 0;
  std::uint64_t raw_total = 0;  // bytes read from fd so far
  bool raw_eof = false;
  z_stream zs{};
  bool z_ready = false;
  bool member_done = false;

  ~Impl() {
    if (z_ready) inflateEnd(&zs);
    if (owns_fd && fd >= 0) ::close(fd);
  }

  // Appends more raw bytes after the unread ones; returns the number read (0 at end of file).
  std::size_t fill(unsigned char* dst, std::size_t n) {
    for (;;) {
      const ssize_t got = ::read(fd, dst, n);
      if (got >= 0) {
        raw_total += static_cast<std::uint64_t>(got);
        if (got == 0) raw_eof = true;
        return static_cast<std::size_t>(got);
      }
      if (errno == EINTR) continue;
      throw IoError(errno_message(path, "read"));
    }
  }

  std::uint64_t gz_offset() const { return raw_total - zs.avail_in; }

  std::string where() const {
    std::string s = display_name(path) + ": ";
    return s;
  }

  // Makes zs.avail_in > 0 unless the file is exhausted.
  void refill_z() {
    if (zs.avail_in > 0 || raw_eof) return;
    const std::size_t got = fill(raw.data(), raw.size());
    zs.next_in = raw.data();
    zs.avail_in = static_cast<uInt>(got);
  }

  std::size_t read_gzip(char* buf, std::size_t n) {
    std::size_t produced = 0;
    while (produced == 0) {
      refill_z();
      if (member_done) {
        if (zs.avail_in == 0) return 0;  // clean end after a complete member
        // Another member must start with the magic bytes; anything else is trailing garbage.
        if (zs.avail_in < 2 && !raw_eof) {
          // Move the lone byte to the front and read more behind it.
          raw[0] = *zs.next_in;
          const std::size_t got = fill(raw.data() + 1, raw.size() - 1);
          zs.next_in = raw.data();
          zs.avail_in = static_cast<uInt>(1 + got);
        }
        if (zs.avail_in < 2 || zs.next_in[0] != 0x1f || zs.next_in[1] != 0x8b) {
          throw FormatError(where() + "unexpected data after the end of the gzip stream at byte " +
                            std::to_string(gz_offset()) +
                            "; the file may be damaged (try: gzip -t " + display_name(path) + ")");
        }
        if (inflateReset(&zs) != Z_OK) throw FormatError(where() + "cannot reset gzip decoder");
        member_done = false;
      }
      const std::size_t chunk = n - produced;
      const uInt want = chunk > (1u << 30) ? (1u << 30) : static_cast<uInt>(chunk);
      zs.next_out = reinterpret_cast<Bytef*>(buf + produced);
      zs.avail_out = want;
      const int ret = inflate(&zs, Z_NO_FLUSH);
      produced += want - zs.avail_out;
      if (ret == Z_STREAM_END) {
        member_done = true;
      } else if (ret == Z_DATA_ERROR || ret == Z_NEED_DICT) {
        throw FormatError(where() + "corrupt gzip data at byte " + std::to_string(gz_offset()) +
                          " (" + (zs.msg ? zs.msg : "data error") +
                          "); the file is damaged: re-create or re-download it");
      } else if (ret == Z_MEM_ERROR) {
        throw IoError(where() + "out of memory while decompressing");
      } else if (ret == Z_BUF_ERROR || ret == Z_OK) {
        if (zs.avail_in == 0 && raw_eof && want - zs.avail_out == 0) {
          throw FormatError(where() + "gzip stream cut short at byte " +
                            std::to_string(gz_offset()) +
                            ": the file is incomplete (an interrupted download or copy?)");
        }
      } else {
        throw FormatError(where() + "gzip decoding failed at byte " + std::to_string(gz_offset()));
      }
      if (produced == 0 && ret != Z_STREAM_END && zs.avail_in == 0 && raw_eof) {
        throw FormatError(where() + "gzip stream cut short at byte " + std::to_string(gz_offset()) +
                          ": the file is incomplete (an interrupted download or copy?)");
      }
    }
    return produced;
  }

  std::size_t read_plain(char* buf, std::size_t n) {
    if (raw_begin < raw_end) {
      const std::size_t take = std::min(n, raw_end - raw_begin);
      std::memcpy(buf, raw.data() + raw_begin, take);
      raw_begin += take;
      return take;
    }
    if (raw_eof) return 0;
    return fill(reinterpret_cast<unsigned char*>(buf), n);
  }
};

InputFile::InputFile(const std::string& path) : impl_(std::make_unique<Impl>()) {
  Impl& s = *impl_;
  s.path = path;
  if (path == "-") {
    s.fd = STDIN_FILENO;
  } else {
    s.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (s.fd < 0) throw IoError(errno_message(path, "open"));
    s.owns_fd = true;
  }
  struct stat st {};
  if (::fstat(s.fd, &st) == 0) {
    if (S_ISDIR(st.st_mode)) throw IoError(display_name(path) + ": is a directory, not a file");
    if (S_ISREG(st.st_mode)) s.size = static_cast<std::int64_t>(st.st_size);
  }
  // Sniff the first bytes (read until 2 bytes or end of file, since a pipe may deliver 1 byte).
  while (s.raw_end < 2 && !s.raw_eof) {
    s.raw_end += s.fill(s.raw.data() + s.raw_end, s.raw.size() - s.raw_end);
  }
  s.gzip = s.raw_end >= 2 && s.raw[0] == 0x1f && s.raw[1] == 0x8b;
  if (s.gzip) {
    if (inflateInit2(&s.zs, 15 + 16) != Z_OK) throw IoError(path + ": cannot start gzip decoder");
    s.z_ready = true;
    s.zs.next_in = s.raw.data();
    s.zs.avail_in = static_cast<uInt>(s.raw_end);
  }
}

InputFile::~InputFile() = default;

std::size_t InputFile::read(char* buf, std::size_t n) {
  if (n == 0) return 0;
  return impl_->gzip ? impl_->read_gzip(buf, n) : impl_->read_plain(buf, n);
}

bool InputFile::is_gzip() const { return impl_->gzip; }
const std::string& InputFile::path() const { return impl_->path; }
std::int64_t InputFile::file_size() const { return impl_->size; }
std::uint64_t InputFile::raw_offset() const {
  return impl_->gzip ? impl_->gz_offset() : impl_->raw_total - (impl_->raw_end - impl_->raw_begin);
}

LineReader::LineReader(InputFile& in, std::size_t max_line_bytes)
    : in_(in), max_line_bytes_(max_line_bytes) {}

void LineReader::check_length(const std::string& line) const {
  if (max_line_bytes_ > 0 && line.size() > max_line_bytes_) {
    throw FormatError(display_name(in_.path()) + ": line " + std::to_string(line_number_ + 1) +
                      " is longer than " + std::to_string(max_line_bytes_) +
                      " bytes; is this the right file?");
  }
}

bool LineReader::next(std::string& line) {
  line.clear();
  for (;;) {
    if (pos_ < buf_.size()) {
      const char* start = buf_.data() + pos_;
      const void* nl = std::memchr(start, '\n', buf_.size() - pos_);
      if (nl != nullptr) {
        const std::size_t len = static_cast<const char*>(nl) - start;
        line.append(start, len);
        check_length(line);
        pos_ += len + 1;
        ++line_number_;
        return true;
      }
      line.append(start, buf_.size() - pos_);
      check_length(line);
      pos_ = buf_.size();
    }
    if (eof_) {
      if (line.empty()) return false;
      ++line_number_;
      return true;
    }
    buf_.resize(1 << 16);
    const std::size_t got = in_.read(buf_.data(), buf_.size());
    buf_.resize(got);
    pos_ = 0;
    if (got == 0) eof_ = true;
  }
}

std::string read_whole_file(const std::string& path) {
  InputFile in(path);
  std::string out;
  std::size_t used = 0;
  for (;;) {
    if (out.size() - used < (1 << 16)) out.resize(used + (1 << 17) + out.size() / 2);
    const std::size_t got = in.read(out.data() + used, out.size() - used);
    if (got == 0) break;
    used += got;
  }
  out.resize(used);
  return out;
}

}  // namespace w2v
