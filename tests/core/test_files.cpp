#include <catch2/catch.hpp>

#include "hdl/core/error.hpp"
#include "hdl/core/files.hpp"
#include "support/run_hdl.hpp"

namespace fs = std::filesystem;
using hdl::test::slurp;
using hdl::test::TempDir;

namespace {
std::size_t entries_in(const fs::path& dir) {
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}
}  // namespace

TEST_CASE("write_file_atomic writes the contents and leaves no temporary file", "[core][files]") {
  TempDir dir;
  const fs::path file = dir.path() / "models" / "tree.json";
  hdl::write_file_atomic(file, "first");
  hdl::write_file_atomic(file, "second");
  REQUIRE(slurp(file) == "second");
  REQUIRE(entries_in(file.parent_path()) == 1);
}

TEST_CASE("write_file_atomic into an impossible folder throws a clear Error", "[core][files]") {
  TempDir dir;
  hdl::write_file_atomic(dir.path() / "plain", "x");
  // A folder below a regular file cannot exist, even for root.
  REQUIRE_THROWS_AS(hdl::write_file_atomic(dir.path() / "plain" / "sub" / "f.json", "y"), hdl::Error);
  REQUIRE(slurp(dir.path() / "plain") == "x");
}

TEST_CASE("replace_directory swaps in the new folder whole", "[core][files]") {
  TempDir dir;
  const fs::path target = dir.path() / "set";
  hdl::replace_directory(target, [](const fs::path& staging) {
    hdl::write_file(staging / "old.txt", "old");
  });
  hdl::replace_directory(target, [](const fs::path& staging) {
    hdl::write_file(staging / "new.txt", "new");
  });
  REQUIRE(slurp(target / "new.txt") == "new");
  REQUIRE_FALSE(fs::exists(target / "old.txt"));
  REQUIRE(entries_in(dir.path()) == 1);  // no staging or retired folder left
}

TEST_CASE("replace_directory keeps the old folder when filling fails", "[core][files]") {
  TempDir dir;
  const fs::path target = dir.path() / "set";
  hdl::replace_directory(target, [](const fs::path& staging) { hdl::write_file(staging / "keep.txt", "keep"); });
  REQUIRE_THROWS_WITH(hdl::replace_directory(target,
                                             [](const fs::path& staging) {
                                               hdl::write_file(staging / "half.txt", "half");
                                               throw hdl::Error("disk full");
                                             }),
                      "disk full");
  REQUIRE(slurp(target / "keep.txt") == "keep");
  REQUIRE_FALSE(fs::exists(target / "half.txt"));
  REQUIRE(entries_in(dir.path()) == 1);
}

TEST_CASE("read_file names the missing file", "[core][files]") {
  TempDir dir;
  REQUIRE_THROWS_WITH(hdl::read_file(dir.path() / "absent.json"), Catch::Contains("absent.json"));
}
