// train / predict / confusion images through the real binary, on a tiny shapes set at 32 px.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/run_hdl.hpp"

namespace fs = std::filesystem;
using Catch::Contains;
using hdl::test::run_hdl;
using hdl::test::slurp;
using hdl::test::TempDir;
using nlohmann::json;

namespace {

// At 48 px, with 30 images per class (48 to train on, 12 to validate), ResNet18 learns red
// circles vs yellow rectangles from scratch in four short epochs (at 32 px the smallest
// circles shrink to a faint pixel). One thread: tests run in parallel, and tiny batches gain
// nothing from more.
std::vector<std::string> tiny_train(const TempDir& dir, int epochs) {
  return {"train",        "images", "--image-size", "48",   "--epochs",  std::to_string(epochs),
          "--batch-size", "8",      "--lr",         "2e-3", "--threads", "1",
          "--data",       dir.str()};
}

void generate_shapes(const TempDir& dir, int count) {
  REQUIRE(run_hdl({"generate", "shapes", "--count", std::to_string(count), "--data", dir.str()}).exit_code == 0);
}

json train_json(const TempDir& dir, int epochs, std::vector<std::string> extra = {}) {
  auto args = tiny_train(dir, epochs);
  args.push_back("--json");
  args.insert(args.end(), extra.begin(), extra.end());
  const auto result = run_hdl(args);
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  return json::parse(result.out);
}

}  // namespace

TEST_CASE("cli images: train learns the toy set to 100% and predict and confusion agree", "[cli][images]") {
  TempDir dir;
  generate_shapes(dir, 30);
  const json trained = train_json(dir, 4);
  REQUIRE(trained.at("epochs").size() == 4);
  for (const char* key : {"epoch", "train_loss", "valid_loss", "accuracy", "seconds"})
    REQUIRE(trained.at("epochs")[0].contains(key));
  REQUIRE(trained.at("valid_accuracy").get<double>() == 1.0);
  REQUIRE(trained.at("fit_seconds").get<double>() > 0);
  REQUIRE(trained.at("valid_items") == 12);
  REQUIRE(fs::is_regular_file(dir.path() / "models" / "images.pt"));

  // predict: a label and probabilities that sum to 1 for each file, in the order given.
  const std::string circle = (dir.path() / "shapes/circles/circle_3.png").string();
  const std::string rectangle = (dir.path() / "shapes/rectangles/rectangle_3.png").string();
  const auto predicted = run_hdl({"predict", "images", circle, rectangle, "--data", dir.str(), "--json"});
  REQUIRE(predicted.exit_code == 0);
  const json predictions = json::parse(predicted.out);
  REQUIRE(predictions.size() == 2);
  REQUIRE(predictions[0].at("file") == circle);
  for (const auto& prediction : predictions) {
    const double sum =
        prediction.at("probs").at("circles").get<double>() + prediction.at("probs").at("rectangles").get<double>();
    REQUIRE(sum == Approx(1.0).margin(1e-5));
    REQUIRE(prediction.at("index") == (prediction.at("label") == "circles" ? 0 : 1));
  }

  // confusion on the validation split: the counts add up to its size, all on the diagonal.
  const auto confusion = run_hdl({"confusion", "images", "--data", dir.str(), "--json"});
  REQUIRE(confusion.exit_code == 0);
  const json matrix = json::parse(confusion.out);
  REQUIRE(matrix.at("classes") == json({"circles", "rectangles"}));
  const auto cells = matrix.at("matrix").get<std::vector<std::vector<int>>>();
  REQUIRE(cells[0][0] + cells[0][1] + cells[1][0] + cells[1][1] == 12);
  REQUIRE(cells[0][1] + cells[1][0] == 0);
  REQUIRE(matrix.at("accuracy").get<double>() == 1.0);
  REQUIRE(fs::file_size(dir.path() / "reports" / "confusion_images.png") > 0);

  // --on judges the whole of another folder; the text report names the classes.
  const auto whole = run_hdl({"confusion", "images", "--data", dir.str(), "--on", (dir.path() / "shapes").string(),
                              "--png", (dir.path() / "on.png").string()});
  REQUIRE(whole.exit_code == 0);
  REQUIRE_THAT(whole.out, Contains("circles") && Contains("rectangles") && Contains("60 images"));
  REQUIRE(fs::is_regular_file(dir.path() / "on.png"));
}

