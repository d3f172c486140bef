// Small SVG charts for the report: a loss curve and horizontal bars.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "hdl/report.hpp"

namespace hdl::report {
namespace {

constexpr int kWidth = 420, kHeight = 220;                        // loss chart, pixels
constexpr int kLeft = 48, kRight = 16, kTop = 16, kBottom = 36;  // plot margins
constexpr const char* kTrainColour = "#1f77b4";
constexpr const char* kValidColour = "#ff7f0e";

std::string polyline(const std::vector<double>& values, double y_max, const char* colour) {
  const double plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
  std::string points;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double x = kLeft + (values.size() == 1 ? plot_w / 2 : plot_w * i / (values.size() - 1));
    const double y = kTop + plot_h * (1 - values[i] / y_max);
    points += fmt::format("{:.1f},{:.1f} ", x, y);
  }
  std::string svg = fmt::format(R"(<polyline fill="none" stroke="{}" stroke-width="2" points="{}"/>)", colour, points);
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double x = kLeft + (values.size() == 1 ? plot_w / 2 : plot_w * i / (values.size() - 1));
    const double y = kTop + plot_h * (1 - values[i] / y_max);
    svg += fmt::format(R"(<circle cx="{:.1f}" cy="{:.1f}" r="3" fill="{}"/>)", x, y, colour);
  }
  return svg;
}

}  // namespace

std::string loss_curve_svg(const nlohmann::json& epochs) {
  std::vector<double> train, valid;
  for (const auto& epoch : epochs) {
    if (!epoch.is_object()) continue;
    const auto train_loss = epoch.find("train_loss"), valid_loss = epoch.find("valid_loss");
    if (train_loss == epoch.end() || valid_loss == epoch.end() || !train_loss->is_number() || !valid_loss->is_number())
      continue;
    train.push_back(train_loss->get<double>());
    valid.push_back(valid_loss->get<double>());
  }
  if (train.empty()) return {};
  double y_max = 0;
  for (double v : train) y_max = std::max(y_max, v);
  for (double v : valid) y_max = std::max(y_max, v);
  y_max = y_max > 0 ? y_max * 1.1 : 1.0;
  const double plot_h = kHeight - kTop - kBottom;

  std::string svg = fmt::format(
      R"(<svg class="chart loss-curve" xmlns="http://www.w3.org/2000/svg" width="{0}" height="{1}" viewBox="0 0 {0} {1}" role="img" aria-label="loss per epoch">)",
      kWidth, kHeight);
  // Axes, gridlines and labels.
  for (int tick = 0; tick <= 4; ++tick) {
    const double value = y_max * tick / 4, y = kTop + plot_h * (1 - static_cast<double>(tick) / 4);
    svg += fmt::format(R"(<line x1="{}" y1="{:.1f}" x2="{}" y2="{:.1f}" stroke="#e5e5e5"/>)", kLeft, y, kWidth - kRight, y);
    svg += fmt::format(R"(<text x="{}" y="{:.1f}" font-size="10" text-anchor="end" fill="#555">{:.2f}</text>)", kLeft - 6,
                       y + 3, value);
  }
  const double plot_w = kWidth - kLeft - kRight;
  for (std::size_t i = 0; i < train.size(); ++i) {
    const double x = kLeft + (train.size() == 1 ? plot_w / 2 : plot_w * i / (train.size() - 1));
    svg += fmt::format(R"(<text x="{:.1f}" y="{}" font-size="10" text-anchor="middle" fill="#555">{}</text>)", x,
                       kHeight - kBottom + 14, i);
  }
  svg += fmt::format(R"(<text x="{}" y="{}" font-size="11" text-anchor="middle" fill="#333">epoch</text>)",
                     kLeft + plot_w / 2, kHeight - 4);
  svg += polyline(train, y_max, kTrainColour);
  svg += polyline(valid, y_max, kValidColour);
  svg += fmt::format(R"(<rect x="{}" y="{}" width="10" height="10" fill="{}"/><text x="{}" y="{}" font-size="11">train_loss</text>)",
                     kWidth - 170, kTop, kTrainColour, kWidth - 156, kTop + 9);
  svg += fmt::format(R"(<rect x="{}" y="{}" width="10" height="10" fill="{}"/><text x="{}" y="{}" font-size="11">valid_loss</text>)",
                     kWidth - 85, kTop, kValidColour, kWidth - 71, kTop + 9);
  svg += "</svg>";
  return svg;
}

std::string bars_svg(const std::vector<std::pair<std::string, double>>& bars) {
  constexpr int kRow = 22, kLabel = 60, kBar = 280, kValue = 60;
  const int height = static_cast<int>(bars.size()) * kRow + 8;
  std::string svg = fmt::format(
      R"(<svg class="chart bars" xmlns="http://www.w3.org/2000/svg" width="{0}" height="{1}" viewBox="0 0 {0} {1}" role="img" aria-label="bars">)",
      kLabel + kBar + kValue, height);
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const double value = std::clamp(bars[i].second, 0.0, 1.0);
    const int y = static_cast<int>(i) * kRow + 4;
    svg += fmt::format(R"(<text x="{}" y="{}" font-size="12" text-anchor="end">{}</text>)", kLabel - 8, y + 14,
                       escape_html(bars[i].first));
    svg += fmt::format(R"(<rect x="{}" y="{}" width="{:.1f}" height="{}" fill="#1f77b4"/>)", kLabel, y + 2,
                       std::max(1.0, value * kBar), kRow - 6);
    svg += fmt::format(R"(<text x="{:.1f}" y="{}" font-size="11" fill="#333">{:.3f}</text>)", kLabel + value * kBar + 6,
                       y + 14, bars[i].second);
  }
  svg += "</svg>";
  return svg;
}

}  // namespace hdl::report
