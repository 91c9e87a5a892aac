// DocumentSessions on made-up reads (no camera, no OCR): which document each read shows and
// when it is delivered. Siblings' passports, a misread frame, two documents in view.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "bordergate/kiosk_adapters/document_sessions.h"
#include "bordergate/mrz/encoder.h"
#include "bordergate/mrz/parser.h"

using namespace bordergate;
using namespace bordergate::kiosk_adapters;
using namespace std::chrono_literals;

namespace {

// A family's TD3 passports: one surname, issuer, nationality and expiry.
std::vector<std::string> familyPassport(const std::string& given, const std::string& number, const std::string& birth) {
  mrz::MrzFields f;
  f.format = mrz::Format::TD3;
  f.documentCode = "P";
  f.issuingState = "DEU";
  f.surname = "SCHNEIDER";
  f.givenNames = given;
  f.documentNumber = number;
  f.nationality = "DEU";
  f.birthDate = birth;
  f.sex = 'F';
  f.expiryDate = "2031-05-14";
  auto lines = mrz::encode(f);
  if (!lines) throw std::runtime_error("test passport: " + lines.error().message);  // before any test runs
  return *lines;
}

const auto kAnna = familyPassport("ANNA", "C01X00T47", "2012-03-08");
const auto kLena = familyPassport("LENA", "C01X00T55", "2015-09-21");     // her sister
const auto kTwin = familyPassport("MARIE", "C01X00T63", "2012-03-08");    // Anna's twin

// A read as the reader reports it: Valid (every character sure) or Uncertain (every character
// doubted: only agreeing frames settle it).
vision::MrzRead readOf(const std::vector<std::string>& lines, vision::ReadStatus status = vision::ReadStatus::Valid) {
  vision::MrzRead r;
  r.status = status;
  r.lines = lines;
  r.record = mrz::parseLines(lines);
  for (const auto& l : lines) {
    std::vector<vision::MrzChar> cs;
    for (char c : l) cs.push_back({c, 0.99f, 0.0f, false, true, status != vision::ReadStatus::Valid});
    r.chars.push_back(std::move(cs));
  }
  return r;
}

vision::MrzRead nothing() { return {}; }

// Frames 200 ms apart, as the OCR thread reads them.
struct Camera {
  DocumentSessions sessions;
  kiosk_ui::MonoTime t{std::chrono::seconds(1000)};
  std::vector<DocumentDelivery> delivered;
  std::optional<DocumentDelivery> show(const vision::MrzRead& read) {
    t += 200ms;
    Frame f;
    f.capturedAt = t;
    auto d = sessions.add(read, f);
    if (auto late = sessions.tick(t); late && !d) d = late;
    if (d) delivered.push_back(*d);
    return d;
  }
};

std::size_t charsDiffering(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    for (std::size_t j = 0; j < a[i].size(); ++j) n += a[i][j] != b[i][j];
  return n;
}

}  // namespace

TEST_CASE("different documents: another layout, most characters, or another checked identity") {
  REQUIRE(mrz::parseLines(kAnna).valid());
  REQUIRE(mrz::parseLines(kLena).valid());
  // The sisters' passports differ in fewer than a quarter of their 88 characters: the rule
  // before told them apart by that alone and took Lena's for Anna's.
  CHECK(charsDiffering(kAnna, kLena) * 4 < 88);
  CHECK(differentDocuments(kAnna, kLena));
  CHECK_FALSE(differentDocuments(kAnna, kAnna));
  // A misread: a few characters, a check digit failing.
  auto misread = kAnna;
  misread[0][10] = 'H';
  misread[1][13] = '8';
  CHECK_FALSE(differentDocuments(kAnna, misread));
  // Another document number alone is not another document (0 and O keep a check digit).
  auto number = kAnna;
  number[1].replace(0, 10, kTwin[1].substr(0, 10));  // number and its check digit from the twin's
  CHECK_FALSE(differentDocuments(kAnna, number));
  // Twins: one birth date, so one document (lift the first away: document_sessions.h).
  CHECK_FALSE(differentDocuments(kAnna, kTwin));
  CHECK(differentDocuments(kAnna, {kAnna[0].substr(0, 36), kAnna[1].substr(0, 36)}));  // another layout
}

