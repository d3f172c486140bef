// The encoder, the pooling classifier and the language model.
#include <limits>

#include "hdl/text.hpp"

namespace hdl::text {

namespace nn = torch::nn;

/// fastai's pooling classifier has one hidden layer of 50 units (lin_ftrs=[50]).
constexpr std::int64_t kHeadHidden = 50;

EncoderImpl::EncoderImpl(const ModelConfig& config) {
  embedding = register_module(
      "embedding",
      nn::Embedding(nn::EmbeddingOptions(config.vocab_size, config.embedding).padding_idx(Vocabulary::kPad)));
  input_dropout = register_module("input_dropout", nn::Dropout(config.dropout));
  lstm = register_module("lstm", nn::LSTM(nn::LSTMOptions(config.embedding, config.hidden)
                                              .num_layers(config.layers)
                                              .batch_first(true)
                                              .dropout(config.layers > 1 ? config.dropout : 0.0)));
}

torch::Tensor EncoderImpl::forward(const torch::Tensor& tokens) {
  return fused_lstm(lstm, input_dropout(embedding(tokens)), is_training());
}

ClassifierImpl::ClassifierImpl(const ModelConfig& config) {
  encoder = register_module("encoder", Encoder(config));
  const std::int64_t pooled = 3 * config.hidden;  // last, max, mean
  head =
      register_module("head", nn::Sequential(nn::BatchNorm1d(pooled), nn::Dropout(config.dropout),
                                             nn::Linear(pooled, kHeadHidden), nn::ReLU(), nn::BatchNorm1d(kHeadHidden),
                                             nn::Dropout(config.dropout), nn::Linear(kHeadHidden, config.classes)));
}

torch::Tensor ClassifierImpl::forward(const torch::Tensor& tokens, const torch::Tensor& lengths) {
  // Texts are padded at the end and the LSTM runs forwards, so the outputs at real steps
  // never see the padding; the pools below skip the padded steps.
  const torch::Tensor output = encoder(tokens);  // [batch, time, hidden]
  const std::int64_t batch = output.size(0), time = output.size(1), hidden = output.size(2);
  const torch::Tensor real = torch::arange(time, lengths.options()).unsqueeze(0).lt(lengths.unsqueeze(1)).unsqueeze(2);
  const torch::Tensor last = output.gather(1, (lengths - 1).view({batch, 1, 1}).expand({batch, 1, hidden})).squeeze(1);
  const torch::Tensor max_pool =
      output.masked_fill(real.logical_not(), -std::numeric_limits<float>::infinity()).amax(1);
  const torch::Tensor mean_pool =
      output.masked_fill(real.logical_not(), 0).sum(1) / lengths.unsqueeze(1).to(output.dtype());
  return head->forward(torch::cat({last, max_pool, mean_pool}, 1));
}

LanguageModelImpl::LanguageModelImpl(const ModelConfig& config) {
  encoder = register_module("encoder", Encoder(config));
  output_dropout = register_module("output_dropout", nn::Dropout(config.dropout));
  decoder = register_module("decoder", nn::Linear(config.hidden, config.vocab_size));
}

torch::Tensor LanguageModelImpl::forward(const torch::Tensor& tokens) {
  return decoder(output_dropout(encoder(tokens)));
}

Batch make_batch(const std::vector<std::vector<std::int64_t>>& texts, const std::vector<std::int64_t>& labels) {
  const auto batch = static_cast<std::int64_t>(texts.size());
  std::int64_t width = 1;
  for (const auto& ids : texts) width = std::max(width, static_cast<std::int64_t>(ids.size()));
  Batch result;
  result.tokens = torch::full({batch, width}, Vocabulary::kPad, torch::kLong);
  result.lengths = torch::empty({batch}, torch::kLong);
  auto tokens = result.tokens.accessor<std::int64_t, 2>();
  auto lengths = result.lengths.accessor<std::int64_t, 1>();
  for (std::int64_t row = 0; row < batch; ++row) {
    const auto& ids = texts[static_cast<std::size_t>(row)];
    for (std::size_t step = 0; step < ids.size(); ++step) tokens[row][static_cast<std::int64_t>(step)] = ids[step];
    lengths[row] = static_cast<std::int64_t>(ids.size());
  }
  result.labels = torch::tensor(labels, torch::kLong);
  return result;
}

}  // namespace hdl::text
