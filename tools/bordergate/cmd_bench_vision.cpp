// `bordergate bench vision [--corpus DIR]...`: accuracy, latency and memory of the MRZ reader
// per image corpus, next to the baseline a user would try first: the `tesseract` program with
// the stock `eng` model and an A-Z0-9< whitelist on the whole image (issue #3).
#ifdef HAVE_BORDERGATE_VISION
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <thread>

#include "bordergate/core/text.h"
#include "bordergate/mrz/parser.h"
#include "bordergate/vision/corpus.h"
#include "bordergate/vision/image_file.h"
#include "bordergate/vision/mrz_reader.h"
#include "command.h"

namespace bordergate::cli {
namespace {

namespace fs = std::filesystem;

// A corpus's outcomes (scored by vision::CorpusTally, as the corpus tests score them) and
// timings.
struct Figures : vision::CorpusTally {
  std::vector<double> ms;
  std::vector<double> cpuMs;  // CPU time of the reading thread (reader only)

  double pct(double p) const { return percentile(ms, p); }
  static double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5))];
  }
};

// The baseline: tesseract IMAGE stdout -l eng -c tessedit_char_whitelist=...; MRZ = the
// first run of 2-3 consecutive output lines (spaces removed) that parses as a valid MRZ.
struct BaselineRead {
  bool valid = false, found = false;
  std::vector<std::string> lines;
  double ms = 0;
};

BaselineRead runBaseline(const fs::path& image) {
  BaselineRead b;
  const std::string cmd = "OMP_THREAD_LIMIT=1 tesseract '" + image.string() +
                          "' stdout -l eng -c tessedit_char_whitelist=ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'<' 2>/dev/null";
  const auto t0 = std::chrono::steady_clock::now();
  std::string out;
  if (FILE* p = popen(cmd.c_str(), "r")) {
    std::array<char, 4096> buf{};
    std::size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
    pclose(p);
  }
  b.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  std::vector<std::string> lines;
  for (auto l : text::split(out, '\n')) {  // short pieces (the empty tail) are dropped below
    l.erase(std::remove(l.begin(), l.end(), ' '), l.end());
    if (l.size() >= 25) lines.push_back(l);
  }
  b.found = lines.size() >= 2;
  for (std::size_t n : {3u, 2u})
    for (std::size_t i = 0; i + n <= lines.size() && !b.valid; ++i) {
      std::vector<std::string> cand(lines.begin() + static_cast<long>(i), lines.begin() + static_cast<long>(i + n));
      if (mrz::parseLines(cand).valid()) {
        b.valid = true;
        b.lines = cand;
      }
    }
  if (!b.valid) b.lines = lines;
  return b;
}

void printRow(Io& io, const std::string& who, const Figures& f, double peakMb) {
  io.out << "  " << std::left << std::setw(9) << who << std::right << " images " << std::setw(4) << f.images << "  exact "
         << std::setw(4) << f.exact << " (" << std::fixed << std::setprecision(1)
         << (f.withTruth ? 100.0 * f.exact / f.withTruth : 0.0) << "%)  misreads " << f.misreads << "  rejected " << f.rejected
         << "  not found " << f.notFound << "  char acc " << std::setprecision(1)
         << (f.chars ? 100.0 * static_cast<double>(f.charsRight) / static_cast<double>(f.chars) : 0.0) << "%  ms p50 "
         << std::setprecision(1) << f.pct(0.5) << " p95 " << f.pct(0.95) << " max " << f.pct(1.0);
  if (!f.cpuMs.empty())
    io.out << "  cpu ms p50 " << Figures::percentile(f.cpuMs, 0.5) << " p95 " << Figures::percentile(f.cpuMs, 0.95) << " max "
           << Figures::percentile(f.cpuMs, 1.0);
  if (peakMb > 0) io.out << "  peak " << std::setprecision(0) << peakMb << " MB";
  io.out << "\n";
}

// The exact-read rate without the documents whose printed MRZ fails its own checks.
void printInvalidTruth(Io& io, const Figures& f) {
  if (f.invalidTruth == 0) return;
  io.out << "            " << f.invalidTruth << " of the images print an MRZ that fails its own checks (never valid; "
         << f.invalidTruthRead << " read letter for letter); exact on the other " << f.withTruth - f.invalidTruth << ": "
         << std::fixed << std::setprecision(1) << 100.0 * f.exactRateOfValidTruths() << "%\n";
}

// CPU time of the calling thread (ms). The reader does all its work in the calling thread
// (Tesseract: tess_engine.cpp; OpenCV: configureProcessForReading), so this is a read's whole
// CPU cost, and on a machine shared with other jobs the figure the load inflates least.
double threadCpuMs() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

