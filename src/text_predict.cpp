// hdl predict text "TEXT"... and hdl confusion text — using a trained text model.
#include <fmt/format.h>

#include "cli.hpp"
#include "hdl/core/error.hpp"
#include "hdl/core/files.hpp"
#include "hdl/core/split.hpp"
#include "hdl/generators.hpp"
#include "hdl/learn.hpp"
#include "hdl/text.hpp"
#include "text_commands.hpp"

namespace hdl::cli {

void setup_train_text(Cli& cli);

namespace {

/// Long texts are cut in the terminal tables (never in --json).
std::string shorten(const std::string& text, std::size_t width) {
  std::string flat = text;
  for (char& c : flat)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  if (flat.size() <= width) return flat;
  return flat.substr(0, width - 3) + "...";
}

/// The folder `--on` names: a data folder holding sentiment_text/, or such a folder itself.
fs::path on_folder(const fs::path& on) {
  std::error_code error;
  if (fs::is_directory(on / gen::kTextFolder, error)) return on / gen::kTextFolder;
  return on;
}

}  // namespace

nlohmann::json run_predict_text(const PredictTextOptions& options, const GlobalOptions& globals) {
  if (options.texts.empty()) throw UsageError("no text given", "try: hdl predict text \"happy chirpy\"");
  std::vector<std::vector<std::string>> tokens;
  for (std::size_t i = 0; i < options.texts.size(); ++i) {
    tokens.push_back(text::tokenize(options.texts[i]));
    if (tokens.back().empty())
      throw UsageError(fmt::format("text {} (\"{}\") has no words", i + 1, shorten(options.texts[i], 40)),
                       "give each text at least one word of letters");
  }
  learn::configure_torch(text_threads(globals), globals.seed);
  text::TextModel model = text::load_model(options.model.empty() ? default_text_model(globals) : options.model);
  const auto predictions = text::predict(model, tokens);

  nlohmann::json result = nlohmann::json::array();
  std::size_t width = 4;
  for (const auto& t : options.texts) width = std::max(width, std::min<std::size_t>(shorten(t, 48).size(), 48));
  for (std::size_t i = 0; i < options.texts.size(); ++i) {
    const auto& prediction = predictions[i];
    nlohmann::json probs = nlohmann::json::object();
    std::string probs_text;
    for (std::size_t c = 0; c < model.classes.size(); ++c) {
      probs[model.classes[c]] = prediction.probs[c];
      probs_text += fmt::format("  {} {:.4f}", model.classes[c], prediction.probs[c]);
    }
    const std::string& label = model.classes[static_cast<std::size_t>(prediction.index)];
    result.push_back({{"text", options.texts[i]}, {"label", label}, {"index", prediction.index}, {"probs", probs}});
    if (!globals.text()) continue;
    std::vector<std::string> unknown;
    for (const auto& token : tokens[i])
      if (model.vocabulary.index(token) == text::Vocabulary::kUnk) unknown.push_back(token);
    fmt::print("{:<{}}  {:<10}{}", shorten(options.texts[i], 48), width, label, probs_text);
    if (globals.chatty() && unknown.size() == tokens[i].size())
      fmt::print("   (no known words: a guess)");
    else if (globals.chatty() && !unknown.empty())
      fmt::print("   (unknown: {})", fmt::join(unknown, ", "));
    fmt::print("\n");
  }
  return result;
}

nlohmann::json run_confusion_text(const ConfusionTextOptions& options, const GlobalOptions& globals) {
  if (options.valid_pct < 0 || options.valid_pct >= 1)
    throw UsageError(fmt::format("--valid-pct {} is out of range", options.valid_pct),
                     "give a share in (0, 1), such as 0.2");
  if (options.top < 0) throw UsageError(fmt::format("--top {} is out of range", options.top), "give 0 or more");
  const fs::path model_file = options.model.empty() ? default_text_model(globals) : options.model;
  learn::configure_torch(text_threads(globals), globals.seed);
  text::TextModel model = text::load_model(model_file);

  // The validation split the model was trained with (its own seed and share), or all of --on.
  const bool whole_folder = !options.on.empty();
  const text::Corpus corpus =
      text::load_corpus(whole_folder ? on_folder(options.on) : text_data_folder(globals), model.classes);
  std::vector<const text::TextItem*> items;
  if (whole_folder) {
    for (const auto& item : corpus.items) items.push_back(&item);
  } else {
    if (corpus.items.size() != model.split.items && !globals.quiet)
      fmt::print(stderr,
                 "hdl: note: {} holds {} texts but the model was trained on {}: the validation split may "
                 "include training texts\n",
                 corpus.folder.string(), corpus.items.size(), model.split.items);
    const double valid_pct = options.valid_pct > 0 ? options.valid_pct : model.split.valid_pct;
    // A smaller share is a part of the model's validation split; a larger one is not.
    if (valid_pct > model.split.valid_pct && !globals.quiet)
      fmt::print(stderr,
                 "hdl: note: the model was trained with --valid-pct {}: with {} the validation split "
                 "includes training texts\n",
                 model.split.valid_pct, valid_pct);
    for (const std::size_t i : split_indices(corpus.items.size(), valid_pct, model.split.seed).valid)
      items.push_back(&corpus.items[i]);
  }
  const text::Judgement judgement = text::judge(model, items);
  const learn::Confusion& confusion = judgement.confusion;
  const auto top = learn::top_losses(judgement.items, static_cast<std::size_t>(options.top));

  const fs::path png = options.png.empty() ? globals.data_dir / "reports" / "confusion_text.png" : options.png;
  const std::string what = whole_folder ? corpus.folder.string() : "validation split";
  if (png.has_parent_path()) ensure_directory(png.parent_path());
  learn::write_confusion_png(confusion, png, fmt::format("text: {} ({} texts)", what, items.size()));

  if (globals.text()) {
    fmt::print("text: {} ({} texts)\n{}", what, confusion.total(), learn::confusion_report(confusion, top, "text"));
    if (globals.chatty()) fmt::print("wrote {}\n", png.string());
  }

  nlohmann::json result = learn::to_json(confusion);
  result["challenge"] = "text";
  result["model"] = model_file.string();
  result["on"] = corpus.folder.string();
  result["split"] = whole_folder ? "all" : "valid";
  if (!whole_folder) result["split_seed"] = model.split.seed;
  result["png"] = png.string();
  result["top_losses"] = learn::to_json(top, model.classes, "text");
  return result;
}

nlohmann::json run_confusion_text_default(const GlobalOptions& globals) {
  return run_confusion_text(ConfusionTextOptions{}, globals);
}

void setup_text(Cli& cli) {
  setup_train_text(cli);

  auto predict = std::make_shared<PredictTextOptions>();
  CLI::App* predict_verb = cli.verb("predict", "Label and class probabilities from a trained model");
  predict_verb->require_subcommand(1);
  CLI::App* predict_sub = predict_verb->add_subcommand("text", "Sentiment of each TEXT (unknown words become <unk>)");
  predict_sub->add_option("texts", predict->texts, "Texts to label, each one argument")->required();
  predict_sub->add_option("--model", predict->model, "Model file (default: DATA/models/text.pt)");
  cli.on_run(predict_sub, [predict, &globals = cli.globals()] { return run_predict_text(*predict, globals); });

  auto confusion = std::make_shared<ConfusionTextOptions>();
  CLI::App* confusion_verb = cli.verb("confusion", "Confusion matrix of a classifier on data it did not train on");
  CLI::App* confusion_sub = confusion_verb->add_subcommand("text", "Confusion matrix of the text model");
  confusion_sub->add_option("--on", confusion->on,
                            "Judge every text of another folder (DIR/sentiment_text or DIR/<class>/*.txt)");
  confusion_sub->add_option("--png", confusion->png, "Heat map (default: DATA/reports/confusion_text.png)");
  confusion_sub->add_option("--model", confusion->model, "Model file (default: DATA/models/text.pt)");
  confusion_sub->add_option("--valid-pct", confusion->valid_pct,
                            "Share held out for validation (default: the one the model was trained with, with its "
                            "seed)");
  confusion_sub->add_option("--top", confusion->top, "Highest-loss texts to show")->capture_default_str();
  cli.on_run(confusion_sub, [confusion, &globals = cli.globals()] { return run_confusion_text(*confusion, globals); });
}

}  // namespace hdl::cli
