#pragma once
// The LSTM's forward pass with each time step's cell update fused into one autograd node.
#include <torch/torch.h>

namespace hdl::text {

/// The output of the top layer, [batch, time, hidden], of the batch-first LSTM `lstm` on
/// `input` [batch, time, features], starting from zero states: the same arithmetic as
/// torch::nn::LSTM (gates in its order: input, forget, cell, output; dropout between
/// layers when training), with its parameters, but about a third of the tensor operations
/// per step, forward and backward, because the gate activations and the cell update are
/// one node with a hand-written gradient.
torch::Tensor fused_lstm(torch::nn::LSTM& lstm, const torch::Tensor& input, bool training);

}  // namespace hdl::text
