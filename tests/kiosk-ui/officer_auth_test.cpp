// Officer sign-in: Argon2id PIN hashes, PIN policy, lockout, roles.
#include <catch2/catch.hpp>

#include <fstream>

#include "bordergate/kiosk_ui/officer_auth.h"
#include "test_support.h"

using namespace bordergate::kiosk_ui;
using bordergate::ErrorCode;
using namespace std::chrono_literals;

TEST_CASE("PINs are stored as Argon2id hashes and verify") {
  auto h = hashPin("123456", PinHashCost::minimumForTests());
  REQUIRE(h);
  CHECK(h->rfind("$argon2id$", 0) == 0);
  CHECK(h->find("123456") == std::string::npos);
  OfficerDirectory d;
  REQUIRE(d.add({"1", "A", Role::Officer, *h}));
  CHECK(d.verify("1", "123456", MonoTime{}));
  auto bad = d.verify("1", "654321", MonoTime{});
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == ErrorCode::Integrity);
  CHECK_FALSE(d.verify("2", "123456", MonoTime{}));
}

TEST_CASE("the PIN policy wants 6 to 12 digits") {
  CHECK_FALSE(hashPin("12345", PinHashCost::minimumForTests()));
  CHECK_FALSE(hashPin("12345a", PinHashCost::minimumForTests()));
  CHECK_FALSE(hashPin("1234567890123", PinHashCost::minimumForTests()));
  CHECK(checkPinPolicy("000000"));
}

TEST_CASE("five wrong PINs lock the badge for a minute, even for the right PIN") {
  OfficerDirectory d = testing::testOfficers();
  const MonoTime t0{std::chrono::hours(1)};
  for (int i = 0; i < OfficerDirectory::kMaxFailures; ++i) CHECK_FALSE(d.verify("1001", "999999", t0));
  auto locked = d.verify("1001", "111111", t0 + 30s);
  REQUIRE_FALSE(locked);
  CHECK(locked.error().code == ErrorCode::Busy);
  CHECK(d.verify("1001", "111111", t0 + 61s));
  CHECK(d.verify("2001", "222222", t0 + 30s));  // other badges are not affected
}

TEST_CASE("roles carry their permissions") {
  CHECK(roleHas(Role::Officer, Permission::DecideEntry));
  CHECK(roleHas(Role::Officer, Permission::RecordProtection));
  CHECK_FALSE(roleHas(Role::Officer, Permission::OverrideRefusal));
  CHECK(roleHas(Role::Supervisor, Permission::OverrideRefusal));
  CHECK_FALSE(roleHas(Role::Technician, Permission::DecideEntry));
  CHECK_FALSE(roleHas(Role::Technician, Permission::ViewPersonalData));
  CHECK(roleHas(Role::Technician, Permission::OperateGate));
}

TEST_CASE("the officer file round-trips and rejects plain PINs") {
  testing::TempDir dir;
  auto d = testing::testOfficers();
  REQUIRE(d.saveFile(dir.path / "officers.json"));
  auto loaded = OfficerDirectory::loadFile(dir.path / "officers.json");
  REQUIRE(loaded);
  CHECK(loaded->accounts().size() == 3);
  CHECK(loaded->verify("2001", "222222", MonoTime{}));
  {
    std::ofstream out(dir.path / "bad.json");
    out << R"([{"id":"1","role":"officer","pin_hash":"123456"}])";
  }
  auto bad = OfficerDirectory::loadFile(dir.path / "bad.json");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == ErrorCode::InvalidData);
}
