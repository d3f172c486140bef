#pragma once
// The three perfect synthetic data sets of SPEC.md: shapes (PNG images), sentiment text, and
// random tabular rows whose label follows fixed rules. Every item is drawn from its own
// generator seeded by (run seed, stream, index), so the bytes never depend on thread count.
#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "hdl/core/random.hpp"

namespace hdl::gen {

namespace fs = std::filesystem;

// ---- shapes ---------------------------------------------------------------------------

/// Geometry is drawn on the original 500×500 canvas; other --image-size values scale it.
constexpr int kReferenceImageSize = 500;

struct ShapesOptions {
  int count_per_class = 200;
  int image_size = kReferenceImageSize;
  std::uint64_t seed = 42;
  int threads = 0;  // 0: every core
};

/// A filled red circle, in reference (500-pixel) coordinates.
struct Circle {
  int x = 0, y = 0, r = 0;
};

/// A yellow rectangle with a 1-pixel red outline from (x, y) to (x+w, y+h) inclusive, in
/// reference coordinates.
struct Rectangle {
  int x = 0, y = 0, w = 0, h = 0;
};

Circle circle_spec(std::uint64_t seed, std::size_t index);
Rectangle rectangle_spec(std::uint64_t seed, std::size_t index);

/// RGB pixels, row-major, `size`×`size`×3.
struct RgbImage {
  int size = 0;
  std::vector<std::uint8_t> pixels;
  std::array<std::uint8_t, 3> at(int x, int y) const;
};

RgbImage render_circle(const Circle& circle, int image_size);
RgbImage render_rectangle(const Rectangle& rectangle, int image_size);

/// PNG bytes of an RGB image (deterministic for the same pixels).
std::string encode_png(const RgbImage& image);

/// A zlib stream of `data` that codes runs of equal bytes (what encode_png uses); any zlib
/// inflater decodes it. Fast on data made of long runs, valid for any data.
std::string zlib_compress_runs(const std::vector<std::uint8_t>& data);

// ---- sentiment text -------------------------------------------------------------------

struct TextOptions {
  int count_per_class = 1000;
  int words = 5;
  std::uint64_t seed = 42;
  int threads = 0;
};

const std::vector<std::string>& positive_words();
const std::vector<std::string>& negative_words();

/// The text of file `index` of a class: `words` words drawn uniformly with replacement from
/// `vocabulary`, joined by single spaces, no trailing newline.
std::string sentiment_text(const std::vector<std::string>& vocabulary, bool positive, int words,
                           std::uint64_t seed, std::size_t index);

// ---- random tabular -------------------------------------------------------------------

constexpr std::size_t kTabularFeatures = 6;
/// Feature names, in column order.
const std::array<std::string, kTabularFeatures>& tabular_feature_names();

struct TabularOptions {
  std::size_t rows = 10000;
  std::uint64_t seed = 42;
  int threads = 0;
};

struct TabularRow {
  std::array<int, kTabularFeatures> features{};
  int y = 0;
};

/// The generator's rules (SPEC.md): the label of the first rule that holds, else 0.
/// Takes real values so a model can be checked anywhere in feature space.
int tabular_label(const std::array<double, kTabularFeatures>& features);

/// The rules in words, one per label 1..6 then the default, as SPEC.md writes them.
const std::vector<std::string>& tabular_rules_text();

/// Row `index` of a data set: features uniform integers in [0, 100], y by the rules.
TabularRow tabular_row(std::uint64_t seed, std::size_t index, Stream stream = Stream::kTabularRows);

/// The JSON text of a data set: an array with one object per line.
std::string tabular_json(const std::vector<TabularRow>& rows);

// ---- writing data sets ----------------------------------------------------------------

/// What one data set write produced.
struct GeneratedSet {
  std::string name;   // "shapes", "text", "tabular"
  fs::path path;      // the folder written
  std::size_t files = 0;
  std::size_t items = 0;  // images, texts or rows
  double seconds = 0;
};

/// Folder names under DATA, as the original project lays them out.
constexpr const char* kShapesFolder = "shapes";
constexpr const char* kTextFolder = "sentiment_text";
constexpr const char* kTabularFolder = "random_tabular";

/// Each writes its data set under `data_dir` atomically (temporary sibling, then rename).
GeneratedSet generate_shapes(const fs::path& data_dir, const ShapesOptions& options);
GeneratedSet generate_text(const fs::path& data_dir, const TextOptions& options);
GeneratedSet generate_tabular(const fs::path& data_dir, const TabularOptions& options);

}  // namespace hdl::gen
