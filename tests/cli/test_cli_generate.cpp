// Smoke tests of `hdl generate` through the real binary.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/run_hdl.hpp"

namespace fs = std::filesystem;
using Catch::Contains;
using hdl::test::run_hdl;
using hdl::test::snapshot;
using hdl::test::TempDir;

TEST_CASE("cli generate: all three data sets land in --data", "[cli][generate]") {
  TempDir dir;
  const auto result = run_hdl({"generate", "all", "--data", dir.str(), "--count", "3", "--image-size", "32",
                               "--rows", "50"});
  REQUIRE(result.exit_code == 0);
  REQUIRE(fs::is_regular_file(dir.path() / "shapes/circles/circle_2.png"));
  REQUIRE(fs::is_regular_file(dir.path() / "shapes/rectangles/rectangle_2.png"));
  REQUIRE(fs::is_regular_file(dir.path() / "sentiment_text/positive/2.txt"));
  REQUIRE(fs::is_regular_file(dir.path() / "sentiment_text/negative/2.txt"));
  REQUIRE(fs::is_regular_file(dir.path() / "random_tabular/data.json"));
  REQUIRE_THAT(result.out, Contains("shapes"));
  // Only the data sets themselves: no staging folders left behind.
  std::vector<std::string> entries;
  for (const auto& entry : fs::directory_iterator(dir.path())) entries.push_back(entry.path().filename().string());
  std::sort(entries.begin(), entries.end());
  REQUIRE(entries == std::vector<std::string>{"random_tabular", "sentiment_text", "shapes"});
}

TEST_CASE("cli generate: global options work before the subcommand too", "[cli][generate]") {
  TempDir dir;
  const auto result = run_hdl({"--data", dir.str(), "--seed", "5", "generate", "text", "--count", "2"});
  REQUIRE(result.exit_code == 0);
  REQUIRE(fs::is_regular_file(dir.path() / "sentiment_text/negative/1.txt"));
}

TEST_CASE("cli generate: --quiet prints nothing and still writes", "[cli][generate]") {
  TempDir dir;
  const auto result = run_hdl({"generate", "text", "--count", "2", "--data", dir.str(), "--quiet"});
  REQUIRE(result.exit_code == 0);
  REQUIRE(result.out.empty());
  REQUIRE(fs::is_regular_file(dir.path() / "sentiment_text/positive/1.txt"));
}

TEST_CASE("cli generate: --json reports paths and counts and seconds", "[cli][generate]") {
  TempDir dir;
  const auto result = run_hdl({"generate", "tabular", "--rows", "123", "--data", dir.str(), "--json"});
  REQUIRE(result.exit_code == 0);
  const auto doc = nlohmann::json::parse(result.out);
  REQUIRE(doc.at("seed") == 42);
  REQUIRE(doc.at("written").size() == 1);
  const auto& set = doc.at("written")[0];
  REQUIRE(set.at("dataset") == "tabular");
  REQUIRE(set.at("rows") == 123);
  REQUIRE(set.at("path") == (dir.path() / "random_tabular").string());
  REQUIRE(set.at("seconds").get<double>() >= 0.0);
}

TEST_CASE("cli generate: the same seed gives the same bytes and another seed other bytes", "[cli][generate][determinism]") {
  TempDir one, two, other;
  const std::vector<std::string> common{"generate", "all", "--count", "3", "--image-size", "40", "--rows", "40"};
  auto with = [&](const TempDir& dir, const char* seed, const char* threads) {
    auto args = common;
    args.insert(args.end(), {"--data", dir.str(), "--seed", seed, "--threads", threads});
    REQUIRE(run_hdl(args).exit_code == 0);
  };
  with(one, "11", "1");
  with(two, "11", "2");
  with(other, "12", "2");
  REQUIRE(snapshot(one.path()) == snapshot(two.path()));
  REQUIRE(snapshot(one.path()) != snapshot(other.path()));
}

TEST_CASE("cli generate: an unwritable --data exits 1 with a clear message", "[cli][generate]") {
  TempDir dir;
  std::ofstream(dir.path() / "a-file") << "not a folder";
  const auto result = run_hdl({"generate", "text", "--data", (dir.path() / "a-file" / "data").string()});
  REQUIRE(result.exit_code == 1);
  REQUIRE_THAT(result.err, Contains("hdl: error: cannot create folder"));
  REQUIRE_THAT(result.err, Contains("--data"));
}

TEST_CASE("cli generate: a failed generate leaves the previous data set intact", "[cli][generate]") {
  TempDir dir;
  REQUIRE(run_hdl({"generate", "shapes", "--count", "2", "--image-size", "32", "--data", dir.str()}).exit_code == 0);
  const auto before = snapshot(dir.path());
  // A different data set (other seed, more files) fails just before it would be swapped in.
  const auto failed = run_hdl({"generate", "shapes", "--count", "4", "--seed", "1", "--image-size", "32", "--data",
                               dir.str()},
                              {"HDL_FAULT=before-rename"});
  REQUIRE(failed.exit_code == 1);
  REQUIRE_THAT(failed.err, Contains("hdl: error:"));
  REQUIRE(snapshot(dir.path()) == before);  // same files, same bytes, no staging folder
}
