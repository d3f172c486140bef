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
#include <nlohmann/json.hpp>
#include <string>

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
  const GlobalOptions& globals() const { return globals_; }

  /// The top-level command `name`, created on first use (so several files can add
  /// subcommands to one verb, e.g. `train images` and `train tree`).
  CLI::App* verb(const std::string& name, const std::string& description);

  /// Registers what runs when `command` is the deepest subcommand given.
  void on_run(CLI::App* command, RunFunction run);

  /// The run function of the deepest subcommand that was parsed, or nullptr.
  const RunFunction* chosen() const;

 private:
  CLI::App& root_;
  GlobalOptions& globals_;
  std::map<const CLI::App*, RunFunction> runs_;
};

// One per command file.
void setup_generate(Cli& cli);
void setup_text(Cli& cli);  // train text, predict text, confusion text

// For `hdl confusion` without a challenge (and `hdl run`): the text model's default file,
// and `hdl confusion text` with every option at its default (src/text_commands.hpp has the rest).
fs::path default_text_model(const GlobalOptions& globals);
nlohmann::json run_confusion_text_default(const GlobalOptions& globals);

}  // namespace hdl::cli