TEST_CASE("a sister's passport put down right after the first is delivered too, once, confirmed by a second frame") {
  Camera cam;
  REQUIRE(cam.show(readOf(kAnna)));  // a Valid read stands alone
  cam.show(readOf(kAnna));
  cam.show(readOf(kAnna));
  REQUIRE(cam.delivered.size() == 1);
  // Anna's passport lifted and Lena's put down within goneAfter: no frame without an MRZ.
  const auto lenaPlaced = cam.t + 200ms;
  CHECK_FALSE(cam.show(readOf(kLena)));  // another identity alone: a second frame must confirm it
  const auto lena = cam.show(readOf(kLena));
  REQUIRE(lena);
  CHECK(lena->lines == kLena);
  CHECK(lena->record.valid());
  CHECK_FALSE(lena->givenUp);
  CHECK(lena->placedAt == lenaPlaced);
  for (int i = 0; i < 5; ++i) cam.show(readOf(kLena));
  CHECK(cam.delivered.size() == 2);
}

TEST_CASE("a sister's passport read uncertain is delivered when agreeing frames settle it") {
  Camera cam;
  cam.show(readOf(kAnna));
  REQUIRE(cam.delivered.size() == 1);
  // Uncertain reads pass every check digit: they tell the documents apart too, and the
  // tracker's agreement (3 frames, each character settled) accepts Lena's text.
  auto unsure = readOf(kLena, vision::ReadStatus::Uncertain);
  auto sure = readOf(kLena);
  cam.show(unsure);
  cam.show(unsure);
  CHECK(cam.delivered.size() == 1);
  cam.show(sure);
  REQUIRE(cam.delivered.size() == 2);
  CHECK(cam.delivered[1].lines == kLena);
}

TEST_CASE("one frame misread as another identity that passes every check is not delivered as a second document") {
  Camera cam;
  cam.show(readOf(kAnna));
  cam.show(readOf(kAnna));
  REQUIRE(cam.delivered.size() == 1);
  // The worst a reader could do: Valid, every check passing, another number and birth date.
  cam.show(readOf(kLena));
  for (int i = 0; i < 4; ++i) cam.show(readOf(kAnna));
  CHECK(cam.delivered.size() == 1);
  // Anna's passport is recognised as the one delivered; the misread asks nothing of the traveller.
  auto hints = cam.sessions.takeHints();
  REQUIRE(hints);
  CHECK(hints->empty());
  // Lifted away and put down again: the same misread once more is one frame since the camera
  // last saw no MRZ, not two.
  for (int i = 0; i < 5; ++i) cam.show(nothing());
  cam.show(readOf(kAnna));
  REQUIRE(cam.delivered.size() == 2);
  cam.show(readOf(kLena));
  for (int i = 0; i < 2; ++i) cam.show(readOf(kAnna));
  CHECK(cam.delivered.size() == 2);
}

TEST_CASE("twins' passports count as one document until the first is lifted away") {
  Camera cam;
  cam.show(readOf(kAnna));
  for (int i = 0; i < 4; ++i) cam.show(readOf(kTwin));
  CHECK(cam.delivered.size() == 1);
  // Lifted away: frames without an MRZ for goneAfter (700 ms), then the twin's passport.
  for (int i = 0; i < 5; ++i) cam.show(nothing());
  CHECK_FALSE(cam.sessions.documentInView());
  cam.show(readOf(kTwin));
  REQUIRE(cam.delivered.size() == 2);
  CHECK(cam.delivered[1].lines == kTwin);
}

TEST_CASE("sisters' passports side by side, read by turns, are each delivered once and the hint asks for one") {
  Camera cam;
  bool askedForOne = false;
  for (int i = 0; i < 10; ++i) {
    cam.show(readOf(i % 2 ? kLena : kAnna));
    if (auto h = cam.sessions.takeHints())
      askedForOne = askedForOne || std::find(h->begin(), h->end(), "hint.one_document") != h->end();
  }
  REQUIRE(cam.delivered.size() == 2);
  CHECK(cam.delivered[0].lines == kAnna);
  CHECK(cam.delivered[1].lines == kLena);
  CHECK(askedForOne);
}
