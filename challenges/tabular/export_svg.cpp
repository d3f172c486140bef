// A tree as a self-contained SVG in the manner of dtreeviz: every split node plots the
// training rows that reach it (y against the split feature, the threshold drawn, each side's
// mean), every leaf its histogram of y with value and n. No Graphviz, no scripts, no fonts.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "hdl/core/error.hpp"
#include "hdl/tabular/report.hpp"

namespace hdl::tabular {
namespace {

constexpr double kPanelWidth = 200, kPanelHeight = 130;
constexpr double kGapX = 24, kGapY = 56, kMargin = 20;
constexpr double kLineHeight = 16;
constexpr const char* kLeftColour = "#4e79a7";   // rows that go left (x <= threshold)
constexpr const char* kRightColour = "#f28e2b";  // rows that go right
constexpr const char* kPathColour = "#d62728";   // the --path row's way down
constexpr const char* kInk = "#444";

std::string escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '"')
      out += "&quot;";
    else
      out += c;
  }
  return out;
}

/// Maps [from_low, from_high] onto [to_low, to_high]; a zero-width range maps to the middle.
double scale(double value, double from_low, double from_high, double to_low, double to_high) {
  if (from_high <= from_low) return (to_low + to_high) / 2;
  return to_low + (value - from_low) / (from_high - from_low) * (to_high - to_low);
}

class SvgPainter {
 public:
  SvgPainter(const Model& model, const Table& train, const SvgOptions& options)
      : model_(model), tree_(model.trees.front()), train_(train), options_(options) {}

