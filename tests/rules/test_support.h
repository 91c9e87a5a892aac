// Helpers for the rules tests: temporary folders, MRZ records built with the encoder, and a
// small list written with ListWriter.
#pragma once

#include <filesystem>
#include <string>

#include "bordergate/mrz/mrz_record.h"
#include "bordergate/rules/engine.h"
#include "bordergate/rules/list_builder.h"
#include "bordergate/rules/list_file.h"

namespace bordergate::rules::test {

// A fresh empty folder under the system temp dir, removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

struct Person {
  std::string surname = "TESTPERSON";
  std::string givenNames = "ANNA";
  std::string documentNumber = "ZZ0000001";
  std::string nationality = "D";
  std::string issuingState;  // defaults to nationality
  std::string birthDate = "1980-01-01";
  char sex = 'F';
  std::string expiryDate = "2035-01-01";
  std::string documentCode = "P";
  mrz::Format format = mrz::Format::TD3;
};

// Parsed MRZ (TD3 unless format says otherwise) of the person (valid, check digits computed by the encoder).
mrz::MrzRecord passport(const Person& p);

// Seconds since epoch of "YYYY-MM-DD" at 12:00:00Z.
std::int64_t noon(const std::string& isoDate);
Date d(const std::string& isoDate);

// Writes every sample CSV of rules/data into `dir`, replacing `file` by `content` if given.
void copySampleData(const std::filesystem::path& dir, const std::string& file = {}, const std::string& content = {});

// The folder holding the shipped sample export (rules/data).
std::filesystem::path sampleDataDir();

}  // namespace bordergate::rules::test

namespace bordergate::rules::test {

// A list with one record per rule the tests exercise (scenario_list.cpp documents each).
// Version 7, built 2026-11-01T00:00:00Z.
std::unique_ptr<ListReader> scenarioList(const TempDir& dir);

}  // namespace bordergate::rules::test
