// hdl train text — the LSTM sentiment classifier (optionally ULMFiT: --pretrain-lm).
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <utility>

#include "cli.hpp"
#include "hdl/generators.hpp"
#include "hdl/learn.hpp"
#include "hdl/text.hpp"
#include "text_commands.hpp"

namespace hdl::cli {

fs::path default_text_model(const GlobalOptions& globals) { return globals.data_dir / "models" / "text.pt"; }

fs::path text_data_folder(const GlobalOptions& globals) { return globals.data_dir / gen::kTextFolder; }

int text_threads(const GlobalOptions& globals) { return std::min(globals.thread_count(), kTextThreads); }

namespace {

/// The language model's table, in the layout of learn::EpochTable plus perplexity.
void print_lm_row(const text::LmEpochStats& stats, bool first) {
  if (first)
    fmt::print("language model\n{:<6}  {:<10}  {:<10}  {:<8}  {:<10}  {}\n", "epoch", "train_loss", "valid_loss",
               "accuracy", "perplexity", "time");
  fmt::print("{:<6}  {:<10.6f}  {:<10.6f}  {:<8.6f}  {:<10.4f}  {:.1f}s\n", stats.epoch, stats.train_loss,
             stats.valid_loss, stats.accuracy, stats.perplexity, stats.seconds);
  std::fflush(stdout);
}

nlohmann::json options_json(const text::TrainOptions& options) {
  return {{"epochs", options.epochs},
          {"batch_size", options.batch_size},
          {"lr", options.lr},
          {"embedding", options.embedding},
          {"hidden", options.hidden},
          {"layers", options.layers},
          {"dropout", options.dropout},
          {"word_dropout", options.word_dropout},
          {"min_freq", options.min_freq},
          {"valid_pct", options.valid_pct},
          {"pretrain_lm", options.pretrain_lm},
          {"lm_epochs", options.lm_epochs},
          {"lm_lr", options.lm_lr}};
}

}  // namespace

nlohmann::json run_train_text(const TrainTextOptions& options, const GlobalOptions& globals) {
  text::TrainOptions train_options = options.train;
  train_options.seed = globals.seed;
  train_options.threads = text_threads(globals);
  train_options.progress = globals.progress();
  const fs::path model_file = options.model.empty() ? default_text_model(globals) : options.model;

  text::validate(train_options);  // before reading any data
  const text::Corpus corpus = text::load_corpus(text_data_folder(globals));
  if (globals.chatty())
    fmt::print("text: {} texts in {}, classes {}\n", corpus.items.size(), corpus.folder.string(),
               fmt::join(corpus.classes, ", "));

  learn::EpochTable table(globals.text());
  text::TrainCallbacks callbacks;
  bool first_lm_row = true;
  callbacks.on_lm_epoch = [&](const text::LmEpochStats& stats) {
    if (globals.text()) print_lm_row(stats, std::exchange(first_lm_row, false));
  };
  bool first_row = true;
  callbacks.on_epoch = [&](const learn::EpochStats& stats) {
    if (globals.text() && train_options.pretrain_lm && std::exchange(first_row, false))
      fmt::print("classifier (gradual unfreezing)\n");
    table.row(stats);
    std::fflush(stdout);
  };
  text::TrainReport report;
  text::TextModel model = text::train(corpus, train_options, report, callbacks);
  text::save_model(model, model_file);

  const learn::EpochStats& last = report.epochs.back();
  if (globals.chatty())
    fmt::print("vocabulary {} words, {} training texts, {} validation; accuracy {:.4f} in {:.2f}s\nsaved {}\n",
               model.vocabulary.size(), report.train_items, report.valid_items, last.accuracy, report.seconds,
               model_file.string());

  nlohmann::json epochs = nlohmann::json::array();
  for (const auto& stats : report.epochs) epochs.push_back(learn::to_json(stats));
  nlohmann::json result = {{"challenge", "text"},
                           {"model", model_file.string()},
                           {"classes", model.classes},
                           {"vocabulary_size", model.vocabulary.size()},
                           {"train_items", report.train_items},
                           {"valid_items", report.valid_items},
                           {"epochs", epochs},
                           {"valid_accuracy", last.accuracy},
                           {"valid_loss", last.valid_loss},
                           {"fit_seconds", report.seconds},
                           {"seed", globals.seed},
                           {"threads", train_options.threads},
                           {"options", options_json(train_options)},
                           {"language_model", nullptr}};
  if (!report.lm_epochs.empty()) {
    nlohmann::json lm_epochs = nlohmann::json::array();
    for (const auto& stats : report.lm_epochs) lm_epochs.push_back(text::to_json(stats));
    result["language_model"] = {{"epochs", lm_epochs},
                                {"accuracy", report.lm_epochs.back().accuracy},
                                {"perplexity", report.lm_epochs.back().perplexity}};
  }
  return result;
}

void setup_train_text(Cli& cli) {
  auto options = std::make_shared<TrainTextOptions>();
  CLI::App* train = cli.verb("train", "Train a model, print its progress and metrics, save it");
  train->require_subcommand(1);
  CLI::App* sub = train->add_subcommand(
      "text", "LSTM sentiment classifier on DATA/sentiment_text (embedding, LSTM, pooling head; AdamW, one cycle)");
  text::TrainOptions& o = options->train;
  sub->add_option("--epochs", o.epochs, "Epochs of the classifier")->capture_default_str();
  sub->add_option("--lr", o.lr, "Peak learning rate of the one-cycle schedule")->capture_default_str();
  sub->add_option("--batch-size", o.batch_size, "Texts per batch")->capture_default_str();
  sub->add_option("--embedding", o.embedding, "Size of the word embedding")->capture_default_str();
  sub->add_option("--hidden", o.hidden, "Size of the LSTM's hidden state")->capture_default_str();
  sub->add_option("--layers", o.layers, "LSTM layers")->capture_default_str();
  sub->add_option("--dropout", o.dropout, "Dropout on the embedding, between LSTM layers and in the head")
      ->capture_default_str();
  sub->add_option("--word-dropout", o.word_dropout, "Share of training words replaced by <unk>")->capture_default_str();
  sub->add_option("--min-freq", o.min_freq, "Words seen fewer times in training become <unk>")->capture_default_str();
  sub->add_option("--valid-pct", o.valid_pct, "Share of the texts held out for validation")->capture_default_str();
  sub->add_option("--weight-decay", o.weight_decay, "AdamW's decoupled weight decay")->capture_default_str();
  sub->add_flag("--pretrain-lm", o.pretrain_lm,
                "ULMFiT: train a language model on the texts first, then the classifier on its encoder with "
                "gradual unfreezing");
  sub->add_option("--lm-epochs", o.lm_epochs, "Epochs of the language model (with --pretrain-lm)")
      ->capture_default_str();
  sub->add_option("--lm-lr", o.lm_lr, "Peak learning rate of the language model")->capture_default_str();
  sub->add_option("--model", options->model, "Where to save the model (default: DATA/models/text.pt)");
  cli.on_run(sub, [options, &globals = cli.globals()] { return run_train_text(*options, globals); });
}

}  // namespace hdl::cli
