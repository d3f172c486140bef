// The report as a browser shows it: headless Chromium renders DATA/reports/index.html, and
// the screenshot must not be blank and the DOM must hold every section.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "hdl/learn.hpp"
#include "hdl/report.hpp"
#include "support/run_hdl.hpp"

using Catch::Contains;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

constexpr const char* kChromium = "/usr/bin/chromium";
// Flags for a root, offline, throwaway browser (see the machine notes in the README).
constexpr const char* kChromiumFlags =
    "--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update "
    "--disable-sync --no-first-run --hide-scrollbars";

int chromium(const fs::path& profile, const std::string& args, const fs::path& stdout_file) {
  const std::string command = std::string("timeout 120 ") + kChromium + " " + kChromiumFlags + " --user-data-dir='" +
                              profile.string() + "' " + args + " > '" + stdout_file.string() + "' 2>/dev/null";
  return std::system(command.c_str());
}

void fill_sample_data(const fs::path& data) {
  const json epochs = json::array({{{"epoch", 0}, {"train_loss", 0.69}, {"valid_loss", 0.52}, {"accuracy", 0.8}, {"seconds", 1.2}},
                                   {{"epoch", 1}, {"train_loss", 0.21}, {"valid_loss", 0.08}, {"accuracy", 1.0}, {"seconds", 1.1}}});
  for (const char* name : {"images", "text"}) {
    hdl::report::save_metrics(data, std::string("train_") + name,
                              {{"fit_seconds", 2.3}, {"valid_accuracy", 1.0}, {"epochs", epochs}});
    const auto confusion = hdl::learn::confusion_from({0, 0, 1, 1}, {0, 0, 1, 1}, {"circles", "rectangles"});
    hdl::report::save_metrics(data, std::string("confusion_") + name, hdl::learn::to_json(confusion));
    hdl::learn::write_confusion_png(confusion, data / "reports" / (std::string("confusion_") + name + ".png"), name);
  }
  hdl::report::save_metrics(data, "train_tree", {{"valid_rmse", 0.05}, {"leaves", 20}, {"importances", {{"a", 0.2}, {"c", 0.8}}}});
}

}  // namespace

TEST_CASE("report: headless Chromium renders every section and a page that is not blank", "[report][browser]") {
  REQUIRE(fs::exists(kChromium));  // scripts/setup.sh --tests installs it
  hdl::test::TempDir dir;
  const fs::path data = dir.path() / "data";
  fill_sample_data(data);
  const auto result = hdl::test::run_hdl({"report", "--data", data.string()});
  REQUIRE(result.exit_code == 0);
  const fs::path page = data / "reports" / "index.html";
  REQUIRE(fs::is_regular_file(page));

  const fs::path shot = dir.path() / "shot.png";
  const std::string url = "file://" + fs::absolute(page).string();
  REQUIRE(chromium(dir.path() / "profile-1", "--window-size=1200,1800 --screenshot='" + shot.string() + "' " + url,
                   dir.path() / "shot.log") == 0);
  const cv::Mat image = cv::imread(shot.string(), cv::IMREAD_COLOR);
  REQUIRE_FALSE(image.empty());
  REQUIRE(image.cols == 1200);
  cv::Scalar mean, stddev;
  cv::meanStdDev(image, mean, stddev);
  REQUIRE(stddev[0] + stddev[1] + stddev[2] > 30.0);  // not one flat colour

  const fs::path dom = dir.path() / "dom.html";
  REQUIRE(chromium(dir.path() / "profile-2", "--dump-dom " + url, dom) == 0);
  const std::string rendered = hdl::test::slurp(dom);
  for (const char* id : {"summary", "images", "text", "tabular", "settings"})
    REQUIRE_THAT(rendered, Contains(std::string("id=\"") + id + "\""));
  REQUIRE_THAT(rendered, Contains("data:image/png;base64,"));  // the heat maps are inline
  REQUIRE_THAT(rendered, Contains("class=\"chart loss-curve\""));
}
