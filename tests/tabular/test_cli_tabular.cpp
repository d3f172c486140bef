// The tabular commands through the real binary: train, predict, eval, viz, rules, and bad input.
#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>

#include "support/run_hdl.hpp"

namespace fs = std::filesystem;
using Catch::Contains;
using Catch::StartsWith;
using hdl::test::run_hdl;
using hdl::test::TempDir;

namespace {

/// A data folder with 2,000 generated rows.
void generate(const TempDir& dir) {
  REQUIRE(run_hdl({"generate", "tabular", "--rows", "2000", "--data", dir.str()}).exit_code == 0);
}

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

}  // namespace

TEST_CASE("cli tabular: train tree, predict one row and a CSV, eval", "[cli][tabular]") {
  TempDir dir;
  generate(dir);
  auto trained = run_hdl({"train", "tree", "--data", dir.str(), "--json"});
  REQUIRE(trained.exit_code == 0);
  const auto doc = nlohmann::json::parse(trained.out);
  REQUIRE(doc.at("leaves") == 20);
  REQUIRE(doc.at("train_rows") == 1600);
  REQUIRE(doc.at("valid_rows") == 400);
  REQUIRE(doc.at("fit_seconds").get<double>() >= 0);
  REQUIRE(doc.at("valid_rmse").get<double>() > 0);
  REQUIRE(doc.at("importances").size() == 6);
  REQUIRE(fs::is_regular_file(dir.path() / "models/tree.json"));

  const auto text = run_hdl({"train", "tree", "--data", dir.str(), "--max-leaf-nodes", "5"});
  REQUIRE(text.exit_code == 0);
  REQUIRE_THAT(text.out, Contains("tree: 5 leaves"));
  REQUIRE_THAT(text.out, Contains("valid RMSE"));
  REQUIRE_THAT(text.out, Contains("importances: "));

  const auto one =
      run_hdl({"predict", "tree", "a=100", "b=90", "c=80", "d=70", "e=60", "f=50", "--data", dir.str(), "--json"});
  REQUIRE(one.exit_code == 0);
  const double y = nlohmann::json::parse(one.out).at("y");
  REQUIRE(y > 3.0);  // rule 4 holds (60 < d < 90)

  write(dir.path() / "rows.csv", "a,b,c,d,e,f,y\n100,90,80,70,60,50,4\n0,0,50,0,0,0,0\n");
  const auto many = run_hdl({"predict", "tree", "--csv", (dir.path() / "rows.csv").string(), "--data", dir.str()});
  REQUIRE(many.exit_code == 0);
  REQUIRE(std::count(many.out.begin(), many.out.end(), '\n') == 2);
  const auto many_json =
      run_hdl({"predict", "tree", "--csv", (dir.path() / "rows.csv").string(), "--data", dir.str(), "--json"});
  REQUIRE(nlohmann::json::parse(many_json.out).size() == 2);
  REQUIRE(nlohmann::json::parse(many_json.out)[0] == y);

  const auto eval = run_hdl({"eval", "tree", "--data", dir.str(), "--json"});
  REQUIRE(eval.exit_code == 0);
  const auto eval_doc = nlohmann::json::parse(eval.out);
  REQUIRE(eval_doc.at("valid_rows") == 400);
  REQUIRE(eval_doc.at("valid_rmse").get<double>() > 0);

  TempDir other;
  REQUIRE(run_hdl({"generate", "tabular", "--rows", "300", "--seed", "9", "--data", other.str()}).exit_code == 0);
  const auto on = run_hdl({"eval", "tree", "--data", dir.str(), "--on", other.str(), "--json"});
  REQUIRE(on.exit_code == 0);
  REQUIRE(nlohmann::json::parse(on.out).at("rows") == 300);
}

