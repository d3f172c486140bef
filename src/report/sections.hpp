#pragma once
// The report's sections; each returns one <section> of HTML, and says how to make the
// missing pieces when a challenge has not been run yet.
#include <string>

#include "hdl/report.hpp"

namespace hdl::report {

std::string summary_section(const Inputs& inputs);
std::string images_section(const Inputs& inputs);
std::string text_section(const Inputs& inputs);
std::string tabular_section(const Inputs& inputs);
std::string settings_section(const Inputs& inputs);

}  // namespace hdl::report
