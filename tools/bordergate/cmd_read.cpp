// `bordergate read [--json] IMAGE...`: read the MRZ from image files (issue #3 CLI contract).
#ifdef HAVE_BORDERGATE_VISION
#include <time.h>

#include <chrono>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <memory>
#include <utility>

#include "bordergate/vision/image_file.h"
#include "bordergate/vision/mrz_reader.h"
#include "command.h"
#include "json_out.h"
#include "reader_setup.h"

namespace bordergate::cli {

std::unique_ptr<vision::MrzReader> openReader(const Options& opt, Io& io, std::string_view command) {
  vision::ReaderOptions ro;
  ro.tessdataDir = opt.get("tessdata");
  ro.model = opt.get("model", ro.model);
  ro.secondModel = opt.get("second-model", ro.secondModel);
  if (ro.secondModel == "none") ro.secondModel.clear();
  vision::configureProcessForReading();
  auto reader = vision::MrzReader::create(ro);
  if (!reader) {
    io.err << "bordergate " << command << ": " << reader.error().message << "\n";
    return nullptr;
  }
  // The library reads on with the first model where the second's file is missing (the test
  // models); a second model named on the command line must be there.
  if (opt.has("second-model") && !ro.secondModel.empty() && !(*reader)->secondModelLoaded()) {
    io.err << "bordergate " << command << ": no second model " << ro.secondModel << ".traineddata in " << (*reader)->tessdataDir()
           << "; name one that is there, or --second-model none\n";
    return nullptr;
  }
  return std::move(*reader);
}

std::string modelsInUse(const vision::MrzReader& reader) {
  std::string s = reader.tessdataDir() + "/" + reader.options().model + ".traineddata";
  if (reader.secondModelLoaded())
    s += ", then " + reader.tessdataDir() + "/" + reader.options().secondModel + ".traineddata on frames it does not read valid";
  return s;
}

namespace {

Json qualityJson(const vision::ReadQuality& q) {
  Json j;
  j["sharpness"] = std::round(q.sharpness * 10) / 10;
  j["glare"] = std::round(q.glare * 10000) / 10000;
  j["char_height"] = std::round(q.charHeight * 10) / 10;
  j["confidence"] = std::round(q.confidence * 1000) / 1000;
  j["motion_blur"] = std::round(q.motionBlur * 10) / 10;
  j["deblurred"] = q.deblurred;
  j["second_model"] = q.secondModel;
  j["hints"] = q.hints;
  return j;
}

int runRead(const std::vector<std::string>& args, Io& io) {
  Options opt(args, {"tessdata", "model", "second-model"}, {"json", "runner-up"});
  if (!opt.ok()) return usageError(io, "read", opt.error());
  if (opt.positional().empty()) return usageError(io, "read", "no image given");
  auto reader = openReader(opt, io, "read");  // many images in one run: set up as the kiosk is
  if (!reader) return 2;
  bool allValid = true;
  for (const auto& path : opt.positional()) {
    auto frame = vision::loadImageFile(path);
    if (!frame) {
      io.err << "bordergate read: " << frame.error().message << "\n";
      allValid = false;
      if (opt.has("json")) io.out << dumpLine(Json{{"file", path}, {"found", false}, {"mrz", Json::array()}, {"error", frame.error().message}}) << "\n";
      continue;
    }
    timespec c0{}, c1{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0);
    const auto t0 = std::chrono::steady_clock::now();
    const auto r = reader->read(*frame);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c1);
    // CPU time of this thread, which runs the whole read (OCR included, tess_engine.cpp):
    // unlike `ms`, not inflated by other jobs on a shared machine.
    const double cpuMs = static_cast<double>(c1.tv_sec - c0.tv_sec) * 1e3 + static_cast<double>(c1.tv_nsec - c0.tv_nsec) / 1e6;
    allValid = allValid && r.valid();
    if (opt.has("json")) {
      Json j;
      j["file"] = path;
      j["found"] = r.found();
      j["status"] = std::string(vision::readStatusName(r.status));
      j["mrz"] = r.lines;
      const Json record = mrzRecordJson(r.record);
      for (auto it = record.begin(); it != record.end(); ++it) j[it.key()] = *it;
      j["quality"] = qualityJson(r.quality);
      Json conf = Json::array();
      for (const auto& line : r.chars) {
        Json l = Json::array();
        for (const auto& c : line) l.push_back(std::round(static_cast<double>(c.confidence) * 100) / 100);
        conf.push_back(l);
      }
      j["char_confidence"] = conf;  // per line, per position, 0..1 (0 for invented fillers)
      if (opt.has("runner-up")) {
        Json ru = Json::array();
        for (const auto& line : r.chars) {
          Json l = Json::array();
          for (const auto& c : line) l.push_back(std::round(static_cast<double>(c.runnerUp) * 100) / 100);
          ru.push_back(l);
        }
        j["runner_up"] = ru;
      }
      j["ms"] = std::round(ms * 10) / 10;
      j["cpu_ms"] = std::round(cpuMs * 10) / 10;
      io.out << dumpLine(j) << "\n";
    } else {
      io.out << "== " << path << "  " << vision::readStatusName(r.status) << "  (" << std::fixed << std::setprecision(1) << ms << " ms)\n";
      for (const auto& l : r.lines) io.out << "   " << l << "\n";
      for (const auto& e : r.record.errors) io.out << "   error: " << e.message << "\n";
      for (const auto& h : r.quality.hints) io.out << "   hint: " << h << "\n";
    }
  }
  return allValid ? 0 : 1;
}

const CommandRegistration kRead({"read", "read [--json] [--runner-up] [--tessdata DIR] [--model NAME] [--second-model NAME|none] IMAGE...   read the MRZ from image files (one JSON object per image with --json)", runRead});

}  // namespace
}  // namespace bordergate::cli
#endif
