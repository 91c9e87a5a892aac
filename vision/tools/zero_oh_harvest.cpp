// zero-oh-harvest: cuts the cells the reader judges 0 against O on (zero_oh.h) out of labelled
// document images (NAME.png + NAME.txt, corpus-gen's format), for tools/zero-oh/train.py.
//
//   zero-oh-harvest --out PREFIX [--tessdata DIR] [--deblur] IMAGE.png...
//
// Per image: locateMrz() (the reader's own locate + rectify stage); the first candidate with as
// many lines as the truth, the way up whose first line the model reads closer to the truth
// (Levenshtein; skipped beyond a quarter of its length either way). Each line is read by the
// first pass (plain rendering); a line read with as many glyphs as its truth has characters
// gives one cell per 0 or O of the truth, labelled by the truth, whatever the OCR read there
// (its misreads are the cells that matter most). --deblur: also the candidate's neighbourhood
// with the motion blur measured there undone (deblur.h), located and harvested alike, as the
// reader reads a frame that does not read valid.
// Writes PREFIX.f32 (the cells, float32, kZeroOhCellW x kZeroOhCellH each, in order) and
// PREFIX.tsv (per cell: file, rendering, line, position, truth, read, confidence).
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "../src/reader/deblur.h"
#include "../src/reader/locate.h"
#include "../src/reader/tess_engine.h"
#include "../src/reader/zero_oh.h"
#include "harvest_support.h"

namespace fs = std::filesystem;
using namespace bordergate::vision;
using harvest::levenshtein;
using harvest::text;

namespace {

struct Output {
  std::ofstream cells, meta;
  long count = 0;
};

// Harvests the first candidate of `located` that matches `truth`; returns whether one did.
bool harvestCells(TessEngine& engine, const std::vector<MrzCandidate>& located, const std::vector<std::string>& truth,
             const std::string& name, const char* rendering, Output& out) {
  for (const auto& cand : located) {
    if (cand.lines.size() != truth.size()) continue;
    const std::size_t n = cand.lines.size();
    const auto up = engine.readLine(cand.lines.front().gray);
    const auto down = engine.readLine(cand.lines.back().grayFlipped);
    const std::size_t dUp = levenshtein(text(up), truth[0]), dDown = levenshtein(text(down), truth[0]);
    if (std::min(dUp, dDown) * 4 > truth[0].size()) continue;
    const bool flip = dDown < dUp;
    for (std::size_t i = 0; i < n; ++i) {
      const LineImage& li = cand.lines[flip ? n - 1 - i : i];
      const cv::Mat& img = flip ? li.grayFlipped : li.gray;
      const auto glyphs = i == 0 ? (flip ? down : up) : engine.readLine(img);
      if (glyphs.size() != truth[i].size()) continue;
      const auto line = zeroOhLine(img, glyphs);
      if (!line) continue;
      for (std::size_t k = 0; k < glyphs.size(); ++k) {
        const char t = truth[i][k];
        if (t != '0' && t != 'O') continue;
        const auto cell = zeroOhCell(*line, glyphs, k);
        if (!cell) continue;
        out.cells.write(reinterpret_cast<const char*>(cell->data()), static_cast<std::streamsize>(cell->size() * sizeof(float)));
        out.meta << name << '\t' << rendering << '\t' << i << '\t' << k << '\t' << t << '\t' << glyphs[k].value << '\t'
                 << glyphs[k].confidence << '\n';
        ++out.count;
      }
    }
    return true;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  std::string prefix, tessdata = BORDERGATE_VISION_MODEL_DIR;
  bool deblur = false;
  std::vector<fs::path> images;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--out" && i + 1 < argc) prefix = argv[++i];
    else if (a == "--tessdata" && i + 1 < argc) tessdata = argv[++i];
    else if (a == "--deblur") deblur = true;
    else images.emplace_back(a);
  }
  if (prefix.empty() || images.empty()) {
    std::cerr << "usage: zero-oh-harvest --out PREFIX [--tessdata DIR] [--deblur] IMAGE.png...\n";
    return 2;
  }
  auto engine = TessEngine::open(tessdata, "mrz");
  if (!engine) {
    std::cerr << "zero-oh-harvest: " << engine.error().message << "\n";
    return 2;
  }
  Output out;
  out.cells.open(prefix + ".f32", std::ios::binary);
  out.meta.open(prefix + ".tsv");
  if (!out.cells || !out.meta) {
    std::cerr << "zero-oh-harvest: cannot write " << prefix << ".f32/.tsv\n";
    return 2;
  }
  int docs = 0, used = 0, usedDeblurred = 0;
  for (const auto& path : images) {
    const std::vector<std::string> truth = harvest::truthOf(path);
    if (truth.size() < 2) continue;  // unlabelled: nothing to learn from
    const cv::Mat gray = cv::imread(path.string(), cv::IMREAD_GRAYSCALE);
    if (gray.empty()) continue;
    ++docs;
    const auto located = locateMrz(gray, 3);
    const std::string name = path.filename().string();
    used += harvestCells(**engine, located, truth, name, "plain", out);
    if (!deblur || located.empty()) continue;
    const MrzCandidate& at = located.front();
    const MotionBlur blur = estimateMotionBlur(gray, at.region.center);
    if (blur.length <= 0) continue;
    cv::Rect roi = at.region.boundingRect();
    const int grow = static_cast<int>(8 * at.charHeight);
    roi = cv::Rect(roi.x - grow, roi.y - grow, roi.width + 2 * grow, roi.height + 2 * grow) & cv::Rect(0, 0, gray.cols, gray.rows);
    if (roi.width < 64 || roi.height < 64) continue;
    const MotionDeconvolver deconvolver(gray(roi), blur.length);
    const cv::Mat sharp = deconvolver.deconvolve(blur);
    usedDeblurred += harvestCells(**engine, locateMrz(sharp, 1), truth, name, "deblurred", out);
  }
  std::cout << "documents " << docs << ", harvested " << used << " (deblurred " << usedDeblurred << "), cells " << out.count
            << "\n";
  return 0;
}
