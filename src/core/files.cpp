#include "hdl/core/files.hpp"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <system_error>

#include "hdl/core/error.hpp"

namespace hdl {
namespace {

constexpr const char* kDataHint = "check the folder exists and is writable, or choose another with --data DIR";

std::string describe(const std::error_code& error) { return error.message(); }

// Test hook: HDL_FAULT=before-rename makes replace_directory fail after the data set is
// fully staged and before it is swapped in, so the tests can prove nothing is lost.
bool fault_requested(const char* point) {
  const char* fault = std::getenv("HDL_FAULT");
  return fault != nullptr && std::strcmp(fault, point) == 0;
}

}  // namespace

fs::path temporary_sibling(const fs::path& target) {
  static std::atomic<unsigned> counter{0};
  const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
  return parent / ("." + target.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-" +
                   std::to_string(counter++));
}

void ensure_directory(const fs::path& dir) {
  std::error_code error;
  fs::create_directories(dir, error);
  if (error || !fs::is_directory(dir)) {
    const std::string reason = error ? describe(error) : "exists and is not a folder";
    throw Error("cannot create folder " + dir.string() + " (" + reason + ")", kDataHint);
  }
}

void write_file(const fs::path& path, std::string_view contents) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw Error("cannot write " + path.string() + " (" + std::strerror(errno) + ")", kDataHint);
  out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  out.close();
  if (!out) throw Error("cannot write " + path.string() + " (disk full?)", kDataHint);
}

void write_file_atomic(const fs::path& path, std::string_view contents) {
  if (path.has_parent_path()) ensure_directory(path.parent_path());
  const fs::path staging = temporary_sibling(path);
  try {
    write_file(staging, contents);
  } catch (...) {
    std::error_code ignored;
    fs::remove(staging, ignored);
    throw;
  }
  std::error_code error;
  fs::rename(staging, path, error);
  if (error) {
    std::error_code ignored;
    fs::remove(staging, ignored);
    throw Error("cannot replace " + path.string() + " (" + describe(error) + ")", kDataHint);
  }
}

std::string read_file(const fs::path& path) {
  std::error_code error;
  if (!fs::exists(path, error)) throw Error("no such file: " + path.string());
  if (fs::is_directory(path, error)) throw Error(path.string() + " is a folder, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read " + path.string() + " (" + std::strerror(errno) + ")");
  std::string contents((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw Error("cannot read " + path.string());
  return contents;
}

void replace_directory(const fs::path& target, const std::function<void(const fs::path& staging)>& fill) {
  if (target.has_parent_path()) ensure_directory(target.parent_path());
  const fs::path staging = temporary_sibling(target);
  const fs::path retired = temporary_sibling(target);
  auto remove_quietly = [](const fs::path& path) {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  };
  try {
    ensure_directory(staging);
    fill(staging);
    if (fault_requested("before-rename")) throw Error("injected fault before rename (HDL_FAULT)");
  } catch (...) {
    remove_quietly(staging);
    throw;
  }
  // Swap: old target aside, staging into place, then drop the old one. Between the two
  // renames the target is briefly missing, never half-written.
  std::error_code error;
  const bool had_old = fs::exists(target, error);
  if (had_old) {
    fs::rename(target, retired, error);
    if (error) {
      remove_quietly(staging);
      throw Error("cannot replace " + target.string() + " (" + describe(error) + ")", kDataHint);
    }
  }
  fs::rename(staging, target, error);
  if (error) {
    if (had_old) {
      std::error_code ignored;
      fs::rename(retired, target, ignored);
    }
    remove_quietly(staging);
    throw Error("cannot replace " + target.string() + " (" + describe(error) + ")", kDataHint);
  }
  if (had_old) remove_quietly(retired);
}

}  // namespace hdl
