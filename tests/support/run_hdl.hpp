#pragma once
// Test support: run the real `hdl` binary and capture what it prints; temporary folders.
#include <filesystem>
#include <string>
#include <vector>

namespace hdl::test {

namespace fs = std::filesystem;

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs `hdl args...` with `env` ("NAME=value") added to the environment.
RunResult run_hdl(const std::vector<std::string>& args, const std::vector<std::string>& env = {});

/// A fresh empty folder under the system temp folder, removed with everything in it.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }
  std::string str() const { return path_.string(); }

 private:
  fs::path path_;
};

/// The bytes of a file ("" if it cannot be read).
std::string slurp(const fs::path& file);

/// Every regular file below `dir`, relative path -> bytes, for comparing whole data sets.
std::vector<std::pair<std::string, std::string>> snapshot(const fs::path& dir);

}  // namespace hdl::test
