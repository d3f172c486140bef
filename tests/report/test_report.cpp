#include <catch2/catch.hpp>
#include <fstream>

#include "hdl/core/error.hpp"
#include "hdl/report.hpp"
#include "support/run_hdl.hpp"

using Catch::Contains;
using nlohmann::json;

namespace {
std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++count;
  return count;
}
}  // namespace

TEST_CASE("report: escape_html and base64 match their definitions", "[report]") {
  REQUIRE(hdl::report::escape_html(R"(<a href="x">&'</a>)") == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
  REQUIRE(hdl::report::base64("").empty());
  REQUIRE(hdl::report::base64("f") == "Zg==");
  REQUIRE(hdl::report::base64("fo") == "Zm8=");
  REQUIRE(hdl::report::base64("foo") == "Zm9v");
  REQUIRE(hdl::report::base64("foobar") == "Zm9vYmFy");
  REQUIRE(hdl::report::base64(std::string("\xff\x00\x10", 3)) == "/wAQ");
}

TEST_CASE("report: the loss curve has a line and a point per epoch for each loss", "[report]") {
  const json epochs = json::array({{{"epoch", 0}, {"train_loss", 0.9}, {"valid_loss", 0.7}},
                                   {{"epoch", 1}, {"train_loss", 0.4}, {"valid_loss", 0.3}},
                                   {{"epoch", 2}, {"train_loss", 0.1}, {"valid_loss", 0.05}}});
  const std::string svg = hdl::report::loss_curve_svg(epochs);
  REQUIRE(count_of(svg, "<polyline") == 2);
  REQUIRE(count_of(svg, "<circle") == 6);
  REQUIRE_THAT(svg, Contains("train_loss"));
  REQUIRE(hdl::report::loss_curve_svg(json::array()).empty());
}

TEST_CASE("report: with nothing trained every section says what to run", "[report]") {
  hdl::test::TempDir dir;
  const std::string html = hdl::report::render_html(hdl::report::load_inputs(dir.path()));
  for (const char* id : {"summary", "images", "text", "tabular", "settings"})
    REQUIRE_THAT(html, Contains(std::string("<section id=\"") + id + "\""));
  REQUIRE_THAT(html, Contains("hdl run images"));
  REQUIRE_THAT(html, Contains("hdl train tree"));
  REQUIRE_THAT(html, !Contains("<script"));
  // Nothing is fetched: the only URLs are SVG namespace names.
  REQUIRE(count_of(html, "http") == count_of(html, "http://www.w3.org/2000/svg"));
}

TEST_CASE("report: recorded metrics and a run appear on the page", "[report]") {
  hdl::test::TempDir dir;
  hdl::report::save_metrics(dir.path(), "train_images",
                            {{"fit_seconds", 3.5},
                             {"valid_accuracy", 1.0},
                             {"epochs", json::array({{{"epoch", 0}, {"train_loss", 0.5}, {"valid_loss", 0.25},
                                                      {"accuracy", 1.0}, {"seconds", 1.5}}})}});
  hdl::report::save_metrics(dir.path(), "confusion_images",
                            {{"classes", {"circles", "rectangles"}}, {"matrix", {{41, 0}, {0, 39}}}, {"accuracy", 1.0}});
  hdl::report::save_metrics(dir.path(), "train_tree", {{"valid_rmse", 0.123}, {"importances", {{"a", 0.5}, {"c", 0.5}}}});
  std::ofstream(dir.path() / "reports" / "run.json")
      << json{{"settings", {{"seed", 42}}},
              {"challenges", {{"tabular", {{"ok", true}, {"stages", {{{"stage", "train"}, {"seconds", 0.02}}}}}}}}}
             .dump();
  const std::string html = hdl::report::render_html(hdl::report::load_inputs(dir.path()));
  REQUIRE_THAT(html, Contains("100.00%"));
  REQUIRE_THAT(html, Contains("<td>41</td>"));
  REQUIRE_THAT(html, Contains("0.1230"));
  REQUIRE_THAT(html, Contains("train 0.02"));
  REQUIRE(count_of(html, "<svg") >= 2);  // the loss curve and the importance bars
}

TEST_CASE("report: a corrupt metrics file is a clear error", "[report]") {
  hdl::test::TempDir dir;
  std::filesystem::create_directories(dir.path() / "reports" / "metrics");
  std::ofstream(dir.path() / "reports" / "metrics" / "train_text.json") << "{not json";
  REQUIRE_THROWS_WITH(hdl::report::load_inputs(dir.path()), Contains("train_text.json"));
}
