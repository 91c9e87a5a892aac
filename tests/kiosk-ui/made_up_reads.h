// Made-up MRZ reads for DocumentSessions' tests: TD3 passports from fields, and reads of them
// as the reader reports them, without images or OCR.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "bordergate/mrz/encoder.h"
#include "bordergate/mrz/parser.h"
#include "bordergate/vision/mrz_reader.h"

namespace bordergate::kiosk_adapters::testing {

// A TD3 passport's MRZ lines. Throws (before any test runs, at static initialisation) when the
// fields cannot be encoded.
inline std::vector<std::string> passport(const std::string& surname, const std::string& given, const std::string& number,
                                         const std::string& birth, const std::string& state = "DEU", char sex = 'F',
                                         const std::string& expiry = "2031-05-14") {
  mrz::MrzFields f;
  f.format = mrz::Format::TD3;
  f.documentCode = "P";
  f.issuingState = state;
  f.surname = surname;
  f.givenNames = given;
  f.documentNumber = number;
  f.nationality = state;
  f.birthDate = birth;
  f.sex = sex;
  f.expiryDate = expiry;
  auto lines = mrz::encode(f);
  if (!lines) throw std::runtime_error("test passport: " + lines.error().message);
  return *lines;
}

// A read as the reader reports it: Valid (every character sure), Uncertain (each character
// doubted, or not: agreeing frames settle what some frame read without doubt; never a valid
// record), Unreadable (give it a text whose check digit fails).
inline vision::MrzRead readOf(const std::vector<std::string>& lines, vision::ReadStatus status = vision::ReadStatus::Valid,
                              bool doubted = true) {
  vision::MrzRead r;
  r.status = status;
  r.lines = lines;
  r.record = mrz::parseLines(lines);
  if (status == vision::ReadStatus::Uncertain)
    r.record.errors.push_back({"UNCERTAIN_READ", "some characters are not proven by the check digits"});
  for (const auto& l : lines) {
    std::vector<vision::MrzChar> cs;
    for (char c : l) cs.push_back({c, 0.99f, 0.0f, false, true, doubted && status != vision::ReadStatus::Valid});
    r.chars.push_back(std::move(cs));
  }
  return r;
}

// Unreadable, as under glare: the document number's check digit fails.
inline vision::MrzRead garbled(const std::vector<std::string>& lines) {
  auto l = lines;
  l[1][9] = l[1][9] == '0' ? '1' : '0';
  auto r = readOf(l, vision::ReadStatus::Unreadable);
  r.quality.hints = {"avoid_glare"};
  return r;
}

}  // namespace bordergate::kiosk_adapters::testing
