// Helpers for the rules tests (see test_support.h).
#include "test_support.h"

#include <fstream>
#include <random>
#include <stdexcept>

#include "bordergate/mrz/encoder.h"
#include "bordergate/mrz/parser.h"

namespace bordergate::rules::test {

namespace fs = std::filesystem;

TempDir::TempDir() {
  std::random_device rd;
  path_ = fs::temp_directory_path() / ("bordergate-rules-test-" + std::to_string(rd()) + std::to_string(rd()));
  fs::create_directories(path_);
}
TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

mrz::MrzRecord passport(const Person& p) {
  mrz::MrzFields f;
  f.format = p.format;
  f.documentCode = p.documentCode;
  f.surname = p.surname;
  f.givenNames = p.givenNames;
  f.documentNumber = p.documentNumber;
  f.issuingState = p.issuingState.empty() ? p.nationality : p.issuingState;
  f.nationality = p.nationality;
  f.birthDate = p.birthDate;
  f.sex = p.sex;
  f.expiryDate = p.expiryDate;
  auto lines = mrz::encode(f);
  if (!lines) throw std::runtime_error("test passport does not encode: " + lines.error().message);
  mrz::ParseOptions po;
  po.today = Date{2026, 6, 1};
  return mrz::parseLines(*lines, po);
}

std::int64_t noon(const std::string& isoDate) { return Date::parseIso(isoDate).value().toDays() * 86400 + 12 * 3600; }
Date d(const std::string& isoDate) { return Date::parseIso(isoDate).value(); }

fs::path sampleDataDir() { return fs::path(BORDERGATE_SOURCE_DIR) / "rules" / "data"; }

void copySampleData(const fs::path& dir, const std::string& file, const std::string& content) {
  for (const auto& spec : listTableSpecs()) fs::copy_file(sampleDataDir() / spec.fileName, dir / spec.fileName);
  fs::copy_file(sampleDataDir() / "HASH_KEY", dir / "HASH_KEY");
  if (!file.empty()) {
    fs::remove(dir / file);
    std::ofstream(dir / file, std::ios::binary) << content;
  }
}

}  // namespace bordergate::rules::test
