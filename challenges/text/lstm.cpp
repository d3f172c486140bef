// The LSTM forward pass with a fused cell (declared in hdl/text.hpp).
#include <string>

#include "hdl/text.hpp"

namespace hdl::text {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

/// One LSTM step after the matrix products: from the gate pre-activations [batch, 4·hidden]
/// and the previous cell state [batch, hidden] to the new hidden and cell states.
class LstmCell : public torch::autograd::Function<LstmCell> {
 public:
  static variable_list forward(AutogradContext* ctx, const torch::Tensor& gates_in, const torch::Tensor& c_prev_in) {
    const torch::Tensor gates = gates_in.contiguous(), c_prev = c_prev_in.contiguous();
    const std::int64_t batch = gates.size(0), hidden = gates.size(1) / 4;
    // Activations: sigmoid for input, forget and output gates, tanh for the cell gate.
    torch::Tensor act = torch::sigmoid(gates);
    act.narrow(1, 2 * hidden, hidden).copy_(torch::tanh(gates.narrow(1, 2 * hidden, hidden)));
    torch::Tensor c = torch::empty_like(c_prev);
    {
      const float* a = act.data_ptr<float>();
      const float* cp = c_prev.data_ptr<float>();
      float* cn = c.data_ptr<float>();
      for (std::int64_t b = 0; b < batch; ++b) {
        const float* row = a + b * 4 * hidden;
        for (std::int64_t j = 0; j < hidden; ++j)
          cn[b * hidden + j] = row[hidden + j] * cp[b * hidden + j] + row[j] * row[2 * hidden + j];
      }
    }
    const torch::Tensor tanh_c = torch::tanh(c);
    const torch::Tensor h = act.narrow(1, 3 * hidden, hidden) * tanh_c;
    ctx->save_for_backward({act, c_prev, tanh_c});
    return {h, c};
  }

  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    const auto saved = ctx->get_saved_variables();
    const torch::Tensor &act = saved[0], &c_prev = saved[1], &tanh_c = saved[2];
    const torch::Tensor dh = grads[0].contiguous(), dc = grads[1].contiguous();  // zeros when unused
    const std::int64_t batch = act.size(0), hidden = act.size(1) / 4;
    torch::Tensor d_gates = torch::empty_like(act), d_c_prev = torch::empty_like(c_prev);
    const float *a = act.data_ptr<float>(), *cp = c_prev.data_ptr<float>(), *tc = tanh_c.data_ptr<float>();
    const float *gh = dh.data_ptr<float>(), *gc = dc.data_ptr<float>();
    float *dg = d_gates.data_ptr<float>(), *dcp = d_c_prev.data_ptr<float>();
    for (std::int64_t b = 0; b < batch; ++b) {
      const float* row = a + b * 4 * hidden;
      float* d_row = dg + b * 4 * hidden;
      for (std::int64_t j = 0; j < hidden; ++j) {
        const std::int64_t k = b * hidden + j;
        const float i = row[j], f = row[hidden + j], g = row[2 * hidden + j], o = row[3 * hidden + j];
        const float t = tc[k];
        // dL/dc through both paths: the cell state carried on, and h = o·tanh(c).
        const float d_cell = gc[k] + gh[k] * o * (1 - t * t);
        d_row[j] = d_cell * g * i * (1 - i);
        d_row[hidden + j] = d_cell * cp[k] * f * (1 - f);
        d_row[2 * hidden + j] = d_cell * i * (1 - g * g);
        d_row[3 * hidden + j] = gh[k] * t * o * (1 - o);
        dcp[k] = d_cell * f;
      }
    }
    return {d_gates, d_c_prev};
  }
};

}  // namespace

torch::Tensor fused_lstm(torch::nn::LSTM& lstm, const torch::Tensor& input, bool training) {
  const auto& options = lstm->options;
  const std::int64_t batch = input.size(0), hidden = options.hidden_size();
  TORCH_CHECK(input.scalar_type() == torch::kFloat, "fused_lstm works on float tensors");
  TORCH_CHECK(options.batch_first() && !options.bidirectional() && options.proj_size() == 0 && options.bias(),
              "fused_lstm needs a batch-first, one-way LSTM with biases");
  torch::Tensor layer_input = input;
  for (std::int64_t layer = 0; layer < options.num_layers(); ++layer) {
    const std::string suffix = "_l" + std::to_string(layer);
    const auto params = lstm->named_parameters();
    const torch::Tensor& w_ih = params["weight_ih" + suffix];
    const torch::Tensor& w_hh = params["weight_hh" + suffix];
    const torch::Tensor bias = params["bias_ih" + suffix] + params["bias_hh" + suffix];
    if (layer > 0 && options.dropout() > 0) layer_input = torch::dropout(layer_input, options.dropout(), training);
    // The input's part of every gate, for all steps at once: [batch, time, 4·hidden].
    const auto input_gates = torch::linear(layer_input, w_ih, bias).unbind(1);
    const torch::Tensor w_hh_t = w_hh.t();
    torch::Tensor h = torch::zeros({batch, hidden}, input.options());
    torch::Tensor c = torch::zeros({batch, hidden}, input.options());
    std::vector<torch::Tensor> outputs;
    outputs.reserve(input_gates.size());
    for (const auto& step_gates : input_gates) {
      auto states = LstmCell::apply(torch::addmm(step_gates, h, w_hh_t), c);
      h = states[0];
      c = states[1];
      outputs.push_back(h);
    }
    layer_input = torch::stack(outputs, 1);
  }
  return layer_input;
}

}  // namespace hdl::text
