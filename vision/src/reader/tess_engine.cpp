// TessEngine: the libtesseract adapter (see tess_engine.h).
#include "tess_engine.h"

#include "tess_omp.h"
#include "tess_png.h"

#include <tesseract/baseapi.h>
#include <tesseract/resultiterator.h>

#include <algorithm>
#include <filesystem>

namespace bordergate::vision {
namespace {

// The MRZ alphabet (ICAO 9303-3 §4.1.1): A-Z, 0-9 and the filler '<'.
constexpr const char* kMrzAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<";

bool inAlphabet(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '<'; }

}  // namespace

void centreEdgeGlyphs(std::vector<OcrGlyph>& glyphs, const std::vector<std::pair<int, int>>& boxes, int width) {
  if (glyphs.size() < 3 || boxes.size() != glyphs.size()) return;
  std::vector<int> widths;
  for (std::size_t i = 1; i + 1 < boxes.size(); ++i)
    if (boxes[i].first >= 0) widths.push_back(boxes[i].second - boxes[i].first);
  if (widths.empty()) return;
  std::nth_element(widths.begin(), widths.begin() + static_cast<long>(widths.size() / 2), widths.end());
  const double median = widths[widths.size() / 2];
  if (median <= 0) return;
  const auto& [firstLeft, firstRight] = boxes.front();
  if (firstLeft >= 0 && firstLeft <= 1 && firstRight - firstLeft > 1.5 * median)
    glyphs.front().x = static_cast<float>(firstRight - 0.5 * median);
  const auto& [lastLeft, lastRight] = boxes.back();
  if (lastLeft >= 0 && lastRight >= width - 2 && lastRight - lastLeft > 1.5 * median)
    glyphs.back().x = static_cast<float>(lastLeft + 0.5 * median);
}

GlyphPitch medianPitch(const std::vector<OcrGlyph>& glyphs) {
  std::vector<double> steps;
  for (std::size_t i = 0; i + 1 < glyphs.size(); ++i)
    if (glyphs[i].x >= 0 && glyphs[i + 1].x >= 0) steps.push_back(glyphs[i + 1].x - glyphs[i].x);
  if (steps.empty()) return {};
  std::nth_element(steps.begin(), steps.begin() + static_cast<long>(steps.size() / 2), steps.end());
  return {steps[steps.size() / 2], steps.size()};
}

int mergeDoubleReads(std::vector<OcrGlyph>& glyphs, bool keepDisputes) {
  const GlyphPitch measured = medianPitch(glyphs);
  if (measured.steps < 4 || measured.step <= 0) return 0;
  const double pitch = measured.step;
  int merges = 0;
  for (std::size_t i = 0; i + 1 < glyphs.size();) {
    OcrGlyph& a = glyphs[i];
    const OcrGlyph& b = glyphs[i + 1];
    if (a.x < 0 || b.x < 0 || b.x - a.x >= 0.5 * pitch || (keepDisputes && a.value != b.value)) {
      ++i;
      continue;
    }
    OcrGlyph kept = a.confidence >= b.confidence ? a : b;
    const OcrGlyph& other = a.confidence >= b.confidence ? b : a;
    // Every alternative either read offered, and the other read itself, at its best confidence.
    auto offer = [&](char c, float conf) {
      if (c == kept.value) return;
      for (auto& [v, p] : kept.alternatives)
        if (v == c) {
          p = std::max(p, conf);
          return;
        }
      kept.alternatives.emplace_back(c, conf);
    };
    offer(other.value, other.confidence);
    for (const auto& [v, p] : other.alternatives) offer(v, p);
    std::sort(kept.alternatives.begin(), kept.alternatives.end(), [](auto& l, auto& r) { return l.second > r.second; });
    kept.x = 0.5f * (a.x + b.x);
    a = std::move(kept);
    glyphs.erase(glyphs.begin() + static_cast<long>(i) + 1);
    ++merges;
  }
  return merges;
}

TessEngine::TessEngine(std::unique_ptr<tesseract::TessBaseAPI> api) : api_(std::move(api)) {}
TessEngine::~TessEngine() {
  if (api_) api_->End();
}

Result<std::unique_ptr<TessEngine>> TessEngine::open(const std::string& dir, const std::string& model) {
  const std::filesystem::path file = std::filesystem::path(dir) / (model + ".traineddata");
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec))
    return fail(ErrorCode::NotFound, "OCR model " + file.string() +
                                         " not found; set the tessdata directory (--tessdata DIR or BORDERGATE_TESSDATA)");
  auto api = std::make_unique<tesseract::TessBaseAPI>();
  // Dictionaries are useless for MRZ text and cost start-up time.
  std::vector<std::string> names = {"load_system_dawg", "load_freq_dawg", "load_punc_dawg", "load_number_dawg",
                                    "load_unambig_dawg", "load_bigram_dawg"};
  std::vector<std::string> values(names.size(), "0");
  if (api->Init(dir.c_str(), model.c_str(), tesseract::OEM_LSTM_ONLY, nullptr, 0, &names, &values, false) != 0)
    return fail(ErrorCode::InvalidData, "Tesseract could not load OCR model " + file.string());
  api->SetPageSegMode(tesseract::PSM_SINGLE_LINE);  // tools/ocr-training/README.md: one cropped line per call
  api->SetVariable("tessedit_char_whitelist", kMrzAlphabet);
  api->SetVariable("debug_file", "/dev/null");
  api->SetVariable("user_defined_dpi", "300");  // silences the "invalid resolution" warning
  // Tesseract re-recognises a line inverted when its mean output confidence is below 0.5
  // (LSTMRecognizer::RecognizeLine): a second full pass that can never help here, since
  // locate.cpp normalises every line to dark ink on light paper.
  api->SetVariable("tessedit_do_invert", "0");
  // Every line is one word for the LSTM, so Tesseract's fixed-pitch analysis of the row
  // (textord/topitch.cpp, tune_row_pitch and its pitch-sync search) only costs time: 4% of the
  // instructions of a read (valgrind, camera-easy TD3-002). Declaring all text proportional
  // skips it; reads, confidences and alternatives were identical on all 1,543 images of the
  // committed, held-out and real sets.
  api->SetVariable("textord_all_prop", "1");
  return std::unique_ptr<TessEngine>(new TessEngine(std::move(api)));
}