TEST_CASE("cli tabular: predict names a missing, unknown or non-numeric feature (exit 2)", "[cli][tabular]") {
  TempDir dir;
  generate(dir);
  REQUIRE(run_hdl({"train", "tree", "--data", dir.str(), "--quiet"}).exit_code == 0);
  auto predict = [&](std::vector<std::string> features) {
    std::vector<std::string> args{"predict", "tree", "--data", dir.str()};
    args.insert(args.end(), features.begin(), features.end());
    return run_hdl(args);
  };
  const auto missing = predict({"a=1", "b=2", "c=3", "d=4", "e=5"});
  REQUIRE(missing.exit_code == 2);
  REQUIRE_THAT(missing.err, StartsWith("hdl: error: missing feature 'f'"));
  const auto unknown = predict({"a=1", "b=2", "c=3", "d=4", "e=5", "f=6", "g=7"});
  REQUIRE(unknown.exit_code == 2);
  REQUIRE_THAT(unknown.err, Contains("unknown feature 'g'"));
  const auto text = predict({"a=1", "b=2", "c=three", "d=4", "e=5", "f=6"});
  REQUIRE(text.exit_code == 2);
  REQUIRE_THAT(text.err, Contains("feature 'c' has the value 'three', not a number"));
  REQUIRE(predict({}).exit_code == 2);
}

TEST_CASE("cli tabular: bad data exits 1 naming the file and the row or key", "[cli][tabular]") {
  TempDir dir;
  const fs::path data = dir.path() / "random_tabular/data.json";
  auto train_with = [&](const std::string& contents) {
    write(data, contents);
    return run_hdl({"train", "tree", "--data", dir.str()});
  };
  const auto empty = train_with("");
  REQUIRE(empty.exit_code == 1);
  REQUIRE_THAT(empty.err, Contains("data.json: the file is empty"));
  const auto malformed = train_with("[{\"a\": 1, \"b\": 2, \"y\": 0},\n{\"a\": 1 \"b\": 2, \"y\": 0}]");
  REQUIRE(malformed.exit_code == 1);
  REQUIRE_THAT(malformed.err, Contains("malformed JSON at line 2"));
  const auto missing = train_with("[{\"a\": 1, \"b\": 2, \"y\": 0}, {\"a\": 1, \"y\": 0}]");
  REQUIRE(missing.exit_code == 1);
  REQUIRE_THAT(missing.err, Contains("row 2: missing key \"b\""));
  const auto string = train_with("[{\"a\": 1, \"b\": \"2\", \"y\": 0}]");
  REQUIRE(string.exit_code == 1);
  REQUIRE_THAT(string.err, Contains("row 1: key \"b\" holds a string where a number belongs"));
  REQUIRE(std::count(string.err.begin(), string.err.end(), '\n') == 1);

  fs::remove_all(dir.path() / "random_tabular");
  const auto none = run_hdl({"train", "forest", "--data", dir.str()});
  REQUIRE(none.exit_code == 1);
  REQUIRE_THAT(none.err, Contains("hdl generate tabular"));
}

TEST_CASE("cli tabular: a model file of the wrong kind or broken exits 1", "[cli][tabular]") {
  TempDir dir;
  generate(dir);
  REQUIRE(run_hdl({"train", "tree", "--data", dir.str(), "--quiet"}).exit_code == 0);
  const std::string tree = (dir.path() / "models/tree.json").string();
  const auto wrong = run_hdl({"predict", "forest", "a=1", "b=2", "c=3", "d=4", "e=5", "f=6", "--model", tree});
  REQUIRE(wrong.exit_code == 1);
  REQUIRE_THAT(wrong.err, Contains("holds a tree model, not a forest"));
  write(dir.path() / "bad.json", "{\"format\": \"hdl-tabular-model\", \"kind\": \"tree\"}");
  const auto broken = run_hdl({"eval", "tree", "--data", dir.str(), "--model", (dir.path() / "bad.json").string()});
  REQUIRE(broken.exit_code == 1);
  REQUIRE_THAT(broken.err, Contains("bad.json"));
  const auto absent = run_hdl({"rules", "forest", "--data", dir.str()});
  REQUIRE(absent.exit_code == 1);
  REQUIRE_THAT(absent.err, Contains("hdl train forest"));
}

