// MrzRecord helpers: format names and sizes, date assembly, check lookup.
#include "bordergate/mrz/mrz_record.h"

namespace bordergate::mrz {

std::string_view formatName(Format f) {
  switch (f) {
    case Format::TD1: return "TD1";
    case Format::TD2: return "TD2";
    case Format::TD3: return "TD3";
    case Format::MRVA: return "MRVA";
    case Format::MRVB: return "MRVB";
    case Format::FraId: return "FRA_ID";
  }
  return "?";
}

int lineCount(Format f) { return f == Format::TD1 ? 3 : 2; }

int lineLength(Format f) {
  switch (f) {
    case Format::TD1: return 30;
    case Format::TD3:
    case Format::MRVA: return 44;
    case Format::TD2:
    case Format::MRVB:
    case Format::FraId: return 36;
  }
  return 0;
}

std::optional<Date> MrzDate::date() const {
  if (!year || !month || !day) return std::nullopt;
  if (!Date::isValid(*year, *month, *day)) return std::nullopt;
  return Date{*year, *month, *day};
}

const CheckDigit* MrzRecord::check(std::string_view name) const {
  for (const auto& c : checks)
    if (c.name == name) return &c;
  return nullptr;
}

}  // namespace bordergate::mrz
