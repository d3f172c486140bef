// The command set and how one command runs: shared by main() and by `hdl run`, which runs
// the single commands in-process as its stages.
#include <fmt/core.h>

#include <memory>

#include "cli.hpp"
#include "hdl/core/error.hpp"
#include "hdl/report.hpp"

namespace hdl::cli {

void configure_root(CLI::App& app, GlobalOptions& globals) {
  app.set_version_flag("--version", std::string("hdl ") + HDL_VERSION);
  app.require_subcommand(1);
  app.fallthrough();  // global options may follow the subcommand
  const char* group = "Options for every command (before or after it)";
  app.add_option("--data", globals.data_dir, "Data folder")->capture_default_str()->group(group);
  app.add_option("--seed", globals.seed, "Seed for everything random")->capture_default_str()->group(group);
  app.add_option("--threads", globals.threads, "Threads to use (default: every core)")
      ->check(CLI::NonNegativeNumber)
      ->group(group);
  app.add_flag("--json", globals.json, "Print one JSON document on stdout instead of text")->group(group);
  app.add_flag("-q,--quiet", globals.quiet, "Print only results: no progress, no chatter")->group(group);
}

void register_commands(Cli& cli) {
  setup_generate(cli);
  setup_tabular(cli);
  setup_run(cli);
  setup_report(cli);
  register_nn_commands(cli);
}

CommandLine::CommandLine()
    : app("hdl: train and play with the Hello Deep Learning models — images, text and tables — on perfect "
          "synthetic data, in seconds.",
          "hdl"),
      cli(app, globals) {
  configure_root(app, globals);
  register_commands(cli);
}

void parse_command_line(std::unique_ptr<CommandLine>& line, const std::vector<std::string>& args) {
  const std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 takes them last-first
  try {
    auto attempt = reversed;
    line->app.parse(attempt);
    return;
  } catch (const CLI::CallForVersion&) {
    throw;
  } catch (const CLI::ParseError&) {
    // An unknown command or a help request may be for the module's commands; without the
    // module, the first attempt's error stands.
    if (nn_commands_loaded() || !load_nn_commands().empty()) throw;
  }
  line = std::make_unique<CommandLine>();
  auto attempt = reversed;
  line->app.parse(attempt);
}

std::pair<const CLI::App*, std::string> parsed_command(const CLI::App& root) {
  std::string name = "hdl";
  const CLI::App* current = &root;
  for (auto parsed = current->get_subcommands(); !parsed.empty(); parsed = current->get_subcommands()) {
    current = parsed.front();
    name += " " + current->get_name();
  }
  return {current, name};
}

std::string describe_parse_error(const CLI::App& root, const CLI::ParseError& error) {
  const auto [deepest, where] = parsed_command(root);
  // A word CLI11 could not place is an unknown command where a subcommand belongs, and a
  // stray argument elsewhere.
  if (const auto extra = root.remaining(); !extra.empty() && extra.front().rfind("-", 0) != 0) {
    const bool wants_subcommand = !deepest->get_subcommands({}).empty();
    return fmt::format("{} '{}': see '{} --help'", wants_subcommand ? "unknown command" : "unexpected argument",
                       extra.front(), where);
  }
  return fmt::format("{}: see '{} --help'", error.what(), where);
}

nlohmann::json execute(const Cli& cli) {
  const RunFunction* run = cli.chosen();
  if (run == nullptr) {
    const std::string where = parsed_command(const_cast<Cli&>(cli).root()).second;
    throw UsageError(fmt::format("'{}' needs a subcommand", where), fmt::format("see '{} --help'", where));
  }
  nlohmann::json result = (*run)();
  if (const std::string name = cli.metrics_name(); !name.empty())
    report::save_metrics(cli.globals().data_dir, name, result);
  return result;
}

}  // namespace hdl::cli
