#include "cli.hpp"

#include "hdl/core/parallel.hpp"
#include "hdl/core/progress.hpp"

namespace hdl::cli {

int GlobalOptions::thread_count() const { return resolve_threads(threads); }

bool GlobalOptions::progress() const { return !json && !quiet && stderr_is_terminal(); }

CLI::App* Cli::verb(const std::string& name, const std::string& description) {
  for (CLI::App* existing : root_.get_subcommands({}))
    if (existing->get_name() == name) return existing;
  return root_.add_subcommand(name, description);
}

void Cli::on_run(CLI::App* command, RunFunction run) { runs_[command] = std::move(run); }

const RunFunction* Cli::chosen() const {
  // Follow the parsed chain down (root -> verb -> challenge); the deepest one runs.
  const CLI::App* current = &root_;
  for (auto parsed = current->get_subcommands(); !parsed.empty(); parsed = current->get_subcommands())
    current = parsed.front();
  const auto it = runs_.find(current);
  return it == runs_.end() ? nullptr : &it->second;
}

std::string Cli::metrics_name() const {
  // Commands that measure a model; their last result feeds DATA/reports/index.html.
  static const char* const kRecordedVerbs[] = {"train", "confusion", "eval", "rules"};
  const auto verbs = root_.get_subcommands();
  if (verbs.empty()) return {};
  const auto challenges = verbs.front()->get_subcommands();
  if (challenges.empty()) return {};
  for (const char* verb : kRecordedVerbs)
    if (verbs.front()->get_name() == verb) return std::string(verb) + "_" + challenges.front()->get_name();
  return {};
}

}  // namespace hdl::cli
