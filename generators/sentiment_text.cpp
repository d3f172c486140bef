// sentiment text: files of positive or negative words, as the original sentiment_text.py.
#include <fmt/core.h>

#include <chrono>

#include "hdl/core/files.hpp"
#include "hdl/core/parallel.hpp"
#include "hdl/generators.hpp"

namespace hdl::gen {

const std::vector<std::string>& positive_words() {
  static const std::vector<std::string> words{
      "great",    "excellent", "good",     "fantastic",   "nice",      "happy",     "superb",
      "awesome",  "pleasing",  "delightful", "cherubic", "spectacular", "wonderful", "pleasant"};
  return words;
}

const std::vector<std::string>& negative_words() {
  // "appauling" is spelled as in the original.
  static const std::vector<std::string> words{
      "terrible",   "horrible",   "awful",     "atrocious", "bad",  "horrendous", "heinous",   "distressing",
      "baleful",    "nauseating", "terrifying", "stupid",   "dumb", "appauling",  "stupefying"};
  return words;
}

std::string sentiment_text(const std::vector<std::string>& vocabulary, bool positive, int words,
                           std::uint64_t seed, std::size_t index) {
  Rng rng(derive_seed(seed, positive ? Stream::kPositiveText : Stream::kNegativeText, index));
  std::string text;
  for (int w = 0; w < words; ++w) {
    if (w > 0) text += ' ';
    text += vocabulary[rng.uniform_index(vocabulary.size())];
  }
  return text;
}

GeneratedSet generate_text(const fs::path& data_dir, const TextOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const fs::path target = data_dir / kTextFolder;
  const auto count = static_cast<std::size_t>(options.count_per_class);
  replace_directory(target, [&](const fs::path& staging) {
    ensure_directory(staging / "positive");
    ensure_directory(staging / "negative");
    parallel_for(2 * count, options.threads, [&](std::size_t item) {
      const bool positive = item < count;
      const std::size_t index = positive ? item : item - count;
      const auto& vocabulary = positive ? positive_words() : negative_words();
      const fs::path file = staging / (positive ? "positive" : "negative") / fmt::format("{}.txt", index);
      write_file(file, sentiment_text(vocabulary, positive, options.words, options.seed, index));
    });
  });
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return {"text", target, 2 * count, 2 * count, seconds};
}

}  // namespace hdl::gen
