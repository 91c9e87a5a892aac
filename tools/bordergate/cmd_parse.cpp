// `bordergate parse` and `bordergate make-mrz`: the ICAO 9303 text parser and encoder.
#include <iostream>
#include <iterator>
#include <sstream>

#include "bordergate/core/date.h"
#include "bordergate/mrz/encoder.h"
#include "bordergate/mrz/parser.h"
#include "command.h"
#include "json_out.h"

namespace bordergate::cli {
namespace {

int runParse(const std::vector<std::string>& args, Io& io) {
  Options opt(args, {"today"}, {});
  if (!opt.ok()) return usageError(io, "parse", opt.error());
  if (!opt.positional().empty()) return usageError(io, "parse", "unexpected argument '" + opt.positional()[0] + "' (MRZ text is read from stdin)");
  mrz::ParseOptions po;
  if (opt.has("today")) {
    auto d = Date::parseIso(opt.get("today"));
    if (!d) return usageError(io, "parse", "--today '" + opt.get("today") + "' is not a date YYYY-MM-DD");
    po.today = *d;
  }
  // Read at most 1 MiB + 1 so that a runaway pipe cannot exhaust memory; parse() rejects
  // anything longer than an MRZ with a clear error anyway.
  std::string input;
  input.resize(1 << 20 | 1);
  io.in.read(input.data(), static_cast<std::streamsize>(input.size()));
  input.resize(static_cast<std::size_t>(io.in.gcount()));
  const auto record = mrz::parse(input, po);
  io.out << dumpLine(mrzRecordJson(record)) << "\n";
  return record.valid() ? 0 : 1;
}

int runMakeMrz(const std::vector<std::string>& args, Io& io) {
  Options opt(args,
              {"format", "document-code", "surname", "given-names", "document-number", "nationality",
               "issuing-state", "birth-date", "sex", "expiry-date", "optional-data", "optional-data-2"},
              {});
  if (!opt.ok()) return usageError(io, "make-mrz", opt.error());
  for (const char* required : {"format", "surname", "document-number", "issuing-state", "birth-date", "sex"})
    if (!opt.has(required)) return usageError(io, "make-mrz", std::string("--") + required + " is required");
  mrz::MrzFields f;
  const std::string format = opt.get("format");
  if (format == "TD1") { f.format = mrz::Format::TD1; f.documentCode = "I"; }
  else if (format == "TD2") { f.format = mrz::Format::TD2; f.documentCode = "I"; }
  else if (format == "TD3") { f.format = mrz::Format::TD3; f.documentCode = "P"; }
  else if (format == "MRVA") { f.format = mrz::Format::MRVA; f.documentCode = "V"; }
  else if (format == "MRVB") { f.format = mrz::Format::MRVB; f.documentCode = "V"; }
  else if (format == "FRA_ID") { f.format = mrz::Format::FraId; f.documentCode = "ID"; }
  else return usageError(io, "make-mrz", "--format must be TD1, TD2, TD3, MRVA, MRVB or FRA_ID");
  f.documentCode = opt.get("document-code", f.documentCode);
  f.surname = opt.get("surname");
  f.givenNames = opt.get("given-names");
  f.documentNumber = opt.get("document-number");
  f.issuingState = opt.get("issuing-state");
  f.nationality = opt.get("nationality", f.format == mrz::Format::FraId ? "FRA" : "");
  f.birthDate = opt.get("birth-date");
  const std::string sex = opt.get("sex");
  if (sex.size() != 1) return usageError(io, "make-mrz", "--sex must be one of F, M, X, <");
  f.sex = sex[0];
  f.expiryDate = opt.get("expiry-date");
  f.optionalData = opt.get("optional-data");
  f.optionalData2 = opt.get("optional-data-2");
  if (f.format != mrz::Format::FraId) {
    if (!opt.has("nationality")) return usageError(io, "make-mrz", "--nationality is required");
    if (!opt.has("expiry-date")) return usageError(io, "make-mrz", "--expiry-date is required");
  }
  auto lines = mrz::encode(f);
  if (!lines) {
    io.err << "bordergate make-mrz: " << lines.error().message << "\n";
    return 2;
  }
  for (const auto& l : *lines) io.out << l << "\n";
  return 0;
}

const CommandRegistration kParse({"parse", "parse [--today YYYY-MM-DD] < mrz.txt   parse MRZ lines from stdin, print JSON", runParse});
const CommandRegistration kMakeMrz(
    {"make-mrz",
     "make-mrz --format TD1|TD2|TD3|MRVA|MRVB|FRA_ID --surname S --given-names G --document-number N "
     "--nationality C --issuing-state C --birth-date YYYY-MM-DD --sex F|M|X --expiry-date YYYY-MM-DD "
     "[--optional-data D] [--optional-data-2 D] [--document-code P]   print MRZ lines",
     runMakeMrz});

}  // namespace
}  // namespace bordergate::cli
