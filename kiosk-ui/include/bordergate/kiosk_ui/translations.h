// Translations: the strings of both screens in Turkish, English, Arabic and Russian, loaded
// from kiosk-ui/i18n/<lang>.json (flat {"key": "text"} objects; keys starting with "_" are
// metadata: "_name" = the language's own name, "_direction" = "ltr" | "rtl").
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "bordergate/core/result.h"

namespace bordergate::kiosk_ui {

class Translations {
 public:
  // Loads <dir>/<lang>.json for each language. `reference` (normally "en") must be among
  // them: its keys are the complete set, and every key missing from another language is
  // reported by missing(). NotFound/InvalidData with the file name when a file is absent or
  // not a flat JSON object of strings.
  static Result<Translations> loadDirectory(const std::filesystem::path& dir,
                                            const std::vector<std::string>& languages = {"tr", "en", "ar", "ru"},
                                            const std::string& reference = "en");

  // The text of `key` in `lang`; falls back to the reference language, then to the key
  // itself (so a missing string is visible, never blank).
  const std::string& text(const std::string& lang, const std::string& key) const;
  // "ar: traveller.proceed" for every key of the reference missing from another language.
  const std::vector<std::string>& missing() const { return missing_; }
  const std::vector<std::string>& languages() const { return languages_; }
  bool isRightToLeft(const std::string& lang) const;
  const std::string& nativeName(const std::string& lang) const;

 private:
  std::vector<std::string> languages_;
  std::string reference_;
  std::map<std::string, std::map<std::string, std::string>> table_;
  std::vector<std::string> missing_;
  mutable std::map<std::string, std::string> keyEcho_;
};

}  // namespace bordergate::kiosk_ui
