// Loading and looking up the translation files of kiosk-ui/i18n.
#include "bordergate/kiosk_ui/translations.h"

#include <algorithm>
#include <fstream>

#include <nlohmann/json.hpp>

namespace bordergate::kiosk_ui {

Result<Translations> Translations::loadDirectory(const std::filesystem::path& dir,
                                                 const std::vector<std::string>& languages,
                                                 const std::string& reference) {
  if (std::find(languages.begin(), languages.end(), reference) == languages.end())
    return fail(ErrorCode::InvalidArgument, "the reference language " + reference + " must be loaded");
  Translations t;
  t.languages_ = languages;
  t.reference_ = reference;
  for (const auto& lang : languages) {
    const auto path = dir / (lang + ".json");
    std::ifstream in(path);
    if (!in) return fail(ErrorCode::NotFound, "translation file " + path.string() + " cannot be opened");
    auto j = nlohmann::json::parse(in, nullptr, false);
    if (j.is_discarded() || !j.is_object())
      return fail(ErrorCode::InvalidData, "translation file " + path.string() + " is not a JSON object");
    auto& m = t.table_[lang];
    for (const auto& [k, v] : j.items()) {
      if (!v.is_string())
        return fail(ErrorCode::InvalidData, "translation file " + path.string() + ": value of \"" + k + "\" is not a string");
      m[k] = v.get<std::string>();
    }
  }
  for (const auto& lang : languages) {
    if (lang == reference) continue;
    for (const auto& [k, v] : t.table_[reference])
      if (!t.table_[lang].count(k)) t.missing_.push_back(lang + ": " + k);
  }
  return t;
}

const std::string& Translations::text(const std::string& lang, const std::string& key) const {
  for (const auto* l : {&lang, &reference_}) {
    auto it = table_.find(*l);
    if (it == table_.end()) continue;
    auto k = it->second.find(key);
    if (k != it->second.end()) return k->second;
  }
  return keyEcho_.try_emplace(key, key).first->second;
}

bool Translations::isRightToLeft(const std::string& lang) const { return text(lang, "_direction") == "rtl"; }

const std::string& Translations::nativeName(const std::string& lang) const { return text(lang, "_name"); }

}  // namespace bordergate::kiosk_ui
