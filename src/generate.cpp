// hdl generate shapes|text|tabular|all — write the synthetic data sets of SPEC.md.
#include <fmt/core.h>

#include "cli.hpp"
#include "hdl/core/error.hpp"
#include "hdl/generators.hpp"

namespace hdl::cli {
namespace {

struct GenerateOptions {
  std::string which;      // shapes, text, tabular or all
  int count = 0;          // per class; 0: the data set's own default (200 images, 1000 texts)
  int image_size = gen::kReferenceImageSize;
  int words = 5;
  std::size_t rows = 10000;
};

// Bounds that keep a typo from filling the disk or drawing nothing.
constexpr int kMaxCount = 1'000'000;
constexpr int kMinImageSize = 8, kMaxImageSize = 4096;
constexpr int kMaxWords = 10'000;
constexpr std::size_t kMaxRows = 100'000'000;

void validate(const GenerateOptions& options) {
  if (options.count < 0 || options.count > kMaxCount)
    throw UsageError(fmt::format("--count {} is out of range", options.count),
                     fmt::format("give a number of files per class from 1 to {}", kMaxCount));
  if (options.image_size < kMinImageSize || options.image_size > kMaxImageSize)
    throw UsageError(fmt::format("--image-size {} is out of range", options.image_size),
                     fmt::format("give a side in pixels from {} to {}", kMinImageSize, kMaxImageSize));
  if (options.words < 1 || options.words > kMaxWords)
    throw UsageError(fmt::format("--words {} is out of range", options.words),
                     fmt::format("give a number of words per text from 1 to {}", kMaxWords));
  if (options.rows < 1 || options.rows > kMaxRows)
    throw UsageError(fmt::format("--rows {} is out of range", options.rows),
                     fmt::format("give a number of rows from 1 to {}", kMaxRows));
}

nlohmann::json run_generate(const GenerateOptions& options, const GlobalOptions& globals) {
  validate(options);
  const bool all = options.which == "all";
  std::vector<gen::GeneratedSet> written;
  if (all || options.which == "shapes") {
    gen::ShapesOptions shapes;
    if (options.count > 0) shapes.count_per_class = options.count;
    shapes.image_size = options.image_size;
    shapes.seed = globals.seed;
    shapes.threads = globals.thread_count();
    written.push_back(gen::generate_shapes(globals.data_dir, shapes));
  }
  if (all || options.which == "text") {
    gen::TextOptions text;
    if (options.count > 0) text.count_per_class = options.count;
    text.words = options.words;
    text.seed = globals.seed;
    text.threads = globals.thread_count();
    written.push_back(gen::generate_text(globals.data_dir, text));
  }
  if (all || options.which == "tabular") {
    gen::TabularOptions tabular;
    tabular.rows = options.rows;
    tabular.seed = globals.seed;
    tabular.threads = globals.thread_count();
    written.push_back(gen::generate_tabular(globals.data_dir, tabular));
  }

  nlohmann::json result = nlohmann::json::array();
  double total_seconds = 0;
  for (const auto& set : written) {
    const char* unit = set.name == "shapes" ? "images" : set.name == "text" ? "texts" : "rows";
    if (globals.chatty())
      fmt::print("{:<8} {:>8} {:<6} in {:<28} {:6.2f}s\n", set.name, set.items, unit, set.path.string(), set.seconds);
    result.push_back({{"dataset", set.name},
                      {"path", set.path.string()},
                      {"files", set.files},
                      {unit, set.items},
                      {"seconds", set.seconds}});
    total_seconds += set.seconds;
  }
  if (globals.chatty() && written.size() > 1) fmt::print("{:<57}{:6.2f}s\n", "total", total_seconds);
  return {{"seed", globals.seed}, {"written", result}, {"seconds", total_seconds}};
}

}  // namespace

void setup_generate(Cli& cli) {
  auto options = std::make_shared<GenerateOptions>();
  CLI::App* generate = cli.verb("generate", "Write a synthetic data set (shapes, text, tabular or all)");
  generate->require_subcommand(1);
  generate->add_option("--count", options->count,
                       "Files per class (default: 200 images, 1000 texts)");
  generate->add_option("--image-size", options->image_size, "Side of each image in pixels")
      ->capture_default_str();
  generate->add_option("--words", options->words, "Words per text file")->capture_default_str();
  generate->add_option("--rows", options->rows, "Rows of the tabular data set")->capture_default_str();

  const std::pair<const char*, const char*> datasets[] = {
      {"shapes", "Red circles and yellow rectangles: DATA/shapes/{circles,rectangles}/*.png"},
      {"text", "Positive and negative word lists: DATA/sentiment_text/{positive,negative}/*.txt"},
      {"tabular", "Six features and a rule-made label: DATA/random_tabular/data.json"},
      {"all", "All three data sets"}};
  for (const auto& [name, description] : datasets) {
    CLI::App* sub = generate->add_subcommand(name, description);
    cli.on_run(sub, [options, &globals = cli.globals(), which = std::string(name)] {
      options->which = which;
      return run_generate(*options, globals);
    });
  }
}

}  // namespace hdl::cli
