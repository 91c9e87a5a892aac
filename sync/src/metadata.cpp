// TUF-style metadata: canonical envelopes, Ed25519 threshold verification, (de)serialisation.
#include "metadata.h"

#include <algorithm>
#include <set>

namespace bordergate::sync::detail {
using nlohmann::json;

Result<std::string> signEnvelope(const json& signedPart, const std::vector<Ed25519Key>& keys) {
  auto canon = canonicalJson(signedPart);
  if (!canon) return tl::unexpected(canon.error());
  json sigs = json::array();
  for (const auto& k : keys) sigs.push_back({{"keyid", k.keyId()}, {"sig", toHex(signDetached(k, *canon))}});
  json env{{"signed", signedPart}, {"signatures", sigs}};
  auto out = canonicalJson(env);
  if (!out) return tl::unexpected(out.error());
  return *out + "\n";
}

namespace {
// j[key] if it is a string, else "". Not json::value(key, ""): that throws type_error when
// the key holds a number or an object, and an exception from downloaded bytes would end the
// sync process instead of rejecting the file (found with fuzz_sync_metadata's seeds).
std::string stringOr(const json& j, const char* key) {
  if (!j.is_object()) return {};
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}
}  // namespace

Result<json> parseEnvelope(const std::string& bytes, const std::string& expectedType, const std::string& what) {
  std::string_view body = bytes;
  if (!body.empty() && body.back() == '\n') body.remove_suffix(1);
  json env = json::parse(body.begin(), body.end(), nullptr, false);
  if (env.is_discarded() || !env.is_object())
    return fail(ErrorCode::InvalidData, what + " is not JSON (server returned garbage or an error page?)");
  auto canon = canonicalJson(env);
  if (!canon || *canon != body)
    return fail(ErrorCode::InvalidData, what + " is not in canonical JSON form; refusing to interpret it");
  if (!env.contains("signed") || !env["signed"].is_object() || !env.contains("signatures") || !env["signatures"].is_array())
    return fail(ErrorCode::InvalidData, what + " lacks the \"signed\"/\"signatures\" envelope");
  if (stringOr(env["signed"], "_type") != expectedType)
    return fail(ErrorCode::InvalidData, what + " is not " + expectedType + " metadata");
  return env;
}

Result<void> verifyRole(const json& env, const RootMeta& root, const std::string& role, const std::string& what) {
  const auto r = root.roles.find(role);
  if (r == root.roles.end()) return fail(ErrorCode::InvalidData, "root metadata defines no '" + role + "' role");
  auto canon = canonicalJson(env["signed"]);
  if (!canon) return tl::unexpected(canon.error());
  std::set<std::string> good;
  for (const auto& s : env["signatures"]) {
    if (!s.is_object() || !s.contains("keyid") || !s["keyid"].is_string() || !s.contains("sig") || !s["sig"].is_string()) continue;
    const std::string id = s["keyid"];
    if (std::find(r->second.keyIds.begin(), r->second.keyIds.end(), id) == r->second.keyIds.end()) continue;
    const auto key = root.keys.find(id);
    if (key == root.keys.end()) continue;
    auto sig = fromHex(s["sig"].get<std::string>(), 64);
    if (sig && verifyDetached(key->second, *canon, *sig)) good.insert(id);
  }
  if (static_cast<int>(good.size()) < r->second.threshold)
    return fail(ErrorCode::Integrity, what + ": " + std::to_string(good.size()) + " valid signature(s) from trusted " + role +
                                          " keys, " + std::to_string(r->second.threshold) +
                                          " required (tampered file or signed with an unknown key)");
  return {};
}

namespace {
Result<std::int64_t> getInt(const json& j, const char* key, const std::string& what) {
  if (!j.contains(key) || !j[key].is_number_integer() || j[key].get<std::int64_t>() < 0)
    return fail(ErrorCode::InvalidData, what + ": field '" + key + "' missing or not a non-negative integer");
  return j[key].get<std::int64_t>();
}
Result<std::string> getStr(const json& j, const char* key, const std::string& what) {
  if (!j.contains(key) || !j[key].is_string()) return fail(ErrorCode::InvalidData, what + ": field '" + key + "' missing or not a string");
  return j[key].get<std::string>();
}
Result<TimePoint> getTime(const json& j, const char* key, const std::string& what) {
  auto s = getStr(j, key, what);
  if (!s) return tl::unexpected(s.error());
  auto t = parseIsoUtc(*s);
  if (!t) return fail(ErrorCode::InvalidData, what + ": '" + key + "' is not an ISO 8601 UTC time");
  return *t;
}
bool isHash(const std::string& s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}
// Target names are plain file names: no path separators or dot-dot, so a signed name can
// never make the kiosk read or write outside its download directory.
bool safeName(const std::string& s) {
  return !s.empty() && s.size() < 200 && s.find('/') == std::string::npos && s.find("..") == std::string::npos &&
         s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == std::string::npos;
}
#define BG_CAT2(a, b) a##b
#define BG_CAT(a, b) BG_CAT2(a, b)
#define TRY_ASSIGN_IMPL(lhs, expr, tmp)          \
  auto tmp = (expr);                             \
  if (!tmp) return tl::unexpected(tmp.error()); \
  lhs = *tmp
#define TRY_ASSIGN(lhs, expr) TRY_ASSIGN_IMPL(lhs, expr, BG_CAT(tryValue_, __LINE__))
}  // namespace

Result<RootMeta> parseRoot(const json& s) {
  RootMeta r;
  TRY_ASSIGN(r.version, getInt(s, "version", "root.json"));
  TRY_ASSIGN(r.expires, getTime(s, "expires", "root.json"));
  if (!s.contains("keys") || !s["keys"].is_object() || !s.contains("roles") || !s["roles"].is_object())
    return fail(ErrorCode::InvalidData, "root.json: 'keys' and 'roles' must be objects");
  for (const auto& [id, k] : s["keys"].items()) {
    if (!k.is_object() || stringOr(k, "keytype") != "ed25519" || !k.contains("public") || !k["public"].is_string())
      return fail(ErrorCode::InvalidData, "root.json: key " + id + " is not an ed25519 key");
    auto pk = fromHex(k["public"].get<std::string>(), 32);
    if (!pk) return fail(ErrorCode::InvalidData, "root.json: key " + id + ": " + pk.error().message);
    if (Ed25519Key{*pk, {}}.keyId() != id) return fail(ErrorCode::InvalidData, "root.json: key id " + id + " does not match its key");
    r.keys[id] = *pk;
  }
  for (const char* role : {"root", "targets", "timestamp"}) {
    if (!s["roles"].contains(role) || !s["roles"][role].is_object()) return fail(ErrorCode::InvalidData, std::string("root.json: role '") + role + "' missing");
    const json& rj = s["roles"][role];
    RoleKeys rk;
    std::int64_t threshold = 0;
    TRY_ASSIGN(threshold, getInt(rj, "threshold", "root.json role"));
    if (threshold > 1000) return fail(ErrorCode::InvalidData, "root.json: implausible threshold");
    rk.threshold = static_cast<int>(threshold);
    if (rk.threshold < 1) return fail(ErrorCode::InvalidData, std::string("root.json: role '") + role + "' needs a threshold >= 1");
    if (!rj.contains("keyids") || !rj["keyids"].is_array()) return fail(ErrorCode::InvalidData, "root.json: role keyids must be an array");
    for (const auto& id : rj["keyids"]) {
      if (!id.is_string() || !r.keys.count(id.get<std::string>())) return fail(ErrorCode::InvalidData, std::string("root.json: role '") + role + "' names an unknown key");
      rk.keyIds.push_back(id.get<std::string>());
    }
    if (static_cast<int>(rk.keyIds.size()) < rk.threshold) return fail(ErrorCode::InvalidData, std::string("root.json: role '") + role + "' has fewer keys than its threshold");
    r.roles[role] = rk;
  }
  return r;
}

json rootJson(const RootMeta& r) {
  json keys = json::object(), roles = json::object();
  for (const auto& [id, pk] : r.keys) keys[id] = Ed25519Key{pk, {}}.publicJson();
  for (const auto& [name, rk] : r.roles) roles[name] = {{"keyids", rk.keyIds}, {"threshold", rk.threshold}};
  return {{"_type", "root"}, {"spec", "bordergate-tuf-1"}, {"version", r.version}, {"expires", formatIsoUtc(r.expires)},
          {"keys", keys}, {"roles", roles}};
}

Result<TargetsMeta> parseTargets(const json& s) {
  TargetsMeta t;
  TRY_ASSIGN(t.version, getInt(s, "version", "targets.json"));
  TRY_ASSIGN(t.expires, getTime(s, "expires", "targets.json"));
  if (!s.contains("list") || !s["list"].is_object()) return fail(ErrorCode::InvalidData, "targets.json: 'list' missing");
  TRY_ASSIGN(t.listVersion, getInt(s["list"], "version", "targets.json list"));
  TRY_ASSIGN(t.builtAt, getStr(s["list"], "built_at", "targets.json list"));
  if (!s.contains("targets") || !s["targets"].is_object()) return fail(ErrorCode::InvalidData, "targets.json: 'targets' missing");
  for (const auto& [name, f] : s["targets"].items()) {
    const std::string what = "targets.json entry " + name;
    if (!safeName(name)) return fail(ErrorCode::InvalidData, "targets.json: unsafe target file name '" + name + "'");
    TargetFile tf;
    tf.name = name;
    TRY_ASSIGN(tf.kind, getStr(f, "kind", what));
    TRY_ASSIGN(tf.version, getInt(f, "version", what));
    std::int64_t len = 0, rawLen = 0;
    TRY_ASSIGN(len, getInt(f, "length", what));
    TRY_ASSIGN(rawLen, getInt(f, "raw_length", what));
    tf.length = static_cast<std::uint64_t>(len);
    tf.rawLength = static_cast<std::uint64_t>(rawLen);
    TRY_ASSIGN(tf.sha256, getStr(f, "sha256", what));
    TRY_ASSIGN(tf.rawSha256, getStr(f, "raw_sha256", what));
    if (!isHash(tf.sha256) || !isHash(tf.rawSha256)) return fail(ErrorCode::InvalidData, what + ": hashes must be 64 lower-case hex digits");
    if (tf.kind == "delta") {
      TRY_ASSIGN(tf.fromVersion, getInt(f, "from", what));
    } else if (tf.kind != "snapshot") {
      return fail(ErrorCode::InvalidData, what + ": unknown kind '" + tf.kind + "'");
    }
    t.files.push_back(tf);
  }
  return t;
}

json targetsJson(const TargetsMeta& t) {
  json files = json::object();
  for (const auto& f : t.files) {
    json e{{"kind", f.kind}, {"version", f.version}, {"length", f.length}, {"sha256", f.sha256},
           {"raw_length", f.rawLength}, {"raw_sha256", f.rawSha256}};
    if (f.kind == "delta") e["from"] = f.fromVersion;
    files[f.name] = e;
  }
  return {{"_type", "targets"}, {"version", t.version}, {"expires", formatIsoUtc(t.expires)},
          {"list", {{"version", t.listVersion}, {"built_at", t.builtAt}}}, {"targets", files}};
}

Result<TimestampMeta> parseTimestamp(const json& s) {
  TimestampMeta t;
  TRY_ASSIGN(t.version, getInt(s, "version", "timestamp.json"));
  TRY_ASSIGN(t.expires, getTime(s, "expires", "timestamp.json"));
  if (!s.contains("meta") || !s["meta"].is_object() || !s["meta"].contains("targets.json"))
    return fail(ErrorCode::InvalidData, "timestamp.json: meta.targets.json missing");
  const json& m = s["meta"]["targets.json"];
  TRY_ASSIGN(t.targetsVersion, getInt(m, "version", "timestamp.json meta"));
  std::int64_t len = 0;
  TRY_ASSIGN(len, getInt(m, "length", "timestamp.json meta"));
  t.targetsLength = static_cast<std::uint64_t>(len);
  TRY_ASSIGN(t.targetsSha256, getStr(m, "sha256", "timestamp.json meta"));
  if (!isHash(t.targetsSha256)) return fail(ErrorCode::InvalidData, "timestamp.json: bad targets hash");
  return t;
}

json timestampJson(const TimestampMeta& t) {
  return {{"_type", "timestamp"}, {"version", t.version}, {"expires", formatIsoUtc(t.expires)},
          {"meta", {{"targets.json", {{"version", t.targetsVersion}, {"length", t.targetsLength}, {"sha256", t.targetsSha256}}}}}};
}

}  // namespace bordergate::sync::detail
