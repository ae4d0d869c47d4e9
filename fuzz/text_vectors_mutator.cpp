// libFuzzer's custom mutator for fuzz_text_vectors: edits a word2vec text file the way files get
// damaged (a field dropped, repeated or inserted, a doubled separator, a tab, signs, nan, inf,
// 1e39, 0x1p3, 1_0 and empty fields, the header's V or D changed or a third field, lines joined,
// split or blank, CRLF, trailing blanks, rows added, dropped or repeated, a repeated word, a
// leading space, control bytes, very long fields, a cut), so that most inputs stay close enough
// to the grammar to reach the reader's row and field checks. One edit in eight is libFuzzer's
// own byte-level mutation.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

extern "C" std::size_t LLVMFuzzerMutate(std::uint8_t* data, std::size_t size, std::size_t max_size);

namespace {

// Fields that w2v or gensim read in surprising ways, or not at all.
const char* const kOddFields[] = {"nan",
                                  "-inf",
                                  "Infinity",
                                  "+inf",
                                  "1e39",
                                  "-1e39",
                                  "3.4028236e38",
                                  "3.4028235e38",
                                  "1e-50",
                                  "-1e-400",
                                  "0x1p3",
                                  "1_0",
                                  "",
                                  "1e",
                                  ".",
                                  "-",
                                  "+",
                                  "e5",
                                  "1.5.2",
                                  "\xd9\xa1",
                                  "1\xc2\xa0",
                                  "1d5",
                                  "-0",
                                  "1.",
                                  ".5",
                                  "+.5",
                                  "1E+05",
                                  "nan(1)",
                                  "1\t",
                                  "\t1",
                                  "1\r",
                                  "1\x0b",
                                  "--1",
                                  "+-1",
                                  "-+1",
                                  "007",
                                  "1e0_1",
                                  "0.5"};
const char* const kOddBytes[] = {"\0",   "\x01", "\x1b", "\x7f", "\x1c",
                                 "\x85", "\xa0", "\xff", "\r"};

class Editor {
 public:
  explicit Editor(unsigned seed) : rng_(seed) {}

  std::size_t pick(std::size_t n) { return n == 0 ? 0 : rng_() % n; }
  bool chance(int one_in) { return rng_() % one_in == 0; }

  std::string number() {
    char buf[64];
    std::uniform_real_distribution<double> unit(-1.0, 1.0);
    const double v = unit(rng_) * std::pow(10.0, static_cast<int>(pick(12)) - 6);
    static const char* const kFormats[] = {"%g", "%f", "%.9g",  "%.17g",
                                           "%e", "%E", "%+.3f", "%.0f"};
    std::snprintf(buf, sizeof buf, kFormats[pick(8)], v);
    return buf;
  }

  std::string odd_field() {
    const std::size_t n = sizeof kOddFields / sizeof kOddFields[0];
    return kOddFields[pick(n)];
  }

