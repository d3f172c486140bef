#pragma once
// The command-line framework shared by every command file.
//
// Each command file offers `setup_<command>(Cli&)`: it adds its subcommands and options
// (binding them to an options struct whose members all have defaults) and registers the
// function that runs when that subcommand is the one chosen. Nothing runs during parsing;
// main() parses, then calls the chosen command's run function once.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <vector>
#include <nlohmann/json.hpp>
#include <string>

#include "hdl/core/error.hpp"

namespace hdl::cli {

namespace fs = std::filesystem;

/// Options every command takes, before or after the subcommand.
struct GlobalOptions {
  fs::path data_dir = "data";
  std::uint64_t seed = 42;
  int threads = 0;  // 0: every core
  bool json = false;
  bool quiet = false;

  /// Threads to use: --threads, or every core.
  int thread_count() const;
  /// Text for people goes to stdout unless --json asked for one JSON document instead.
  bool text() const { return !json; }
  /// Chatter (what was written where, timings) is also silenced by --quiet.
  bool chatty() const { return !json && !quiet; }
  /// A progress bar is drawn only on a terminal and when not --quiet or --json.
  bool progress() const;
};

/// Runs a chosen command. Returns its result as JSON; main() prints it when --json is set.
using RunFunction = std::function<nlohmann::json()>;

class Cli {
 public:
  Cli(CLI::App& root, GlobalOptions& globals) : root_(root), globals_(globals) {}

  CLI::App& root() { return root_; }
  const CLI::App& root() const { return root_; }
  const GlobalOptions& globals() const { return globals_; }

  /// The top-level command `name`, created on first use (so several files can add
  /// subcommands to one verb, e.g. `train images` and `train tree`).
  CLI::App* verb(const std::string& name, const std::string& description);

  /// Registers what runs when `command` is the deepest subcommand given.
  void on_run(CLI::App* command, RunFunction run);

  /// The run function of the deepest subcommand that was parsed, or nullptr.
  const RunFunction* chosen() const;

  /// The name under which the chosen command's result is kept for the report
  /// (`train_images`, `confusion_text`, `rules_tree`, ...), or "" for commands whose
  /// results are not kept (generate, predict, viz, ...).
  std::string metrics_name() const;

 private:
  CLI::App& root_;
  GlobalOptions& globals_;
  std::map<const CLI::App*, RunFunction> runs_;
};

/// A command that ran but did not fully succeed (`hdl run` with a failed challenge): main
/// prints `result` under --json, then the error, and exits with `exit_code`.
class CommandFailed : public Error {
 public:
  CommandFailed(const std::string& what, std::string hint, nlohmann::json result, int exit_code)
      : Error(what, std::move(hint)), result(std::move(result)), exit_code(exit_code) {}
  nlohmann::json result;
  int exit_code;
};

/// The root: version flag, global options, fallthrough.
void configure_root(CLI::App& app, GlobalOptions& globals);
/// Every command at hand: the executable's own, and the module's once it is loaded
/// (main() and `hdl run` build the same command set).
void register_commands(Cli& cli);

/// A parsed command line: the root, its global options, and the commands.
struct CommandLine {
  CommandLine();
  CLI::App app;
  GlobalOptions globals;
  Cli cli;
};

/// Parses `args` (without the program name). The image and text commands live in
/// libhdl_nn.so, loaded only when needed: when `args` do not parse with the commands at hand,
/// or ask for help, the module is loaded and `line` is rebuilt and parses them again.
/// Throws CLI11's errors (and requests for help or the version) from the final attempt.
void parse_command_line(std::unique_ptr<CommandLine>& line, const std::vector<std::string>& args);

// The command module (nn_loader.cpp).
bool nn_commands_loaded();
/// Loads libhdl_nn.so once; returns "" on success, else why it could not.
std::string load_nn_commands();
void register_nn_commands(Cli& cli);
/// Runs the chosen command and records its metrics for the report; throws on failure.
nlohmann::json execute(const Cli& cli);
/// The deepest subcommand parsed and its chain as typed (`hdl train images`), for hints.
std::pair<const CLI::App*, std::string> parsed_command(const CLI::App& root);
/// One line for a CLI11 parse error, with a hint.
std::string describe_parse_error(const CLI::App& root, const CLI::ParseError& error);

// One per command file. setup_images, setup_text and setup_confusion and the functions
// after them are in libhdl_nn.so.
void setup_generate(Cli& cli);
void setup_images(Cli& cli);  // train / predict / confusion images

/// The image classifier's confusion matrix with default options (for plain `hdl confusion`).
nlohmann::json run_confusion_images_default(const GlobalOptions& globals);
/// Where the image model is kept by default: DATA/models/images.pt.
fs::path default_images_model(const GlobalOptions& globals);
void setup_confusion(Cli& cli);  // `hdl confusion` with no challenge: every trained classifier
void setup_run(Cli& cli);
void setup_report(Cli& cli);
void setup_tabular(Cli& cli);  // train/predict/eval/rules tree|forest, viz tree (tabular_commands.hpp)
void setup_text(Cli& cli);  // train text, predict text, confusion text

// For `hdl confusion` without a challenge (and `hdl run`): the text model's default file,
// and `hdl confusion text` with every option at its default (src/text_commands.hpp has the rest).
fs::path default_text_model(const GlobalOptions& globals);
nlohmann::json run_confusion_text_default(const GlobalOptions& globals);

}  // namespace hdl::cli
