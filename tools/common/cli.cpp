#include "common/cli.h"

#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <new>

#include "core/error.h"

namespace w2v::cli {

Command::Command(std::string name, std::string synopsis, std::string summary)
    : name_(std::move(name)),
      synopsis_(std::move(synopsis)),
      summary_(std::move(summary)),
      options_("Options"),
      hidden_("Hidden") {
  options_.add_options()("help,h", "show this help and exit")("version",
                                                              "show the version and exit");
}

void Command::positional(const char* name, int max_count, const po::value_semantic* semantic) {
  hidden_.add_options()(name, semantic);
  positional_.add(name, max_count);
}

bool Command::parse(int argc, char** argv) {
  po::options_description all;
  all.add(options_).add(hidden_);
  try {
    po::store(
        po::command_line_parser(argc, argv)
            .options(all)
            .positional(positional_)
            .style(po::command_line_style::default_style & ~po::command_line_style::allow_guessing)
            .run(),
        vm_);
    if (vm_.count("help")) {
      std::cout << "Usage: " << name_ << " " << synopsis_ << "\n\n"
                << summary_ << "\n\n"
                << options_ << "\nExit status: 0 success, 1 failure, 2 usage error.\n";
      return false;
    }
    if (vm_.count("version")) {
      std::cout << name_ << " (w2v) 0.1.0\n";
      return false;
    }
    po::notify(vm_);
  } catch (const po::error& e) {
    throw UsageError(std::string(e.what()) + " (see " + name_ + " --help)");
  }
  return true;
}

int run(const std::string& name, const std::function<int()>& body) {
  try {
    return body();
  } catch (const UsageError& e) {
    std::cerr << name << ": " << printable(e.what()) << "\n";
    return kExitUsage;
  } catch (const Error& e) {
    std::cerr << name << ": " << printable(e.what()) << "\n";
    return kExitFailure;
  } catch (const std::bad_alloc&) {
    std::cerr << name << ": out of memory\n";
    return kExitFailure;
  } catch (const std::exception& e) {
    std::cerr << name << ": " << printable(e.what()) << "\n";
    return kExitFailure;
  }
}

void write_stdout(const std::string& s) {
  if (s.empty()) return;
  if (std::fwrite(s.data(), 1, s.size(), stdout) != s.size() || std::fflush(stdout) != 0) {
    throw IoError(errno_message("<stdout>", "write"));
  }
}

std::string with_commas(unsigned long long n) {
  std::string digits = std::to_string(n);
  std::string out;
  const int len = static_cast<int>(digits.size());
  for (int i = 0; i < len; ++i) {
    if (i > 0 && (len - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

bool stderr_is_tty() { return ::isatty(STDERR_FILENO) == 1; }
bool stdin_is_tty() { return ::isatty(STDIN_FILENO) == 1; }

}  // namespace w2v::cli
