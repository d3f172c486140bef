#include <fmt/core.h>

#include <cmath>

#include "hdl/learn.hpp"

namespace hdl::learn {

nlohmann::json to_json(const EpochStats& stats) {
  return {{"epoch", stats.epoch},
          {"train_loss", stats.train_loss},
          {"valid_loss", stats.valid_loss},
          {"accuracy", stats.accuracy},
          {"seconds", stats.seconds}};
}

void EpochTable::row(const EpochStats& stats) {
  if (!enabled_) return;
  if (!header_printed_) {
    fmt::print("{:<6}  {:<10}  {:<10}  {:<8}  {}\n", "epoch", "train_loss", "valid_loss", "accuracy", "time");
    header_printed_ = true;
  }
  // fastai shows mm:ss; a fast epoch would read 00:00, so keep tenths below a minute.
  const std::string time = stats.seconds < 60
                               ? fmt::format("{:.1f}s", stats.seconds)
                               : fmt::format("{:02d}:{:02d}", static_cast<int>(stats.seconds) / 60,
                                             static_cast<int>(stats.seconds) % 60);
  fmt::print("{:<6}  {:<10.6f}  {:<10.6f}  {:<8.6f}  {}\n", stats.epoch, stats.train_loss, stats.valid_loss,
             stats.accuracy, time);
  std::fflush(stdout);
}

}  // namespace hdl::learn
