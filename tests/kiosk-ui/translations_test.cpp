// Translation files: the shipped ones are complete; missing keys are reported; Arabic is shaped.
#include <catch2/catch.hpp>

#include <fstream>

#include "bordergate/core/text.h"
#include "bordergate/kiosk_ui/bidi.h"
#include "bordergate/kiosk_ui/translations.h"
#include "test_support.h"

using namespace bordergate::kiosk_ui;

TEST_CASE("the shipped translations TR/EN/AR/RU have every key") {
  auto t = Translations::loadDirectory(std::filesystem::path(BORDERGATE_SOURCE_DIR) / "kiosk-ui/i18n");
  REQUIRE(t);
  for (const auto& m : t->missing()) WARN("missing translation " << m);
  CHECK(t->missing().empty());
  CHECK(t->isRightToLeft("ar"));
  CHECK_FALSE(t->isRightToLeft("tr"));
  CHECK(t->text("tr", "traveller.proceed") == "Transfere devam edin");
  CHECK(t->nativeName("ru") == "Русский");
}

TEST_CASE("a missing key is reported and falls back to English, then to the key") {
  testing::TempDir dir;
  {
    std::ofstream(dir.path / "en.json") << R"({"_direction":"ltr","a":"Alpha","b":"Beta"})";
    std::ofstream(dir.path / "tr.json") << R"({"_direction":"ltr","a":"Alfa"})";
  }
  auto t = Translations::loadDirectory(dir.path, {"en", "tr"});
  REQUIRE(t);
  CHECK(t->missing() == std::vector<std::string>{"tr: b"});
  CHECK(t->text("tr", "b") == "Beta");
  CHECK(t->text("tr", "nope") == "nope");
}

TEST_CASE("a broken translation file is an error naming the file") {
  testing::TempDir dir;
  std::ofstream(dir.path / "en.json") << R"({"a": 3})";
  auto t = Translations::loadDirectory(dir.path, {"en"});
  REQUIRE_FALSE(t);
  CHECK(t.error().message.find("en.json") != std::string::npos);
  CHECK_FALSE(Translations::loadDirectory(dir.path / "none", {"en"}));
}

TEST_CASE("Arabic text is shaped into presentation forms and put in visual order") {
  // "سلام" = SEEN LAM ALEF MEEM. Shaped and reversed for left-to-right drawing:
  // MEEM isolated (FEE1: ALEF never joins to the next letter), LAM-ALEF final ligature
  // (FEFC), SEEN initial (FEB3).
  const std::string visual = visualLine("سلام", true);
  const auto cps = bordergate::text::decodeUtf8(visual);
  CHECK(cps == std::u32string{0xFEE1, 0xFEFC, 0xFEB3});
  CHECK(visualLine("Proceed to transfer", false) == "Proceed to transfer");
  // Vowel marks are dropped (they cannot be positioned by a glyph-by-glyph renderer).
  CHECK(visualLine("سَلام", true) == visual);
  // Digits inside Arabic keep their left-to-right order.
  const auto mixed = bordergate::text::decodeUtf8(visualLine("المادة 65", true));
  const auto six = std::find(mixed.begin(), mixed.end(), U'6');
  REQUIRE(six != mixed.end());
  CHECK(*(six + 1) == U'5');
}
