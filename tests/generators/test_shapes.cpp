#include <catch2/catch.hpp>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <zlib.h>

#include "hdl/generators.hpp"
#include "support/run_hdl.hpp"

namespace fs = std::filesystem;
using hdl::test::TempDir;

namespace {

using Rgb = std::array<std::uint8_t, 3>;
constexpr Rgb kRed{255, 0, 0}, kYellow{255, 255, 51}, kBlack{0, 0, 0};

// Reads a PNG through OpenCV (an independent decoder) and returns pixel (x, y) as RGB.
Rgb pixel_of(const cv::Mat& bgr, int x, int y) {
  const auto& p = bgr.at<cv::Vec3b>(y, x);
  return {p[2], p[1], p[0]};
}

cv::Mat read_png(const fs::path& file) {
  cv::Mat image = cv::imread(file.string(), cv::IMREAD_COLOR);
  REQUIRE_FALSE(image.empty());
  return image;
}

hdl::gen::ShapesOptions small_set(int count, int size) {
  hdl::gen::ShapesOptions options;
  options.count_per_class = count;
  options.image_size = size;
  options.seed = 42;
  options.threads = 2;
  return options;
}

}  // namespace

TEST_CASE("shapes: counts and file names and image size", "[generators][shapes]") {
  TempDir dir;
  const auto written = hdl::gen::generate_shapes(dir.path(), small_set(3, 64));
  REQUIRE(written.items == 6);
  for (int i = 0; i < 3; ++i) {
    REQUIRE(fs::is_regular_file(dir.path() / "shapes/circles" / ("circle_" + std::to_string(i) + ".png")));
    REQUIRE(fs::is_regular_file(dir.path() / "shapes/rectangles" / ("rectangle_" + std::to_string(i) + ".png")));
  }
  REQUIRE_FALSE(fs::exists(dir.path() / "shapes/circles/circle_3.png"));
  const cv::Mat image = read_png(dir.path() / "shapes/circles/circle_0.png");
  REQUIRE(image.cols == 64);
  REQUIRE(image.rows == 64);
  REQUIRE(image.channels() == 3);
}

TEST_CASE("shapes: a circle is pure red inside and black outside", "[generators][shapes]") {
  TempDir dir;
  hdl::gen::generate_shapes(dir.path(), small_set(5, 500));
  for (int i = 0; i < 5; ++i) {
    const auto circle = hdl::gen::circle_spec(42, i);
    REQUIRE(circle.x >= 150);
    REQUIRE(circle.x <= 350);
    REQUIRE(circle.r >= 10);
    REQUIRE(circle.r <= 100);
    const cv::Mat image = read_png(dir.path() / "shapes/circles" / ("circle_" + std::to_string(i) + ".png"));
    REQUIRE(pixel_of(image, circle.x, circle.y) == kRed);
    REQUIRE(pixel_of(image, circle.x + circle.r - 1, circle.y) == kRed);
    REQUIRE(pixel_of(image, circle.x + circle.r + 1, circle.y) == kBlack);
    // The bounding-box corner is outside a circle.
    REQUIRE(pixel_of(image, circle.x - circle.r + 1, circle.y - circle.r + 1) == kBlack);
    REQUIRE(pixel_of(image, 0, 0) == kBlack);
  }
}

TEST_CASE("shapes: a rectangle is #ffff33 inside with a red 1-pixel border", "[generators][shapes]") {
  TempDir dir;
  hdl::gen::generate_shapes(dir.path(), small_set(5, 500));
  for (int i = 0; i < 5; ++i) {
    const auto rect = hdl::gen::rectangle_spec(42, i);
    REQUIRE(rect.w >= 50);
    REQUIRE(rect.w <= 150);
    const cv::Mat image = read_png(dir.path() / "shapes/rectangles" / ("rectangle_" + std::to_string(i) + ".png"));
    REQUIRE(pixel_of(image, rect.x, rect.y) == kRed);  // top-left corner is on the border
    REQUIRE(pixel_of(image, rect.x + 1, rect.y + 1) == kYellow);
    REQUIRE(pixel_of(image, rect.x + rect.w / 2, rect.y + 1) == kYellow);
    if (rect.x + rect.w < 500) REQUIRE(pixel_of(image, rect.x + rect.w, rect.y + 1) == kRed);
    if (rect.x + rect.w + 1 < 500) REQUIRE(pixel_of(image, rect.x + rect.w + 1, rect.y + 1) == kBlack);
    if (rect.x > 0) REQUIRE(pixel_of(image, rect.x - 1, rect.y + 1) == kBlack);
  }
}

