// Prediction and judging a labelled folder.
#include <fmt/core.h>

#include <cmath>

#include "hdl/core/error.hpp"

#include "hdl/text.hpp"

namespace hdl::text {

std::vector<Prediction> predict(TextModel& model, const std::vector<std::vector<std::string>>& texts, int batch_size) {
  model.net->eval();
  torch::NoGradGuard no_grad;
  std::vector<Prediction> predictions;
  predictions.reserve(texts.size());
  const auto step = static_cast<std::size_t>(std::max(1, batch_size));
  for (std::size_t begin = 0; begin < texts.size(); begin += step) {
    const std::size_t end = std::min(texts.size(), begin + step);
    std::vector<std::vector<std::int64_t>> ids;
    for (std::size_t i = begin; i < end; ++i) {
      if (texts[i].empty()) throw Error(fmt::format("text {} has no words", i + 1), "give each text at least one word");
      ids.push_back(model.vocabulary.encode(texts[i]));
    }
    const Batch batch = make_batch(ids, {});
    const torch::Tensor probs =
        torch::softmax(model.net(batch.tokens, batch.lengths), 1).to(torch::kDouble).contiguous();
    const auto rows = probs.accessor<double, 2>();
    for (std::int64_t row = 0; row < probs.size(0); ++row) {
      Prediction prediction;
      for (std::int64_t c = 0; c < probs.size(1); ++c) prediction.probs.push_back(rows[row][c]);
      prediction.index = std::max_element(prediction.probs.begin(), prediction.probs.end()) - prediction.probs.begin();
      predictions.push_back(std::move(prediction));
    }
  }
  return predictions;
}

Judgement judge(TextModel& model, const std::vector<const TextItem*>& items) {
  std::vector<std::vector<std::string>> texts;
  for (const TextItem* item : items) texts.push_back(item->tokens);
  const auto predictions = predict(model, texts);
  std::vector<std::int64_t> actual, predicted;
  Judgement judgement;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto& prediction = predictions[i];
    actual.push_back(items[i]->label);
    predicted.push_back(prediction.index);
    learn::ItemLoss loss;
    loss.item = items[i]->text;
    loss.actual = items[i]->label;
    loss.predicted = prediction.index;
    // Cross-entropy of the actual class; a probability of exactly 0 is capped, not infinite.
    loss.loss = -std::log(std::max(prediction.probs[static_cast<std::size_t>(items[i]->label)], 1e-300));
    loss.probability = prediction.probs[static_cast<std::size_t>(prediction.index)];
    judgement.items.push_back(std::move(loss));
  }
  judgement.confusion = learn::confusion_from(actual, predicted, model.classes);
  return judgement;
}

}  // namespace hdl::text
