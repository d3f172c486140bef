// libhdl_nn.so: the commands that need libtorch, registered when the module is loaded.
#include "cli.hpp"

extern "C" void hdl_register_nn_commands(hdl::cli::Cli& cli) {
  hdl::cli::setup_images(cli);
  hdl::cli::setup_text(cli);
  hdl::cli::setup_confusion(cli);
}
