// shapes: red circles and yellow rectangles on black, as the original shape_images.py.
#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "hdl/core/error.hpp"
#include "hdl/core/files.hpp"
#include "hdl/core/parallel.hpp"
#include "hdl/generators.hpp"

namespace hdl::gen {
namespace {

using Rgb = std::array<std::uint8_t, 3>;
constexpr Rgb kRed{255, 0, 0};
constexpr Rgb kYellow{0xff, 0xff, 0x33};  // #ffff33

// Ranges of SPEC.md, in reference coordinates, both ends inclusive.
constexpr int kCircleCentreMin = 150, kCircleCentreMax = 350;
constexpr int kCircleRadiusMin = 10, kCircleRadiusMax = 100;
constexpr int kRectCornerMin = 0, kRectCornerMax = 350;
constexpr int kRectSideMin = 50, kRectSideMax = 150;

RgbImage blank(int size) {
  RgbImage image;
  image.size = size;
  image.pixels.assign(static_cast<std::size_t>(size) * size * 3, 0);
  return image;
}

void put(RgbImage& image, int x, int y, const Rgb& colour) {
  if (x < 0 || y < 0 || x >= image.size || y >= image.size) return;  // clipped by the canvas
  auto* pixel = &image.pixels[(static_cast<std::size_t>(y) * image.size + x) * 3];
  std::copy(colour.begin(), colour.end(), pixel);
}

double scale_of(int image_size) { return static_cast<double>(image_size) / kReferenceImageSize; }
int scaled(int reference, double scale) { return static_cast<int>(std::lround(reference * scale)); }

}  // namespace

std::array<std::uint8_t, 3> RgbImage::at(int x, int y) const {
  const auto* pixel = &pixels[(static_cast<std::size_t>(y) * size + x) * 3];
  return {pixel[0], pixel[1], pixel[2]};
}

Circle circle_spec(std::uint64_t seed, std::size_t index) {
  Rng rng(derive_seed(seed, Stream::kCircles, index));
  Circle circle;
  circle.x = static_cast<int>(rng.uniform_int(kCircleCentreMin, kCircleCentreMax));
  circle.y = static_cast<int>(rng.uniform_int(kCircleCentreMin, kCircleCentreMax));
  circle.r = static_cast<int>(rng.uniform_int(kCircleRadiusMin, kCircleRadiusMax));
  return circle;
}

Rectangle rectangle_spec(std::uint64_t seed, std::size_t index) {
  Rng rng(derive_seed(seed, Stream::kRectangles, index));
  Rectangle rectangle;
  rectangle.x = static_cast<int>(rng.uniform_int(kRectCornerMin, kRectCornerMax));
  rectangle.y = static_cast<int>(rng.uniform_int(kRectCornerMin, kRectCornerMax));
  rectangle.w = static_cast<int>(rng.uniform_int(kRectSideMin, kRectSideMax));
  rectangle.h = static_cast<int>(rng.uniform_int(kRectSideMin, kRectSideMax));
  return rectangle;
}

RgbImage render_circle(const Circle& circle, int image_size) {
  RgbImage image = blank(image_size);
  const double scale = scale_of(image_size);
  const double cx = circle.x * scale, cy = circle.y * scale, r = circle.r * scale;
  // A pixel is inside when its centre (integer coordinates) lies within the radius.
  const int x0 = static_cast<int>(std::floor(cx - r)), x1 = static_cast<int>(std::ceil(cx + r));
  const int y0 = static_cast<int>(std::floor(cy - r)), y1 = static_cast<int>(std::ceil(cy + r));
  for (int y = y0; y <= y1; ++y)
    for (int x = x0; x <= x1; ++x)
      if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r) put(image, x, y, kRed);
  return image;
}

RgbImage render_rectangle(const Rectangle& rectangle, int image_size) {
  RgbImage image = blank(image_size);
  const double scale = scale_of(image_size);
  const int x0 = scaled(rectangle.x, scale), x1 = scaled(rectangle.x + rectangle.w, scale);
  const int y0 = scaled(rectangle.y, scale), y1 = scaled(rectangle.y + rectangle.h, scale);
  for (int y = y0; y <= y1; ++y)
    for (int x = x0; x <= x1; ++x) {
      const bool border = x == x0 || x == x1 || y == y0 || y == y1;
      put(image, x, y, border ? kRed : kYellow);
    }
  return image;
}

GeneratedSet generate_shapes(const fs::path& data_dir, const ShapesOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const fs::path target = data_dir / kShapesFolder;
  const auto count = static_cast<std::size_t>(options.count_per_class);
  replace_directory(target, [&](const fs::path& staging) {
    ensure_directory(staging / "circles");
    ensure_directory(staging / "rectangles");
    // Items 0..count-1 are circles, count..2*count-1 rectangles; each is independent.
    parallel_for(2 * count, options.threads, [&](std::size_t item) {
      const bool is_circle = item < count;
      const std::size_t index = is_circle ? item : item - count;
      const RgbImage image = is_circle ? render_circle(circle_spec(options.seed, index), options.image_size)
                                       : render_rectangle(rectangle_spec(options.seed, index), options.image_size);
      const fs::path file = is_circle ? staging / "circles" / fmt::format("circle_{}.png", index)
                                      : staging / "rectangles" / fmt::format("rectangle_{}.png", index);
      write_file(file, encode_png(image));
    });
  });
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return {"shapes", target, 2 * count, 2 * count, seconds};
}

}  // namespace hdl::gen
