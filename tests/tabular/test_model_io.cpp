// Model files: a JSON round trip predicts identically; a wrong or broken file is a clear error.
#include <catch2/catch.hpp>

#include <fstream>

#include "hdl/core/error.hpp"
#include "hdl/tabular.hpp"
#include "support/run_hdl.hpp"
#include "tabular_fixtures.hpp"

using namespace hdl::tabular;
using Catch::Contains;

TEST_CASE("tabular model: a JSON round trip predicts identically", "[tabular][model]") {
  hdl::test::TempDir dir;
  const Table table = hdl::test::generator_table(1500);
  ForestOptions forest;
  forest.n_trees = 4;
  forest.max_samples = 1000;
  TreeOptions tree;
  tree.max_leaf_nodes = 0;
  for (const Model& model : {fit_tree(table, tree, 42), fit_forest(table, forest, 42, 2)}) {
    const auto path = dir.path() / (std::string(kind_name(model.kind)) + ".json");
    save_model(model, path);
    const Model loaded = load_model(path, model.kind);
    REQUIRE(loaded.feature_names == model.feature_names);
    REQUIRE(loaded.importances == model.importances);
    REQUIRE(model_to_json(loaded) == model_to_json(model));
    const Table probe = hdl::test::generator_table(500, /*seed=*/99);
    REQUIRE(loaded.predict(probe) == model.predict(probe));
    // Every node carries what the issue lists.
    const auto node = model_to_json(model)["trees"][0]["nodes"][0];
    for (const char* key : {"feature", "threshold", "left", "right", "value", "samples", "impurity"})
      REQUIRE(node.contains(key));
  }
}

TEST_CASE("tabular model: a model of the wrong kind or a broken file is refused by name", "[tabular][model]") {
  hdl::test::TempDir dir;
  const Table table = hdl::test::generator_table(300);
  const auto tree_path = dir.path() / "tree.json";
  save_model(fit_tree(table, TreeOptions{}, 1), tree_path);
  auto message = [](const std::function<void()>& body) -> std::string {
    try {
      body();
    } catch (const hdl::Error& e) {
      return e.message();
    }
    return "no error";
  };
  REQUIRE_THAT(message([&] { load_model(tree_path, ModelKind::kForest); }),
               Contains("holds a tree model, not a forest"));
  REQUIRE_THAT(message([&] { load_model(dir.path() / "none.json", ModelKind::kTree); }), Contains("hdl train tree"));

  auto document = model_to_json(load_model(tree_path, ModelKind::kTree));
  document["trees"][0]["nodes"][0]["left"] = 0;  // a cycle
  REQUIRE_THAT(message([&] { model_from_json(document, "m.json"); }),
               Contains("m.json: tree 0 node 0: children out of range"));
  document = model_to_json(load_model(tree_path, ModelKind::kTree));
  document["trees"][0]["nodes"][1]["threshold"] = "high";
  REQUIRE_THAT(message([&] { model_from_json(document, "m.json"); }), Contains("\"threshold\" is not a number"));
  document.erase("format");
  REQUIRE_THAT(message([&] { model_from_json(document, "m.json"); }), Contains("not an hdl tabular model"));
  std::ofstream(dir.path() / "broken.json") << "{\"format\": ";
  REQUIRE_THAT(message([&] { load_model(dir.path() / "broken.json", ModelKind::kTree); }), Contains("not valid JSON"));
}