double peakRssMb(int who) {
  rusage ru{};
  getrusage(who, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;
}

int runBenchVision(const std::vector<std::string>& args, Io& io) {
  Options opt(args, {"corpus", "tessdata", "model", "baseline-max"}, {"no-baseline"});
  if (!opt.ok()) return usageError(io, "bench vision", opt.error());
  std::vector<fs::path> corpora;
  for (const auto& c : opt.getAll("corpus")) corpora.emplace_back(c);
  if (corpora.empty()) {
    for (const char* s : {"scan-clean", "camera-easy", "camera-hard", "rotated", "falsepositives"})
      corpora.push_back(fs::path(dataDir()) / "images" / s);
    const fs::path real = fs::path(dataDir()) / ".." / "shared" / "images-real";
    if (fs::is_directory(real)) {
      corpora.push_back(real);
      if (fs::is_directory(real / "no-mrz")) corpora.push_back(real / "no-mrz");
    }
  }
  vision::ReaderOptions ro;
  ro.tessdataDir = opt.get("tessdata", std::getenv("BORDERGATE_TESSDATA") ? "" : dataDir() + "/vision/models");
  ro.model = opt.get("model", ro.model);
  vision::configureProcessForReading();  // measured as the kiosk runs (kiosk-ui/app/main.cpp)
  auto reader = vision::MrzReader::create(ro);
  if (!reader) {
    io.err << "bordergate bench vision: " << reader.error().message << "\n";
    return 2;
  }
  const bool baseline = !opt.has("no-baseline");
  if (baseline && std::system("command -v tesseract >/dev/null 2>&1") != 0) {
    io.err << "bordergate bench vision: the `tesseract` program is not installed (apt-get install tesseract-ocr "
              "tesseract-ocr-eng), or pass --no-baseline\n";
    return 2;
  }
  const int baselineMax = std::stoi(opt.get("baseline-max", "1000000"));
  io.out << "bench vision: reader = bordergate_vision (" << (*reader)->tessdataDir() << "/" << ro.model
         << ".traineddata), one thread per frame; baseline = `tesseract IMAGE stdout -l eng` + whitelist A-Z0-9<, "
            "whole image (its ms include process start and image decoding)\n";
  io.out << "bench vision: gate: runner-up <= " << (*reader)->options().maxUnprovenRunnerUp << ", confidence >= "
         << (*reader)->options().minUnprovenConfidence << " (" << (*reader)->gateSource() << ")\n";
  // Wall-clock figures depend on what else runs on the machine: say how loaded it was.
  double load[3] = {0, 0, 0};
  if (getloadavg(load, 3) == 3)
    io.out << "load average " << std::fixed << std::setprecision(2) << load[0] << " " << load[1] << " " << load[2]
           << " on " << std::thread::hardware_concurrency() << " cores; cpu ms = CPU time of the reading thread\n";
  for (const auto& dir : corpora) {
    std::error_code ec;
    const std::vector<fs::path> images = vision::corpusImages(dir, ec);
    if (ec || images.empty()) {
      io.err << "bordergate bench vision: no images in " << dir.string() << "\n";
      continue;
    }
    Figures mine, base;
    int baselineRuns = 0;
    for (const auto& img : images) {
      auto frame = vision::loadImageFile(img.string());
      if (!frame) continue;
      const auto truth = vision::corpusTruth(img);
      const double c0 = threadCpuMs();
      const auto t0 = std::chrono::steady_clock::now();
      const auto r = (*reader)->read(*frame);
      mine.ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
      mine.cpuMs.push_back(threadCpuMs() - c0);
      mine.add(truth, r.valid(), r.found(), r.status == vision::ReadStatus::Uncertain, r.lines);
      if (baseline && baselineRuns < baselineMax) {
        ++baselineRuns;
        const auto b = runBaseline(img);
        base.ms.push_back(b.ms);
        base.add(truth, b.valid, b.found, false, b.lines);
      }
    }
    io.out << dir.string() << "\n";
    printRow(io, "reader", mine, peakRssMb(RUSAGE_SELF));
    printInvalidTruth(io, mine);
    if (baseline) {
      printRow(io, "baseline", base, peakRssMb(RUSAGE_CHILDREN));
      const double rate = mine.withTruth ? static_cast<double>(mine.exact) / mine.withTruth : 0;
      const double bRate = base.withTruth ? static_cast<double>(base.exact) / base.withTruth : 0;
      io.out << "  ratios    speed (baseline p50 / reader p50) " << std::setprecision(1)
             << (mine.pct(0.5) > 0 ? base.pct(0.5) / mine.pct(0.5) : 0.0) << "x";
      if (mine.withTruth)
        io.out << "  exact reads " << std::setprecision(1) << 100 * rate << "% vs " << 100 * bRate << "%"
               << "  char acc " << (mine.chars ? 100.0 * mine.charsRight / mine.chars : 0.0) << "% vs "
               << (base.chars ? 100.0 * base.charsRight / base.chars : 0.0) << "%";
      io.out << "\n";
    }
  }
  return 0;
}

const CommandRegistration kBenchVision(
    {"bench vision",
     "bench vision [--corpus DIR]... [--no-baseline] [--baseline-max N] [--tessdata DIR]   MRZ reader accuracy, "
     "latency, memory per corpus vs the plain tesseract baseline",
     runBenchVision});

}  // namespace
}  // namespace bordergate::cli
#endif
