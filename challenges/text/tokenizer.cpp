// Word tokens and the vocabulary built from the training texts.
#include <algorithm>
#include <map>

#include "hdl/core/error.hpp"
#include "hdl/text.hpp"

namespace hdl::text {
namespace {

/// Letters, apostrophes, and the bytes of UTF-8 multi-byte characters.
bool is_word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '\'' || c >= 0x80;
}

char to_lower(unsigned char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
}

}  // namespace

std::vector<std::string> tokenize(std::string_view text) {
  std::vector<std::string> tokens;
  std::string word;
  for (const char c : text) {
    if (is_word_byte(static_cast<unsigned char>(c))) {
      word += to_lower(static_cast<unsigned char>(c));
    } else if (!word.empty()) {
      tokens.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) tokens.push_back(std::move(word));
  return tokens;
}

Vocabulary Vocabulary::build(const std::vector<std::vector<std::string>>& texts, int min_freq) {
  std::map<std::string, std::int64_t> counts;  // ordered, so ties break alphabetically
  for (const auto& tokens : texts)
    for (const auto& token : tokens) ++counts[token];
  std::vector<std::pair<std::string, std::int64_t>> kept;
  for (const auto& [word, count] : counts)
    if (count >= min_freq && word != kUnkToken && word != kPadToken) kept.emplace_back(word, count);
  std::stable_sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  std::vector<std::string> words{kUnkToken, kPadToken};
  for (auto& [word, count] : kept) words.push_back(std::move(word));
  return Vocabulary(std::move(words));
}

Vocabulary::Vocabulary(std::vector<std::string> words) : words_(std::move(words)) {
  if (words_.size() < 2 || words_[kUnk] != kUnkToken || words_[kPad] != kPadToken)
    throw Error("the vocabulary does not start with <unk> and <pad>", "train the model again with 'hdl train text'");
  for (std::size_t i = 0; i < words_.size(); ++i) index_.emplace(words_[i], static_cast<std::int64_t>(i));
}

std::int64_t Vocabulary::index(const std::string& word) const {
  const auto it = index_.find(word);
  return it == index_.end() ? kUnk : it->second;
}

std::vector<std::int64_t> Vocabulary::encode(const std::vector<std::string>& tokens) const {
  std::vector<std::int64_t> ids;
  ids.reserve(tokens.size());
  for (const auto& token : tokens) ids.push_back(index(token));
  return ids;
}

}  // namespace hdl::text
