// CSV spellings of the list enums and ISO 8601 timestamp handling (see list_types.h).
#include "bordergate/rules/list_types.h"

#include <array>
#include <cstdio>
#include <utility>

namespace bordergate::rules {
namespace {

template <typename E, std::size_t N>
std::optional<E> lookup(const std::array<std::pair<E, const char*>, N>& table, std::string_view s) {
  for (const auto& [value, name] : table)
    if (s == name) return value;
  return std::nullopt;
}
template <typename E, std::size_t N>
const char* nameOf(const std::array<std::pair<E, const char*>, N>& table, E v) {
  for (const auto& [value, name] : table)
    if (value == v) return name;
  return "?";
}

constexpr std::array<std::pair<DocumentKind, const char*>, 5> kDocumentKinds{{
    {DocumentKind::Ordinary, "ordinary"}, {DocumentKind::Diplomatic, "diplomatic"},
    {DocumentKind::Service, "service"}, {DocumentKind::Special, "special"}, {DocumentKind::IdCard, "id_card"}}};
constexpr std::array<std::pair<Regime, const char*>, 4> kRegimes{{
    {Regime::Exempt, "exempt"}, {Regime::EVisa, "e_visa"}, {Regime::VisaRequired, "visa_required"},
    {Regime::NoAdmission, "no_admission"}}};
constexpr std::array<std::pair<VisaKind, const char*>, 4> kVisaKinds{{
    {VisaKind::EVisa, "e_visa"}, {VisaKind::Sticker, "sticker"}, {VisaKind::Border, "border"},
    {VisaKind::AirportTransit, "airport_transit"}}};
constexpr std::array<std::pair<PermitKind, const char*>, 10> kPermitKinds{{
    {PermitKind::Residence, "residence"}, {PermitKind::Work, "work"},
    {PermitKind::TurquoiseCard, "turquoise_card"}, {PermitKind::TurquoiseRelative, "turquoise_relative"},
    {PermitKind::BlueCard, "blue_card"}, {PermitKind::StatelessId, "stateless_id"},
    {PermitKind::DiplomaticId, "diplomatic_id"}, {PermitKind::ProtectionApplicant, "protection_applicant"},
    {PermitKind::ProtectionStatus, "protection_status"}, {PermitKind::TemporaryProtection, "temporary_protection"}}};
constexpr std::array<std::pair<Direction, const char*>, 3> kDirections{{
    {Direction::Entry, "entry"}, {Direction::Exit, "exit"}, {Direction::Transit, "transit"}}};

int digits(std::string_view s, std::size_t pos, std::size_t n) {
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (i >= s.size() || s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

}  // namespace

const char* toString(DocumentKind k) { return nameOf(kDocumentKinds, k); }
const char* toString(Regime r) { return nameOf(kRegimes, r); }
const char* toString(VisaKind k) { return nameOf(kVisaKinds, k); }
const char* toString(PermitKind k) { return nameOf(kPermitKinds, k); }
const char* toString(Direction d) { return nameOf(kDirections, d); }
std::optional<DocumentKind> parseDocumentKind(std::string_view s) { return lookup(kDocumentKinds, s); }
std::optional<Regime> parseRegime(std::string_view s) { return lookup(kRegimes, s); }
std::optional<VisaKind> parseVisaKind(std::string_view s) { return lookup(kVisaKinds, s); }
std::optional<PermitKind> parsePermitKind(std::string_view s) { return lookup(kPermitKinds, s); }
std::optional<Direction> parseDirection(std::string_view s) { return lookup(kDirections, s); }

std::optional<std::int64_t> parseTimestamp(std::string_view s) {
  if (s.size() < 10) return std::nullopt;
  const auto date = Date::parseIso(s.substr(0, 10));
  if (!date) return std::nullopt;
  std::int64_t secs = date->toDays() * 86400;
  if (s.size() == 10) return secs;
  if (s[10] != 'T' || s.size() < 19 || s[13] != ':' || s[16] != ':') return std::nullopt;
  const int hh = digits(s, 11, 2), mm = digits(s, 14, 2), ss = digits(s, 17, 2);
  if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 59) return std::nullopt;
  std::size_t i = 19;
  if (i < s.size() && s[i] == '.') {  // fractional seconds: accepted, ignored
    ++i;
    const std::size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == start) return std::nullopt;
  }
  const std::string_view zone = s.substr(i);
  if (zone != "Z" && zone != "+00:00") return std::nullopt;  // the lists are UTC by contract
  return secs + hh * 3600 + mm * 60 + ss;
}

Date dateOfTimestamp(std::int64_t t) {
  std::int64_t days = t / 86400;
  if (t % 86400 < 0) --days;
  return Date::fromDays(days);
}

Date borderDayOf(std::int64_t t) { return dateOfTimestamp(t + kBorderUtcOffsetSeconds); }

std::string formatTimestamp(std::int64_t t) {
  const Date d = dateOfTimestamp(t);
  const std::int64_t rem = t - d.toDays() * 86400;
  char buf[32];
  std::snprintf(buf, sizeof buf, "T%02d:%02d:%02dZ", static_cast<int>(rem / 3600),
                static_cast<int>(rem / 60 % 60), static_cast<int>(rem % 60));
  return d.iso() + buf;
}

}  // namespace bordergate::rules
