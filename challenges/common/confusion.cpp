#include <fmt/core.h>

#include <algorithm>

#include "hdl/core/error.hpp"
#include "hdl/learn.hpp"

namespace hdl::learn {

std::int64_t Confusion::total() const {
  std::int64_t sum = 0;
  for (const auto& row : matrix)
    for (auto count : row) sum += count;
  return sum;
}

std::int64_t Confusion::correct() const {
  std::int64_t sum = 0;
  for (std::size_t i = 0; i < matrix.size(); ++i) sum += matrix[i][i];
  return sum;
}

double Confusion::accuracy() const {
  const auto n = total();
  return n == 0 ? 0.0 : static_cast<double>(correct()) / static_cast<double>(n);
}

std::vector<ConfusedPair> Confusion::most_confused(std::int64_t min_count) const {
  std::vector<ConfusedPair> pairs;
  for (std::size_t actual = 0; actual < matrix.size(); ++actual)
    for (std::size_t predicted = 0; predicted < matrix.size(); ++predicted)
      if (actual != predicted && matrix[actual][predicted] >= min_count)
        pairs.push_back({classes[actual], classes[predicted], matrix[actual][predicted]});
  std::stable_sort(pairs.begin(), pairs.end(), [](const auto& a, const auto& b) { return a.count > b.count; });
  return pairs;
}

Confusion confusion_from(const std::vector<std::int64_t>& actual, const std::vector<std::int64_t>& predicted,
                         std::vector<std::string> classes) {
  if (actual.size() != predicted.size()) throw Error("confusion: actual and predicted labels differ in number");
  Confusion confusion;
  const auto n = static_cast<std::int64_t>(classes.size());
  confusion.classes = std::move(classes);
  confusion.matrix.assign(confusion.classes.size(), std::vector<std::int64_t>(confusion.classes.size(), 0));
  for (std::size_t i = 0; i < actual.size(); ++i) {
    if (actual[i] < 0 || actual[i] >= n || predicted[i] < 0 || predicted[i] >= n)
      throw Error(fmt::format("confusion: label out of range at item {}", i));
    confusion.matrix[actual[i]][predicted[i]] += 1;
  }
  return confusion;
}

std::string confusion_table(const Confusion& confusion) {
  const std::string corner = "actual \\ predicted";
  std::size_t first_width = corner.size();
  std::size_t cell_width = 6;
  for (const auto& name : confusion.classes) {
    first_width = std::max(first_width, name.size());
    cell_width = std::max(cell_width, name.size());
  }
  std::string out = fmt::format("{:<{}}", corner, first_width);
  for (const auto& name : confusion.classes) out += fmt::format("  {:>{}}", name, cell_width);
  out += '\n';
  for (std::size_t actual = 0; actual < confusion.classes.size(); ++actual) {
    out += fmt::format("{:<{}}", confusion.classes[actual], first_width);
    for (auto count : confusion.matrix[actual]) out += fmt::format("  {:>{}}", count, cell_width);
    out += '\n';
  }
  return out;
}

nlohmann::json to_json(const Confusion& confusion) {
  nlohmann::json confused = nlohmann::json::array();
  for (const auto& pair : confusion.most_confused())
    confused.push_back({{"actual", pair.actual}, {"predicted", pair.predicted}, {"count", pair.count}});
  return {{"classes", confusion.classes},
          {"matrix", confusion.matrix},
          {"accuracy", confusion.accuracy()},
          {"total", confusion.total()},
          {"most_confused", confused}};
}

std::vector<ItemLoss> top_losses(std::vector<ItemLoss> items, std::size_t k) {
  std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.loss > b.loss; });
  if (items.size() > k) items.resize(k);
  return items;
}

namespace {
std::string shorten(const std::string& text, std::size_t width) {
  return text.size() <= width ? text : text.substr(0, width - 3) + "...";
}
}  // namespace

std::string confusion_report(const Confusion& confusion, const std::vector<ItemLoss>& top,
                             const std::string& item_label) {
  constexpr std::size_t kItemWidth = 60;  // characters of a file name or text shown
  std::string out = confusion_table(confusion);
  out += fmt::format("accuracy {:.2f}% ({} of {})\n", 100 * confusion.accuracy(), confusion.correct(),
                     confusion.total());
  const auto confused = confusion.most_confused();
  if (confused.empty()) out += "most confused: none\n";
  for (const auto& pair : confused)
    out += fmt::format("most confused: {} taken for {} {} times\n", pair.actual, pair.predicted, pair.count);
  if (!top.empty())
    out += fmt::format("highest losses:\n  {:<9}{:<12}{:<12}{:<8}{}\n", "loss", "actual", "predicted", "prob",
                       item_label);
  for (const auto& item : top)
    out += fmt::format("  {:<9.4f}{:<12}{:<12}{:<8.3f}{}\n", item.loss, confusion.classes.at(item.actual),
                       confusion.classes.at(item.predicted), item.probability, shorten(item.item, kItemWidth));
  return out;
}

nlohmann::json to_json(const std::vector<ItemLoss>& top, const std::vector<std::string>& classes,
                       const std::string& item_label) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& item : top)
    items.push_back({{item_label, item.item},
                     {"actual", classes.at(item.actual)},
                     {"predicted", classes.at(item.predicted)},
                     {"loss", item.loss},
                     {"probability", item.probability}});
  return items;
}

}  // namespace hdl::learn
