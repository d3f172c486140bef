// hdl viz tree (svg, dot, text, json) and hdl rules tree|forest.
#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <map>

#include "hdl/core/error.hpp"
#include "hdl/core/files.hpp"
#include "hdl/generators.hpp"
#include "tabular_commands.hpp"

namespace hdl::cli {
namespace {

using tabular::ModelKind;

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    const auto comma = text.find(',', start);
    parts.push_back(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) return parts;
    start = comma + 1;
  }
}

/// The rows the tree was trained on: the data file split again as training split it.
tabular::Table training_rows(const tabular::Model& model, const GlobalOptions& globals) {
  const std::filesystem::path file = tabular::default_table_path(globals.data_dir);
  const tabular::Table table = tabular::load_table(file);
  const std::size_t trained_on = model.settings.value("data_rows", std::size_t{0});
  tabular::Table train = tabular_detail::split_table(table, model.settings.value("valid_pct", 0.2),
                                                     model.settings.value("seed", globals.seed))
                             .train;
  if (trained_on != table.rows() || train.rows() != model.trees.front().nodes.front().samples)
    throw Error(fmt::format("{} is not the data the tree was trained on ({} rows now, {} then)", file.string(),
                            table.rows(), trained_on),
                "retrain with 'hdl train tree', or use --format text or dot, which need no data");
  return train;
}

bool has_generator_features(const tabular::Model& model) {
  const auto& names = gen::tabular_feature_names();
  return model.feature_names.size() == names.size() &&
         std::all_of(names.begin(), names.end(),
                     [&](const std::string& name) { return model.feature_index(name) >= 0; });
}

/// The generator's rule for each value: "a < 5 and b > 90" for 1, "otherwise" for 0.
std::map<long, std::string> true_rules() {
  std::map<long, std::string> rules;
  for (const std::string& rule : gen::tabular_rules_text()) {
    const long value = std::stol(rule.substr(rule.find('=') + 1));
    const auto condition = rule.find(" if ");
    rules[value] = condition == std::string::npos ? rule.substr(rule.find(' ', rule.find('=') + 2) + 1)
                                                  : rule.substr(condition + 4);
  }
  return rules;
}

}  // namespace

nlohmann::json run_viz_tabular(const TabularVizOptions& options, const GlobalOptions& globals) {
  const tabular::Model model =
      tabular::load_model(tabular_detail::model_path(options.model, ModelKind::kTree, globals), ModelKind::kTree);
  std::string contents;
  if (options.format == "svg") {
    tabular::SvgOptions svg;
    if (!options.path.empty()) svg.path_row = tabular_detail::parse_row(split_commas(options.path), model);
    contents = tabular::tree_svg(model, training_rows(model, globals), svg);
  } else if (options.format == "dot") {
    contents = tabular::tree_dot(model);
  } else if (options.format == "text") {
    contents = tabular::tree_text(model);
  } else if (options.format == "json") {
    contents = tabular::model_to_json(model).dump(2) + "\n";
  } else {
    throw UsageError(fmt::format("unknown --format '{}'", options.format), "use svg, dot, text or json");
  }
  if (!options.path.empty() && options.format != "svg")
    throw UsageError("--path highlights a row in the SVG only", "add --format svg");

  const bool to_file = !options.out.empty() || options.format == "svg" || options.format == "dot";
  if (!to_file) {
    if (globals.text()) std::cout << contents;
    if (options.format == "json") return nlohmann::json::parse(contents);
    return {{"format", options.format}, {"text", contents}};
  }
  const std::filesystem::path out = options.out.empty() ? globals.data_dir / "reports" / ("tree." + options.format)
                                                        : std::filesystem::path(options.out);
  write_file_atomic(out, contents);
  if (globals.chatty()) fmt::print("wrote {}\n", out.string());
  return {{"format", options.format}, {"path", out.string()}, {"bytes", contents.size()}};
}

