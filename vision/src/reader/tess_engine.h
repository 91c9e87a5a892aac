// TessEngine: the one adapter around libtesseract (raw char* ownership, string-typed
// parameters). The rest of the reader sees std::string, cv::Mat and Result values.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "bordergate/core/result.h"

namespace tesseract {
class TessBaseAPI;
}

namespace bordergate::vision {

// One recognised glyph: best character, confidence 0..1, and the LSTM's alternatives
// (character, confidence 0..1), best first, excluding `value`.
struct OcrGlyph {
  char value = '?';
  float confidence = 0;
  std::vector<std::pair<char, float>> alternatives;
  float x = -1;  // horizontal centre of the glyph in the line image (px); < 0 when unknown
};

class TessEngine {
 public:
  // Loads <dir>/<model>.traineddata (LSTM only) restricted to the MRZ alphabet A-Z 0-9 <.
  static Result<std::unique_ptr<TessEngine>> open(const std::string& dir, const std::string& model);
  ~TessEngine();

  // Recognises one text line (8-bit grey, dark text on light). Characters outside the MRZ
  // alphabet are dropped. With `alternatives` false the glyphs carry no alternatives (a
  // cheaper recognition, for passes that only compare text). Runs in the calling thread.
  // Never throws.
  std::vector<OcrGlyph> readLine(const cv::Mat& gray, bool alternatives = true);

 private:
  explicit TessEngine(std::unique_ptr<tesseract::TessBaseAPI> api);
  std::unique_ptr<tesseract::TessBaseAPI> api_;
};

}  // namespace bordergate::vision
