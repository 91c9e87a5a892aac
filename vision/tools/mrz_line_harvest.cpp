// mrz-line-harvest: cuts the line images the reader itself would send to the OCR out of
// labelled document images (NAME.png + NAME.txt, corpus-gen's format) and writes them as
// Tesseract line-training data, so the OCR model can be fine-tuned on the crops it really
// sees (rectified, perspective, blur, glare: tools/ocr-training/README.md, stage 2).
//
//   mrz-line-harvest --out DIR [--tessdata DIR] [--chunk N] [--verbose] IMAGE.png...
//
// Per image: locateMrz() (the reader's own locate + rectify stage); the first candidate with
// as many lines as the truth is used. Its orientation is the one whose first line the
// current model reads closer to the truth (Levenshtein); a candidate whose first line is
// further than a quarter of its length from the truth either way is skipped (mis-located
// or mis-grouped: training on it would teach the wrong text). Each line is written twice:
// the first-pass rendering (`gray`) and the second-opinion rendering (secondOpinion()), since
// the reader needs both to read right. Output: DIR/hNNNNN.tif (multi-page, one line per page)
// + DIR/hNNNNN.box (WordStr boxes holding the ink box), ready for
// `tesseract hNNNNN.tif hNNNNN --psm 13 lstm.train`, as render_lines.py writes them.
// Prints per-line counts: harvested lines, lines the current model already reads exactly
// (--verbose: and each line it misreads in either rendering, against the truth).
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "../src/reader/locate.h"
#include "../src/reader/tess_engine.h"
#include "harvest_support.h"

namespace fs = std::filesystem;
using namespace bordergate::vision;
using harvest::levenshtein;
using harvest::text;

namespace {

// Ink box of a line image (dark glyphs on light paper): the bounding box of the Otsu
// components at least a third of the tallest one's height, the way Tesseract's layout step
// finds the text of a PSM 7 line (specks and background marks are smaller).
cv::Rect inkBox(const cv::Mat& line) {
  cv::Mat bin, labels, stats, centroids;
  cv::threshold(line, bin, 0, 255, cv::THRESH_BINARY_INV | cv::THRESH_OTSU);
  const int n = cv::connectedComponentsWithStats(bin, labels, stats, centroids, 8, CV_32S);
  int tallest = 0;
  for (int i = 1; i < n; ++i) tallest = std::max(tallest, stats.at<int>(i, cv::CC_STAT_HEIGHT));
  cv::Rect box;
  for (int i = 1; i < n; ++i) {
    const cv::Rect r(stats.at<int>(i, cv::CC_STAT_LEFT), stats.at<int>(i, cv::CC_STAT_TOP), stats.at<int>(i, cv::CC_STAT_WIDTH),
                     stats.at<int>(i, cv::CC_STAT_HEIGHT));
    if (r.height * 3 < tallest || r.height >= line.rows - 1) continue;
    box = box.empty() ? r : (box | r);
  }
  return box.empty() ? cv::Rect(0, 0, line.cols, line.rows) : box;
}

struct Chunk {
  std::vector<cv::Mat> pages;
  std::vector<std::string> boxes;
};

void writeChunk(const fs::path& out, int index, Chunk& c) {
  if (c.pages.empty()) return;
  char name[32];
  std::snprintf(name, sizeof name, "h%05d", index);
  if (!cv::imwritemulti((out / (std::string(name) + ".tif")).string(), c.pages))
    throw std::runtime_error("cannot write " + (out / name).string() + ".tif");
  std::ofstream box(out / (std::string(name) + ".box"));
  for (const auto& b : c.boxes) box << b;
  c = Chunk{};
}

}  // namespace