  std::string paint() {
    route_rows();
    place(0, 0);
    if (!options_.path_row.empty()) path_ = tree_.path_of(options_.path_row.data());
    const double header = kMargin + kLineHeight * (2 + (path_.empty() ? 0 : static_cast<double>(path_.size())));
    top_ = header + 10;
    const double width = std::max(520.0, next_slot_ * (kPanelWidth + kGapX) - kGapX + 2 * kMargin);
    const double height = top_ + (tree_.depth() + 1) * (kPanelHeight + kGapY) - kGapY + kMargin;
    out_ += fmt::format(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0:.0f}\" height=\"{1:.0f}\" viewBox=\"0 0 {0:.0f} "
        "{1:.0f}\" "
        "font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\">\n"
        "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n",
        width, height);
    paint_header();
    for (std::size_t i = 0; i < tree_.nodes.size(); ++i) paint_edges(static_cast<int>(i));
    for (std::size_t i = 0; i < tree_.nodes.size(); ++i) {
      if (tree_.nodes[i].is_leaf())
        paint_leaf(static_cast<int>(i));
      else
        paint_split(static_cast<int>(i));
    }
    out_ += "</svg>\n";
    return std::move(out_);
  }

 private:
  /// Sends every training row down the tree, remembering which rows reach which node.
  void route_rows() {
    std::vector<std::size_t> columns;
    for (const std::string& name : model_.feature_names) {
      const int index = train_.feature_index(name);
      if (index < 0) throw Error("the training data has no feature \"" + name + "\"");
      columns.push_back(static_cast<std::size_t>(index));
    }
    rows_at_.assign(tree_.nodes.size(), {});
    std::vector<double> row(columns.size());
    for (std::size_t i = 0; i < train_.rows(); ++i) {
      for (std::size_t f = 0; f < columns.size(); ++f) row[f] = train_.columns[columns[f]][i];
      for (int node : tree_.path_of(row.data())) rows_at_[static_cast<std::size_t>(node)].push_back(i);
    }
    feature_columns_ = columns;
    y_low_ = *std::min_element(train_.target.begin(), train_.target.end());
    y_high_ = *std::max_element(train_.target.begin(), train_.target.end());
  }

  /// Leaves take the next slot left to right; a split sits above the middle of its children.
  double place(int index, int depth) {
    const Node& node = tree_.nodes[static_cast<std::size_t>(index)];
    double x = 0;
    if (node.is_leaf()) {
      x = kMargin + next_slot_ * (kPanelWidth + kGapX);
      next_slot_ += 1;
    } else {
      const double left = place(node.left, depth + 1), right = place(node.right, depth + 1);
      x = (left + right) / 2;
    }
    if (x_.size() < tree_.nodes.size()) x_.assign(tree_.nodes.size(), 0);
    x_[static_cast<std::size_t>(index)] = x;
    return x;
  }

  double panel_top(int index) const {
    return top_ + tree_.nodes[static_cast<std::size_t>(index)].depth * (kPanelHeight + kGapY);
  }
  bool on_path(int index) const { return std::find(path_.begin(), path_.end(), index) != path_.end(); }
  double feature_value(std::size_t row, int feature) const {
    return train_.columns[feature_columns_[static_cast<std::size_t>(feature)]][row];
  }

  void paint_header() {
    const Node& root = tree_.nodes.front();
    out_ += fmt::format(
        "<text x=\"{}\" y=\"{}\" font-size=\"14\" font-weight=\"bold\" fill=\"{}\">{} tree: {} leaves, "
        "depth {}, {} training rows</text>\n",
        kMargin, kMargin + 4, kInk, model_.kind == ModelKind::kTree ? "Decision" : "Forest's first", tree_.leaves(),
        tree_.depth(), root.samples);
    double y = kMargin + 4 + kLineHeight * 1.3;
    out_ += fmt::format(
        "<text x=\"{}\" y=\"{}\" fill=\"#777\">split nodes: y against the split feature, "
        "<tspan fill=\"{}\">left x &lt;= threshold</tspan>, <tspan fill=\"{}\">right</tspan>, "
        "dashed lines the means; leaves: histogram of y</text>\n",
        kMargin, y, kLeftColour, kRightColour);
    for (std::size_t step = 0; step < path_.size(); ++step) {
      y += kLineHeight;
      const Node& node = tree_.nodes[static_cast<std::size_t>(path_[step])];
      std::string line;
      if (node.is_leaf()) {
        line = fmt::format("leaf #{}: y = {:.3f} (n = {})", path_[step], node.value, node.samples);
      } else {
        const double value = options_.path_row[static_cast<std::size_t>(node.feature)];
        const bool left = value <= node.threshold;
        line = fmt::format("{}. {} = {:g} {} {:g}: go {}", step + 1,
                           escape(model_.feature_names[static_cast<std::size_t>(node.feature)]), value,
                           left ? "&lt;=" : "&gt;", node.threshold, left ? "left" : "right");
      }
      out_ += fmt::format("<text x=\"{}\" y=\"{}\" fill=\"{}\">{}</text>\n", kMargin, y, kPathColour, line);
    }
  }

  void paint_edges(int index) {
    const Node& node = tree_.nodes[static_cast<std::size_t>(index)];
    if (node.is_leaf()) return;
    const double x = x_[static_cast<std::size_t>(index)] + kPanelWidth / 2;
    const double y = panel_top(index) + kPanelHeight;
    for (const int child : {node.left, node.right}) {
      const double cx = x_[static_cast<std::size_t>(child)] + kPanelWidth / 2, cy = panel_top(child);
      const bool highlighted = on_path(index) && on_path(child);
      out_ += fmt::format(
          "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"{}\" stroke-width=\"{}\"/>\n", x, y,
          cx, cy, highlighted ? kPathColour : "#999", highlighted ? 3 : 1);
      out_ += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" fill=\"#777\">{}</text>\n",
                          (x + cx) / 2 + (child == node.left ? -8 : 8), (y + cy) / 2,
                          child == node.left ? "&lt;=" : "&gt;");
    }
  }

  void panel_frame(int index, const std::string& title) {
    const double x = x_[static_cast<std::size_t>(index)], y = panel_top(index);
    const bool highlighted = on_path(index);
    out_ += fmt::format(
        "<g><title>node {}</title><rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{}\" height=\"{}\" rx=\"6\" "
        "fill=\"white\" stroke=\"{}\" stroke-width=\"{}\"/>\n",
        index, x, y, kPanelWidth, kPanelHeight, highlighted ? kPathColour : "#bbb", highlighted ? 3 : 1);
    out_ += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" fill=\"{}\">{}</text></g>\n", x + 8, y + 14, kInk, title);
  }

  void paint_split(int index) {
    const Node& node = tree_.nodes[static_cast<std::size_t>(index)];
    const auto& rows = rows_at_[static_cast<std::size_t>(index)];
    const std::string feature = escape(model_.feature_names[static_cast<std::size_t>(node.feature)]);
    panel_frame(index, fmt::format("#{}  n={}", index, rows.size()));
    const double px = x_[static_cast<std::size_t>(index)], py = panel_top(index);
    const double x0 = px + 32, x1 = px + kPanelWidth - 10, y0 = py + 22, y1 = py + kPanelHeight - 30;
    double f_low = node.threshold, f_high = node.threshold;
    double left_sum = 0, right_sum = 0;
    std::size_t left_count = 0;
    for (std::size_t row : rows) {
      const double value = feature_value(row, node.feature);
      f_low = std::min(f_low, value);
      f_high = std::max(f_high, value);
      if (value <= node.threshold) {
        left_sum += train_.target[row];
        ++left_count;
      } else {
        right_sum += train_.target[row];
      }
    }
    auto fx = [&](double v) { return scale(v, f_low, f_high, x0, x1); };
    auto fy = [&](double v) { return scale(v, y_low_, y_high_, y1, y0); };
    axes(x0, y0, x1, y1, fmt::format("{:g}", f_low), fmt::format("{:g}", f_high), feature);
    // An even sample of the rows, so big nodes stay light.
    const std::size_t stride = std::max<std::size_t>(1, (rows.size() + options_.max_points - 1) / options_.max_points);
    for (std::size_t i = 0; i < rows.size(); i += stride) {
      const double value = feature_value(rows[i], node.feature);
      out_ += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"1.8\" fill=\"{}\" fill-opacity=\"0.45\"/>\n",
                          fx(value), fy(train_.target[rows[i]]), value <= node.threshold ? kLeftColour : kRightColour);
    }
    const double tx = fx(node.threshold);
    out_ += fmt::format(
        "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" stroke=\"{3}\" "
        "stroke-dasharray=\"3,2\"/>\n",
        tx, y0, y1, kInk);
    out_ += fmt::format("<path d=\"M{0:.1f},{1:.1f} l-5,8 h10 z\" fill=\"{2}\"/>\n", tx, y1, kInk);
    out_ += fmt::format(
        "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" font-weight=\"bold\" fill=\"{}\">{} &lt;= "
        "{:g}</text>\n",
        px + kPanelWidth / 2, py + kPanelHeight - 4, kInk, feature, node.threshold);
    if (left_count > 0) mean_line(x0, tx, fy(left_sum / static_cast<double>(left_count)), kLeftColour);
    if (rows.size() > left_count)
      mean_line(tx, x1, fy(right_sum / static_cast<double>(rows.size() - left_count)), kRightColour);
    if (on_path(index)) {
      const double value = options_.path_row[static_cast<std::size_t>(node.feature)];
      out_ += fmt::format("<path d=\"M{0:.1f},{1:.1f} l-5,-8 h10 z\" fill=\"{2}\"/>\n", std::clamp(fx(value), x0, x1),
                          y0, kPathColour);
    }
  }

  void paint_leaf(int index) {
    const Node& node = tree_.nodes[static_cast<std::size_t>(index)];
    const auto& rows = rows_at_[static_cast<std::size_t>(index)];
    panel_frame(index, fmt::format("#{}  leaf", index));
    const double px = x_[static_cast<std::size_t>(index)], py = panel_top(index);
    const double x0 = px + 32, x1 = px + kPanelWidth - 10, y0 = py + 22, y1 = py + kPanelHeight - 30;
    // One bar per whole value when y takes few whole values, else twelve even bins.
    const bool whole =
        std::all_of(train_.target.begin(), train_.target.end(), [](double y) { return y == std::floor(y); });
    const int bins = whole && y_high_ - y_low_ < 40 ? static_cast<int>(y_high_ - y_low_) + 1 : 12;
    std::vector<std::size_t> counts(static_cast<std::size_t>(bins), 0);
    for (std::size_t row : rows) {
      const double share = y_high_ > y_low_ ? (train_.target[row] - y_low_) / (y_high_ - y_low_) : 0.0;
      const int bin =
          std::clamp(static_cast<int>(whole && bins > 1 ? std::lround(share * (bins - 1)) : share * bins), 0, bins - 1);
      counts[static_cast<std::size_t>(bin)] += 1;
    }
    const std::size_t tallest = std::max<std::size_t>(1, *std::max_element(counts.begin(), counts.end()));
    axes(x0, y0, x1, y1, fmt::format("{:g}", y_low_), fmt::format("{:g}", y_high_), "y", "0", std::to_string(tallest));
    const double bar = (x1 - x0) / bins;
    for (int b = 0; b < bins; ++b) {
      if (counts[static_cast<std::size_t>(b)] == 0) continue;
      const double height = (y1 - y0) * static_cast<double>(counts[static_cast<std::size_t>(b)]) / tallest;
      out_ += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\"/>\n",
                          x0 + b * bar + 1, y1 - height, std::max(1.0, bar - 2), height, kLeftColour);
    }
    out_ += fmt::format(
        "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" font-weight=\"bold\" fill=\"{}\">value "
        "= {:.2f}, n = {}</text>\n",
        px + kPanelWidth / 2, py + kPanelHeight - 4, kInk, node.value, node.samples);
  }

  void axes(double x0, double y0, double x1, double y1, const std::string& x_low, const std::string& x_high,
            const std::string& x_name, const std::string& y_low = {}, const std::string& y_high = {}) {
    out_ += fmt::format("<path d=\"M{:.1f},{:.1f} V{:.1f} H{:.1f}\" fill=\"none\" stroke=\"#999\"/>\n", x0, y0, y1, x1);
    out_ +=
        fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"9\" fill=\"#777\">{}</text>\n", x0, y1 + 11, x_low);
    out_ += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"9\" text-anchor=\"end\" fill=\"#777\">{}</text>\n",
                        x1, y1 + 11, x_high);
    out_ +=
        fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"9\" text-anchor=\"middle\" fill=\"#777\">{}</text>\n",
                    (x0 + x1) / 2, y1 + 11, x_name);
    const std::string top = y_high.empty() ? fmt::format("{:g}", y_high_) : y_high;
    const std::string bottom = y_low.empty() ? fmt::format("{:g}", y_low_) : y_low;
    out_ += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"9\" text-anchor=\"end\" fill=\"#777\">{}</text>\n",
                        x0 - 3, y0 + 8, top);
    out_ += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"9\" text-anchor=\"end\" fill=\"#777\">{}</text>\n",
                        x0 - 3, y1, bottom);
  }

  void mean_line(double from, double to, double y, const char* colour) {
    out_ += fmt::format(
        "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"{}\" stroke-width=\"1.5\" "
        "stroke-dasharray=\"5,3\"/>\n",
        from, y, to, y, colour);
  }

  const Model& model_;
  const Tree& tree_;
  const Table& train_;
  const SvgOptions& options_;
  std::vector<std::vector<std::size_t>> rows_at_;
  std::vector<std::size_t> feature_columns_;
  std::vector<double> x_;
  std::vector<int> path_;
  double next_slot_ = 0, top_ = 0, y_low_ = 0, y_high_ = 0;
  std::string out_;
};

}  // namespace

std::string tree_svg(const Model& model, const Table& train, const SvgOptions& options) {
  if (train.rows() == 0 || train.target.size() != train.rows()) throw Error("no training rows to draw the tree with");
  return SvgPainter(model, train, options).paint();
}

}  // namespace hdl::tabular
