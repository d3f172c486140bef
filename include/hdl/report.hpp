#pragma once
// The learner's report, DATA/reports/index.html: one self-contained page (images and SVG
// inline, no network, no JavaScript) built from whatever models and metrics exist under DATA.
//
// Inputs are files the commands leave behind: DATA/reports/metrics/<command>.json (the
// --json document of each train, confusion, eval and rules run), DATA/reports/run.json (the
// last `hdl run`: settings, stage timings, example predictions), the confusion heat maps and
// the tree picture. The page is a pure function of those files.
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hdl::report {

namespace fs = std::filesystem;

/// Everything the page is drawn from.
struct Inputs {
  nlohmann::json run;                              // reports/run.json, or null
  std::map<std::string, nlohmann::json> metrics;  // "train_images" -> its --json document, ...
  std::map<std::string, std::string> pngs;         // "confusion_images" -> PNG bytes, ...
  std::string tree_svg;                            // reports/tree.svg, or empty
  fs::path data_dir;
};

/// Where each input lives under DATA.
fs::path reports_dir(const fs::path& data_dir);
fs::path metrics_file(const fs::path& data_dir, const std::string& name);

/// Records a command's JSON result as reports/metrics/<name>.json (atomically).
void save_metrics(const fs::path& data_dir, const std::string& name, const nlohmann::json& result);

/// Reads every input that exists; a missing one is simply absent, a corrupt one an hdl::Error.
Inputs load_inputs(const fs::path& data_dir);

/// The page.
std::string render_html(const Inputs& inputs);

/// Loads, renders and writes DATA/reports/index.html atomically; returns its path.
fs::path write_report(const fs::path& data_dir);

// Pieces, public for tests.
std::string escape_html(std::string_view text);
std::string base64(std::string_view bytes);
/// Train and valid loss per epoch as an SVG line chart.
std::string loss_curve_svg(const nlohmann::json& epochs);
/// Horizontal bars, one per (label, value), values in [0, 1].
std::string bars_svg(const std::vector<std::pair<std::string, double>>& bars);

}  // namespace hdl::report
