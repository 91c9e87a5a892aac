// MrzRecord -> JSON for the CLI.
#include "json_out.h"

#include "bordergate/mrz/countries.h"

namespace bordergate::cli {

namespace {
Json dateJson(const mrz::MrzDate& d) {
  if (auto full = d.date()) return full->iso();
  return nullptr;
}
Json diagnostics(const std::vector<mrz::Diagnostic>& list) {
  Json arr = Json::array();
  for (const auto& d : list) arr.push_back(d.message);
  return arr;
}
}  // namespace

Json mrzRecordJson(const mrz::MrzRecord& r) {
  Json j;
  j["valid"] = r.valid();
  j["format"] = r.format ? Json(std::string(mrz::formatName(*r.format))) : Json(nullptr);
  j["document_code"] = r.documentCode;
  j["issuing_state"] = r.issuingState;
  if (auto name = mrz::countryName(r.issuingState)) j["issuing_state_name"] = std::string(*name);
  j["surname"] = r.surname;
  j["given_names"] = r.givenNames;
  j["name_truncated"] = r.nameTruncated;
  j["document_number"] = r.documentNumber;
  j["nationality"] = r.nationality;
  if (auto name = mrz::countryName(r.nationality)) j["nationality_name"] = std::string(*name);
  j["birth_date"] = dateJson(r.birthDate);
  j["expiry_date"] = dateJson(r.expiryDate);
  j["sex"] = std::string(1, r.sex);
  j["optional_data"] = r.optionalData;
  if (r.format == mrz::Format::TD3) j["personal_number"] = r.personalNumber;
  if (r.turkishIdNumber) {
    j["turkish_id_number"] = *r.turkishIdNumber;
    j["turkish_id_number_valid"] = r.turkishIdNumberValid;
  }
  Json checks = Json::object();
  for (const auto& c : r.checks) checks[c.name] = c.passed;
  j["checks"] = checks;
  j["warnings"] = diagnostics(r.warnings);
  j["errors"] = diagnostics(r.errors);
  return j;
}

std::string dumpLine(const Json& j) {
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace bordergate::cli
