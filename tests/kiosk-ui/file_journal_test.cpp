// The hash-chained, fsync'd journal: round trip, tamper detection, torn-tail recovery.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "bordergate/kiosk_ui/file_journal.h"
#include "test_support.h"

using namespace bordergate::kiosk_ui;
using bordergate::ErrorCode;

namespace {
std::string readAll(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
void writeAll(const std::filesystem::path& p, const std::string& s) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << s;
}
void appendThree(const std::filesystem::path& p) {
  auto j = FileJournal::open(p);
  REQUIRE(j);
  const WallTime t{std::chrono::hours(100)};
  REQUIRE((*j)->append({"decision", "L1", "1001", {{"decision", "ADMIT"}, {"document_number", "A1"}}}, t));
  REQUIRE((*j)->append({"decision", "L1", "1001", {{"decision", "REFUSE"}, {"document_number", "B2"}}}, t));
  REQUIRE((*j)->append({"decision", "L1", "1001", {{"decision", "REFER"}, {"document_number", "C3"}}}, t));
}
}  // namespace

TEST_CASE("journal records survive reopening and verify") {
  testing::TempDir dir;
  const auto p = dir.path / "journal.log";
  appendThree(p);
  auto v = verifyJournal(p);
  REQUIRE(v);
  CHECK(v->records == 3);
  auto j = FileJournal::open(p);
  REQUIRE(j);
  REQUIRE((*j)->entries().size() == 3);
  CHECK(*(*j)->entries()[1].record.field("decision") == "REFUSE");
  CHECK((*j)->entries()[1].prevHash == (*j)->entries()[0].hash);
  REQUIRE((*j)->append({"x", "L1", "", {}}, WallTime{}));
  CHECK(verifyJournal(p)->records == 4);
}

TEST_CASE("a modified journal record is detected") {
  testing::TempDir dir;
  const auto p = dir.path / "journal.log";
  appendThree(p);
  auto text = readAll(p);
  const auto at = text.find("REFUSE");
  REQUIRE(at != std::string::npos);
  text.replace(at, 6, "ADMIT!");
  writeAll(p, text);
  auto v = verifyJournal(p);
  REQUIRE_FALSE(v);
  CHECK(v.error().code == ErrorCode::Integrity);
  CHECK(v.error().message.find("line 2") != std::string::npos);
  CHECK_FALSE(FileJournal::open(p));  // a damaged audit trail is not silently continued
}

TEST_CASE("a removed journal record is detected") {
  testing::TempDir dir;
  const auto p = dir.path / "journal.log";
  appendThree(p);
  auto text = readAll(p);
  const auto l1 = text.find('\n') + 1, l2 = text.find('\n', l1) + 1;
  text.erase(l1, l2 - l1);
  writeAll(p, text);
  auto v = verifyJournal(p);
  REQUIRE_FALSE(v);
  CHECK(v.error().code == ErrorCode::Integrity);
}

TEST_CASE("a record rewritten with a recomputed own hash still breaks the chain") {
  testing::TempDir dir;
  const auto p = dir.path / "journal.log";
  appendThree(p);
  // Rebuild line 2 from scratch as an attacker without the later hashes would.
  testing::TempDir other;
  const auto q = other.path / "j.log";
  {
    auto j = FileJournal::open(q);
    REQUIRE(j);
    REQUIRE((*j)->append({"decision", "L1", "1001", {{"decision", "ADMIT"}, {"document_number", "A1"}}}, WallTime{std::chrono::hours(100)}));
    REQUIRE((*j)->append({"decision", "L1", "1001", {{"decision", "ADMIT"}, {"document_number", "B2"}}}, WallTime{std::chrono::hours(100)}));
  }
  auto forged = readAll(q);
  auto text = readAll(p);
  const auto l3 = text.find('\n', text.find('\n') + 1) + 1;
  writeAll(p, forged + text.substr(l3));
  auto v = verifyJournal(p);
  REQUIRE_FALSE(v);
  CHECK(v.error().message.find("line 3") != std::string::npos);
}

TEST_CASE("a torn last line from a crash is cut off and the journal continues") {
  testing::TempDir dir;
  const auto p = dir.path / "journal.log";
  appendThree(p);
  {
    std::ofstream out(p, std::ios::binary | std::ios::app);
    out << "{\"seq\":4,\"wall_ms\":1,\"ty";  // power lost mid-write
  }
  CHECK(verifyJournal(p)->tornTail);
  auto j = FileJournal::open(p);
  REQUIRE(j);
  CHECK((*j)->recoveredTornTail());
  REQUIRE((*j)->append({"after", "L1", "", {}}, WallTime{}));
  auto v = verifyJournal(p);
  REQUIRE(v);
  CHECK(v->records == 4);
  CHECK_FALSE(v->tornTail);
}

TEST_CASE("open control cases are rebuilt from start, checkpoint and close records") {
  testing::TempDir dir;
  const auto p = dir.path / "journal.log";
  auto j = FileJournal::open(p);
  REQUIRE(j);
  const WallTime t{std::chrono::hours(100)};
  JournalRecord s1{"control.start", "L1", "1001", {{"case", "k1"}, {"person", "A, B"}, {"started_ms", "360000000"}}};
  appendReasonFields(s1, {{"MRZ_INVALID", "Law 6458 Art. 6(5)", "bad check digit"}});
  REQUIRE((*j)->append(s1, t));
  REQUIRE((*j)->append({"control.start", "L1", "1001", {{"case", "k2"}, {"person", "C, D"}, {"started_ms", "360000000"}}}, t));
  REQUIRE((*j)->append({"control.checkpoint", "L1", "", {{"case", "k1"}, {"elapsed_ms", "600000"}}}, t));
  REQUIRE((*j)->append({"control.close", "L1", "1001", {{"case", "k2"}, {"outcome", "admitted"}}}, t + std::chrono::minutes(11)));
  auto open = (*j)->openControlCases();
  REQUIRE(open);
  REQUIRE(open->size() == 1);
  CHECK((*open)[0].caseId == "k1");
  // The newest record of the journal, whichever case it is about (a clock behind it at a
  // restart was set back: ControlCase::clockSetBack).
  CHECK((*open)[0].lastRecordWall == t + std::chrono::minutes(11));
  CHECK((*open)[0].lastCheckpoint == std::chrono::minutes(10));
  CHECK((*open)[0].startedWall == t);
  REQUIRE((*open)[0].reasons.size() == 1);
  CHECK((*open)[0].reasons[0].code == "MRZ_INVALID");
}
