// Tokens and vocabulary of the text challenge.
#include <catch2/catch.hpp>

#include "hdl/core/error.hpp"
#include "hdl/text.hpp"

using hdl::text::tokenize;
using hdl::text::Vocabulary;
using Words = std::vector<std::string>;

TEST_CASE("text tokenizer: lower-cases and splits on anything but letters and apostrophes", "[text][tokenizer]") {
  REQUIRE(tokenize("Happy  CHIRPY") == Words{"happy", "chirpy"});
  REQUIRE(tokenize("don't stop,believing!") == Words{"don't", "stop", "believing"});
  REQUIRE(tokenize("a1b2  c-d\te\nf") == Words{"a", "b", "c", "d", "e", "f"});
  REQUIRE(tokenize("  ...  ").empty());
  REQUIRE(tokenize("").empty());
  REQUIRE(tokenize("123 456").empty());
  // UTF-8 letters stay inside their word.
  REQUIRE(tokenize("Café au lait") == Words{"café", "au", "lait"});
}

TEST_CASE("text vocabulary: pad and unk first then by frequency with a minimum", "[text][tokenizer]") {
  const std::vector<Words> texts{{"b", "a", "c"}, {"a", "b", "a"}, {"d", "c", "b"}};
  const Vocabulary vocabulary = Vocabulary::build(texts, /*min_freq=*/2);
  // a: 3, b: 3, c: 2, d: 1 (dropped); ties alphabetical.
  REQUIRE(vocabulary.words() == Words{"<unk>", "<pad>", "a", "b", "c"});
  REQUIRE(vocabulary.index("a") == 2);
  REQUIRE(vocabulary.index("d") == Vocabulary::kUnk);
  REQUIRE(vocabulary.index("never") == Vocabulary::kUnk);
  REQUIRE(vocabulary.encode({"c", "zzz", "a"}) == std::vector<std::int64_t>{4, 0, 2});
  REQUIRE(Vocabulary::build(texts, 1).size() == 6);
}

TEST_CASE("text vocabulary: a saved word list must start with unk and pad", "[text][tokenizer]") {
  REQUIRE_THROWS_AS(Vocabulary(Words{"a", "b"}), hdl::Error);
  REQUIRE_NOTHROW(Vocabulary(Words{"<unk>", "<pad>", "a"}));
}