TEST_CASE("cli tabular: train forest is the same at any thread count and reports OOB", "[cli][tabular][determinism]") {
  TempDir dir;
  generate(dir);
  auto train = [&](const char* threads, const char* model) {
    const auto result = run_hdl({"train", "forest", "--data", dir.str(), "--trees", "6", "--max-samples", "800",
                                 "--threads", threads, "--model", (dir.path() / model).string(), "--json"});
    REQUIRE(result.exit_code == 0);
    return nlohmann::json::parse(result.out);
  };
  const auto one = train("1", "one.json"), two = train("2", "two.json");
  REQUIRE(one.at("oob_r2").get<double>() > 0.5);
  REQUIRE(one.at("oob_rmse") == two.at("oob_rmse"));
  REQUIRE(hdl::test::slurp(dir.path() / "one.json") == hdl::test::slurp(dir.path() / "two.json"));
}

TEST_CASE("cli tabular: viz tree writes svg, dot, text and json", "[cli][tabular]") {
  TempDir dir;
  generate(dir);
  REQUIRE(run_hdl({"train", "tree", "--data", dir.str(), "--quiet", "--max-leaf-nodes", "6"}).exit_code == 0);
  const auto svg = run_hdl({"viz", "tree", "--data", dir.str(), "--path", "a=1,b=95,c=50,d=10,e=10,f=50"});
  REQUIRE(svg.exit_code == 0);
  const std::string picture = hdl::test::slurp(dir.path() / "reports/tree.svg");
  REQUIRE_THAT(picture, StartsWith("<svg xmlns"));
  REQUIRE_THAT(picture, Contains("go left"));
  REQUIRE_THAT(picture, Contains("<circle"));
  REQUIRE(run_hdl({"viz", "tree", "--data", dir.str(), "--format", "dot"}).exit_code == 0);
  REQUIRE_THAT(hdl::test::slurp(dir.path() / "reports/tree.dot"), StartsWith("digraph Tree"));
  const auto text = run_hdl({"viz", "tree", "--data", dir.str(), "--format", "text"});
  REQUIRE_THAT(text.out, StartsWith("|--- "));
  REQUIRE(std::count(text.out.begin(), text.out.end(), '\n') == 6 + 5 * 2);  // 6 leaves, 5 splits
  const auto json =
      run_hdl({"viz", "tree", "--data", dir.str(), "--format", "json", "--out", (dir.path() / "t.json").string()});
  REQUIRE(json.exit_code == 0);
  REQUIRE(nlohmann::json::parse(hdl::test::slurp(dir.path() / "t.json")).at("kind") == "tree");
  const auto bad = run_hdl({"viz", "tree", "--data", dir.str(), "--format", "png"});
  REQUIRE(bad.exit_code == 2);
  const auto bad_path = run_hdl({"viz", "tree", "--data", dir.str(), "--path", "a=1,b=2"});
  REQUIRE(bad_path.exit_code == 2);
  REQUIRE_THAT(bad_path.err, Contains("missing feature 'c'"));
}

TEST_CASE("cli tabular: rules print the learned rules beside the true ones, with the agreement", "[cli][tabular]") {
  TempDir dir;
  generate(dir);
  REQUIRE(run_hdl({"train", "tree", "--data", dir.str(), "--quiet"}).exit_code == 0);
  const auto text = run_hdl({"rules", "tree", "--data", dir.str(), "--rows", "5000"});
  REQUIRE(text.exit_code == 0);
  REQUIRE_THAT(text.out, Contains("true     60 < d < 90"));
  REQUIRE_THAT(text.out, Contains("learned"));
  REQUIRE_THAT(text.out, Contains("agreement: "));
  const auto doc =
      nlohmann::json::parse(run_hdl({"rules", "tree", "--data", dir.str(), "--rows", "5000", "--json"}).out);
  REQUIRE(doc.at("fresh_rows") == 5000);
  REQUIRE(doc.at("agreement").get<double>() > 0.5);
  REQUIRE(doc.at("true_rules").size() == 7);
  REQUIRE(run_hdl({"train", "forest", "--data", dir.str(), "--quiet", "--trees", "5"}).exit_code == 0);
  const auto forest =
      nlohmann::json::parse(run_hdl({"rules", "forest", "--data", dir.str(), "--rows", "5000", "--json"}).out);
  REQUIRE(forest.at("leaves") == 20);
  REQUIRE(forest.at("distilled_agreement").get<double>() > 0.5);
}
