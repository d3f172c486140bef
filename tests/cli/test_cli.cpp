// Smoke tests of the real binary: help, version, usage errors.
#include <catch2/catch.hpp>

#include "support/run_hdl.hpp"

using Catch::Contains;
using Catch::StartsWith;
using hdl::test::run_hdl;

TEST_CASE("cli: --help lists the commands and the global options", "[cli]") {
  const auto result = run_hdl({"--help"});
  REQUIRE(result.exit_code == 0);
  REQUIRE_THAT(result.out, Contains("generate"));
  REQUIRE_THAT(result.out, Contains("--data"));
  REQUIRE_THAT(result.out, Contains("--seed"));
  REQUIRE_THAT(result.out, Contains("--threads"));
}

TEST_CASE("cli: --version prints the version", "[cli]") {
  const auto result = run_hdl({"--version"});
  REQUIRE(result.exit_code == 0);
  REQUIRE_THAT(result.out, StartsWith("hdl 0."));
}

TEST_CASE("cli: generate --help describes its data sets and options", "[cli]") {
  const auto result = run_hdl({"generate", "--help"});
  REQUIRE(result.exit_code == 0);
  for (const char* word : {"shapes", "text", "tabular", "all", "--count", "--image-size", "--words", "--rows"})
    REQUIRE_THAT(result.out, Contains(word));
}

TEST_CASE("cli: an unknown subcommand is a usage error (exit 2) with a hint", "[cli]") {
  const auto result = run_hdl({"frobnicate"});
  REQUIRE(result.exit_code == 2);
  REQUIRE_THAT(result.err, StartsWith("hdl: error: "));
  REQUIRE_THAT(result.err, Contains("frobnicate"));
  REQUIRE_THAT(result.err, Contains("--help"));
  REQUIRE(std::count(result.err.begin(), result.err.end(), '\n') == 1);  // one line
}

TEST_CASE("cli: an unknown option or a bad value is a usage error (exit 2)", "[cli]") {
  const auto unknown = run_hdl({"generate", "shapes", "--no-such-option"});
  REQUIRE(unknown.exit_code == 2);
  REQUIRE_THAT(unknown.err, Contains("--no-such-option"));

  const auto not_a_number = run_hdl({"generate", "shapes", "--count", "many"});
  REQUIRE(not_a_number.exit_code == 2);

  const auto out_of_range = run_hdl({"generate", "shapes", "--image-size", "3"});
  REQUIRE(out_of_range.exit_code == 2);
  REQUIRE_THAT(out_of_range.err, Contains("--image-size"));

  const auto missing_dataset = run_hdl({"generate"});
  REQUIRE(missing_dataset.exit_code == 2);
}
