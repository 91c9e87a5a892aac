// JSON views of module results for the CLI (the JSON keys are a contract: issue #2, #3).
#pragma once

#include <nlohmann/json.hpp>

#include "bordergate/mrz/mrz_record.h"

namespace bordergate::cli {

using Json = nlohmann::ordered_json;

// The object `bordergate parse` prints: valid, format, document_code, issuing_state, surname,
// given_names, document_number, nationality, birth_date, expiry_date, sex, optional_data,
// personal_number, checks, warnings, errors (+ issuing_state_name, nationality_name,
// name_truncated, turkish_id_number when known).
Json mrzRecordJson(const mrz::MrzRecord& record);

// Serialises on one line; invalid UTF-8 is replaced rather than throwing.
std::string dumpLine(const Json& j);

}  // namespace bordergate::cli
