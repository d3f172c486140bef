// The tabular loader: JSON and CSV, and clear errors naming the file, row and key.
#include <catch2/catch.hpp>

#include "hdl/core/error.hpp"
#include "hdl/tabular.hpp"

using Catch::Contains;
using hdl::tabular::parse_csv_table;
using hdl::tabular::parse_json_table;
using hdl::tabular::Target;

namespace {
std::string error_of(const std::function<void()>& body) {
  try {
    body();
  } catch (const hdl::Error& e) {
    return e.message();
  }
  return "no error";
}
}  // namespace

TEST_CASE("tabular table: JSON rows load by key whatever their order", "[tabular][table]") {
  const auto table = parse_json_table(R"([{"a": 1, "b": 2.5, "y": 3},
                                          {"y": -4, "b": 1e2, "a": 0}])",
                                      "t.json", Target::kRequired);
  REQUIRE(table.feature_names == std::vector<std::string>{"a", "b"});
  REQUIRE(table.rows() == 2);
  REQUIRE(table.columns[0] == std::vector<double>{1, 0});
  REQUIRE(table.columns[1] == std::vector<double>{2.5, 100});
  REQUIRE(table.target == std::vector<double>{3, -4});
}

TEST_CASE("tabular table: CSV with a header loads and the target is optional for prediction", "[tabular][table]") {
  const auto table =
      parse_csv_table("a,b,c,d,e,f,y\n1,2,3,4,5,6,7\r\n\n10, 20,30,40,50,60,0\n", "t.csv", Target::kRequired);
  REQUIRE(table.rows() == 2);
  REQUIRE(table.features() == 6);
  REQUIRE(table.columns[1] == std::vector<double>{2, 20});
  REQUIRE(table.target == std::vector<double>{7, 0});
  const auto features_only = parse_csv_table("a,b\n1,2\n", "p.csv", Target::kOptional);
  REQUIRE(features_only.rows() == 1);
  REQUIRE(features_only.target.empty());
  REQUIRE_THAT(error_of([] { parse_csv_table("a,b\n1,2\n", "p.csv", Target::kRequired); }), Contains("p.csv: the header has no column \"y\""));
}

TEST_CASE("tabular table: malformed input names the file and the row or key", "[tabular][table]") {
  auto json_error = [](const char* text) {
    return error_of([text] { parse_json_table(text, "data.json", Target::kRequired); });
  };
  REQUIRE_THAT(json_error(""), Contains("data.json: the file is empty"));
  REQUIRE_THAT(json_error("  \n"), Contains("empty"));
  REQUIRE_THAT(json_error("[]"), Contains("no rows"));
  REQUIRE_THAT(json_error(R"([{"a": 1, "y": 2}, {"a": 1, "y": 2)"), Contains("malformed JSON at line 1"));
  REQUIRE_THAT(json_error(R"([{"a": 1, "y": 2},
{"a": 1 "y": 2}])"),
               Contains("line 2"));
  REQUIRE_THAT(json_error(R"([{"a": 1, "y": 2}, {"y": 2}])"), Contains("row 2: missing key \"a\""));
  REQUIRE_THAT(json_error(R"([{"a": 1, "y": 2}, {"a": "x", "y": 2}])"),
               Contains("row 2: key \"a\" holds a string where a number belongs"));
  REQUIRE_THAT(json_error(R"([{"a": null, "y": 2}])"), Contains("row 1: key \"a\" holds null"));
  REQUIRE_THAT(json_error(R"([{"a": 1, "y": 2}, {"a": 1, "y": 2, "z": 3}])"), Contains("row 2: unknown key \"z\""));
  REQUIRE_THAT(json_error(R"([{"a": 1, "y": 2}, {"a": 1, "a": 2, "y": 2}])"), Contains("appears twice"));
  REQUIRE_THAT(json_error(R"([{"a": 1e999, "y": 2}])"), Contains("key \"a\""));
  REQUIRE_THAT(json_error(R"({"a": 1})"), Contains("expected '['"));
  REQUIRE_THAT(json_error(R"([{"a": 1, "y": 2}] extra)"), Contains("nothing after the array"));
  REQUIRE_THAT(json_error(R"([{"a": [1], "y": 2}])"), Contains("nested"));
  REQUIRE_THAT(json_error(R"([{"y": 2}])"), Contains("no features"));

  auto csv_error = [](const char* text) {
    return error_of([text] { parse_csv_table(text, "data.csv", Target::kRequired); });
  };
  REQUIRE_THAT(csv_error(""), Contains("data.csv: the file is empty"));
  REQUIRE_THAT(csv_error("a,y\n1,2\n3\n"), Contains("row 2 (line 3): 1 fields where the header has 2"));
  REQUIRE_THAT(csv_error("a,y\n1,2\nabc,4\n"), Contains("row 2 (line 3): column \"a\" holds \"abc\""));
  REQUIRE_THAT(csv_error("a,y\n"), Contains("no rows"));
}

TEST_CASE("tabular table: a folder means its random_tabular/data.json and a missing one says what to run",
          "[tabular][table]") {
  REQUIRE_THAT(error_of([] { hdl::tabular::load_table("/nonexistent-hdl-folder"); }), Contains("hdl generate tabular"));
}
