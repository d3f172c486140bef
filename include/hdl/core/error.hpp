#pragma once
// Errors that reach the user. Each carries one line of what went wrong and one hint of
// what to do next; main() prints them as `hdl: error: <what>: <hint>` and maps the kind
// to an exit code.
#include <stdexcept>
#include <string>

namespace hdl {

/// Exit codes of the `hdl` binary.
enum ExitCode : int { kExitOk = 0, kExitRuntime = 1, kExitUsage = 2 };

/// A runtime failure: missing or corrupt data or model, an unwritable folder (exit 1).
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& what, std::string hint = {})
      : std::runtime_error(what), hint_(std::move(hint)) {}
  const std::string& hint() const { return hint_; }
  /// `what: hint`, or just `what` when there is no hint.
  std::string message() const;

 private:
  std::string hint_;
};

/// The command line itself is wrong: an unknown feature, a value out of range (exit 2).
class UsageError : public Error {
 public:
  using Error::Error;
};

}  // namespace hdl
