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

// A read as the reader reports it: Valid (every character sure), Uncertain (each character
// doubted, or not: agreeing frames settle what some frame read without doubt), Unreadable (a
// check digit fails: glare, blur).
vision::MrzRead readOf(const std::vector<std::string>& lines, vision::ReadStatus status = vision::ReadStatus::Valid,
                       bool doubted = true) {
  vision::MrzRead r;
  r.status = status;
  r.lines = lines;
  r.record = mrz::parseLines(lines);
  if (status == vision::ReadStatus::Uncertain)  // as the reader marks it: never a valid record
    r.record.errors.push_back({"UNCERTAIN_READ", "some characters are not proven by the check digits"});
  for (const auto& l : lines) {
    std::vector<vision::MrzChar> cs;
    for (char c : l) cs.push_back({c, 0.99f, 0.0f, false, true, doubted && status != vision::ReadStatus::Valid});
    r.chars.push_back(std::move(cs));
  }
  return r;
}

vision::MrzRead unsure(const std::vector<std::string>& lines) { return readOf(lines, vision::ReadStatus::Uncertain); }

vision::MrzRead garbled(const std::vector<std::string>& lines) {
  auto l = lines;
  l[1][9] = l[1][9] == '0' ? '1' : '0';  // the document number's check digit fails
  return readOf(l, vision::ReadStatus::Unreadable);
}

vision::MrzRead nothing() { return {}; }

