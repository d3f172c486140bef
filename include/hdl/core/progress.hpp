#pragma once
// A one-line progress bar on stderr, drawn only when stderr is a terminal (as fastai's is),
// so logs and pipes stay clean.
#include <chrono>
#include <cstddef>
#include <string>

namespace hdl {

/// True when stderr is an interactive terminal.
bool stderr_is_terminal();

class ProgressBar {
 public:
  /// `enabled` false makes every call a no-op (for --quiet, --json, or a non-terminal).
  ProgressBar(std::string label, std::size_t total, bool enabled);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  /// Shows `done` of `total`, with an optional note such as the running loss.
  void update(std::size_t done, const std::string& note = {});
  /// Clears the line.
  void finish();

 private:
  std::string label_;
  std::size_t total_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace hdl
