// Interim port implementations (see interim_adapters.h for what replaces each).
#include "bordergate/kiosk_ui/interim_adapters.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "bordergate/core/text.h"
#include "bordergate/mrz/parser.h"

namespace bordergate::kiosk_ui {

Result<ReplayDocumentSource> ReplayDocumentSource::fromTexts(const std::vector<std::pair<std::string, std::string>>& texts,
                                                             ReplayOptions options) {
  if (texts.empty()) return fail(ErrorCode::NotFound, "no documents to replay");
  if (options.frameWidth < 320 || options.frameHeight < 240)
    return fail(ErrorCode::InvalidArgument, "replay frames must be at least 320x240");
  ReplayDocumentSource s;
  s.options_ = options;
  for (const auto& [label, t] : texts) s.documents_.emplace_back(label, text::nonBlankLines(t));
  s.buildFrames();
  return s;
}

Result<ReplayDocumentSource> ReplayDocumentSource::fromDirectories(const std::vector<std::filesystem::path>& dirs,
                                                                   ReplayOptions options) {
  std::vector<std::pair<std::string, std::string>> texts;
  std::string looked;
  for (const auto& dir : dirs) {
    looked += (looked.empty() ? "" : ", ") + dir.string();
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) continue;
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec))
      if (e.path().extension() == ".txt" && e.path().filename().string().rfind("README", 0) != 0) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      std::ifstream in(f);
      std::stringstream ss;
      ss << in.rdbuf();
      if (in.bad()) return fail(ErrorCode::Io, "cannot read " + f.string());
      texts.emplace_back(f.filename().string(), ss.str());
    }
  }
  if (texts.empty()) return fail(ErrorCode::NotFound, "no MRZ .txt files found in " + looked);
  return fromTexts(texts, options);
}

void ReplayDocumentSource::buildFrames() {
  const int w = options_.frameWidth, h = options_.frameHeight;
  // The "document": an ID-1/ID-3 page centred on a dark platen; MRZ band in its lower part.
  const int dw = w * 7 / 10, dh = dw * 88 / 125;  // ICAO 9303-4 TD3 page 125 x 88 mm
  const int dx = (w - dw) / 2, dy = (h - dh) / 2;
  mrzBox_ = {dx + dw / 20, dy + dh * 76 / 100, dw * 9 / 10, dh * 18 / 100};
  photoBox_ = {dx + dw / 25, dy + dh * 18 / 100, dw * 28 / 100, dh * 52 / 100};
  for (int f = 0; f < 8; ++f) {
    Frame fr = Frame::allocate(w, h, PixelFormat::Gray8);
    std::vector<std::uint8_t> px(static_cast<std::size_t>(w) * static_cast<std::size_t>(h));
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x) {
        std::uint8_t v = static_cast<std::uint8_t>(30 + ((x * 7 + y * 13 + f * 17) % 11));  // sensor noise
        if (x >= dx && x < dx + dw && y >= dy && y < dy + dh) v = static_cast<std::uint8_t>(200 + ((x + y + f) % 9));
        if (x >= photoBox_.x && x < photoBox_.x + photoBox_.width && y >= photoBox_.y && y < photoBox_.y + photoBox_.height)
          v = static_cast<std::uint8_t>(110 + ((x / 9 + y / 7) % 40));
        if (x >= mrzBox_.x && x < mrzBox_.x + mrzBox_.width && y >= mrzBox_.y && y < mrzBox_.y + mrzBox_.height) {
          const int row = (y - mrzBox_.y) * 2 / std::max(1, mrzBox_.height);  // two MRZ lines
          const int inLine = (y - mrzBox_.y) - row * mrzBox_.height / 2;
          const int cell = (x - mrzBox_.x) * 44 / std::max(1, mrzBox_.width);  // 44 characters
          const bool ink = inLine > mrzBox_.height / 12 && inLine < mrzBox_.height * 5 / 12 &&
                           ((x - mrzBox_.x) * 44 % std::max(1, mrzBox_.width)) < mrzBox_.width * 6 / 10 &&
                           ((cell * 31 + row * 7) % 5) != 0;
          if (ink) v = 25;
        }
        px[static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + static_cast<std::size_t>(x)] = v;
      }
    fr.pixels = std::make_shared<const std::vector<std::uint8_t>>(std::move(px));
    fr.sequence = static_cast<std::uint64_t>(f);
    frames_.push_back(std::move(fr));
  }
}

std::optional<DocumentRead> ReplayDocumentSource::poll(MonoTime now) {
  if (!start_) {
    start_ = now;
    nextAt_ = now + std::chrono::milliseconds(options_.interval / 4);  // first document soon after start
  }
  if (options_.maxDocuments && delivered_ >= options_.maxDocuments) return std::nullopt;
  if (!placeNow_ && now < nextAt_) return std::nullopt;
  placeNow_ = false;
  nextAt_ = now + options_.interval;
  const auto& [label, lines] = documents_[delivered_ % documents_.size()];
  ++delivered_;
  DocumentRead r;
  r.id = delivered_;
  r.sourceLabel = label + " (replayed text, interim)";
  r.mrzLines = lines;
  mrz::ParseOptions po;
  po.today = options_.today;
  r.record = mrz::parseLines(lines, po);
  if (!r.record.valid()) r.qualityHints.push_back("hint.reposition");
  r.frame = liveFrame(now);
  r.mrzBox = mrzBox_;
  r.photoBox = photoBox_;
  r.placedAt = now;
  return r;
}