// Frames 200 ms apart, as the OCR thread reads them; every delivery kept.
struct Camera {
  DocumentSessions sessions;
  kiosk_ui::MonoTime t{std::chrono::seconds(1000)};
  std::vector<DocumentDelivery> delivered;
  std::vector<kiosk_ui::MonoTime> deliveredAt;
  bool askedForOne = false;
  // How many documents this frame delivered.
  std::size_t show(const vision::MrzRead& read) {
    t += 200ms;
    Frame f;
    f.capturedAt = t;
    const auto before = delivered.size();
    if (auto d = sessions.add(read, f)) delivered.push_back(*d);
    if (auto d = sessions.tick(t)) delivered.push_back(*d);
    deliveredAt.resize(delivered.size(), t);
    if (auto h = sessions.takeHints())
      askedForOne = askedForOne || std::find(h->begin(), h->end(), "hint.one_document") != h->end();
    return delivered.size() - before;
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
  REQUIRE(cam.show(readOf(kAnna)) == 1);  // a Valid read stands alone
  cam.show(readOf(kAnna));
  cam.show(readOf(kAnna));
  REQUIRE(cam.delivered.size() == 1);
  // Anna's passport lifted and Lena's put down within goneAfter: no frame without an MRZ.
  const auto lenaPlaced = cam.t + 200ms;
  CHECK(cam.show(readOf(kLena)) == 0);  // another identity alone: a second frame must confirm it
  REQUIRE(cam.show(readOf(kLena)) == 1);
  const auto& lena = cam.delivered.back();
  CHECK(lena.lines == kLena);
  CHECK(lena.record.valid());
  CHECK_FALSE(lena.givenUp);
  CHECK(lena.placedAt == lenaPlaced);
  for (int i = 0; i < 5; ++i) cam.show(readOf(kLena));
  CHECK(cam.delivered.size() == 2);
  CHECK_FALSE(cam.askedForOne);
}

TEST_CASE("a sister's passport read uncertain is delivered when agreeing frames settle it") {
  Camera cam;
  cam.show(readOf(kAnna));
  REQUIRE(cam.delivered.size() == 1);
  // Uncertain reads that parse valid tell the documents apart too; the tracker's agreement (3
  // frames, every character read without doubt in one of them) accepts Lena's text.
  const auto settled = readOf(kLena, vision::ReadStatus::Uncertain, false);
  cam.show(settled);
  cam.show(settled);
  CHECK(cam.delivered.size() == 1);
  cam.show(settled);
  REQUIRE(cam.delivered.size() == 2);
  CHECK(cam.delivered[1].lines == kLena);
  CHECK(cam.delivered[1].record.valid());
}

TEST_CASE("a sister's passport put down before the first was accepted: her valid read is delivered, the first never") {
  // Before a document is delivered, every read is its own: a Valid read stands alone (as at
  // placing), so Lena's is delivered at once, placed when Anna's first frame was.
  Camera cam;
  const auto placed = cam.t + 200ms;
  cam.show(unsure(kAnna));
  cam.show(unsure(kAnna));
  REQUIRE(cam.show(readOf(kLena)) == 1);
  CHECK(cam.delivered[0].lines == kLena);
  CHECK(cam.delivered[0].placedAt == placed);
  for (int i = 0; i < 20; ++i) cam.show(readOf(kLena));
  CHECK(cam.delivered.size() == 1);
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
  CHECK_FALSE(cam.askedForOne);  // a misread asks nothing of the traveller
  // The same misread again 10 s later: a read of Anna's text came between, so the two never
  // confirm each other (a review found them delivered as a second document).
  for (int i = 0; i < 50; ++i) cam.show(readOf(kAnna));
  cam.show(readOf(kLena));
  for (int i = 0; i < 2; ++i) cam.show(readOf(kAnna));
  CHECK(cam.delivered.size() == 1);
}

TEST_CASE("a misread frame followed by unreadable frames of the same passport delivers nothing more") {
  // A review's sequences: the passport read once as another identity, then under glare.
  SECTION("then read valid again: not delivered a second time") {
    Camera cam;
    cam.show(readOf(kAnna));
    cam.show(readOf(kLena));
    for (int i = 0; i < 4; ++i) cam.show(garbled(kAnna));
    cam.show(readOf(kAnna));
    CHECK(cam.delivered.size() == 1);
  }
  SECTION("for longer than the give-up time: the misread is never given up as a document") {
    Camera cam;
    cam.show(readOf(kAnna));
    cam.show(readOf(kLena));
    for (int i = 0; i < 20; ++i) cam.show(garbled(kAnna));
    CHECK(cam.delivered.size() == 1);
    // The same misread once more, 4 s after the first: too late to confirm it.
    cam.show(readOf(kLena));
    CHECK(cam.delivered.size() == 1);
  }
  SECTION("before the passport was accepted: given up 2.5 s after it was placed, invalid") {
    Camera cam;
    const auto placed = cam.t + 200ms;
    cam.show(unsure(kAnna));
    cam.show(unsure(kAnna));
    cam.show(unsure(kLena));  // an uncertain misread: it competes, it does not restart the document
    for (int i = 0; i < 12; ++i) cam.show(garbled(kAnna));
    REQUIRE(cam.delivered.size() == 1);
    CHECK(cam.delivered[0].givenUp);
    CHECK_FALSE(cam.delivered[0].record.valid());
    CHECK(cam.delivered[0].placedAt == placed);
    CHECK(cam.t - placed < 3s);
  }
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

TEST_CASE("sisters' passports side by side, read by turns: the first is delivered once and the hint asks for one") {
  SECTION("both read valid") {
    Camera cam;
    for (int i = 0; i < 10; ++i) cam.show(readOf(i % 2 ? kLena : kAnna));
    REQUIRE(cam.delivered.size() == 1);
    CHECK(cam.delivered[0].lines == kAnna);
    CHECK(cam.askedForOne);
    // Anna's passport taken away: Lena's, read alone, is delivered (the last frame read her).
    REQUIRE(cam.show(readOf(kLena)) == 1);
    CHECK(cam.delivered[1].lines == kLena);
  }
  SECTION("both read uncertain: the first is given up, not held forever") {
    Camera cam;
    for (int i = 0; i < 30; ++i) cam.show(unsure(i % 2 ? kLena : kAnna));
    REQUIRE(cam.delivered.size() == 1);
    CHECK(cam.delivered[0].givenUp);
    CHECK_FALSE(cam.delivered[0].record.valid());
    CHECK(cam.askedForOne);
  }
}

TEST_CASE("sisters' passports side by side, read in runs, are each delivered once") {
  // A review: runs of three reads each (600 ms) delivered Anna, Lena, Anna, Lena... when a
  // document delivered before counted as in view only within goneAfter of its own last frame.
  SECTION("read valid") {
    Camera cam;
    for (int i = 0; i < 36; ++i) cam.show(readOf((i / 3) % 2 ? kLena : kAnna));
    REQUIRE(cam.delivered.size() == 2);
    CHECK(cam.delivered[0].lines == kAnna);
    CHECK(cam.delivered[1].lines == kLena);
    CHECK(cam.askedForOne);
  }
  SECTION("read uncertain: given up, each at most once, within the give-up time") {
    Camera cam;
    const auto start = cam.t;
    for (int i = 0; i < 40; ++i) cam.show(unsure((i / 2) % 2 ? kLena : kAnna));
    REQUIRE_FALSE(cam.delivered.empty());
    CHECK(cam.delivered.size() <= 2);
    CHECK(cam.deliveredAt[0] - start <= 200ms + 2500ms + 200ms);  // first frame, giveUpAfter, one frame
    for (const auto& d : cam.delivered) CHECK_FALSE(d.record.valid());
  }
}
