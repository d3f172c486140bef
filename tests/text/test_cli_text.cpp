// `hdl train text`, `hdl predict text`, `hdl confusion text` through the real binary.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/run_hdl.hpp"

namespace fs = std::filesystem;
using Catch::Contains;
using hdl::test::run_hdl;
using hdl::test::slurp;
using hdl::test::TempDir;

namespace {

/// A small generated data set and a model trained on it.
void train_small(const TempDir& dir, std::vector<std::string> extra = {}) {
  REQUIRE(run_hdl({"generate", "text", "--count", "100", "--data", dir.str()}).exit_code == 0);
  std::vector<std::string> args{"train", "text", "--data", dir.str(), "--batch-size", "16", "--epochs", "3"};
  args.insert(args.end(), extra.begin(), extra.end());
  const auto result = run_hdl(args);
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
}

}  // namespace

TEST_CASE("cli text: train prints the table and saves the model and --json has the same fields", "[cli][text]") {
  TempDir dir;
  REQUIRE(run_hdl({"generate", "text", "--count", "100", "--data", dir.str()}).exit_code == 0);
  const auto text = run_hdl({"train", "text", "--data", dir.str(), "--batch-size", "16"});
  INFO(text.err);
  REQUIRE(text.exit_code == 0);
  REQUIRE_THAT(text.out, Contains("epoch") && Contains("train_loss") && Contains("valid_loss") &&
                             Contains("accuracy") && Contains("time"));
  REQUIRE(fs::is_regular_file(dir.path() / "models" / "text.pt"));

  const auto json = run_hdl({"train", "text", "--data", dir.str(), "--batch-size", "16", "--json"});
  REQUIRE(json.exit_code == 0);
  const auto doc = nlohmann::json::parse(json.out);
  REQUIRE(doc.at("epochs").size() == 3);
  const auto& last = doc.at("epochs")[2];
  for (const char* field : {"epoch", "train_loss", "valid_loss", "accuracy"}) REQUIRE(last.contains(field));
  REQUIRE(last.at("accuracy").get<double>() == 1.0);
  // The same top-level fields as `hdl train images --json`.
  REQUIRE(doc.at("valid_accuracy").get<double>() == 1.0);
  REQUIRE(doc.at("fit_seconds").get<double>() > 0.0);
  REQUIRE(doc.at("classes") == nlohmann::json{"negative", "positive"});
  REQUIRE(doc.at("train_items") == 160);
  REQUIRE(doc.at("valid_items") == 40);
  REQUIRE(doc.at("language_model").is_null());
}

TEST_CASE("cli text: predict labels known words and maps unknown ones to unk", "[cli][text]") {
  TempDir dir;
  train_small(dir);
  const auto result =
      run_hdl({"predict", "text", "--data", dir.str(), "--json", "Happy Superb chirpy", "awful terrible heinous"});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  const auto doc = nlohmann::json::parse(result.out);
  REQUIRE(doc.size() == 2);
  REQUIRE(doc[0].at("text") == "Happy Superb chirpy");
  REQUIRE(doc[0].at("label") == "positive");
  REQUIRE(doc[0].at("index") == 1);
  REQUIRE(doc[0].at("probs").at("positive").get<double>() > 0.5);
  REQUIRE(doc[0].at("probs").at("negative").get<double>() + doc[0].at("probs").at("positive").get<double>() ==
          Approx(1.0));
  REQUIRE(doc[1].at("label") == "negative");

  const auto text = run_hdl({"predict", "text", "--data", dir.str(), "happy chirpy"});
  REQUIRE(text.exit_code == 0);
  REQUIRE_THAT(text.out, Contains("positive") && Contains("unknown: chirpy"));
}

