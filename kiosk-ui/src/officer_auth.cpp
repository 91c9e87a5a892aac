// Officer sign-in with Argon2id PIN hashes (libsodium), roles and lockout.
#include "bordergate/kiosk_ui/officer_auth.h"

#include <sodium.h>

#include <fstream>

#include <nlohmann/json.hpp>

namespace bordergate::kiosk_ui {

std::string_view roleName(Role r) {
  switch (r) {
    case Role::Officer: return "officer";
    case Role::Supervisor: return "supervisor";
    case Role::Technician: return "technician";
  }
  return "officer";
}

std::optional<Role> roleFromName(std::string_view name) {
  if (name == "officer") return Role::Officer;
  if (name == "supervisor") return Role::Supervisor;
  if (name == "technician") return Role::Technician;
  return std::nullopt;
}

bool roleHas(Role role, Permission p) {
  switch (role) {
    case Role::Supervisor: return true;
    case Role::Officer: return p != Permission::OverrideRefusal && p != Permission::OperateGate;
    case Role::Technician: return p == Permission::OperateGate;
  }
  return false;
}

PinHashCost PinHashCost::interactive() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}
PinHashCost PinHashCost::minimumForTests() { return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN}; }

Result<void> checkPinPolicy(std::string_view pin) {
  if (pin.size() < 6 || pin.size() > 12) return fail(ErrorCode::InvalidArgument, "a PIN has 6 to 12 digits");
  for (char c : pin)
    if (c < '0' || c > '9') return fail(ErrorCode::InvalidArgument, "a PIN has digits only");
  return {};
}

Result<std::string> hashPin(std::string_view pin, PinHashCost cost) {
  if (auto ok = checkPinPolicy(pin); !ok) return tl::unexpected(ok.error());
  if (sodium_init() < 0) return fail(ErrorCode::Internal, "libsodium failed to initialise");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, pin.data(), pin.size(), cost.opsLimit, cost.memLimit, crypto_pwhash_ALG_ARGON2ID13) != 0)
    return fail(ErrorCode::Internal, "Argon2id hashing ran out of memory");
  return std::string(out);
}

Result<void> OfficerDirectory::add(OfficerAccount account) {
  if (account.id.empty() || account.pinHash.empty())
    return fail(ErrorCode::InvalidArgument, "an officer account needs an id and a PIN hash");
  for (const auto& a : accounts_)
    if (a.id == account.id) return fail(ErrorCode::InvalidArgument, "officer id " + account.id + " exists already");
  accounts_.push_back(std::move(account));
  return {};
}

Result<OfficerAccount> OfficerDirectory::verify(const std::string& id, std::string_view pin, MonoTime now) {
  auto& f = failures_[id];
  if (f.count >= kMaxFailures && now < f.lockedUntil)
    return fail(ErrorCode::Busy, "too many wrong PINs: sign-in for this badge is locked for a minute");
  if (f.count >= kMaxFailures) f.count = 0;  // the lockout has passed
  const OfficerAccount* found = nullptr;
  for (const auto& a : accounts_)
    if (a.id == id) found = &a;
  if (sodium_init() < 0) return fail(ErrorCode::Internal, "libsodium failed to initialise");
  const bool ok = found && crypto_pwhash_str_verify(found->pinHash.c_str(), pin.data(), pin.size()) == 0;
  if (!ok) {
    if (++f.count >= kMaxFailures) f.lockedUntil = now + kLockout;
    return fail(ErrorCode::Integrity, "badge number or PIN not recognised");
  }
  f.count = 0;
  return *found;
}

Result<OfficerDirectory> OfficerDirectory::loadFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return fail(ErrorCode::NotFound, "officer file " + path.string() + " cannot be opened");
  auto j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.is_array())
    return fail(ErrorCode::InvalidData, "officer file " + path.string() + " is not a JSON array");
  OfficerDirectory d;
  for (const auto& o : j) {
    if (!o.is_object() || !o.contains("id") || !o.contains("pin_hash") || !o["id"].is_string() ||
        !o["pin_hash"].is_string())
      return fail(ErrorCode::InvalidData, "officer file " + path.string() + ": each entry needs id and pin_hash strings");
    OfficerAccount a;
    a.id = o["id"].get<std::string>();
    a.name = o.value("name", a.id);
    auto role = roleFromName(o.value("role", std::string("officer")));
    if (!role) return fail(ErrorCode::InvalidData, "officer " + a.id + ": role must be officer, supervisor or technician");
    a.role = *role;
    a.pinHash = o["pin_hash"].get<std::string>();
    if (a.pinHash.rfind("$argon2id$", 0) != 0)
      return fail(ErrorCode::InvalidData, "officer " + a.id + ": pin_hash is not an Argon2id hash");
    if (auto ok = d.add(a); !ok) return tl::unexpected(ok.error());
  }
  return d;
}

Result<void> OfficerDirectory::saveFile(const std::filesystem::path& path) const {
  nlohmann::ordered_json j = nlohmann::ordered_json::array();
  for (const auto& a : accounts_)
    j.push_back({{"id", a.id}, {"name", a.name}, {"role", std::string(roleName(a.role))}, {"pin_hash", a.pinHash}});
  std::ofstream out(path);
  out << j.dump(2) << "\n";
  if (!out) return fail(ErrorCode::Io, "cannot write officer file " + path.string());
  return {};
}

}  // namespace bordergate::kiosk_ui
