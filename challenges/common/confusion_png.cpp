// The confusion heat map: cells shaded by count (a white-to-blue scale, like matplotlib's
// Blues that fastai uses), the count in each cell, class names on both axes.
#include <fmt/core.h>

#include <algorithm>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "hdl/core/error.hpp"
#include "hdl/core/files.hpp"
#include "hdl/learn.hpp"

namespace hdl::learn {
namespace {

constexpr int kCell = 110;         // pixels per matrix cell
constexpr int kMargin = 24;        // around everything
constexpr int kTitleHeight = 44;   // title line
constexpr int kAxisHeight = 56;    // "predicted" and the column names
constexpr int kFooterHeight = 40;  // accuracy line
constexpr int kFont = cv::FONT_HERSHEY_SIMPLEX;
constexpr double kLabelScale = 0.6, kCountScale = 0.9, kTitleScale = 0.75;
const cv::Scalar kInk(40, 40, 40);  // BGR
const cv::Scalar kWhite(255, 255, 255);

// Blues, light to dark, in BGR.
cv::Scalar shade(double t) {
  const double light[3] = {255, 251, 247}, dark[3] = {107, 48, 8};
  return cv::Scalar(light[0] + (dark[0] - light[0]) * t, light[1] + (dark[1] - light[1]) * t,
                    light[2] + (dark[2] - light[2]) * t);
}

int text_width(const std::string& text, double scale, int thickness = 1) {
  int baseline = 0;
  return cv::getTextSize(text, kFont, scale, thickness, &baseline).width;
}

void centred(cv::Mat& image, const std::string& text, cv::Point centre, double scale, const cv::Scalar& colour,
             int thickness = 1) {
  int baseline = 0;
  const cv::Size size = cv::getTextSize(text, kFont, scale, thickness, &baseline);
  cv::putText(image, text, {centre.x - size.width / 2, centre.y + size.height / 2}, kFont, scale, colour, thickness,
              cv::LINE_AA);
}

}  // namespace

void write_confusion_png(const Confusion& confusion, const fs::path& file, const std::string& title) {
  const int n = static_cast<int>(confusion.classes.size());
  if (n == 0) throw Error("confusion: no classes to draw");
  int label_width = text_width("actual", kLabelScale);
  for (const auto& name : confusion.classes) label_width = std::max(label_width, text_width(name, kLabelScale));
  label_width += 16;

  const int grid_x = kMargin + label_width, grid_y = kMargin + kTitleHeight + kAxisHeight;
  const int width = std::max(grid_x + n * kCell + kMargin, kMargin * 2 + text_width(title, kTitleScale, 2));
  const int height = grid_y + n * kCell + kFooterHeight + kMargin;
  cv::Mat image(height, width, CV_8UC3, kWhite);

  centred(image, title, {width / 2, kMargin + kTitleHeight / 2}, kTitleScale, kInk, 2);
  centred(image, "predicted", {grid_x + n * kCell / 2, kMargin + kTitleHeight + 12}, kLabelScale, kInk);
  cv::putText(image, "actual", {kMargin, grid_y - 10}, kFont, kLabelScale, kInk, 1, cv::LINE_AA);

  std::int64_t largest = 1;
  for (const auto& row : confusion.matrix)
    for (auto count : row) largest = std::max(largest, count);

  for (int col = 0; col < n; ++col)
    centred(image, confusion.classes[col], {grid_x + col * kCell + kCell / 2, grid_y - 16}, kLabelScale, kInk);
  for (int row = 0; row < n; ++row) {
    const int y = grid_y + row * kCell;
    cv::putText(image, confusion.classes[row], {kMargin, y + kCell / 2 + 6}, kFont, kLabelScale, kInk, 1,
                cv::LINE_AA);
    for (int col = 0; col < n; ++col) {
      const int x = grid_x + col * kCell;
      const double t = static_cast<double>(confusion.matrix[row][col]) / static_cast<double>(largest);
      cv::rectangle(image, {x, y}, {x + kCell - 1, y + kCell - 1}, shade(t), cv::FILLED);
      cv::rectangle(image, {x, y}, {x + kCell - 1, y + kCell - 1}, kWhite, 1);
      centred(image, std::to_string(confusion.matrix[row][col]), {x + kCell / 2, y + kCell / 2}, kCountScale,
              t > 0.5 ? kWhite : kInk, 2);
    }
  }
  const std::string footer = fmt::format("accuracy {:.2f}% ({} of {})", 100.0 * confusion.accuracy(),
                                         confusion.correct(), confusion.total());
  centred(image, footer, {width / 2, grid_y + n * kCell + kFooterHeight / 2 + 4}, kLabelScale, kInk);

  std::vector<std::uint8_t> png;
  if (!cv::imencode(".png", image, png)) throw Error("cannot encode the confusion heat map");
  write_file_atomic(file, std::string_view(reinterpret_cast<const char*>(png.data()), png.size()));
}

}  // namespace hdl::learn
