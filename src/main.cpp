// hdl — the Hello Deep Learning challenges in one native binary.
// main() only registers the commands, parses, runs the chosen one, and maps exceptions to
// exit codes: 0 success, 1 runtime error, 2 usage error.
#include <fmt/core.h>

#include <algorithm>
#include <exception>
#include <iostream>

#include "cli.hpp"
#include "hdl/core/error.hpp"

namespace {

using hdl::cli::Cli;
using hdl::cli::GlobalOptions;

void add_global_options(CLI::App& app, GlobalOptions& globals) {
  const char* group = "Options for every command (before or after it)";
  app.add_option("--data", globals.data_dir, "Data folder")->capture_default_str()->group(group);
  app.add_option("--seed", globals.seed, "Seed for everything random")->capture_default_str()->group(group);
  app.add_option("--threads", globals.threads, "Threads to use (default: every core)")
      ->check(CLI::NonNegativeNumber)
      ->group(group);
  app.add_flag("--json", globals.json, "Print one JSON document on stdout instead of text")->group(group);
  app.add_flag("-q,--quiet", globals.quiet, "Print only results: no progress, no chatter")->group(group);
}

/// The deepest subcommand parsed, and its chain as typed (`hdl train images`), for hints.
std::pair<const CLI::App*, std::string> parsed_command(const CLI::App& root) {
  std::string name = "hdl";
  const CLI::App* current = &root;
  for (auto parsed = current->get_subcommands(); !parsed.empty(); parsed = current->get_subcommands()) {
    current = parsed.front();
    name += " " + current->get_name();
  }
  return {current, name};
}

/// Errors are one line: the first line of whatever the library said.
std::string one_line(std::string text) {
  if (const auto newline = text.find('\n'); newline != std::string::npos) text.resize(newline);
  return text;
}

int fail(int code, const std::string& message) {
  std::cout.flush();
  fmt::print(stderr, "hdl: error: {}\n", one_line(message));
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"hdl: train and play with the Hello Deep Learning models — images, text and tables — "
               "on perfect synthetic data, in seconds.",
               "hdl"};
  app.set_version_flag("--version", std::string("hdl ") + HDL_VERSION);
  app.require_subcommand(1);
  app.fallthrough();  // global options may follow the subcommand
  GlobalOptions globals;
  add_global_options(app, globals);

  Cli cli(app, globals);
  hdl::cli::setup_generate(cli);
  hdl::cli::setup_text(cli);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    const auto [deepest, where] = parsed_command(app);
    // A word CLI11 could not place is an unknown command where a subcommand belongs, and a
    // stray argument elsewhere.
    if (const auto extra = app.remaining(); !extra.empty() && extra.front().rfind("-", 0) != 0) {
      const bool wants_subcommand = !deepest->get_subcommands({}).empty();
      return fail(hdl::kExitUsage, fmt::format("{} '{}': see '{} --help'",
                                               wants_subcommand ? "unknown command" : "unexpected argument",
                                               extra.front(), where));
    }
    return fail(hdl::kExitUsage, fmt::format("{}: see '{} --help'", e.what(), where));
  }

  const hdl::cli::RunFunction* run = cli.chosen();
  if (run == nullptr) {
    const std::string where = parsed_command(app).second;
    return fail(hdl::kExitUsage, fmt::format("'{}' needs a subcommand: see '{} --help'", where, where));
  }
  try {
    const nlohmann::json result = (*run)();
    if (globals.json) std::cout << result.dump(2) << '\n';
    return hdl::kExitOk;
  } catch (const hdl::UsageError& e) {
    return fail(hdl::kExitUsage, e.message());
  } catch (const hdl::Error& e) {
    return fail(hdl::kExitRuntime, e.message());
  } catch (const std::exception& e) {
    return fail(hdl::kExitRuntime, e.what());
  }
}