TEST_CASE("cli text: confusion on the validation split writes the table and the heat map", "[cli][text]") {
  TempDir dir;
  train_small(dir);
  const auto text = run_hdl({"confusion", "text", "--data", dir.str()});
  INFO(text.err);
  REQUIRE(text.exit_code == 0);
  REQUIRE_THAT(text.out, Contains("accuracy") && Contains("highest losses") && Contains("negative"));
  REQUIRE(fs::is_regular_file(dir.path() / "reports" / "confusion_text.png"));

  const auto json =
      run_hdl({"confusion", "text", "--data", dir.str(), "--json", "--png", (dir.path() / "c.png").string()});
  REQUIRE(json.exit_code == 0);
  const auto doc = nlohmann::json::parse(json.out);
  REQUIRE(doc.at("total") == 40);  // the validation split only
  REQUIRE(doc.at("split") == "valid");
  REQUIRE(doc.at("top_losses").size() == 5);
  REQUIRE(fs::is_regular_file(dir.path() / "c.png"));

  // --on judges every text of another folder.
  TempDir other;
  REQUIRE(run_hdl({"generate", "text", "--count", "7", "--seed", "9", "--data", other.str()}).exit_code == 0);
  const auto on = run_hdl({"confusion", "text", "--data", dir.str(), "--on", other.str(), "--json"});
  REQUIRE(on.exit_code == 0);
  REQUIRE(nlohmann::json::parse(on.out).at("total") == 14);
}

TEST_CASE("cli text: the language-model path reports its accuracy and perplexity", "[cli][text][lm]") {
  TempDir dir;
  REQUIRE(run_hdl({"generate", "text", "--count", "100", "--data", dir.str()}).exit_code == 0);
  const auto result = run_hdl(
      {"train", "text", "--data", dir.str(), "--batch-size", "16", "--pretrain-lm", "--lm-epochs", "2", "--json"});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  const auto doc = nlohmann::json::parse(result.out);
  const auto& lm = doc.at("language_model");
  REQUIRE(lm.at("epochs").size() == 2);
  REQUIRE(lm.at("perplexity").get<double>() > 1.0);
  REQUIRE(lm.at("perplexity").get<double>() < 31.0);  // better than guessing among the vocabulary
  REQUIRE(lm.at("accuracy").get<double>() > 0.0);
}

TEST_CASE("cli text: bad input gives one clear error line", "[cli][text][errors]") {
  TempDir dir;
  const auto no_data = run_hdl({"train", "text", "--data", dir.str()});
  REQUIRE(no_data.exit_code == 1);
  REQUIRE_THAT(no_data.err, Contains("hdl: error: no data in") && Contains("hdl generate text"));

  const auto no_model = run_hdl({"predict", "text", "--data", dir.str(), "happy"});
  REQUIRE(no_model.exit_code == 1);
  REQUIRE_THAT(no_model.err, Contains("no text model at") && Contains("hdl train text"));

  const auto no_words = run_hdl({"predict", "text", "--data", dir.str(), "happy", " 42 ?! "});
  REQUIRE(no_words.exit_code == 2);
  REQUIRE_THAT(no_words.err, Contains("text 2") && Contains("has no words"));

  const auto no_text = run_hdl({"predict", "text", "--data", dir.str()});
  REQUIRE(no_text.exit_code == 2);

  fs::create_directories(dir.path() / "sentiment_text" / "positive");
  fs::create_directories(dir.path() / "sentiment_text" / "negative");
  std::ofstream(dir.path() / "sentiment_text" / "positive" / "0.txt") << "good";
  const auto empty_folder = run_hdl({"train", "text", "--data", dir.str()});
  REQUIRE(empty_folder.exit_code == 1);
  REQUIRE_THAT(empty_folder.err, Contains("no .txt files in"));
  std::ofstream(dir.path() / "sentiment_text" / "negative" / "0.txt") << "";
  const auto empty_file = run_hdl({"train", "text", "--data", dir.str()});
  REQUIRE(empty_file.exit_code == 1);
  REQUIRE_THAT(empty_file.err, Contains("has no words"));

  const auto bad_option = run_hdl({"train", "text", "--data", dir.str(), "--epochs", "0"});
  REQUIRE(bad_option.exit_code == 2);
  REQUIRE_THAT(bad_option.err, Contains("--epochs 0 is out of range"));
}
