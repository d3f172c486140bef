// The text classifier: learning, padding, saving, the language model, bad input.
#include <catch2/catch.hpp>
#include <fstream>

#include "hdl/core/error.hpp"
#include "hdl/core/random.hpp"
#include "hdl/text.hpp"
#include "support/run_hdl.hpp"

namespace fs = std::filesystem;
using namespace hdl::text;
using Catch::Contains;
using hdl::test::TempDir;

namespace {

/// A separable toy corpus: four-word texts from two disjoint word lists.
Corpus toy_corpus(std::size_t per_class, std::uint64_t seed) {
  const std::vector<std::vector<std::string>> words{{"bad", "awful", "grim", "sad"}, {"good", "great", "nice", "fun"}};
  Corpus corpus;
  corpus.classes = {"negative", "positive"};
  hdl::Rng rng(seed);
  for (std::int64_t label = 0; label < 2; ++label)
    for (std::size_t i = 0; i < per_class; ++i) {
      TextItem item;
      for (int w = 0; w < 4; ++w) item.tokens.push_back(words[static_cast<std::size_t>(label)][rng.uniform_index(4)]);
      item.label = label;
      corpus.items.push_back(item);
    }
  return corpus;
}

TrainOptions small_options() {
  TrainOptions options;
  options.epochs = 3;
  options.batch_size = 32;
  options.embedding = 8;
  options.hidden = 16;
  options.min_freq = 1;
  return options;
}

std::vector<double> probs_of(TextModel& model, const std::vector<std::string>& texts) {
  std::vector<std::vector<std::string>> tokens;
  for (const auto& t : texts) tokens.push_back(tokenize(t));
  std::vector<double> probs;
  for (const auto& p : predict(model, tokens)) probs.insert(probs.end(), p.probs.begin(), p.probs.end());
  return probs;
}

void write(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file) << text;
}

}  // namespace

TEST_CASE("text model: a separable toy corpus is learned to 100 percent", "[text][model]") {
  TrainReport report;
  TextModel model = train(toy_corpus(150, 1), small_options(), report);
  REQUIRE(report.epochs.size() == 3);
  REQUIRE(report.train_items == 240);
  REQUIRE(report.valid_items == 60);
  REQUIRE(report.epochs.back().accuracy == 1.0);
  REQUIRE(report.epochs.back().valid_loss < report.epochs.front().train_loss);
  // Unknown words and mixed case: known words decide.
  const auto probs = probs_of(model, {"GOOD Great zzz", "Bad, AWFUL... qqq"});
  REQUIRE(probs[1] > 0.6);  // positive
  REQUIRE(probs[2] > 0.6);  // negative
}

TEST_CASE("text model: padding does not change a prediction", "[text][model]") {
  TrainReport report;
  TextModel model = train(toy_corpus(60, 2), small_options(), report);
  const auto alone = probs_of(model, {"good sad"});
  const auto batched = probs_of(model, {"bad bad bad bad bad bad bad bad nice", "good sad", "fun fun fun fun fun fun"});
  REQUIRE(alone[0] == Approx(batched[2]).margin(1e-6));
  REQUIRE(alone[1] == Approx(batched[3]).margin(1e-6));
}

TEST_CASE("text model: the same seed trains the same model", "[text][model][determinism]") {
  TrainReport first_report, second_report;
  TextModel first = train(toy_corpus(60, 3), small_options(), first_report);
  TextModel second = train(toy_corpus(60, 3), small_options(), second_report);
  REQUIRE(first_report.epochs.back().train_loss == second_report.epochs.back().train_loss);
  REQUIRE(probs_of(first, {"good grim fun"}) == probs_of(second, {"good grim fun"}));
}

TEST_CASE("text model: save then load predicts identically", "[text][model]") {
  TempDir dir;
  TrainReport report;
  TextModel model = train(toy_corpus(60, 4), small_options(), report);
  const fs::path file = dir.path() / "models" / "text.pt";
  save_model(model, file);
  REQUIRE(fs::is_regular_file(file));
  TextModel loaded = load_model(file);
  REQUIRE(loaded.classes == model.classes);
  REQUIRE(loaded.vocabulary.words() == model.vocabulary.words());
  REQUIRE(loaded.split.items == 120);
  const std::vector<std::string> texts{"good great", "awful fun grim", "unseen words only"};
  REQUIRE(probs_of(loaded, texts) == probs_of(model, texts));
}

