#include <catch2/catch.hpp>
#include <set>
#include <sstream>

#include "hdl/generators.hpp"
#include "support/run_hdl.hpp"

namespace fs = std::filesystem;
using hdl::test::slurp;
using hdl::test::TempDir;

namespace {
std::vector<std::string> split_spaces(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    if (c == ' ') {
      words.push_back(word);
      word.clear();
    } else {
      word += c;
    }
  }
  words.push_back(word);
  return words;
}
}  // namespace

TEST_CASE("text: word lists are the original ones", "[generators][text]") {
  REQUIRE(hdl::gen::positive_words().size() == 14);
  REQUIRE(hdl::gen::negative_words().size() == 15);
  REQUIRE(hdl::gen::negative_words()[13] == "appauling");
}

TEST_CASE("text: each file holds 5 words of its class's list joined by single spaces", "[generators][text]") {
  TempDir dir;
  hdl::gen::TextOptions options;
  options.count_per_class = 50;
  options.threads = 2;
  const auto written = hdl::gen::generate_text(dir.path(), options);
  REQUIRE(written.items == 100);
  const std::set<std::string> positive(hdl::gen::positive_words().begin(), hdl::gen::positive_words().end());
  const std::set<std::string> negative(hdl::gen::negative_words().begin(), hdl::gen::negative_words().end());
  std::set<std::string> positive_seen;
  for (int i = 0; i < 50; ++i) {
    const auto pos_text = slurp(dir.path() / "sentiment_text/positive" / (std::to_string(i) + ".txt"));
    const auto neg_text = slurp(dir.path() / "sentiment_text/negative" / (std::to_string(i) + ".txt"));
    const auto pos_words = split_spaces(pos_text);
    const auto neg_words = split_spaces(neg_text);
    REQUIRE(pos_words.size() == 5);
    REQUIRE(neg_words.size() == 5);
    for (const auto& w : pos_words) REQUIRE(positive.count(w) == 1);
    for (const auto& w : neg_words) REQUIRE(negative.count(w) == 1);
    positive_seen.insert(pos_words.begin(), pos_words.end());
  }
  REQUIRE_FALSE(fs::exists(dir.path() / "sentiment_text/positive/50.txt"));
  REQUIRE(positive_seen.size() == positive.size());  // 250 draws reach all 14 words
}

TEST_CASE("text: --words sets the length", "[generators][text]") {
  const auto text = hdl::gen::sentiment_text(hdl::gen::negative_words(), false, 12, 1, 0);
  REQUIRE(split_spaces(text).size() == 12);
}

TEST_CASE("text: determinism across thread counts and seeds", "[generators][text][determinism]") {
  TempDir one, two, other;
  hdl::gen::TextOptions options;
  options.count_per_class = 30;
  options.threads = 1;
  hdl::gen::generate_text(one.path(), options);
  options.threads = 2;
  hdl::gen::generate_text(two.path(), options);
  options.seed = 7;
  hdl::gen::generate_text(other.path(), options);
  REQUIRE(hdl::test::snapshot(one.path()) == hdl::test::snapshot(two.path()));
  REQUIRE(hdl::test::snapshot(one.path()) != hdl::test::snapshot(other.path()));
}
