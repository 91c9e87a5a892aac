// The records of the list (the SQLite file the kiosk decides on), as plain values. The CSV
// importer produces them, ListWriter stores them, ListReader returns them; no sqlite3 type
// appears here. Unset optional dates are std::nullopt (empty in CSV).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "bordergate/core/date.h"

namespace bordergate::rules {

// Version of the table layout below; stored as list_meta.schema. Bump on any change.
inline constexpr int kListSchemaVersion = 1;

// The kind of travel document the regime applies to (visa_regime.csv document_kind).
enum class DocumentKind { Ordinary, Diplomatic, Service, Special, IdCard };
enum class Regime { Exempt, EVisa, VisaRequired, NoAdmission };
enum class VisaKind { EVisa, Sticker, Border, AirportTransit };
enum class PermitKind {
  Residence, Work, TurquoiseCard, TurquoiseRelative, BlueCard, StatelessId, DiplomaticId,
  ProtectionApplicant, ProtectionStatus, TemporaryProtection,
};
enum class Direction { Entry, Exit, Transit };

// CSV spellings ("ordinary", "e_visa", "turquoise_card", "entry", ...). parse* return
// nullopt for anything else.
const char* toString(DocumentKind k);
const char* toString(Regime r);
const char* toString(VisaKind k);
const char* toString(PermitKind k);
const char* toString(Direction d);
std::optional<DocumentKind> parseDocumentKind(std::string_view s);
std::optional<Regime> parseRegime(std::string_view s);
std::optional<VisaKind> parseVisaKind(std::string_view s);
std::optional<PermitKind> parsePermitKind(std::string_view s);
std::optional<Direction> parseDirection(std::string_view s);

// A date range, both ends inclusive; an unset end is open.
struct Validity {
  std::optional<Date> from;
  std::optional<Date> to;
  bool contains(const Date& d) const { return (!from || *from <= d) && (!to || d <= *to); }
};

// visa_regime.csv: the visa requirement of a nationality for one document kind.
struct RegimeRule {
  std::string nationality;      // ICAO 9303-3 code as in the MRZ ("D" for Germany)
  DocumentKind documentKind = DocumentKind::Ordinary;
  Regime regime = Regime::VisaRequired;
  std::optional<int> maxDays;   // days allowed (exempt: per period; e_visa: typical e-Visa stay)
  int periodDays = 180;         // the rolling window of Art. 11(1) unless an agreement says otherwise
  bool airportTransitVisa = false;  // Art. 14: needs an airport transit visa
  Validity validity;
  std::string note;
};

// visas.csv: an issued visa or e-Visa.
struct Visa {
  std::string visaId;
  VisaKind kind = VisaKind::Sticker;
  std::string documentNumber;
  std::string nationality;
  Validity validity;            // both ends set
  std::optional<int> maxDays;   // permitted stay per entry
  bool multipleEntries = false;
  std::string purpose;
};

// permits.csv: residence/work permits and identity documents that entitle to stay.
struct Permit {
  std::string permitId;
  PermitKind kind = PermitKind::Residence;
  std::string documentNumber;
  std::string nationality;
  std::string surname;
  std::string givenNames;
  std::optional<Date> birthDate;
  Validity validity;            // both ends set
};

// entry_bans.csv: an entry ban under Art. 9.
struct EntryBan {
  std::string banId;
  std::string surname;          // as exported (UTF-8, may carry diacritics)
  std::string givenNames;
  std::optional<Date> birthDate;
  std::string nationality;      // empty when unknown
  char sex = 'X';               // 'F', 'M' or 'X' (unknown)
  std::string documentNumber;   // empty when unknown
  std::string article;          // "9(1)" .. "9(5)"
  Validity validity;            // both ends set (Art. 9(3): a ban has an end)
  std::optional<Date> liftedOn;         // Art. 9(6): lifted from this day on
  Validity permitEntry;                 // Art. 9(6): temporary entry permission (unset = none)
  bool hasPermitEntry() const { return permitEntry.from.has_value(); }
};

// prior_authorization.csv (Art. 9(7)): nationalities that need the General Directorate's
// prior authorization to be admitted.
struct PriorAuthorizationRule {
  std::string nationality;
  Validity validity;
};

// authorizations.csv: a prior authorization granted to one document.
struct Authorization {
  std::string documentNumber;
  std::string nationality;
  Validity validity;
};

// One border crossing (crossings.csv, or the kiosk's own state database).
struct Crossing {
  std::string documentNumber;
  std::string nationality;
  std::optional<Date> birthDate;
  Direction direction = Direction::Entry;  // Entry or Exit
  std::int64_t at = 0;                     // seconds since 1970-01-01T00:00:00Z
  std::string port;
};

// ISO 8601 UTC timestamps: "2026-03-01T10:00:00Z" (also "+00:00", fractional seconds
// ignored, and a bare date meaning 00:00:00Z). nullopt for anything else.
std::optional<std::int64_t> parseTimestamp(std::string_view s);
std::string formatTimestamp(std::int64_t secondsSinceEpoch);  // "YYYY-MM-DDTHH:MM:SSZ"
Date dateOfTimestamp(std::int64_t secondsSinceEpoch);          // the UTC calendar day
// The calendar day at the border: Turkey's legal time, UTC+03:00 all year (no summer time since
// September 2016). Every day of Law 6458 the engine counts (stays, validity of visas, bans and
// documents, ages) is this day: a check at 22:30Z is already the next day at the border.
inline constexpr std::int64_t kBorderUtcOffsetSeconds = 3 * 3600;
Date borderDayOf(std::int64_t secondsSinceEpoch);

}  // namespace bordergate::rules