TEST_CASE("shapes: a rectangle running off the canvas is clipped and not wrapped", "[generators][shapes]") {
  const hdl::gen::Rectangle edge{/*x=*/350, /*y=*/350, /*w=*/150, /*h=*/150};
  const auto image = hdl::gen::render_rectangle(edge, 500);
  // The box runs to (500, 500), one past the canvas: the left and top borders show, the
  // right and bottom ones are cut off.
  REQUIRE(image.at(350, 420) == kRed);
  REQUIRE(image.at(420, 350) == kRed);
  REQUIRE(image.at(499, 499) == kYellow);
  REQUIRE(image.at(420, 420) == kYellow);
  REQUIRE(image.at(0, 351) == kBlack);  // nothing wrapped to the next row
}

TEST_CASE("shapes: smaller images scale the geometry", "[generators][shapes]") {
  const hdl::gen::Circle circle{/*x=*/250, /*y=*/250, /*r=*/100};
  const auto image = hdl::gen::render_circle(circle, 50);  // scale 1/10
  REQUIRE(image.at(25, 25) == kRed);
  REQUIRE(image.at(34, 25) == kRed);
  REQUIRE(image.at(36, 25) == kBlack);
}

TEST_CASE("shapes: our PNG encoder round-trips through OpenCV's decoder", "[generators][shapes]") {
  TempDir dir;
  const auto image = hdl::gen::render_rectangle(hdl::gen::rectangle_spec(3, 9), 97);  // odd size
  const fs::path file = dir.path() / "r.png";
  {
    std::ofstream out(file, std::ios::binary);
    const std::string png = hdl::gen::encode_png(image);
    out.write(png.data(), static_cast<std::streamsize>(png.size()));
  }
  const cv::Mat decoded = read_png(file);
  REQUIRE(decoded.cols == 97);
  for (int y = 0; y < 97; ++y)
    for (int x = 0; x < 97; ++x) REQUIRE(pixel_of(decoded, x, y) == image.at(x, y));
}

TEST_CASE("shapes: the same seed gives identical bytes whatever the thread count", "[generators][shapes][determinism]") {
  TempDir one, two, other;
  auto options = small_set(4, 64);
  options.threads = 1;
  hdl::gen::generate_shapes(one.path(), options);
  options.threads = 2;
  hdl::gen::generate_shapes(two.path(), options);
  options.seed = 43;
  hdl::gen::generate_shapes(other.path(), options);
  REQUIRE(hdl::test::snapshot(one.path()) == hdl::test::snapshot(two.path()));
  REQUIRE(hdl::test::snapshot(one.path()) != hdl::test::snapshot(other.path()));
}

TEST_CASE("shapes: the run-coding deflate is inflated exactly by zlib", "[generators][shapes]") {
  // Runs of every length around the match limits, and random bytes that use every literal code.
  std::vector<std::uint8_t> data;
  for (std::size_t length : {1, 2, 3, 4, 10, 257, 258, 259, 260, 261, 516, 517, 518, 1000, 70000})
    data.insert(data.end(), length, static_cast<std::uint8_t>(length % 256));
  hdl::Rng rng(5);
  for (int i = 0; i < 5000; ++i) data.push_back(static_cast<std::uint8_t>(rng.next()));
  const std::string compressed = hdl::gen::zlib_compress_runs(data);
  std::vector<std::uint8_t> inflated(data.size() + 16);
  uLongf inflated_size = inflated.size();
  REQUIRE(uncompress(inflated.data(), &inflated_size, reinterpret_cast<const Bytef*>(compressed.data()),
                     compressed.size()) == Z_OK);  // also checks the Adler-32
  inflated.resize(inflated_size);
  REQUIRE(inflated == data);
  REQUIRE(compressed.size() < data.size() / 4);
}
