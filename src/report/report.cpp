// Loading the report's inputs, writing the page, and the page's frame.
#include <fmt/format.h>

#include "hdl/core/error.hpp"
#include "hdl/core/files.hpp"
#include "hdl/report.hpp"
#include "sections.hpp"

namespace hdl::report {
namespace {

/// The heat maps and pictures the report embeds, by name, as the commands write them.
constexpr const char* kPngNames[] = {"confusion_images", "confusion_text"};

nlohmann::json read_json(const fs::path& file) {
  try {
    return nlohmann::json::parse(read_file(file));
  } catch (const nlohmann::json::exception&) {
    throw Error("corrupt report input " + file.string(), "delete it and run the command that wrote it again");
  }
}

constexpr const char* kStyle = R"(
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #222; background: #f6f7f9; }
header { background: #1f2937; color: #fff; padding: 20px 32px; }
header h1 { margin: 0 0 4px 0; font-size: 24px; }
header p { margin: 0; color: #cbd5e1; }
main { max-width: 1100px; margin: 0 auto; padding: 16px 32px 48px; }
section { background: #fff; border-radius: 8px; box-shadow: 0 1px 3px rgba(0,0,0,.08); padding: 16px 24px; margin: 20px 0; }
h2 { margin-top: 4px; border-bottom: 2px solid #e5e7eb; padding-bottom: 6px; }
h3 { margin-bottom: 6px; }
table { border-collapse: collapse; margin: 8px 0; font-variant-numeric: tabular-nums; }
th, td { border-bottom: 1px solid #e5e7eb; padding: 4px 12px; text-align: left; }
th { background: #f3f4f6; }
.row { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
.metric { font-size: 28px; font-weight: 600; color: #0f766e; }
.missing { color: #92400e; background: #fffbeb; border: 1px solid #fde68a; padding: 8px 12px; border-radius: 6px; }
.prediction { display: flex; gap: 12px; align-items: center; margin: 6px 0; }
.prediction img { width: 96px; height: 96px; border: 1px solid #ddd; image-rendering: pixelated; }
.prob { display: inline-block; height: 10px; background: #1f77b4; vertical-align: middle; margin-right: 6px; }
.tree { overflow-x: auto; border: 1px solid #e5e7eb; border-radius: 6px; }
.tree svg { max-width: none; }
pre { background: #f3f4f6; padding: 8px 12px; border-radius: 6px; overflow-x: auto; }
code { background: #f3f4f6; padding: 1px 4px; border-radius: 4px; }
)";

}  // namespace

fs::path reports_dir(const fs::path& data_dir) { return data_dir / "reports"; }

fs::path metrics_file(const fs::path& data_dir, const std::string& name) {
  return reports_dir(data_dir) / "metrics" / (name + ".json");
}

void save_metrics(const fs::path& data_dir, const std::string& name, const nlohmann::json& result) {
  write_file_atomic(metrics_file(data_dir, name), result.dump(2) + "\n");
}

Inputs load_inputs(const fs::path& data_dir) {
  Inputs inputs;
  inputs.data_dir = data_dir;
  const fs::path reports = reports_dir(data_dir);
  std::error_code error;
  if (fs::is_regular_file(reports / "run.json", error)) inputs.run = read_json(reports / "run.json");
  if (fs::is_directory(reports / "metrics", error))
    for (const auto& entry : fs::directory_iterator(reports / "metrics", error))
      if (entry.path().extension() == ".json") inputs.metrics[entry.path().stem().string()] = read_json(entry.path());
  for (const char* name : kPngNames) {
    const fs::path png = reports / (std::string(name) + ".png");
    if (fs::is_regular_file(png, error)) inputs.pngs[name] = read_file(png);
  }
  if (fs::is_regular_file(reports / "tree.svg", error)) inputs.tree_svg = read_file(reports / "tree.svg");
  return inputs;
}

std::string render_html(const Inputs& inputs) {
  std::string html = R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>hdl report: Hello Deep Learning</title>
<style>)";
  html += kStyle;
  html += R"(</style>
</head>
<body>
<header><h1>Hello Deep Learning</h1><p>What hdl trained, how well it did, and what it predicts.</p></header>
<main>
)";
  html += summary_section(inputs);
  html += images_section(inputs);
  html += text_section(inputs);
  html += tabular_section(inputs);
  html += settings_section(inputs);
  html += "</main>\n</body>\n</html>\n";
  return html;
}

fs::path write_report(const fs::path& data_dir) {
  const fs::path page = reports_dir(data_dir) / "index.html";
  write_file_atomic(page, render_html(load_inputs(data_dir)));
  return page;
}

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string base64(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned n = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                       static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  if (const std::size_t rest = bytes.size() - i; rest > 0) {
    unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
    if (rest == 2) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += rest == 2 ? kAlphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

}  // namespace hdl::report
