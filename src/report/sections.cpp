#include "sections.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>


#include "hdl/core/files.hpp"

namespace hdl::report {
namespace {

using nlohmann::json;

const json kNull;

const json& metric(const Inputs& inputs, const std::string& name) {
  const auto it = inputs.metrics.find(name);
  return it == inputs.metrics.end() ? kNull : it->second;
}

/// `object[key]`, or null when `object` is not an object or has no such key.
const json& field(const json& object, const std::string& key) {
  if (!object.is_object()) return kNull;
  const auto it = object.find(key);
  return it == object.end() ? kNull : *it;
}

/// An array field, or an empty array.
std::string text_of(const json& object, const std::string& key) {
  const json& value = field(object, key);
  return value.is_string() ? value.get<std::string>() : std::string();
}

const json& list(const json& object, const std::string& key) {
  static const json kEmpty = json::array();
  const json& value = field(object, key);
  return value.is_array() ? value : kEmpty;
}

/// run.json's record of one challenge, or null.
const json& run_of(const Inputs& inputs, const std::string& challenge) {
  return field(field(inputs.run, "challenges"), challenge);
}

std::string number(const json& value, int decimals = 4) {
  if (value.is_number_integer()) return value.dump();
  if (value.is_number()) return fmt::format("{:.{}f}", value.get<double>(), decimals);
  if (value.is_null()) return "–";
  return escape_html(value.dump());
}

std::string missing(const std::string& what, const std::string& command) {
  return fmt::format(R"(<p class="missing">{} — run <code>{}</code>.</p>)", escape_html(what), escape_html(command));
}

std::string png_img(const std::string& bytes, const std::string& alt, const char* mime = "image/png") {
  return fmt::format(R"(<img src="data:{};base64,{}" alt="{}">)", mime, base64(bytes), escape_html(alt));
}

/// fastai's epoch table as HTML.
std::string epoch_table(const json& epochs) {
  std::string html = "<table class=\"epochs\"><tr><th>epoch</th><th>train_loss</th><th>valid_loss</th>"
                     "<th>accuracy</th><th>time</th></tr>";
  for (const auto& e : epochs)
    html += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", number(field(e, "epoch"), 0),
                        number(field(e, "train_loss")), number(field(e, "valid_loss")),
                        number(field(e, "accuracy")),
                        number(field(e, "seconds"), 2) + "s");
  return html + "</table>";
}

std::string matrix_table(const json& confusion) {
  const json& classes = field(confusion, "classes");
  const json& matrix = field(confusion, "matrix");
  if (!classes.is_array() || !matrix.is_array() || matrix.size() != classes.size()) return {};
  std::string html = "<table class=\"confusion\"><tr><th>actual \\ predicted</th>";
  for (const auto& name : classes) html += "<th>" + escape_html(name.is_string() ? name.get<std::string>() : name.dump()) + "</th>";
  html += "</tr>";
  for (std::size_t row = 0; row < classes.size(); ++row) {
    html += "<tr><th>" + escape_html(classes[row].is_string() ? classes[row].get<std::string>() : "") + "</th>";
    for (const auto& count : matrix[row]) html += "<td>" + escape_html(count.dump()) + "</td>";
    html += "</tr>";
  }
  return html + "</table>";
}

std::string probabilities(const json& probs) {
  std::string html;
  if (!probs.is_object()) return html;
  for (const auto& [name, p] : probs.items()) {
    const double value = p.is_number() ? p.get<double>() : 0.0;
    html += fmt::format(R"(<div><span class="prob" style="width:{:.0f}px"></span>{} {:.4f}</div>)", value * 120,
                        escape_html(name), value);
  }
  return html;
}

/// The training and judging part shared by the two classifiers.
std::string classifier_body(const Inputs& inputs, const std::string& challenge) {
  std::string html;
  const json& train = metric(inputs, "train_" + challenge);
  if (train.is_null()) return missing("No " + challenge + " model has been trained yet", "hdl run " + challenge);
  const json& epochs = list(train, "epochs");
  html += "<div class=\"row\"><div>";
  html += fmt::format(R"(<p>validation accuracy</p><p class="metric">{}</p>)",
                      field(train, "valid_accuracy").is_number()
                          ? fmt::format("{:.2f}%", 100 * field(train, "valid_accuracy").get<double>())
                          : "–");
  html += fmt::format("<p>fit in {} s</p>", number(field(train, "fit_seconds"), 2));
  html += "</div><div><h3>Epochs</h3>" + epoch_table(epochs) + "</div>";
  html += "<div><h3>Loss per epoch</h3>" + loss_curve_svg(epochs) + "</div></div>";

  const json& confusion = metric(inputs, "confusion_" + challenge);
  html += "<h3>Confusion matrix (validation split)</h3><div class=\"row\">";
  if (const auto png = inputs.pngs.find("confusion_" + challenge); png != inputs.pngs.end())
    html += "<div class=\"heatmap\">" + png_img(png->second, challenge + " confusion matrix") + "</div>";
  if (!confusion.is_null())
    html += "<div>" + matrix_table(confusion) +
            fmt::format("<p>accuracy {}</p>", number(field(confusion, "accuracy"))) + "</div>";
  else
    html += missing("No confusion matrix yet", "hdl confusion " + challenge);
  html += "</div>";
  return html;
}

std::string section(const std::string& id, const std::string& title, const std::string& body) {
  return fmt::format("<section id=\"{}\">\n<h2>{}</h2>\n{}\n</section>\n", id, escape_html(title), body);
}

std::string importance_bars(const json& importances) {
  std::vector<std::pair<std::string, double>> bars;
  if (importances.is_object()) {
    for (const auto& [name, value] : importances.items())
      if (value.is_number()) bars.emplace_back(name, value.get<double>());
  } else if (importances.is_array()) {
    for (std::size_t i = 0; i < importances.size(); ++i) {
      const auto& item = importances[i];
      if (item.is_number()) bars.emplace_back(std::string(1, static_cast<char>('a' + i)), item.get<double>());
      else if (field(item, "importance").is_number())
        bars.emplace_back(text_of(item, "feature"), field(item, "importance").get<double>());
    }
  }
  return bars.empty() ? std::string() : bars_svg(bars);
}

/// The learned rules beside the true ones: one row per rounded value, as `hdl rules` groups them.
std::string rules_block(const json& rules) {
  if (rules.is_null()) return missing("No rules read from the tree yet", "hdl rules tree");
  std::string html = "<h3>The rules the tree found, beside the true ones</h3>";
  if (field(rules, "agreement").is_number())
    html += fmt::format("<p>agreement with the true rules on {} fresh rows: <span class=\"metric\">{:.2f}%</span></p>",
                        number(field(rules, "fresh_rows"), 0), 100 * field(rules, "agreement").get<double>());
  html += "<table class=\"rules\"><tr><th>y</th><th>true rule</th><th>learned (one line per leaf)</th><th>n</th>"
          "<th>value</th></tr>";
  for (const auto& group : list(rules, "groups")) {
    const json& learned = list(group, "rules");
    const std::size_t span = std::max<std::size_t>(1, learned.size());
    html += fmt::format("<tr><td rowspan=\"{0}\"><strong>{1}</strong></td><td rowspan=\"{0}\">{2}</td>", span,
                        number(field(group, "value"), 0), escape_html(text_of(group, "true_rule")));
    if (learned.empty()) html += "<td>–</td><td></td><td></td></tr>";
    for (std::size_t i = 0; i < learned.size(); ++i) {
      if (i > 0) html += "<tr>";
      html += fmt::format("<td><code>{}</code></td><td>{}</td><td>{}</td></tr>", escape_html(text_of(learned[i], "rule")),
                          number(field(learned[i], "samples"), 0), number(field(learned[i], "value"), 2));
    }
  }
  return html + "</table>";
}

std::string model_summary(const json& train, const std::string& name) {
  if (train.is_null()) return missing("No " + name + " trained yet", "hdl train " + name);
  std::string html = "<table><tr><th>measure</th><th>value</th></tr>";
  for (const char* key : {"valid_rmse", "train_rmse", "oob_rmse", "oob_r2", "leaves", "depth", "fit_seconds"})
    if (!field(train, key).is_null()) html += fmt::format("<tr><td>{}</td><td>{}</td></tr>", key, number(field(train, key)));
  html += "</table>";
  if (!field(train, "importances").is_null())
    html += "<h3>Feature importances</h3>" + importance_bars(field(train, "importances"));
  return html;
}

}  // namespace