TEST_CASE("text model: the language model path runs and lowers its loss", "[text][model][lm]") {
  TrainOptions options = small_options();
  options.pretrain_lm = true;
  options.lm_epochs = 2;
  options.lm_lr = 3e-2;
  TrainReport report;
  TextModel model = train(toy_corpus(150, 5), options, report);
  REQUIRE(model.pretrained_lm);
  REQUIRE(report.lm_epochs.size() == 2);
  // Next-word loss falls, and ends well below guessing among the 10 tokens.
  REQUIRE(report.lm_epochs[1].train_loss < report.lm_epochs[0].train_loss);
  REQUIRE(report.lm_epochs[1].valid_loss < std::log(10.0));
  REQUIRE(report.lm_epochs[1].perplexity == Approx(std::exp(report.lm_epochs[1].valid_loss)));
  REQUIRE(report.lm_epochs[1].accuracy > 0.15);  // a class's four words: about 1 in 4
  // Gradual unfreezing: head, head + LSTM, everything (one epoch each for 3 epochs).
  REQUIRE(report.epochs.size() == 3);
  REQUIRE(report.epochs.back().accuracy == 1.0);
}

TEST_CASE("text model: bad input gives clear errors", "[text][model][errors]") {
  TempDir dir;
  const fs::path folder = dir.path() / "sentiment_text";
  REQUIRE_THROWS_WITH(load_corpus(folder), Contains("no data in"));
  fs::create_directories(folder / "negative");
  fs::create_directories(folder / "positive");
  write(folder / "positive" / "0.txt", "good");
  REQUIRE_THROWS_WITH(load_corpus(folder), Contains("no .txt files in") && Contains("negative"));
  write(folder / "negative" / "0.txt", " 42 !! ");
  REQUIRE_THROWS_WITH(load_corpus(folder), Contains("0.txt has no words"));
  write(folder / "negative" / "0.txt", "bad");
  const Corpus corpus = load_corpus(folder);
  REQUIRE(corpus.classes == std::vector<std::string>{"negative", "positive"});
  REQUIRE(corpus.items.size() == 2);
  REQUIRE_THROWS_WITH(load_corpus(folder, {"negative", "neutral"}), Contains("does not know"));

  REQUIRE_THROWS_WITH(load_model(dir.path() / "missing.pt"), Contains("no text model at"));
  write(dir.path() / "junk.pt", "not an archive");
  REQUIRE_THROWS_WITH(load_model(dir.path() / "junk.pt"), Contains("is not a text model"));

  TrainReport report;
  TextModel model = train(toy_corpus(20, 6), small_options(), report);
  REQUIRE_THROWS_AS(predict(model, {{}}), hdl::Error);
  TrainOptions bad = small_options();
  bad.epochs = 0;
  REQUIRE_THROWS_AS(train(toy_corpus(20, 6), bad, report), hdl::UsageError);
}

TEST_CASE("text model: the fused LSTM computes what torch's LSTM computes, forward and backward",
          "[text][model][lstm]") {
  torch::manual_seed(7);
  for (const std::int64_t layers : {1, 2}) {
    torch::nn::LSTM lstm(torch::nn::LSTMOptions(5, 6).num_layers(layers).batch_first(true));
    const torch::Tensor input = torch::randn({3, 4, 5});
    const torch::Tensor weights = torch::randn({3, 4, 6});  // a loss that weighs every output

    const torch::Tensor expected = std::get<0>(lstm->forward(input));
    (expected * weights).sum().backward();
    std::vector<torch::Tensor> expected_grads;
    for (auto& param : lstm->parameters()) {
      expected_grads.push_back(param.grad().clone());
      param.mutable_grad() = torch::Tensor();
    }
    const torch::Tensor fused = fused_lstm(lstm, input, /*training=*/false);
    (fused * weights).sum().backward();

    REQUIRE(fused.sizes() == expected.sizes());
    REQUIRE(torch::allclose(fused, expected, /*rtol=*/1e-5, /*atol=*/1e-6));
    const auto params = lstm->parameters();
    for (std::size_t i = 0; i < params.size(); ++i)
      REQUIRE(torch::allclose(params[i].grad(), expected_grads[i], /*rtol=*/1e-4, /*atol=*/1e-6));
  }
}
