#include "hdl/core/error.hpp"

namespace hdl {

std::string Error::message() const {
  if (hint_.empty()) return what();
  return std::string(what()) + ": " + hint_;
}

}  // namespace hdl
