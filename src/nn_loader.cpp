// Loads libhdl_nn.so, the image and text commands, on first use (see src/CMakeLists.txt).
#include <dlfcn.h>
#include <fmt/core.h>

#include <cstdlib>

#include "cli.hpp"

namespace hdl::cli {
namespace {

using RegisterFunction = void (*)(Cli&);

// Set once the module is loaded; the module stays loaded for the life of the process.
RegisterFunction register_nn = nullptr;

fs::path module_path() {
  if (const char* path = std::getenv("HDL_NN_MODULE")) return path;
  std::error_code error;
  const fs::path exe = fs::read_symlink("/proc/self/exe", error);
  return (error ? fs::path(".") : exe.parent_path()) / "libhdl_nn.so";
}

}  // namespace

bool nn_commands_loaded() { return register_nn != nullptr; }

std::string load_nn_commands() {
  if (register_nn != nullptr) return {};
  const fs::path path = module_path();
  void* module = dlopen(path.c_str(), RTLD_NOW | RTLD_GLOBAL);
  if (module == nullptr) return fmt::format("cannot load {} ({})", path.string(), dlerror());
  auto* found = reinterpret_cast<RegisterFunction>(dlsym(module, "hdl_register_nn_commands"));
  if (found == nullptr) return fmt::format("{} is not hdl's command module", path.string());
  register_nn = found;
  return {};
}

void register_nn_commands(Cli& cli) {
  if (register_nn != nullptr) register_nn(cli);
}

}  // namespace hdl::cli