std::string summary_section(const Inputs& inputs) {
  const json& challenges = field(inputs.run, "challenges");
  if (!challenges.is_object() || challenges.empty())
    return section("summary", "Summary", missing("No end-to-end run recorded yet", "hdl run all"));
  std::string html = "<table><tr><th>challenge</th><th>stages (seconds)</th><th>result</th><th>status</th></tr>";
  // In the order the run took them (run.json's "order"), else as stored.
  std::vector<std::string> order;
  for (const auto& name : list(inputs.run, "order"))
    if (name.is_string() && challenges.contains(name.get<std::string>())) order.push_back(name.get<std::string>());
  if (order.empty())
    for (const auto& item : challenges.items()) order.push_back(item.key());
  for (const auto& name : order) {
    const json& challenge = challenges.at(name);
    std::vector<std::string> stages;
    for (const auto& stage : list(challenge, "stages"))
      stages.push_back(fmt::format("{} {}", text_of(stage, "stage"), number(field(stage, "seconds"), 2)));
    const std::string headline = text_of(challenge, "headline");
    html += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", escape_html(name),
                        escape_html(fmt::format("{}", fmt::join(stages, " · "))), escape_html(headline),
                        field(challenge, "ok") == true ? "ok"
                                                     : "failed: " + escape_html(text_of(challenge, "error")));
  }
  html += "</table>";
  if (field(inputs.run, "seconds").is_number())
    html += fmt::format("<p>all of it in <strong>{} s</strong></p>", number(field(inputs.run, "seconds"), 1));
  return section("summary", "Summary", html);
}

