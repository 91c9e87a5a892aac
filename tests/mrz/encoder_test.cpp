// MRZ encoder: specimens re-created from their fields, transliteration, truncation, errors.
#include <catch2/catch.hpp>

#include "bordergate/mrz/encoder.h"
#include "bordergate/mrz/parser.h"

using namespace bordergate;
using namespace bordergate::mrz;

namespace {
std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += (out.empty() ? "" : "\n") + l;
  return out;
}
MrzFields anna(Format f) {
  MrzFields x;
  x.format = f;
  x.issuingState = "UTO";
  x.surname = "Eriksson";
  x.givenNames = "Anna Maria";
  x.nationality = "UTO";
  x.birthDate = "1974-08-12";
  x.sex = 'F';
  x.expiryDate = "2012-04-15";
  return x;
}
}  // namespace

TEST_CASE("encoder reproduces the 9303 specimens", "[encoder]") {
  auto td3 = anna(Format::TD3);
  td3.documentNumber = "L898902C3";
  td3.optionalData = "ZE184226B";
  CHECK(joined(*encode(td3)) ==
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10");

  auto td1 = anna(Format::TD1);
  td1.documentCode = "I";
  td1.documentNumber = "D23145890";
  CHECK(joined(*encode(td1)) ==
        "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<");

  auto td2 = anna(Format::TD2);
  td2.documentCode = "I";
  td2.documentNumber = "D23145890";
  CHECK(joined(*encode(td2)) == "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6");

  auto mrva = anna(Format::MRVA);
  mrva.documentCode = "V";
  mrva.documentNumber = "L8988901C";
  mrva.nationality = "XXX";
  mrva.birthDate = "1940-09-07";
  mrva.expiryDate = "1996-12-10";
  mrva.optionalData = "6ZE184226B";
  CHECK(joined(*encode(mrva)) ==
        "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL8988901C4XXX4009078F96121096ZE184226B<<<<<<");

  auto mrvb = mrva;
  mrvb.format = Format::MRVB;
  mrvb.optionalData = "";
  CHECK(joined(*encode(mrvb)) == "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nL8988901C4XXX4009078F9612109<<<<<<<<");
}

TEST_CASE("TD1 overflow is encoded per 9303-5 note j", "[encoder]") {
  MrzFields f;
  f.format = Format::TD1;
  f.documentCode = "I";
  f.issuingState = "UTO";
  f.surname = "Stevenson";
  f.givenNames = "Peter John";
  f.documentNumber = "D23145890734";
  f.nationality = "UTO";
  f.birthDate = "1934-07-12";
  f.sex = 'M';
  f.expiryDate = "1995-07-12";
  CHECK(joined(*encode(f)) ==
        "I<UTOD23145890<7349<<<<<<<<<<<\n3407127M9507122UTO<<<<<<<<<<<2\nSTEVENSON<<PETER<JOHN<<<<<<<<<");
}

TEST_CASE("French ID card encodes and parses back", "[encoder][fra]") {
  MrzFields f;
  f.format = Format::FraId;
  f.documentCode = "ID";
  f.issuingState = "FRA";
  f.surname = "Berthier";
  f.givenNames = "Corinne";
  f.documentNumber = "940992310285";
  f.birthDate = "1965-12-06";
  f.sex = 'F';
  CHECK(joined(*encode(f)) == "IDFRABERTHIER<<<<<<<<<<<<<<<<<<<<<<<\n9409923102854CORINNE<<<<<<<6512068F4");
}

TEST_CASE("names are transliterated and truncated per 9303-3", "[encoder][names]") {
  bool truncated = false;
  CHECK(encodeName("Öztürk", "Çağlar İsmail", 30, &truncated) == "OEZTUERK<<CAGLAR<ISMAIL<<<<<<<");
  CHECK_FALSE(truncated);
  const std::string cut = encodeName("Vandersteenhoven", "Marie Antoinette Elisabeth Josephine", 30, &truncated);
  CHECK(truncated);
  CHECK(cut.size() == 30);
  CHECK(cut.back() != '<');
  CHECK(cut.rfind("VANDERSTEENHOVEN<<MARIE<", 0) == 0);
  // A very long surname alone fills the field.
  CHECK(encodeName("Wolfeschlegelsteinhausenbergerdorff", "Hubert", 30, &truncated).size() == 30);
  CHECK(truncated);
}

TEST_CASE("encoder refuses what cannot be represented", "[encoder][errors]") {
  auto f = anna(Format::TD3);
  f.documentNumber = "L898902C3X";  // 10 characters: TD3 has no overflow
  auto r = encode(f);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == ErrorCode::InvalidArgument);
  CHECK(r.error().message.find("document number") != std::string::npos);
  f.documentNumber = "L898902C3";
  f.birthDate = "12/08/1974";
  REQUIRE_FALSE(encode(f));
  CHECK(encode(f).error().message.find("birth date") != std::string::npos);
  f.birthDate = "1974-08-12";
  f.nationality = "UTOPIA";
  REQUIRE_FALSE(encode(f));
  f.nationality = "UTO";
  f.sex = 'Q';
  REQUIRE_FALSE(encode(f));
}

TEST_CASE("encoder refuses what it would write otherwise than given", "[encoder][errors]") {
  // Each of these was written with exit 0 until 7 Dec 2026, as an MRZ that read back as
  // something else or that the parser refused.
  auto refused = [](MrzFields f, const std::string& field) {
    auto r = encode(f);
    INFO(field);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::InvalidArgument);
    CHECK(r.error().message.find(field) != std::string::npos);
  };
  auto f = anna(Format::TD3);
  f.surname = "Nguyễn";  // no 9303-3 §6 transliteration for ễ: was written NGUYN
  refused(f, "surname");
  f = anna(Format::TD3);
  f.surname = "李";  // nothing left of it: a name field without a primary identifier
  refused(f, "surname");
  f = anna(Format::TD3);
  f.issuingState = "UT0";  // a digit in a code
  refused(f, "issuing state");
  f = anna(Format::TD3);
  f.birthDate = "851301";  // month 13
  refused(f, "birth date");
  f = anna(Format::TD3);
  f.expiryDate = "30<<<<";  // an expiry date has no unknown parts
  refused(f, "expiry date");
  f = anna(Format::TD3);
  f.documentNumber = "AB 123";  // read back as AB
  refused(f, "document number");
  f = anna(Format::TD1);
  f.documentNumber = "ABCDEFGHI12345678901234";  // 23: TD1 holds 22
  refused(f, "holds at most 22");
  // What still passes: an unknown birth month and day, a 22-character TD1 number.
  f = anna(Format::TD1);
  f.birthDate = "85<<<<";
  f.documentNumber = "ABCDEFGHI1234567890123";
  CHECK(encode(f));
}

TEST_CASE("a primary identifier cut on its own filler ends with its next component's initial, never '<<<'", "[encoder][names]") {
  bool truncated = false;
  const std::string field = encodeName("ABCDEFGHIJKLMNOPQRSTUVWXYZ QRSTUV", "JOHN", 30, &truncated);
  CHECK(field == "ABCDEFGHIJKLMNOPQRSTUVWXY<Q<<J");
  CHECK(truncated);
  CHECK(field.find("<<<") == std::string::npos);
}
