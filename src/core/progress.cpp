#include "hdl/core/progress.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <cstdio>

namespace hdl {

bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }

ProgressBar::ProgressBar(std::string label, std::size_t total, bool enabled)
    : label_(std::move(label)), total_(total), enabled_(enabled), start_(std::chrono::steady_clock::now()) {}

ProgressBar::~ProgressBar() { finish(); }

void ProgressBar::update(std::size_t done, const std::string& note) {
  if (!enabled_ || total_ == 0) return;
  constexpr int kWidth = 30;  // characters of bar
  const double fraction = static_cast<double>(done) / static_cast<double>(total_);
  const int filled = static_cast<int>(fraction * kWidth + 0.5);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  fmt::print(stderr, "\r{} |{}{}| {:3.0f}% [{}/{} {:.1f}s] {}\x1b[K", label_, std::string(filled, '#'),
             std::string(kWidth - filled, '-'), fraction * 100.0, done, total_, seconds, note);
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::finish() {
  if (!drawn_) return;
  fmt::print(stderr, "\r\x1b[K");
  std::fflush(stderr);
  drawn_ = false;
}

}  // namespace hdl