std::vector<OcrGlyph> TessEngine::readLine(const cv::Mat& gray, bool alternatives) {
  std::vector<OcrGlyph> out;
  if (gray.empty() || gray.type() != CV_8UC1) return out;
  // Per-character alternatives (lstm_choice_mode=2) cost ~12% of a line's recognition
  // (camera-easy, thread CPU time); only the first pass's repair and gate use them.
  api_->SetVariable("lstm_choice_mode", alternatives ? "2" : "0");
  cv::Mat img = gray.isContinuous() ? gray : gray.clone();
  api_->SetImage(img.data, img.cols, img.rows, 1, static_cast<int>(img.step));
  int rc = 0;
  {
    // Debian's libtesseract parallelises the LSTM gates with OpenMP, asking for 4 threads
    // per time step (tesseract/src/lstm/lstm.cpp, num_threads(GFS)). On the kiosk's 2 shared
    // cores that made a line 6x slower (300 ms vs 47 ms, measured with bordergate read), and
    // the earlier cure, omp_set_dynamic(1), cost two system calls per time step (libgomp
    // reads the load average and the CPU affinity: 8% of the reader's CPU time in `perf`).
    // OmpSerialScope runs every such region in this thread: one thread per frame, as
    // MrzReader promises, with no system call per region (tess_omp.h). It is per thread and
    // restored afterwards, so the caller's own OpenMP use is untouched.
    const OmpSerialScope serial;
    // Tesseract copies the line image into PNG bytes and decodes it again before the LSTM
    // sees it; stored instead of deflated, that copy costs under 1 % of a read instead of
    // over 10 %, with the same pixels (tess_png.h).
    const StoredPngScope storedPng;
    rc = api_->Recognize(nullptr);
  }
  if (rc != 0) {
    api_->Clear();
    return out;
  }
  std::unique_ptr<tesseract::ResultIterator> it(api_->GetIterator());
  std::vector<std::pair<int, int>> boxes;  // left, right of each glyph in `out` (-1, -1: none)
  if (it) {
    do {
      std::unique_ptr<char[]> text(it->GetUTF8Text(tesseract::RIL_SYMBOL));
      if (!text || !text[0]) continue;
      const char c = text[0];
      if (!inAlphabet(c) || text[1] != '\0') continue;
      OcrGlyph g;
      g.value = c;
      g.confidence = std::clamp(it->Confidence(tesseract::RIL_SYMBOL) / 100.0f, 0.0f, 1.0f);
      int left = 0, top = 0, right = 0, bottom = 0;
      if (it->BoundingBox(tesseract::RIL_SYMBOL, &left, &top, &right, &bottom)) {
        g.x = 0.5f * static_cast<float>(left + right);
        boxes.emplace_back(left, right);
      } else {
        boxes.emplace_back(-1, -1);
      }
      tesseract::ChoiceIterator ci(*it);
      do {
        const char* alt = ci.GetUTF8Text();
        if (!alt || !alt[0] || alt[1] != '\0' || !inAlphabet(alt[0]) || alt[0] == c) continue;
        g.alternatives.emplace_back(alt[0], std::clamp(ci.Confidence() / 100.0f, 0.0f, 1.0f));
      } while (ci.Next());
      std::sort(g.alternatives.begin(), g.alternatives.end(), [](auto& a, auto& b) { return a.second > b.second; });
      out.push_back(std::move(g));
    } while (it->Next(tesseract::RIL_SYMBOL));
  }
  api_->Clear();
  centreEdgeGlyphs(out, boxes, img.cols);
  // A pass without alternatives only compares text: a glyph it read two ways stays a
  // disagreement (mergeDoubleReads).
  mergeDoubleReads(out, !alternatives);
  return out;
}

}  // namespace bordergate::vision
