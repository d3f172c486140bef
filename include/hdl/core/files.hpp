#pragma once
// Files and folders written so that a crash or an error never leaves a half-written file or
// data set in place of a good one: everything goes to a temporary sibling first and is
// renamed over the target only when complete.
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace hdl {

namespace fs = std::filesystem;

/// Writes `contents` to `path` through a temporary sibling and a rename. Creates the parent
/// folder if needed. Throws hdl::Error naming the path when it cannot.
void write_file_atomic(const fs::path& path, std::string_view contents);

/// Writes `contents` to `path` directly (for files inside a folder that is itself being
/// written atomically). Throws hdl::Error naming the path when it cannot.
void write_file(const fs::path& path, std::string_view contents);

/// The whole contents of a file. Throws hdl::Error naming the path when it cannot be read.
std::string read_file(const fs::path& path);

/// Creates `dir` and its parents, or throws hdl::Error with a hint about --data.
void ensure_directory(const fs::path& dir);

/// Builds a folder atomically: `fill` writes into a fresh temporary sibling of `target`;
/// when it returns, the old `target` (if any) is replaced by it. When `fill` throws, the
/// temporary folder is removed, `target` is untouched, and the exception propagates.
void replace_directory(const fs::path& target, const std::function<void(const fs::path& staging)>& fill);

/// A unique temporary sibling name for `target`: `.<name>.tmp-<pid>-<n>` in the same folder,
/// so that the final rename never crosses file systems.
fs::path temporary_sibling(const fs::path& target);

}  // namespace hdl
