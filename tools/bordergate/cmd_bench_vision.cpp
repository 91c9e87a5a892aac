// `bordergate bench vision [--corpus DIR]...`: accuracy, latency and memory of the MRZ reader
// per image corpus, next to the baseline a user would try first: the `tesseract` program with
// the stock `eng` model and an A-Z0-9< whitelist on the whole image (issue #3).
#ifdef HAVE_BORDERGATE_VISION
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <map>
#include <thread>

#include "bordergate/core/text.h"
#include "bordergate/mrz/parser.h"
#include "bordergate/vision/corpus.h"
#include "bordergate/vision/image_file.h"
#include "bordergate/vision/mrz_reader.h"
#include "bordergate/vision/mrz_tracker.h"
#include "command.h"
#include "reader_setup.h"

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
  Options opt(args, {"corpus", "tessdata", "model", "second-model", "baseline-max"}, {"no-baseline"});
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
  auto reader = openReader(opt, io, "bench vision");  // measured as the kiosk runs (kiosk-ui/app/main.cpp)
  if (!reader) return 2;
  const bool baseline = !opt.has("no-baseline");
  if (baseline && std::system("command -v tesseract >/dev/null 2>&1") != 0) {
    io.err << "bordergate bench vision: the `tesseract` program is not installed (apt-get install tesseract-ocr "
              "tesseract-ocr-eng), or pass --no-baseline\n";
    return 2;
  }
  const int baselineMax = std::stoi(opt.get("baseline-max", "1000000"));
  io.out << "bench vision: reader = bordergate_vision (" << modelsInUse(*reader) << "), one thread per frame; baseline = `tesseract IMAGE stdout -l eng` + whitelist A-Z0-9<, "
            "whole image (its ms include process start and image decoding)\n";
  io.out << "bench vision: gate: runner-up <= " << reader->options().maxUnprovenRunnerUp << ", confidence >= "
         << reader->options().minUnprovenConfidence << " (" << reader->gateSource() << ")\n";
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
      const auto r = reader->read(*frame);
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

// The sequence a corpus image belongs to: its name without a trailing "-fNN" (corpus-gen
// --frames); an image without one is a sequence of one frame.
std::string sequenceOf(const fs::path& image) {
  const std::string stem = image.stem().string();
  const std::size_t n = stem.size();
  if (n > 4 && stem[n - 4] == '-' && stem[n - 3] == 'f' && std::isdigit(static_cast<unsigned char>(stem[n - 2])) &&
      std::isdigit(static_cast<unsigned char>(stem[n - 1])))
    return (image.parent_path() / stem.substr(0, n - 4)).string();
  return (image.parent_path() / stem).string();
}

