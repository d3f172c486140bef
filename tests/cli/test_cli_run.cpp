// `hdl run` end to end through the real binary, on tiny data.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/run_hdl.hpp"

namespace fs = std::filesystem;
using Catch::Contains;
using hdl::test::run_hdl;
using hdl::test::TempDir;
using nlohmann::json;

namespace {
// Small enough for CI on 2 cores, big enough for every stage to have something to judge.
const std::vector<std::string> kTiny{"--count", "8", "--image-size", "32", "--epochs", "1", "--rows", "600",
                                     "--trees", "5"};

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

std::vector<std::string> stage_names(const json& record) {
  std::vector<std::string> names;
  for (const auto& stage : record.at("stages")) names.push_back(stage.at("stage").get<std::string>());
  return names;
}
}  // namespace

TEST_CASE("cli run: tabular end to end on a small data set", "[cli][run]") {
  TempDir dir;
  const auto result = run_hdl({"run", "tabular", "--rows", "2000", "--data", dir.str(), "--json"});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  const auto doc = json::parse(result.out);
  const auto& tabular = doc.at("challenges").at("tabular");
  REQUIRE(tabular.at("ok") == true);
  REQUIRE(stage_names(tabular) == std::vector<std::string>{"generate", "train", "predict", "judge"});
  REQUIRE_THAT(tabular.at("headline").get<std::string>(), Contains("RMSE"));
  // The example row a=100 b=90 c=80 d=70 e=60 f=50 falls under rule 4: y = 4.
  REQUIRE(tabular.at("eval_tree").at("valid_rmse").get<double>() < 1.0);
  REQUIRE(fs::is_regular_file(dir.path() / "reports" / "run.json"));
  REQUIRE(fs::is_regular_file(dir.path() / "reports" / "index.html"));
  REQUIRE(fs::is_regular_file(dir.path() / "models" / "tree.json"));
  REQUIRE(fs::is_regular_file(dir.path() / "models" / "forest.json"));

  // A second run finds the data and does not generate it again.
  const auto again = run_hdl({"run", "tabular", "--data", dir.str(), "--json"});
  REQUIRE(again.exit_code == 0);
  REQUIRE(stage_names(json::parse(again.out).at("challenges").at("tabular")) ==
          std::vector<std::string>{"train", "predict", "judge"});
}

TEST_CASE("cli run: all three challenges with tiny settings", "[cli][run]") {
  TempDir dir;
  const auto result = run_hdl(with({"run", "all", "--data", dir.str(), "--threads", "2"}, kTiny));
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  for (const char* challenge : {"images", "text", "tabular"}) REQUIRE_THAT(result.out, Contains(challenge));
  REQUIRE_THAT(result.out, Contains("challenge"));  // the summary table's header
  REQUIRE_THAT(result.out, Contains("report:"));
  const auto doc = json::parse(hdl::test::slurp(dir.path() / "reports" / "run.json"));
  for (const char* challenge : {"images", "text", "tabular"}) {
    const auto& record = doc.at("challenges").at(challenge);
    REQUIRE(record.at("ok") == true);
    REQUIRE(stage_names(record).size() == 4);
  }
  REQUIRE(doc.at("challenges").at("images").at("predictions").size() == 2);
  REQUIRE(doc.at("challenges").at("text").at("predictions").size() == 5);
  const std::string page = hdl::test::slurp(dir.path() / "reports" / "index.html");
  REQUIRE_THAT(page, Contains("data:image/png;base64,"));
  REQUIRE_THAT(page, Contains("happy chirpy"));

  // Plain `hdl confusion` now shows both classifiers.
  const auto confusion = run_hdl({"confusion", "--data", dir.str(), "--json"});
  REQUIRE(confusion.exit_code == 0);
  const auto matrices = json::parse(confusion.out);
  REQUIRE(matrices.contains("images"));
  REQUIRE(matrices.contains("text"));
}

TEST_CASE("cli run: a challenge with unreadable data fails alone and the others complete", "[cli][run]") {
  TempDir dir;
  fs::create_directories(dir.path() / "shapes" / "circles");
  std::ofstream(dir.path() / "shapes" / "circles" / "notes.txt") << "not an image";
  const auto result = run_hdl(with({"run", "all", "--data", dir.str(), "--json"}, kTiny));
  REQUIRE(result.exit_code == 1);
  REQUIRE_THAT(result.err, Contains("images"));
  const auto doc = json::parse(result.out);
  REQUIRE(doc.at("challenges").at("images").at("ok") == false);
  REQUIRE_THAT(doc.at("challenges").at("images").at("error").get<std::string>(), Contains("shapes"));
  REQUIRE(doc.at("challenges").at("text").at("ok") == true);
  REQUIRE(doc.at("challenges").at("tabular").at("ok") == true);
  REQUIRE(fs::is_regular_file(dir.path() / "reports" / "index.html"));
}

TEST_CASE("cli confusion: with no challenge named it says how to train one", "[cli][confusion]") {
  TempDir dir;
  const auto result = run_hdl({"confusion", "--data", dir.str()});
  REQUIRE(result.exit_code == 1);
  REQUIRE_THAT(result.err, Contains("no trained classifier"));
  REQUIRE_THAT(result.err, Contains("hdl train images"));
}