  // One edit of the file's lines (each without its '\n'; final_newline says whether the last
  // line had one). Returns false if the edit did not apply.
  bool edit(std::vector<std::string>& lines, bool& final_newline) {
    if (lines.empty()) lines.emplace_back();
    const std::size_t row = lines.size() > 1 ? 1 + pick(lines.size() - 1) : 0;
    std::string& line = lines[row];
    std::vector<std::size_t> spaces;
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (line[i] == ' ') spaces.push_back(i);
    }
    // The span of field k (0 = the word): [start, end).
    auto field = [&](std::size_t k, std::size_t& start, std::size_t& end) {
      start = k == 0 ? 0 : spaces[k - 1] + 1;
      end = k < spaces.size() ? spaces[k] : line.size();
    };
    std::size_t start = 0, end = 0;
    switch (pick(24)) {
      case 0:  // drop a field with its separator
        if (spaces.empty()) return false;
        field(1 + pick(spaces.size()), start, end);
        line.erase(start - 1, end - start + 1);
        return true;
      case 1:  // repeat a field
        if (spaces.empty()) return false;
        field(1 + pick(spaces.size()), start, end);
        line.insert(end, " " + line.substr(start, end - start));
        return true;
      case 2:  // insert a field
        line.insert(spaces.empty() ? line.size() : spaces[pick(spaces.size())],
                    " " + (chance(2) ? number() : odd_field()));
        return true;
      case 3:  // double a separator
        if (spaces.empty()) return false;
        line.insert(spaces[pick(spaces.size())], chance(2) ? " " : "  ");
        return true;
      case 4:  // a tab for (or beside) a separator
        if (spaces.empty()) return false;
        start = spaces[pick(spaces.size())];
        line.replace(start, 1, chance(2) ? "\t" : (chance(2) ? " \t" : "\t "));
        return true;
      case 5:  // a sign before a field
        if (spaces.empty()) return false;
        line.insert(spaces[pick(spaces.size())] + 1, chance(2) ? "+" : (chance(2) ? "-" : "+-"));
        return true;
      case 6:  // an odd field for a number
        if (spaces.empty()) return false;
        field(1 + pick(spaces.size()), start, end);
        line.replace(start, end - start, odd_field());
        return true;
      case 7: {  // the header: V or D changed, or another field
        std::string& header = lines[0];
        const std::size_t sp = header.find(' ');
        static const char* const kValues[] = {"0", "1", "2", "3", "7", "70000", "+2", "1_0", "-1"};
        const std::string value = kValues[pick(9)];
        if (chance(4) || sp == std::string::npos) {
          header += " " + value;
        } else if (chance(2)) {
          header.replace(0, sp, value);
        } else {
          header.replace(sp + 1, std::string::npos, value);
        }
        return true;
      }
      case 8:  // join a line with the next
        if (row + 1 >= lines.size()) return false;
        line += (chance(2) ? " " : "") + lines[row + 1];
        lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(row) + 1);
        return true;
      case 9:  // split a line at a separator
        if (spaces.empty()) return false;
        start = spaces[pick(spaces.size())];
        lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(row) + 1, line.substr(start + 1));
        lines[row].resize(start);
        return true;
      case 10:  // CRLF
        for (std::string& l : lines) l += "\r";
        return true;
      case 11: {  // blanks at the end of a line
        static const char* const kTails[] = {" ", "  ", "\t", " \t\r", "\x0b\x0c", "\r"};
        line += chance(8) ? std::string(60 + pick(200), ' ') : kTails[pick(6)];
        return true;
      }
      case 12:  // a blank line
        lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(pick(lines.size() + 1)),
                     chance(2) ? "" : " \t");
        return true;
      case 13: {  // an extra row: a copy of this one under a new word
        std::string copy = line;
        copy.insert(0, "x" + std::to_string(pick(1000)));
        lines.push_back(copy);
        return true;
      }
      case 14:  // drop a row
        if (lines.size() < 2) return false;
        lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(row));
        return true;
      case 15:  // repeat a row
        lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(row), line);
        return true;
      case 16: {  // another row's word
        if (lines.size() < 3) return false;
        const std::string& other = lines[1 + pick(lines.size() - 1)];
        field(0, start, end);
        line.replace(0, end, other.substr(0, other.find(' ')));
        return true;
      }
      case 17:  // a leading blank
        line.insert(0, chance(2) ? " " : "\t");
        return true;
      case 18: {  // a control or odd byte
        const std::size_t n = sizeof kOddBytes / sizeof kOddBytes[0];
        line.insert(pick(line.size() + 1), std::string(kOddBytes[pick(n)], 1));
        return true;
      }
      case 19:  // a very long field or word
        if (spaces.empty() || chance(3)) {
          field(0, start, end);
          line.replace(0, end, std::string(4090 + pick(12), 'w'));
        } else {
          field(1 + pick(spaces.size()), start, end);
          line.replace(start, end - start, "1" + std::string(60 + pick(40), '0'));
        }
        return true;
      case 20:  // one number left
        if (spaces.size() < 2) return false;
        line.resize(spaces[1]);
        return true;
      case 21:  // the word alone
        if (spaces.empty()) return false;
        line.resize(spaces[0]);
        return true;
      case 22:  // a number in another style
        if (spaces.empty()) return false;
        field(1 + pick(spaces.size()), start, end);
        line.replace(start, end - start, number());
        return true;
      default:  // the newline at the end
        final_newline = !final_newline;
        return true;
    }
  }

 private:
  std::minstd_rand rng_;
};

}  // namespace

extern "C" std::size_t LLVMFuzzerCustomMutator(std::uint8_t* data, std::size_t size,
                                               std::size_t max_size, unsigned int seed) {
  Editor editor(seed);
  if (editor.chance(8) || size == 0) return LLVMFuzzerMutate(data, size, max_size);
  std::vector<std::string> lines;
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::size_t at = 0;
  for (std::size_t nl; (nl = text.find('\n', at)) != std::string::npos; at = nl + 1) {
    lines.push_back(text.substr(at, nl - at));
  }
  bool final_newline = at == text.size();
  if (!final_newline) lines.push_back(text.substr(at));
  const int n_edits = 1 + static_cast<int>(editor.pick(3));
  for (int i = 0; i < n_edits; ++i) editor.edit(lines, final_newline);
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    out += lines[i];
    if (i + 1 < lines.size() || final_newline) out += '\n';
  }
  if (out.size() > max_size) return LLVMFuzzerMutate(data, size, max_size);
  std::memcpy(data, out.data(), out.size());
  return out.size();
}