int main(int argc, char** argv) {
  fs::path out;
  std::string tessdata = BORDERGATE_VISION_MODEL_DIR;
  int chunkSize = 40;
  bool verbose = false;
  std::vector<fs::path> images;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(a + " needs a value");
      return argv[++i];
    };
    try {
      if (a == "--out") out = next();
      else if (a == "--tessdata") tessdata = next();
      else if (a == "--verbose") verbose = true;
      else if (a == "--chunk") chunkSize = std::max(1, std::stoi(next()));
      else images.emplace_back(a);
    } catch (const std::exception& e) {
      std::cerr << "mrz-line-harvest: " << e.what() << "\n";
      return 2;
    }
  }
  if (out.empty() || images.empty()) {
    std::cerr << "usage: mrz-line-harvest --out DIR [--tessdata DIR] [--chunk N] [--verbose] IMAGE.png...\n";
    return 2;
  }
  fs::create_directories(out);
  auto engine = TessEngine::open(tessdata, "mrz");
  if (!engine) {
    std::cerr << "mrz-line-harvest: " << engine.error().message << "\n";
    return 2;
  }
  int docs = 0, usedDocs = 0, lines = 0, exact = 0, chunkIndex = 0;
  Chunk chunk;
  auto addPage = [&](const cv::Mat& img, const std::string& truth) {
    const cv::Rect b = inkBox(img);
    const int p = static_cast<int>(chunk.pages.size());
    const int L = b.x, R = b.x + b.width, B = img.rows - (b.y + b.height), T = img.rows - b.y;
    std::ostringstream s;
    s << "WordStr " << L << ' ' << B << ' ' << R << ' ' << T << ' ' << p << " #" << truth << "\n"
      << "\t " << R << ' ' << B << ' ' << R + 1 << ' ' << B + 1 << ' ' << p << "\n";
    chunk.pages.push_back(img);
    chunk.boxes.push_back(s.str());
    if (static_cast<int>(chunk.pages.size()) >= chunkSize) writeChunk(out, chunkIndex++, chunk);
  };
  for (const auto& path : images) {
    const std::vector<std::string> truth = harvest::truthOf(path);
    if (truth.size() < 2) continue;  // unlabelled (false-positive sets): nothing to learn from
    const cv::Mat gray = cv::imread(path.string(), cv::IMREAD_GRAYSCALE);
    if (gray.empty()) continue;
    ++docs;
    for (const auto& cand : locateMrz(gray, 3)) {
      if (cand.lines.size() != truth.size()) continue;
      const std::string up = text((*engine)->readLine(cand.lines.front().gray, false));
      const std::string down = text((*engine)->readLine(cand.lines.back().grayFlipped, false));
      const std::size_t dUp = levenshtein(up, truth[0]), dDown = levenshtein(down, truth[0]);
      const bool flip = dDown < dUp;
      if (std::min(dUp, dDown) * 4 > truth[0].size()) continue;
      ++usedDocs;
      const std::size_t n = cand.lines.size();
      for (std::size_t i = 0; i < n; ++i) {
        const LineImage& li = cand.lines[flip ? n - 1 - i : i];
        const cv::Mat& img = flip ? li.grayFlipped : li.gray;
        ++lines;
        const std::string got = i == 0 ? (flip ? down : up) : text((*engine)->readLine(img, false));
        exact += got == truth[i];
        if (verbose && got != truth[i]) std::cerr << path.filename().string() << " line " << i + 1 << ": read " << got << "\n" << std::string(path.filename().string().size() + 9, ' ') << "truth " << truth[i] << "\n";
        const cv::Mat second = secondOpinion(img);
        if (verbose) {
          const std::string got2 = text((*engine)->readLine(second, false));
          if (got2 != truth[i]) std::cerr << path.filename().string() << " line " << i + 1 << " (2nd rendering): read " << got2 << "\n";
        }
        addPage(img, truth[i]);
        addPage(second, truth[i]);
      }
      break;
    }
  }
  writeChunk(out, chunkIndex++, chunk);
  std::cout << "documents " << docs << ", harvested " << usedDocs << ", lines " << lines << " (x2 renderings), read exactly now "
            << exact << "\n";
  return 0;
}
