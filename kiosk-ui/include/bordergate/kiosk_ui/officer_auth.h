// Officer sign-in: PINs stored only as Argon2id hashes (libsodium crypto_pwhash_str), roles
// and their permissions, and a lockout after repeated wrong PINs.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bordergate/core/result.h"
#include "bordergate/kiosk_ui/ports.h"

namespace bordergate::kiosk_ui {

enum class Role { Officer, Supervisor, Technician };
std::string_view roleName(Role r);  // "officer", "supervisor", "technician"
std::optional<Role> roleFromName(std::string_view name);

enum class Permission {
  DecideEntry,         // admit / refer / refuse a traveller at the lane
  RecordProtection,    // record an international protection request (Art. 65)
  ManageControl,       // decide, release or mark "returned" a comprehensive-control case
  OverrideRefusal,     // admit against a "refuse" recommendation
  ViewPersonalData,    // see the parsed document fields and photo
  OperateGate,         // open/close the gate by hand, gate and camera diagnostics
};

// officer: DecideEntry, RecordProtection, ManageControl, ViewPersonalData.
// supervisor: everything. technician: OperateGate only (no personal data, no decisions).
bool roleHas(Role role, Permission p);

// Argon2id cost. interactive() is libsodium's OPSLIMIT/MEMLIMIT_INTERACTIVE (2 passes, 64 MiB),
// the recommended minimum for an online login; minimumForTests() is the library minimum so
// that tests run fast — never use it for stored PINs.
struct PinHashCost {
  unsigned long long opsLimit = 0;
  std::size_t memLimit = 0;
  static PinHashCost interactive();
  static PinHashCost minimumForTests();
};

// A PIN is 6 to 12 ASCII digits (project policy). InvalidArgument otherwise.
Result<void> checkPinPolicy(std::string_view pin);
// Argon2id hash string ("$argon2id$v=19$m=...").
Result<std::string> hashPin(std::string_view pin, PinHashCost cost);

struct OfficerAccount {
  std::string id;    // badge number
  std::string name;  // shown in the status bar
  Role role = Role::Officer;
  std::string pinHash;
};

class OfficerDirectory {
 public:
  // After this many wrong PINs in a row for one id, sign-in for that id is refused for
  // `lockoutFor` (project policy, in the spirit of NIST SP 800-63B §5.2.2 rate limiting).
  static constexpr int kMaxFailures = 5;
  static constexpr std::chrono::seconds kLockout{60};

  Result<void> add(OfficerAccount account);  // InvalidArgument on duplicate id or empty hash
  // The account when the PIN matches. NotFound / Integrity (wrong PIN) / Busy (locked out);
  // the message never says which of id or PIN was wrong.
  Result<OfficerAccount> verify(const std::string& id, std::string_view pin, MonoTime now);
  const std::vector<OfficerAccount>& accounts() const { return accounts_; }

  // JSON file: [{"id":..., "name":..., "role":"officer", "pin_hash":"$argon2id$..."}].
  static Result<OfficerDirectory> loadFile(const std::filesystem::path& path);
  Result<void> saveFile(const std::filesystem::path& path) const;

 private:
  struct Failures {
    int count = 0;
    MonoTime lockedUntil{};
  };
  std::vector<OfficerAccount> accounts_;
  std::map<std::string, Failures> failures_;
};

}  // namespace bordergate::kiosk_ui
