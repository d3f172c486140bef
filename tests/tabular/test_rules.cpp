// Rules: a tree trained on a one-rule data set reads back as that rule; text and dot exports.
#include <catch2/catch.hpp>

#include "hdl/tabular.hpp"
#include "tabular_fixtures.hpp"

using namespace hdl::tabular;
using Catch::Contains;

TEST_CASE("tabular rules: a tree trained on a one-rule data set reads back as that rule", "[tabular][rules]") {
  // y = 7 if 20 < c < 60, else 0.
  const Table table =
      hdl::test::labelled_table(4000, [](const std::vector<double>& x) { return x[2] > 20 && x[2] < 60 ? 7.0 : 0.0; });
  TreeOptions options;
  options.max_leaf_nodes = 0;
  const Model model = fit_tree(table, options, 42);
  const auto groups = group_rules(leaf_rules(model, model.trees.front()));
  REQUIRE(groups.size() == 2);
  REQUIRE(groups[1].rounded_value == 7);
  REQUIRE(groups[1].rules.size() == 1);
  REQUIRE(groups[1].rules[0].text(model) == "20 < c < 60");
  REQUIRE(groups[0].rounded_value == 0);
  std::vector<std::string> zero_rules;
  for (const auto& rule : groups[0].rules) zero_rules.push_back(rule.text(model));
  std::sort(zero_rules.begin(), zero_rules.end());
  REQUIRE(zero_rules == std::vector<std::string>{"c < 21", "c > 59"});
  REQUIRE(groups[0].samples + groups[1].samples == 4000);
}

TEST_CASE("tabular rules: real-valued features read as x > t and x <= t", "[tabular][rules]") {
  Table table;
  table.feature_names = {"x"};
  table.columns = {{0.5, 1.0, 2.0, 2.5}};
  table.target = {0, 0, 1, 1};
  const Model model = fit_tree(table, TreeOptions{}, 1);
  const auto rules = leaf_rules(model, model.trees.front());
  REQUIRE(rules.size() == 2);
  REQUIRE(rules[0].text(model) == "x <= 1.5");
  REQUIRE(rules[1].text(model) == "x > 1.5");
}

TEST_CASE("tabular rules: agreement with the true rules on fresh rows", "[tabular][rules]") {
  TreeOptions options;
  options.max_leaf_nodes = 0;
  const Model exact = fit_tree(hdl::test::generator_table(10000), options, 42);
  const double agreement = rule_agreement(exact, 42, 20000, 2);
  REQUIRE(agreement > 0.97);
  REQUIRE(agreement < 1.0);
  options.max_leaf_nodes = 2;
  REQUIRE(rule_agreement(fit_tree(hdl::test::generator_table(10000), options, 42), 42, 20000, 2) < agreement);
  REQUIRE(rule_agreement(exact, 42, 20000, 1) == agreement);
}

TEST_CASE("tabular export: text like export_text and Graphviz dot", "[tabular][rules]") {
  const Table table =
      hdl::test::labelled_table(500, [](const std::vector<double>& x) { return x[0] > 50 ? 2.0 : 1.0; });
  const Model model = fit_tree(table, TreeOptions{}, 1);
  const std::string text = tree_text(model);
  REQUIRE_THAT(text, Contains("|--- a <= 50.50\n|   |--- value: [1.00]  n="));
  REQUIRE_THAT(text, Contains("|--- a >  50.50\n|   |--- value: [2.00]"));
  const std::string dot = tree_dot(model);
  REQUIRE_THAT(dot, Contains("digraph Tree {"));
  REQUIRE_THAT(dot, Contains("0 -> 1"));
  REQUIRE_THAT(dot, Contains("a <= 50.5"));
  const std::string svg = tree_svg(model, table, SvgOptions{{10, 0, 0, 0, 0, 0}});
  REQUIRE_THAT(svg, Contains("<svg xmlns"));
  REQUIRE_THAT(svg, Contains("a = 10 &lt;= 50.5: go left"));
  REQUIRE(std::count(svg.begin(), svg.end(), '\n') > 100);  // the scatter is drawn
}