std::string images_section(const Inputs& inputs) {
  std::string html = classifier_body(inputs, "images");
  const json& predictions = list(run_of(inputs, "images"), "predictions");
  if (!predictions.empty()) {
    html += "<h3>Example predictions</h3>";
    for (const auto& p : predictions) {
      const std::string file = text_of(p, "file");
      std::string picture;
      std::error_code error;
      if (!file.empty() && fs::is_regular_file(file, error)) picture = png_img(read_file(file), file);
      html += fmt::format(R"(<div class="prediction">{}<div><strong>{}</strong> → <strong>{}</strong>{}</div></div>)",
                          picture, escape_html(fs::path(file).filename().string()),
                          escape_html(text_of(p, "label")), probabilities(field(p, "probs")));
    }
  }
  return section("images", "1. Images: circles or rectangles? (ResNet18)", html);
}

std::string text_section(const Inputs& inputs) {
  std::string html = classifier_body(inputs, "text");
  const json& predictions = list(run_of(inputs, "text"), "predictions");
  if (!predictions.empty()) {
    html += "<h3>Example predictions</h3><table><tr><th>text</th><th>label</th><th>probabilities</th></tr>";
    for (const auto& p : predictions)
      html += fmt::format("<tr><td>“{}”</td><td><strong>{}</strong></td><td>{}</td></tr>",
                          escape_html(text_of(p, "text")), escape_html(text_of(p, "label")),
                          probabilities(field(p, "probs")));
    html += "</table>";
  }
  return section("text", "2. Text: positive or negative? (LSTM)", html);
}

std::string tabular_section(const Inputs& inputs) {
  std::string html = "<div class=\"row\"><div><h3>Decision tree</h3>" +
                     model_summary(metric(inputs, "train_tree"), "tree") + "</div><div><h3>Random forest</h3>" +
                     model_summary(metric(inputs, "train_forest"), "forest") + "</div></div>";
  const json& run = run_of(inputs, "tabular");
  if (!field(run, "predictions").is_null()) {
    html += "<h3>Example prediction</h3><pre>" + escape_html(field(run, "predictions").dump(2)) + "</pre>";
  }
  if (!inputs.tree_svg.empty()) {
    // The SVG goes inline; drop an XML declaration if the file has one.
    std::string svg = inputs.tree_svg;
    if (svg.rfind("<?xml", 0) == 0) svg.erase(0, svg.find("?>") + 2);
    html += "<h3>The tree</h3><p>Scaled to fit; <a href=\"tree.svg\">open it full size</a> "
            "(or <code>hdl viz tree --path a=..,b=..</code> to follow one row).</p><div class=\"tree\">" +
            svg + "</div>";
  } else {
    html += missing("No picture of the tree yet", "hdl viz tree");
  }
  html += rules_block(metric(inputs, "rules_tree"));
  return section("tabular", "3. Tables: a tree that reverse-engineers the rules", html);
}

std::string settings_section(const Inputs& inputs) {
  std::string html;
  if (field(inputs.run, "settings").is_object()) {
    html += "<table><tr><th>setting</th><th>value</th></tr>";
    for (const auto& [key, value] : field(inputs.run, "settings").items())
      html += fmt::format("<tr><td>{}</td><td>{}</td></tr>", escape_html(key),
                          escape_html(value.is_string() ? value.get<std::string>() : value.dump()));
    html += "</table>";
  } else {
    html += missing("No run settings recorded", "hdl run all");
  }
  html += fmt::format("<p>data folder: <code>{}</code></p>", escape_html(inputs.data_dir.string()));
  return section("settings", "Settings and versions", html);
}

}  // namespace hdl::report