nlohmann::json run_rules_tabular(const TabularRulesOptions& options, const GlobalOptions& globals) {
  const tabular::Model model =
      tabular::load_model(tabular_detail::model_path(options.model, options.kind, globals), options.kind);
  const bool generator = has_generator_features(model);
  if (options.kind == ModelKind::kForest && !generator)
    throw Error("rules of a forest are read from a tree fitted to it on fresh generator rows",
                "that needs a forest trained on the generator's features a..f");
  if (options.fresh_rows < 1 || options.fresh_rows > 100'000'000)
    throw UsageError("--rows must be from 1 to 100000000", "for example --rows 200000");
  const int threads = globals.thread_count();
  const tabular::Model readable =
      options.kind == ModelKind::kTree
          ? model
          : tabular::distill_tree(model, options.max_leaf_nodes, globals.seed, options.fresh_rows, threads);
  const auto groups = tabular::group_rules(tabular::leaf_rules(readable, readable.trees.front()));
  const auto truth = true_rules();

  nlohmann::json result{{"model", tabular::kind_name(options.kind)}, {"leaves", readable.trees.front().leaves()}};
  nlohmann::json groups_json = nlohmann::json::array();
  for (const auto& group : groups) {
    nlohmann::json rules = nlohmann::json::array();
    for (const auto& rule : group.rules)
      rules.push_back(
          {{"rule", rule.text(readable)}, {"value", rule.value}, {"samples", rule.samples}, {"leaf", rule.leaf}});
    const auto true_rule = truth.find(group.rounded_value);
    groups_json.push_back({{"value", group.rounded_value},
                           {"samples", group.samples},
                           {"true_rule", generator && true_rule != truth.end() ? nlohmann::json(true_rule->second)
                                                                               : nlohmann::json(nullptr)},
                           {"rules", rules}});
  }
  result["groups"] = groups_json;
  if (generator) {
    result["true_rules"] = gen::tabular_rules_text();
    result["fresh_rows"] = options.fresh_rows;
    result["agreement"] = tabular::rule_agreement(model, globals.seed, options.fresh_rows, threads);
    if (options.kind == ModelKind::kForest)
      result["distilled_agreement"] = tabular::rule_agreement(readable, globals.seed, options.fresh_rows, threads);
  }
  if (!globals.text()) return result;

  if (options.kind == ModelKind::kTree)
    fmt::print("The tree's {} leaves as rules, grouped by rounded value", result["leaves"].get<int>());
  else
    fmt::print("The forest read as a {}-leaf tree fitted to its predictions on {} fresh rows, grouped by rounded value",
               result["leaves"].get<int>(), options.fresh_rows);
  fmt::print("{}:\n", generator ? ", under the generator's true rule" : "");
  for (const auto& group : groups) {
    fmt::print("\ny = {}\n", group.rounded_value);
    if (const auto it = truth.find(group.rounded_value); generator && it != truth.end())
      fmt::print("  true     {}\n", it->second);
    bool first = true;
    for (const auto& rule : group.rules) {
      fmt::print("  {:<8} {:<52} n={:<6} value {:.2f}\n", first ? "learned" : "", rule.text(readable), rule.samples,
                 rule.value);
      first = false;
    }
  }
  if (generator) {
    const std::vector<long> learned_values = [&] {
      std::vector<long> values;
      for (const auto& group : groups) values.push_back(group.rounded_value);
      return values;
    }();
    for (const auto& [value, rule] : truth)
      if (std::find(learned_values.begin(), learned_values.end(), value) == learned_values.end())
        fmt::print("\ny = {}\n  true     {}\n  learned  (no leaf)\n", value, rule);
    fmt::print("\nagreement: {:.2f}% of {} fresh rows get the true y from the rounded prediction",
               100 * result["agreement"].get<double>(), options.fresh_rows);
    if (options.kind == ModelKind::kForest)
      fmt::print(" ({:.2f}% from the rules above)", 100 * result["distilled_agreement"].get<double>());
    fmt::print("\n");
  }
  return result;
}

void setup_viz_tabular(Cli& cli) {
  CLI::App* viz = cli.verb("viz", "Draw a trained model");
  auto options = std::make_shared<TabularVizOptions>();
  CLI::App* sub = viz->add_subcommand("tree", "The tree as SVG (like dtreeviz), Graphviz dot, text or JSON");
  sub->add_option("--format", options->format, "svg, dot, text or json")
      ->check(CLI::IsMember({"svg", "dot", "text", "json"}))
      ->capture_default_str();
  sub->add_option("--out", options->out,
                  "Output file (default DATA/reports/tree.svg or tree.dot; text and json go to stdout)");
  sub->add_option("--path", options->path, "Highlight one row's way down (svg): a=1,b=2,c=3,d=4,e=5,f=6");
  sub->add_option("--model", options->model, "Model file (default DATA/models/tree.json)");
  cli.on_run(sub, [options, &globals = cli.globals()] { return run_viz_tabular(*options, globals); });
}

void setup_rules_tabular(Cli& cli) {
  CLI::App* rules = cli.verb("rules", "The rules a model learned, beside the true ones");
  for (const ModelKind kind : {ModelKind::kTree, ModelKind::kForest}) {
    auto options = std::make_shared<TabularRulesOptions>();
    options->kind = kind;
    CLI::App* sub = rules->add_subcommand(
        tabular::kind_name(kind),
        kind == ModelKind::kTree
            ? "The tree's leaves as rules, and their agreement with the true rules"
            : "The forest read as a small tree fitted to it, and its agreement with the true rules");
    sub->add_option("--rows", options->fresh_rows, "Fresh rows the agreement is measured on")->capture_default_str();
    if (kind == ModelKind::kForest)
      sub->add_option("--max-leaf-nodes", options->max_leaf_nodes, "Leaves of the tree that reads the forest")
          ->capture_default_str();
    sub->add_option("--model", options->model,
                    fmt::format("Model file (default DATA/models/{}.json)", tabular::kind_name(kind)));
    cli.on_run(sub, [options, &globals = cli.globals()] { return run_rules_tabular(*options, globals); });
  }
}

}  // namespace hdl::cli
