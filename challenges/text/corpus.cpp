// Reading DATA/sentiment_text/<class>/*.txt.
#include <fmt/format.h>

#include <algorithm>

#include "hdl/core/error.hpp"
#include "hdl/core/files.hpp"
#include "hdl/text.hpp"

namespace hdl::text {
namespace {

bool hidden(const fs::path& path) { return path.filename().string().rfind('.', 0) == 0; }

std::vector<std::string> class_folders(const fs::path& folder) {
  std::error_code error;
  if (!fs::is_directory(folder, error))
    throw Error(fmt::format("no data in {}", folder.string()), "run 'hdl generate text'");
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder, error))
    if (entry.is_directory() && !hidden(entry.path())) names.push_back(entry.path().filename().string());
  if (error)
    throw Error(fmt::format("cannot list {}: {}", folder.string(), error.message()), "check the folder's permissions");
  std::sort(names.begin(), names.end());
  if (names.empty())
    throw Error(fmt::format("no class folders in {}", folder.string()),
                "put each class's .txt files in a sub-folder named after it, or run 'hdl generate text'");
  return names;
}

/// The texts of one class folder, in file-name order.
void read_class(const fs::path& class_dir, std::int64_t label, std::vector<TextItem>& items) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(class_dir))
    if (entry.is_regular_file() && entry.path().extension() == ".txt" && !hidden(entry.path()))
      files.push_back(entry.path());
  if (files.empty())
    throw Error(fmt::format("no .txt files in {}", class_dir.string()),
                "put texts in it or remove the folder, or run 'hdl generate text'");
  std::sort(files.begin(), files.end());
  for (auto& file : files) {
    TextItem item;
    item.text = read_file(file);
    item.tokens = tokenize(item.text);
    if (item.tokens.empty())
      throw Error(fmt::format("{} has no words", file.string()), "write some words in it or remove it");
    item.file = std::move(file);
    item.label = label;
    items.push_back(std::move(item));
  }
}

}  // namespace

Corpus load_corpus(const fs::path& folder) {
  Corpus corpus;
  corpus.folder = folder;
  corpus.classes = class_folders(folder);
  if (corpus.classes.size() < 2)
    throw Error(fmt::format("{} has only one class folder, '{}'", folder.string(), corpus.classes.front()),
                "a classifier needs at least two classes: run 'hdl generate text'");
  for (std::size_t label = 0; label < corpus.classes.size(); ++label)
    read_class(folder / corpus.classes[label], static_cast<std::int64_t>(label), corpus.items);
  return corpus;
}

Corpus load_corpus(const fs::path& folder, const std::vector<std::string>& classes) {
  Corpus corpus;
  corpus.folder = folder;
  corpus.classes = classes;
  for (const auto& name : class_folders(folder)) {
    const auto it = std::find(classes.begin(), classes.end(), name);
    if (it == classes.end())
      throw Error(fmt::format("{} holds a class '{}' the model does not know", folder.string(), name),
                  fmt::format("the model's classes are {}", fmt::join(classes, ", ")));
    read_class(folder / name, it - classes.begin(), corpus.items);
  }
  return corpus;
}

}  // namespace hdl::text
