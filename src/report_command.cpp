// hdl report — write DATA/reports/index.html from whatever models and metrics exist.
#include <fmt/core.h>

#include "cli.hpp"
#include "hdl/report.hpp"

namespace hdl::cli {

void setup_report(Cli& cli) {
  CLI::App* report = cli.verb("report", "Write the HTML report (DATA/reports/index.html) from what exists");
  cli.on_run(report, [&globals = cli.globals()] {
    const auto page = report::write_report(globals.data_dir);
    if (globals.text()) fmt::print("report: {}\n", page.string());
    return nlohmann::json{{"report", page.string()}};
  });
}

}  // namespace hdl::cli
