// Shared fixtures of the kiosk-ui tests: MRZ texts made with mrz::encode, temporary
// directories, and a lane wired to the interim adapters on a manual clock.
#pragma once

#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "bordergate/kiosk_ui/clock.h"
#include "bordergate/kiosk_ui/file_journal.h"
#include "bordergate/kiosk_ui/interim_adapters.h"
#include "bordergate/kiosk_ui/lane_controller.h"
#include "bordergate/mrz/encoder.h"

namespace bordergate::kiosk_ui::testing {

// The manual clock's default wall time is day 20000 since 1970 (2024-10-04).
inline Date testToday() { return Date::fromDays(20000); }

inline std::string td3(const std::string& surname, const std::string& number, const std::string& expiry) {
  mrz::MrzFields f;
  f.format = mrz::Format::TD3;
  f.issuingState = "UTO";
  f.nationality = "UTO";
  f.surname = surname;
  f.givenNames = "ANNA";
  f.documentNumber = number;
  f.birthDate = "1980-05-06";
  f.sex = 'F';
  f.expiryDate = expiry;
  auto lines = mrz::encode(f);
  return lines ? (*lines)[0] + "\n" + (*lines)[1] + "\n" : std::string();
}
inline std::string admitText() { return td3("VALID", "A1234567", "2030-01-01"); }
inline std::string refuseText() { return td3("EXPIRED", "B1234567", "2020-01-01"); }
// A TD3 whose document-number check digit is wrong: the MRZ is invalid -> refer.
inline std::string referText() {
  std::string t = td3("BROKEN", "C1234567", "2030-01-01");
  const auto l2 = t.find('\n') + 1;
  char& check = t[l2 + 9];
  check = check == '0' ? '1' : '0';
  return t;
}

// A fresh temporary directory, removed at the end of the test.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::random_device rd;
    path = std::filesystem::temp_directory_path() / ("bordergate-kiosk-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

// A journal that can be made to fail, to prove that nothing is reported done unrecorded.
class FailingJournal final : public EventJournal {
 public:
  bool failing = false;
  std::vector<JournalRecord> records;
  std::vector<WallTime> times;  // the time each record was appended with
  int refused = 0;               // appends refused while failing
  Result<void> append(const JournalRecord& r, WallTime at) override {
    if (failing) {
      ++refused;
      return fail(ErrorCode::Io, "disk full (test)");
    }
    records.push_back(r);
    times.push_back(at);
    return {};
  }
  Result<std::vector<OpenControlCase>> openControlCases() override { return std::vector<OpenControlCase>{}; }
};

inline OfficerDirectory testOfficers() {
  OfficerDirectory d;
  const auto cost = PinHashCost::minimumForTests();
  (void)d.add({"1001", "Officer One", Role::Officer, *hashPin("111111", cost)});
  (void)d.add({"2001", "Supervisor Two", Role::Supervisor, *hashPin("222222", cost)});
  (void)d.add({"3001", "Technician Three", Role::Technician, *hashPin("333333", cost)});
  return d;
}

// A decision service that answers every read with one fixed recommendation.
struct FixedDecisionService final : public DecisionService {
  Recommendation answer;
  Result<Recommendation> recommend(const DocumentRead&, Date) override { return answer; }
};

// One lane on interim adapters; documents are delivered only when placed(). `decide`, when
// given, replaces the interim decision service.
struct LaneRig {
  ManualClock clock;
  ReplayDocumentSource documents;
  DocumentCheckDecisionService decisions;
  SimulatedGate gate{clock};
  std::unique_ptr<FileJournal> journal;
  OfficerDirectory officers = testOfficers();
  InterimStatusSource statusSource;
  std::unique_ptr<LaneController> lane;

  LaneRig(const std::filesystem::path& journalPath, std::vector<std::pair<std::string, std::string>> texts,
          LaneConfig config = {}, ManualClock startClock = ManualClock(), DecisionService* decide = nullptr)
      : clock(startClock), documents(makeSource(std::move(texts))), journal(std::move(*FileJournal::open(journalPath))) {
    lane = std::make_unique<LaneController>(
        config, LanePorts{documents, decide ? *decide : decisions, gate, *journal, clock, &statusSource}, officers);
  }
  static ReplayDocumentSource makeSource(std::vector<std::pair<std::string, std::string>> texts) {
    ReplayOptions o;
    o.interval = std::chrono::hours(1000);  // only placeNow() delivers
    o.today = testToday();
    o.frameWidth = 320;
    o.frameHeight = 240;
    return std::move(*ReplayDocumentSource::fromTexts(texts, o));
  }
  // Starts the lane and signs in officer 1001 (role officer), as most tests begin. False if
  // either fails.
  bool startSignedIn() { return lane->start() && lane->signIn("1001", "111111"); }
  // Puts the next document on the reader and runs one tick.
  void place() {
    documents.placeNow();
    lane->tick();
  }
};

}  // namespace bordergate::kiosk_ui::testing