std::optional<Frame> ReplayDocumentSource::liveFrame(MonoTime now) {
  if (frames_.empty()) return std::nullopt;
  // 30 frames per second through the loop.
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  const auto seq = static_cast<std::uint64_t>(ms / 33);
  Frame f = frames_[seq % frames_.size()];
  f.sequence = seq;
  f.capturedAt = now;
  return f;
}

std::vector<std::string> ReplayDocumentSource::liveHints(MonoTime) { return {"hint.place_document"}; }

Result<Recommendation> DocumentCheckDecisionService::recommend(const DocumentRead& read, Date today) {
  const auto& r = read.record;
  Recommendation out;
  out.listVersion = "none (interim: document checks only)";
  std::vector<Reason> refuse, refer;
  if (!r.format) {
    refer.push_back({"MRZ_UNREADABLE", "Law 6458 Art. 5, 7(1)(a)", "the machine readable zone could not be read: examine the document"});
  } else if (!r.valid()) {
    std::string msg = "MRZ fails its checks (possible misread or altered document, Art. 7(1)(a)): ";
    for (std::size_t i = 0; i < r.errors.size() && i < 2; ++i) msg += (i ? "; " : "") + r.errors[i].message;
    refer.push_back({"MRZ_INVALID", "Law 6458 Art. 5, 7(1)(a)", msg});
  }
  if (r.format && (*r.format == mrz::Format::MRVA || *r.format == mrz::Format::MRVB))
    refer.push_back({"VISA_ONLY", "Law 6458 Art. 6(1)", "a visa was read: the passport must be presented too"});
  if (auto exp = r.expiryDate.date()) {
    const auto left = daysBetween(today, *exp);
    if (left < 0)
      refuse.push_back({"DOC_EXPIRED", "Law 6458 Art. 7(1)(a)", "document expired on " + exp->iso()});
    else if (left < 60)  // Law 6458 Art. 7(1)(b): 60 days beyond the visa / exemption / permit
      refer.push_back({"DOC_VALIDITY_SHORT", "Law 6458 Art. 7(1)(b)",
                       "document expires on " + exp->iso() + " (" + std::to_string(left) +
                           " days): must be valid 60 days beyond the permitted stay"});
  } else if (r.format) {
    refer.push_back({"EXPIRY_UNKNOWN", "Law 6458 Art. 7(1)(b)", "expiry date unreadable: check it on the data page"});
  }
  if (!refuse.empty()) {
    out.verdict = Verdict::Refuse;
    out.reasons = refuse;
    out.reasons.insert(out.reasons.end(), refer.begin(), refer.end());
  } else if (!refer.empty()) {
    out.verdict = Verdict::Refer;
    out.reasons = refer;
  } else {
    out.verdict = Verdict::Admit;
    out.reasons.push_back({"DOC_OK", "ICAO 9303-3 §4.9", "MRZ check digits pass; document valid for 60 days or more"});
    out.reasons.push_back({"INTERIM_NO_LIST", "-",
                           "interim decision service: no entry-ban list, watchlist or visa regime consulted (rules/ not wired)"});
  }
  out.travellerOutcome = out.verdict == Verdict::Admit ? TravellerOutcome::Proceed : TravellerOutcome::SeeOfficer;
  return out;
}

Result<void> SimulatedGate::open() {
  if (!online_) return fail(ErrorCode::Io, "gate board offline (simulated)");
  open_ = true;
  openedAt_ = clock_.monotonic();
  ++opens_;
  return {};
}

Result<void> SimulatedGate::close() {
  open_ = false;
  openedAt_.reset();
  return {};
}

Result<void> SimulatedGate::setLight(GateLight light) {
  light_ = light;
  return {};
}

GateStatus SimulatedGate::status(MonoTime now) {
  GateStatus s;
  s.open = open_;
  s.passageDetected = open_ && openedAt_ && now - *openedAt_ >= walkThrough_;
  s.healthy = online_;
  s.health = online_ ? "gate: simulated (interim)" : "gate: OFFLINE (simulated)";
  s.light = light_;
  return s;
}

LaneStatus InterimStatusSource::status(MonoTime) {
  LaneStatus s;
  s.listVersion = "";
  s.listStale = true;
  s.syncState = "not wired (interim)";
  s.outboxPending = 0;
  s.deviceHealth = deviceHealthFn_ ? deviceHealthFn_() : deviceHealth_;
  s.devicesHealthy = devicesHealthy;
  if (interimAdapters_)
    s.interimAdapters = *interimAdapters_;
  else
    s.interimAdapters = {"camera+MRZ: replay of MRZ text", "decision: document checks only, no list",
                         "gate: simulated", "journal: local hash-chained file"};
  return s;
}

}  // namespace bordergate::kiosk_ui
