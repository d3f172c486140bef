#include <catch2/catch.hpp>
#include <opencv2/imgcodecs.hpp>

#include "hdl/core/error.hpp"

#include "hdl/learn.hpp"
#include "support/run_hdl.hpp"

using hdl::learn::OneCycle;

TEST_CASE("one-cycle: warm-up to max_lr then anneal to max_lr over final_div", "[learn][one_cycle]") {
  const OneCycle schedule(/*max_lr=*/1e-2, /*total_steps=*/100);
  REQUIRE(schedule.lr(0) == Approx(1e-2 / 25));
  REQUIRE(schedule.lr(25) == Approx(1e-2));  // the peak at pct_start
  REQUIRE(schedule.lr(100) == Approx(1e-2 / 1e5));
  REQUIRE(schedule.lr(10) < schedule.lr(20));
  REQUIRE(schedule.lr(60) > schedule.lr(90));
  REQUIRE(schedule.beta1(0) == Approx(0.95));
  REQUIRE(schedule.beta1(25) == Approx(0.85));
  REQUIRE(schedule.beta1(100) == Approx(0.95));
}

TEST_CASE("one-cycle: apply sets every parameter group of AdamW", "[learn][one_cycle]") {
  auto weight = torch::zeros({2}, torch::requires_grad());
  torch::optim::AdamW optimizer({weight}, torch::optim::AdamWOptions(1.0));
  const OneCycle schedule(3e-3, 10);
  schedule.apply(optimizer, 5);
  const auto& options = static_cast<torch::optim::AdamWOptions&>(optimizer.param_groups()[0].options());
  REQUIRE(options.lr() == Approx(schedule.lr(5)));
  REQUIRE(std::get<0>(options.betas()) == Approx(schedule.beta1(5)));
}

TEST_CASE("confusion: counts and accuracy and most confused pairs", "[learn][confusion]") {
  const auto confusion =
      hdl::learn::confusion_from({0, 0, 0, 1, 1, 2, 2, 2}, {0, 1, 1, 1, 1, 2, 0, 2}, {"cat", "dog", "eel"});
  REQUIRE(confusion.matrix == std::vector<std::vector<std::int64_t>>{{1, 2, 0}, {0, 2, 0}, {1, 0, 2}});
  REQUIRE(confusion.total() == 8);
  REQUIRE(confusion.accuracy() == Approx(5.0 / 8));
  const auto confused = confusion.most_confused();
  REQUIRE(confused.size() == 2);
  REQUIRE(confused[0].actual == "cat");
  REQUIRE(confused[0].predicted == "dog");
  REQUIRE(confused[0].count == 2);
  const auto table = hdl::learn::confusion_table(confusion);
  REQUIRE_THAT(table, Catch::Contains("actual \\ predicted"));
  REQUIRE_THAT(table, Catch::Contains("eel"));
  REQUIRE(hdl::learn::to_json(confusion).at("matrix")[0][1] == 2);
}

TEST_CASE("confusion: a label out of range is an error and not a crash", "[learn][confusion]") {
  REQUIRE_THROWS_AS(hdl::learn::confusion_from({0, 3}, {0, 0}, {"a", "b"}), hdl::Error);
}

TEST_CASE("confusion: the heat map is a PNG with shaded cells", "[learn][confusion]") {
  hdl::test::TempDir dir;
  const auto confusion = hdl::learn::confusion_from({0, 0, 1}, {0, 0, 1}, {"circles", "rectangles"});
  const auto file = dir.path() / "reports" / "confusion.png";
  hdl::learn::write_confusion_png(confusion, file, "images: confusion matrix");
  const cv::Mat image = cv::imread(file.string(), cv::IMREAD_COLOR);
  REQUIRE_FALSE(image.empty());
  REQUIRE(image.cols > 200);
  // Somewhere there is a dark blue cell (the largest count) and the background is white.
  bool dark_blue = false;
  for (int y = 0; y < image.rows && !dark_blue; ++y)
    for (int x = 0; x < image.cols; ++x) {
      const auto p = image.at<cv::Vec3b>(y, x);
      if (p[0] > 90 && p[0] < 120 && p[2] < 20) {
        dark_blue = true;
        break;
      }
    }
  REQUIRE(dark_blue);
  REQUIRE(image.at<cv::Vec3b>(0, 0) == cv::Vec3b(255, 255, 255));
}

TEST_CASE("top_losses keeps the k highest losses in order", "[learn][confusion]") {
  const auto top = hdl::learn::top_losses({{"a", 0, 0, 0.1, 0.9}, {"b", 0, 1, 2.0, 0.8}, {"c", 1, 0, 1.0, 0.6}}, 2);
  REQUIRE(top.size() == 2);
  REQUIRE(top[0].item == "b");
  REQUIRE(top[1].item == "c");
}

TEST_CASE("confusion report: matrix and accuracy and the highest-loss items", "[learn][confusion]") {
  const auto confusion = hdl::learn::confusion_from({0, 1, 1}, {0, 0, 1}, {"negative", "positive"});
  const std::vector<hdl::learn::ItemLoss> top{{"sad but happy", 1, 0, 1.5, 0.78}};
  const std::string report = hdl::learn::confusion_report(confusion, top, "text");
  REQUIRE_THAT(report, Catch::Contains("accuracy 66.67% (2 of 3)"));
  REQUIRE_THAT(report, Catch::Contains("most confused: positive taken for negative 1 times"));
  REQUIRE_THAT(report, Catch::Contains("sad but happy"));
  const auto json = hdl::learn::to_json(top, confusion.classes, "text");
  REQUIRE(json[0].at("text") == "sad but happy");
  REQUIRE(json[0].at("actual") == "positive");
  REQUIRE(json[0].at("predicted") == "negative");
}
