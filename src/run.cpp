// hdl run images|text|tabular|all — every challenge end to end: generate the data if it is
// missing, train with the defaults, run the original's example predictions, judge, and end
// with a summary table and the HTML report.
//
// Each stage is the single command a user would type (`hdl train images --epochs 3`), parsed
// and run in-process, so `run` does exactly what the commands do and passes their options
// through unchanged.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <chrono>
#include <optional>

#include "cli.hpp"
#include "hdl/core/error.hpp"
#include "hdl/core/files.hpp"
#include "hdl/generators.hpp"
#include "hdl/report.hpp"

namespace hdl::cli {
namespace {

using nlohmann::json;
using Args = std::vector<std::string>;

/// Options passed through to the stages; empty means the stage's own default.
struct RunOptions {
  std::string which;
  bool fresh = false;
  std::string count, rows;                         // generate
  std::string epochs, image_size, lr, batch_size;  // train images / text
  std::string valid_pct;                           // train, confusion, eval
  std::string max_leaf_nodes, trees;               // train tree / forest
};

// The original's example predictions.
const Args kExampleTexts{"happy great fun", "sad bad mad", "inferior gross garbage", "superlative nice friendly",
                         "happy chirpy"};
const Args kExampleRow{"a=100", "b=90", "c=80", "d=70", "e=60", "f=50"};

struct Stage {
  std::string name;  // generate, train, predict, judge
  Args args;         // the command, without global options
  std::string key;   // where its result goes in the challenge's record
};

void add_if(Args& args, const char* flag, const std::string& value) {
  if (!value.empty()) args.insert(args.end(), {flag, value});
}

bool dataset_present(const fs::path& folder) {
  std::error_code error;
  return fs::is_directory(folder, error) && !fs::is_empty(folder, error);
}

/// `hdl generate DATASET [SIZE_FLAG SIZE]` when the data set's folder is missing or empty, or
/// with --fresh.
void add_generate_stage(std::vector<Stage>& stages, const char* dataset, const fs::path& folder, const char* size_flag,
                        const std::string& size, const RunOptions& options) {
  if (!options.fresh && dataset_present(folder)) return;
  Args generate{"generate", dataset};
  add_if(generate, size_flag, size);
  stages.push_back({"generate", generate, "generate"});
}

/// The four stages of a classifier challenge (images, text): generate `dataset` into `folder`
/// if needed, train, predict `examples`, and the confusion matrix.
std::vector<Stage> classifier_stages(const std::string& challenge, const char* dataset, const fs::path& folder,
                                     const RunOptions& options, const Args& extra_train, const Args& examples) {
  std::vector<Stage> stages;
  add_generate_stage(stages, dataset, folder, "--count", options.count, options);
  Args train{"train", challenge};
  add_if(train, "--epochs", options.epochs);
  add_if(train, "--lr", options.lr);
  add_if(train, "--batch-size", options.batch_size);
  add_if(train, "--valid-pct", options.valid_pct);
  train.insert(train.end(), extra_train.begin(), extra_train.end());
  stages.push_back({"train", train, "train"});
  Args predict{"predict", challenge};
  predict.insert(predict.end(), examples.begin(), examples.end());
  stages.push_back({"predict", predict, "predictions"});
  Args confusion{"confusion", challenge};
  add_if(confusion, "--valid-pct", options.valid_pct);
  stages.push_back({"judge", confusion, "confusion"});
  return stages;
}

std::vector<Stage> stages_for(const std::string& challenge, const RunOptions& options, const fs::path& data) {
  if (challenge == "images") {
    const fs::path shapes = data / gen::kShapesFolder;
    Args image_size;
    add_if(image_size, "--image-size", options.image_size);
    return classifier_stages(
        "images", "shapes", shapes, options, image_size,
        {(shapes / "circles" / "circle_0.png").string(), (shapes / "rectangles" / "rectangle_0.png").string()});
  }
  if (challenge == "text")
    return classifier_stages("text", "text", data / gen::kTextFolder, options, {}, kExampleTexts);

  // tabular: the tree and the forest, each stage for both.
  std::vector<Stage> stages;
  add_generate_stage(stages, "tabular", data / gen::kTabularFolder, "--rows", options.rows, options);
  const std::string models[] = {"tree", "forest"};
  for (const std::string& model : models) {
    Args train{"train", model};
    if (model == "tree")
      add_if(train, "--max-leaf-nodes", options.max_leaf_nodes);
    else
      add_if(train, "--trees", options.trees);
    add_if(train, "--valid-pct", options.valid_pct);
    stages.push_back({"train", train, "train_" + model});
  }
  for (const std::string& model : models) {
    Args predict{"predict", model};
    predict.insert(predict.end(), kExampleRow.begin(), kExampleRow.end());
    stages.push_back({"predict", predict, "predict_" + model});
  }
  for (const std::string& model : models) {
    Args eval{"eval", model};
    add_if(eval, "--valid-pct", options.valid_pct);
    stages.push_back({"judge", eval, "eval_" + model});
  }
  stages.push_back({"judge", {"viz", "tree", "--format", "svg"}, "viz_tree"});
  stages.push_back({"judge", {"rules", "tree"}, "rules_tree"});
  return stages;
}

/// Runs one stage as the command `hdl ARGS... <global options>` would, in-process.
json run_command(Args args, const GlobalOptions& globals) {
  args.insert(args.end(), {"--data", globals.data_dir.string(), "--seed", std::to_string(globals.seed), "--threads",
                           std::to_string(globals.thread_count())});
  if (globals.json) args.push_back("--json");
  if (globals.quiet) args.push_back("--quiet");

  auto line = std::make_unique<CommandLine>();
  try {
    parse_command_line(line, args);
  } catch (const CLI::ParseError& e) {
    throw UsageError(describe_parse_error(line->app, e));
  }
  return execute(line->cli);
}

/// The number a learner looks at first, from the stage results.
std::string headline(const std::string& challenge, const json& record) {
  auto number = [&](const char* key, const char* field) -> std::optional<double> {
    if (!record.contains(key) || !record.at(key).is_object()) return std::nullopt;
    const auto& value = record.at(key);
    if (!value.contains(field) || !value.at(field).is_number()) return std::nullopt;
    return value.at(field).get<double>();
  };
  if (challenge == "tabular") {
    std::string text;
    if (auto rmse = number("eval_tree", "valid_rmse")) text += fmt::format("tree RMSE {:.3f}", *rmse);
    if (auto rmse = number("eval_forest", "valid_rmse")) text += fmt::format(", forest RMSE {:.3f}", *rmse);
    if (auto agreement = number("rules_tree", "agreement")) text += fmt::format(", rules {:.1f}%", 100 * *agreement);
    return text;
  }
  if (auto accuracy = number("confusion", "accuracy")) return fmt::format("accuracy {:.2f}%", 100 * *accuracy);
  return {};
}

json run_challenge(const std::string& challenge, const RunOptions& options, const GlobalOptions& globals) {
  json record{{"ok", true}, {"stages", json::array()}};
  double total = 0;
  try {
    for (const Stage& stage : stages_for(challenge, options, globals.data_dir)) {
      if (globals.chatty()) fmt::print("\n── {} · {}: hdl {}\n", challenge, stage.name, fmt::join(stage.args, " "));
      std::fflush(stdout);
      const auto start = std::chrono::steady_clock::now();
      record[stage.key] = run_command(stage.args, globals);
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      total += seconds;
      // Stages of one kind (two trains, two predictions) add up.
      auto& stages = record["stages"];
      if (!stages.empty() && stages.back()["stage"] == stage.name)
        stages.back()["seconds"] = stages.back()["seconds"].get<double>() + seconds;
      else
        stages.push_back({{"stage", stage.name}, {"seconds", seconds}});
    }
  } catch (const Error& e) {
    record["ok"] = false;
    record["error"] = e.message();
    record["usage_error"] = dynamic_cast<const UsageError*>(&e) != nullptr;
  } catch (const std::exception& e) {
    record["ok"] = false;
    record["error"] = e.what();
    record["usage_error"] = false;
  }
  if (!record["ok"].get<bool>() && globals.text())
    fmt::print(stderr, "hdl: error: {}: {}\n", challenge, record["error"].get<std::string>());
  record["seconds"] = total;
  record["headline"] = headline(challenge, record);
  return record;
}

void print_summary(const json& challenges, const Args& order, double seconds) {
  fmt::print("\n{:<10}{:>10}{:>10}{:>10}{:>10}{:>10}   {}\n", "challenge", "generate", "train", "predict", "judge",
             "total", "result");
  for (const auto& name : order) {
    const json& record = challenges.at(name);
    fmt::print("{:<10}", name);
    for (const char* stage : {"generate", "train", "predict", "judge"}) {
      std::string cell = "-";
      for (const auto& s : record["stages"])
        if (s["stage"] == stage) cell = fmt::format("{:.2f}s", s["seconds"].get<double>());
      fmt::print("{:>10}", cell);
    }
    fmt::print("{:>10}   {}\n", fmt::format("{:.2f}s", record["seconds"].get<double>()),
               record["ok"].get<bool>() ? record["headline"].get<std::string>()
                                        : "FAILED: " + record["error"].get<std::string>());
  }
  fmt::print("{:<60}{:>10}\n", "all", fmt::format("{:.2f}s", seconds));
}

json run_all(const RunOptions& options, const GlobalOptions& globals) {
  const auto start = std::chrono::steady_clock::now();
  const Args challenges = options.which == "all" ? Args{"images", "text", "tabular"} : Args{options.which};
  json document{{"settings",
                 {{"seed", globals.seed},
                  {"threads", globals.thread_count()},
                  {"data", globals.data_dir.string()},
                  {"hdl", HDL_VERSION},
                  {"fresh", options.fresh}}},
                {"challenges", json::object()}};
  for (const auto& challenge : challenges)
    document["challenges"][challenge] = run_challenge(challenge, options, globals);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  document["seconds"] = seconds;
  document["order"] = challenges;  // JSON objects sort their keys; this keeps the run's order
  if (globals.text()) print_summary(document["challenges"], challenges, seconds);

  write_file_atomic(report::reports_dir(globals.data_dir) / "run.json", document.dump(2) + "\n");
  const fs::path page = report::write_report(globals.data_dir);
  document["report"] = page.string();
  if (globals.text()) fmt::print("\nreport: {}\n", page.string());

  std::vector<std::string> failed;
  bool only_usage_errors = true;
  for (const auto& [name, record] : document["challenges"].items())
    if (!record["ok"].get<bool>()) {
      failed.push_back(name);
      only_usage_errors = only_usage_errors && record["usage_error"].get<bool>();
    }
  if (!failed.empty())
    throw CommandFailed(
        fmt::format("{} of {} challenges failed: {}", failed.size(), challenges.size(), fmt::join(failed, ", ")),
        "see the messages above", document, only_usage_errors ? kExitUsage : kExitRuntime);
  return document;
}

}  // namespace

void setup_run(Cli& cli) {
  auto options = std::make_shared<RunOptions>();
  CLI::App* run = cli.verb("run", "Run a whole challenge end to end (generate, train, predict, judge), with timings");
  run->require_subcommand(1);
  run->add_flag("--fresh", options->fresh, "Generate the data again even if it exists");
  run->add_option("--count", options->count, "generate: files per class");
  run->add_option("--rows", options->rows, "generate: rows of the tabular data set");
  run->add_option("--epochs", options->epochs, "train images/text: epochs");
  run->add_option("--image-size", options->image_size, "train images: side in pixels the images are resized to");
  run->add_option("--lr", options->lr, "train images/text: maximum learning rate");
  run->add_option("--batch-size", options->batch_size, "train images/text: batch size");
  run->add_option("--valid-pct", options->valid_pct, "share of the data kept for validation");
  run->add_option("--max-leaf-nodes", options->max_leaf_nodes, "train tree: leaves");
  run->add_option("--trees", options->trees, "train forest: trees");
  const std::pair<const char*, const char*> challenges[] = {
      {"images", "ResNet18: circles or rectangles"},
      {"text", "LSTM: positive or negative words"},
      {"tabular", "Decision tree and random forest that reverse-engineer the rules"},
      {"all", "All three"}};
  for (const auto& [name, description] : challenges) {
    CLI::App* sub = run->add_subcommand(name, description);
    cli.on_run(sub, [options, &globals = cli.globals(), which = std::string(name)] {
      options->which = which;
      return run_all(*options, globals);
    });
  }
}

}  // namespace hdl::cli