TEST_CASE("cli images: the same seed and threads give the same losses", "[cli][images][determinism]") {
  TempDir dir;
  generate_shapes(dir, 6);
  const json one = train_json(dir, 1, {"--seed", "3"});
  const json two = train_json(dir, 1, {"--seed", "3"});
  REQUIRE(one.at("epochs")[0].at("train_loss") == two.at("epochs")[0].at("train_loss"));
  REQUIRE(one.at("epochs")[0].at("valid_loss") == two.at("epochs")[0].at("valid_loss"));
  const json other = train_json(dir, 1, {"--seed", "4"});
  REQUIRE(other.at("epochs")[0].at("train_loss") != one.at("epochs")[0].at("train_loss"));
}

TEST_CASE("cli images: files that are not images are reported and skipped", "[cli][images][errors]") {
  TempDir dir;
  generate_shapes(dir, 6);
  std::ofstream(dir.path() / "shapes/circles/notes.png") << "this is text, not a PNG";
  const auto result = run_hdl(tiny_train(dir, 1));
  REQUIRE(result.exit_code == 0);
  REQUIRE_THAT(result.err, Contains("skipped") && Contains("notes.png"));
  REQUIRE_THAT(result.out, Contains("epoch") && Contains("train_loss") && Contains("accuracy"));
}

TEST_CASE("cli images: bad input is a clear error with exit 1", "[cli][images][errors]") {
  TempDir dir;
  // No data at all, and an empty folder: both say how to make some.
  auto no_data = run_hdl({"train", "images", "--data", dir.str()});
  REQUIRE(no_data.exit_code == 1);
  REQUIRE_THAT(no_data.err, Contains("hdl: error: no data in") && Contains("hdl generate shapes"));
  fs::create_directories(dir.path() / "shapes/circles");
  fs::create_directories(dir.path() / "shapes/rectangles");
  auto empty = run_hdl({"train", "images", "--data", dir.str()});
  REQUIRE(empty.exit_code == 1);
  REQUIRE_THAT(empty.err, Contains("hdl: error: no images in") && Contains("hdl generate shapes"));

  // No model yet.
  const auto missing_model = run_hdl({"predict", "images", "x.png", "--data", dir.str()});
  REQUIRE(missing_model.exit_code == 1);
  REQUIRE_THAT(missing_model.err, Contains("no model") && Contains("hdl train images"));
  REQUIRE(run_hdl({"confusion", "images", "--data", dir.str()}).exit_code == 1);

  // A model file that is not one.
  fs::create_directories(dir.path() / "models");
  std::ofstream(dir.path() / "models/images.pt") << "garbage";
  const auto bad_model = run_hdl({"predict", "images", "x.png", "--data", dir.str()});
  REQUIRE(bad_model.exit_code == 1);
  REQUIRE_THAT(bad_model.err, Contains("is not an hdl images model"));

  // With a real model: a text file renamed .png, a truncated PNG and a missing file name themselves.
  TempDir data;
  generate_shapes(data, 6);
  auto args = tiny_train(data, 1);
  args.push_back("--quiet");
  REQUIRE(run_hdl(args).exit_code == 0);
  const fs::path text = data.path() / "text.png";
  std::ofstream(text) << "hello";
  const std::string png = slurp(data.path() / "shapes/circles/circle_0.png");
  const fs::path truncated = data.path() / "truncated.png";
  std::ofstream(truncated, std::ios::binary) << png.substr(0, png.size() / 2);
  for (const fs::path& file : {text, truncated, data.path() / "missing.png"}) {
    const auto result = run_hdl({"predict", "images", file.string(), "--data", data.str()});
    INFO(result.err);
    REQUIRE(result.exit_code == 1);
    REQUIRE_THAT(result.err, Contains("hdl: error:") && Contains(file.string()));
  }
  // A usage error is exit 2.
  REQUIRE(run_hdl({"train", "images", "--epochs", "0", "--data", data.str()}).exit_code == 2);
}
