// ActiveList and the sample list (see active_list.h).
#include "bordergate/kiosk_adapters/active_list.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "bordergate/rules/list_builder.h"
#include "bordergate/sync/list_store.h"

namespace bordergate::kiosk_adapters {

std::string_view listOriginName(ListOrigin o) {
  switch (o) {
    case ListOrigin::Synced: return "synced";
    case ListOrigin::Sample: return "sample";
    case ListOrigin::File: return "file";
  }
  return "synced";
}

ActiveList::ActiveList(ListSourceOptions options) : options_(std::move(options)) {}
ActiveList::~ActiveList() = default;

Result<const rules::ListReader*> ActiveList::current() {
  std::string path;
  ListOrigin origin = ListOrigin::File;
  std::optional<sync::TimePoint> confirmed;
  if (options_.fixedList) {
    path = options_.fixedList->string();
  } else {
    const sync::ListStore store(options_.stateDir.string());
    if (auto p = store.activePath()) {
      path = *p;
      origin = ListOrigin::Synced;
      confirmed = store.confirmedAt();
    } else if (options_.fallbackList) {
      path = options_.fallbackList->string();
      origin = ListOrigin::Sample;
    } else {
      return fail(ErrorCode::NotFound, "no list: none is installed in " + store.stateDir() +
                                           " — run `bordergate sync --repo URL --state " + store.stateDir() +
                                           "`, or start the kiosk with --list FILE");
    }
  }
  if (!reader_ || path != openPath_) {
    auto r = rules::ListReader::open(path);
    if (!r)
      return fail(r.error().code, "cannot open the " + std::string(listOriginName(origin)) + " list " + path + ": " +
                                      r.error().message + " — run `bordergate sync` again or call a technician");
    // The new file is open before the old one is let go: there is never a moment without a list.
    reader_ = std::move(*r);
    openPath_ = path;
    ++opens_;
  }
  origin_ = origin;
  confirmedAt_ = confirmed;
  return reader_.get();
}

std::int64_t ActiveList::freshAt() const {
  std::int64_t fresh = reader_ ? reader_->builtAt() : 0;
  if (confirmedAt_)
    fresh = std::max<std::int64_t>(fresh, std::chrono::duration_cast<std::chrono::seconds>(confirmedAt_->time_since_epoch()).count());
  return fresh;
}

Result<std::filesystem::path> prepareSampleList(const std::filesystem::path& sampleDataDir, const std::filesystem::path& out,
                                                std::chrono::seconds rebuildAfter, sync::TimePoint now) {
  std::optional<std::int64_t> wantVersion;
  {
    std::ifstream in(sampleDataDir / "VERSION");
    std::int64_t v = 0;
    if (in >> v) wantVersion = v;
  }
  std::error_code ec;
  if (std::filesystem::exists(out, ec)) {
    if (auto r = rules::ListReader::open(out.string())) {
      const auto nowS = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
      const bool sameVersion = !wantVersion || (*r)->version() == *wantVersion;
      const bool young = nowS - (*r)->builtAt() <= rebuildAfter.count();
      if (sameVersion && young) return out;
    }
  }
  if (out.has_parent_path()) std::filesystem::create_directories(out.parent_path(), ec);
  rules::BuildOptions bo;
  bo.fromDir = sampleDataDir.string();
  bo.outPath = out.string();
  bo.builtAt = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  auto built = rules::buildList(bo);
  if (!built)
    return fail(built.error().code, "cannot build the sample list from " + sampleDataDir.string() + " into " + out.string() + ": " +
                                        built.error().message);
  return out;
}

}  // namespace bordergate::kiosk_adapters
