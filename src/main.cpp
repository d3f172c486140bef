// hdl — the Hello Deep Learning challenges in one native binary.
// main() only registers the commands, parses, runs the chosen one, and maps exceptions to
// exit codes: 0 success, 1 runtime error, 2 usage error.
#include <fmt/core.h>

#include <exception>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli.hpp"
#include "hdl/core/error.hpp"

namespace {

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
  auto line = std::make_unique<hdl::cli::CommandLine>();
  try {
    hdl::cli::parse_command_line(line, std::vector<std::string>(argv + 1, argv + argc));
  } catch (const CLI::CallForHelp& e) {
    return line->app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return line->app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return line->app.exit(e);
  } catch (const CLI::ParseError& e) {
    return fail(hdl::kExitUsage, hdl::cli::describe_parse_error(line->app, e));
  }

  const auto& globals = line->globals;
  try {
    const nlohmann::json result = hdl::cli::execute(line->cli);
    if (globals.json) std::cout << result.dump(2) << '\n';
    return hdl::kExitOk;
  } catch (const hdl::cli::CommandFailed& e) {
    if (globals.json) std::cout << e.result.dump(2) << '\n';
    return fail(e.exit_code, e.message());
  } catch (const hdl::UsageError& e) {
    return fail(hdl::kExitUsage, e.message());
  } catch (const hdl::Error& e) {
    return fail(hdl::kExitRuntime, e.message());
  } catch (const std::exception& e) {
    return fail(hdl::kExitRuntime, e.what());
  }
}
