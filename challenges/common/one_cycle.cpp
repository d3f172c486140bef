#include <cmath>

#include "hdl/learn.hpp"

namespace hdl::learn {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kMomentumHigh = 0.95, kMomentumLow = 0.85;  // fastai's moms
constexpr double kBeta2 = 0.99;                               // fastai's Adam sqr_mom

/// fastai's SchedCos: from `start` at pos 0 to `end` at pos 1 along half a cosine.
double cosine(double start, double end, double pos) { return start + (1 + std::cos(kPi * (1 - pos))) * (end - start) / 2; }

}  // namespace

void configure_torch(int threads, std::uint64_t seed) {
  torch::set_num_threads(threads);
  torch::manual_seed(seed);
}

OneCycle::OneCycle(double max_lr, std::size_t total_steps, double pct_start, double div, double final_div)
    : max_lr_(max_lr), pct_start_(pct_start), div_(div), final_div_(final_div), total_steps_(total_steps) {}

double OneCycle::lr(std::size_t step) const {
  const double pos = total_steps_ == 0 ? 0.0 : static_cast<double>(step) / static_cast<double>(total_steps_);
  if (pos < pct_start_) return cosine(max_lr_ / div_, max_lr_, pos / pct_start_);
  return cosine(max_lr_, max_lr_ / final_div_, (pos - pct_start_) / (1 - pct_start_));
}

double OneCycle::beta1(std::size_t step) const {
  const double pos = total_steps_ == 0 ? 0.0 : static_cast<double>(step) / static_cast<double>(total_steps_);
  if (pos < pct_start_) return cosine(kMomentumHigh, kMomentumLow, pos / pct_start_);
  return cosine(kMomentumLow, kMomentumHigh, (pos - pct_start_) / (1 - pct_start_));
}

void OneCycle::apply(torch::optim::AdamW& optimizer, std::size_t step, const std::vector<double>& group_factors) const {
  const double rate = lr(step), momentum = beta1(step);
  auto& groups = optimizer.param_groups();
  for (std::size_t g = 0; g < groups.size(); ++g) {
    auto& options = static_cast<torch::optim::AdamWOptions&>(groups[g].options());
    options.lr(group_factors.empty() ? rate : rate * group_factors.at(g));
    options.betas(std::make_tuple(momentum, kBeta2));
  }
}

}  // namespace hdl::learn