// `bench tracker`: what the kiosk does with a document held under the camera. Each sequence's
// frames go, in order, through one reader into a fresh MrzTracker, as the kiosk's OCR thread
// feeds them (kiosk-ui/adapters camera_document_source.cpp: the first valid verdict is
// delivered). Counted per sequence: accepted with the right text, accepted with a WRONG text
// (the worst outcome: it must stay 0), not accepted within its frames; and, for accepted ones,
// the frames and the reading thread's CPU time it took.
int runBenchTracker(const std::vector<std::string>& args, Io& io) {
  Options opt(args, {"corpus", "tessdata", "model", "second-model"}, {"list"});
  if (!opt.ok()) return usageError(io, "bench tracker", opt.error());
  const bool list = opt.has("list");
  const auto dirs = opt.getAll("corpus");
  if (dirs.empty())
    return usageError(io, "bench tracker",
                      "--corpus DIR is required: a folder of capture sequences, e.g. made with `corpus-gen --set camera-hard "
                      "--frames 10 --count 100 --first 5000 --out DIR`");
  auto reader = openReader(opt, io, "bench tracker");
  if (!reader) return 2;
  const vision::TrackerOptions to;
  io.out << "bench tracker: reader = bordergate_vision (" << modelsInUse(*reader) << "); tracker: a valid read at once, an uncertain text once " << to.agreeFrames
         << " reads agree, each character read without doubt in one of them and no other checked text in the window "
            "of " << to.window << " (mrz_tracker.h)\n";
  int wrongTotal = 0;
  for (const auto& d : dirs) {
    std::error_code ec;
    const auto images = vision::corpusImages(d, ec);
    if (ec || images.empty()) {
      io.err << "bordergate bench tracker: no images in " << d << "\n";
      continue;
    }
    std::map<std::string, std::vector<fs::path>> sequences;  // sorted: frames in name order
    for (const auto& img : images) sequences[sequenceOf(img)].push_back(img);
    int accepted = 0, wrong = 0, notAccepted = 0, firstExact = 0, frameReads = 0, frameExact = 0;
    std::size_t maxFrames = 0;
    std::vector<double> framesToAccept, cpuToAccept;
    std::vector<std::string> wrongNames;
    for (const auto& [name, frames] : sequences) {
      maxFrames = std::max(maxFrames, frames.size());
      const auto truth = vision::corpusTruth(frames.front());
      vision::MrzTracker tracker(to);
      double cpu = 0;
      bool done = false, right = false;
      std::string trace;  // one letter per frame read (--list)
      for (std::size_t k = 0; k < frames.size() && !done; ++k) {
        auto frame = vision::loadImageFile(frames[k].string());
        if (!frame) continue;
        const double c0 = threadCpuMs();
        const auto r = reader->read(*frame);
        const auto t = tracker.add(r);
        cpu += threadCpuMs() - c0;
        ++frameReads;
        const bool exact = r.valid() && truth && vision::corpusText(r.lines) == *truth;
        frameExact += exact;
        trace += r.valid() ? (exact ? 'V' : '!') : r.status == vision::ReadStatus::Uncertain ? 'u' : r.found() ? 'x' : '-';
        if (k == 0) firstExact += exact;
        if (!t.valid) continue;
        done = true;
        right = truth && vision::corpusText(t.lines) == *truth;
        if (right) {
          ++accepted;
          framesToAccept.push_back(static_cast<double>(k + 1));
          cpuToAccept.push_back(cpu);
        } else {
          ++wrong;
          std::string text = vision::corpusText(t.lines);
          std::replace(text.begin(), text.end(), '\n', '/');
          wrongNames.push_back(fs::path(name).filename().string() + " frame " + std::to_string(k) + ": " + text);
        }
      }
      if (!done) ++notAccepted;
      if (list)
        io.out << "  " << fs::path(name).filename().string() << "  " << trace << "  "
               << (!done ? "not accepted" : right ? "accepted" : "WRONG") << "\n";
    }
    wrongTotal += wrong;
    const double n = static_cast<double>(sequences.size());
    io.out << d << "\n  sequences " << sequences.size() << " (up to " << maxFrames << " frames)  accepted " << accepted << " ("
           << std::fixed << std::setprecision(1) << 100.0 * accepted / n << "%)  WRONG " << wrong << "  not accepted "
           << notAccepted << "\n";
    if (!framesToAccept.empty())
      io.out << "  frames to accept p50 " << std::setprecision(0) << Figures::percentile(framesToAccept, 0.5) << " p95 "
             << Figures::percentile(framesToAccept, 0.95) << " max " << Figures::percentile(framesToAccept, 1.0)
             << "   reading cpu ms to accept p50 " << Figures::percentile(cpuToAccept, 0.5) << " p95 "
             << Figures::percentile(cpuToAccept, 0.95) << "\n";
    io.out << "  single frames: first frame exact " << firstExact << " (" << std::setprecision(1) << 100.0 * firstExact / n
           << "%), frames read " << frameReads << ", of them exact " << frameExact << "\n";
    for (const auto& w : wrongNames) io.out << "  WRONG " << w << "\n";
  }
  return wrongTotal == 0 ? 0 : 1;
}

const CommandRegistration kBenchTracker(
    {"bench tracker",
     "bench tracker --corpus DIR... [--list] [--tessdata DIR] [--second-model NAME|none]   capture sequences (corpus-gen --frames K) through reader + "
     "tracker: accepted, wrong, frames to accept",
     runBenchTracker});

const CommandRegistration kBenchVision(
    {"bench vision",
     "bench vision [--corpus DIR]... [--no-baseline] [--baseline-max N] [--tessdata DIR] [--second-model NAME|none]   MRZ reader accuracy, "
     "latency, memory per corpus vs the plain tesseract baseline",
     runBenchVision});

}  // namespace
}  // namespace bordergate::cli
#endif
