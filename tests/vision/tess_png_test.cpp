// StoredPngScope (vision/src/reader/tess_png.h): Tesseract's in-memory PNG copy of a line
// image goes through Leptonica's pixWriteMem, exactly as here. Inside the scope that copy must
// be stored (no deflate, no filter) and decode to the same pixels; outside it, and on other
// threads, PNG writing must be untouched. If the linker stopped exporting the interposer, the
// first test fails (the reads would stay right, only the speed-up would be lost).
#include <catch2/catch.hpp>

#include <leptonica/allheaders.h>

#include <cstdint>
#include <thread>

#include "tess_png.h"

using bordergate::vision::StoredPngScope;

namespace {

// A line-image-like 8-bit picture: light paper with a soft gradient and dark glyph-like bars,
// which deflate compresses well (the way a real line crop does).
PIX* lineImage(int w, int h) {
  PIX* pix = pixCreate(w, h, 8);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const bool ink = (x / 3) % 9 < 4 && y > h / 4 && y < 3 * h / 4;
      pixSetPixel(pix, x, y, ink ? 40u + static_cast<l_uint32>(x % 7) : 200u + static_cast<l_uint32>(x * 40 / w));
    }
  return pix;
}

// PNG bytes Leptonica writes for `pix` (0 on failure).
size_t pngSize(PIX* pix) {
  l_uint8* data = nullptr;
  size_t size = 0;
  if (pixWriteMem(&data, &size, pix, IFF_PNG) != 0) return 0;
  lept_free(data);
  return size;
}

}  // namespace

TEST_CASE("inside StoredPngScope Leptonica's PNG copy is stored and decodes to the same pixels") {
  const int w = 900, h = 45;
  const size_t raw = static_cast<size_t>(w) * h;
  PIX* pix = lineImage(w, h);
  const size_t deflated = pngSize(pix);
  REQUIRE(deflated > 0);
  CHECK(deflated < raw / 4);  // level 6 + filters squeeze this picture hard

  l_uint8* data = nullptr;
  size_t size = 0;
  {
    const StoredPngScope stored;
    REQUIRE(pixWriteMem(&data, &size, pix, IFF_PNG) == 0);
  }
  // Stored deflate blocks: every pixel byte plus one filter byte per row, plus headers.
  CHECK(size >= raw + h);
  PIX* back = pixReadMem(data, size);
  REQUIRE(back != nullptr);
  l_int32 same = 0;
  REQUIRE(pixEqual(pix, back, &same) == 0);
  CHECK(same == 1);
  lept_free(data);
  pixDestroy(&back);

  CHECK(pngSize(pix) == deflated);  // the scope is over: the caller's level again
  pixDestroy(&pix);
}

TEST_CASE("StoredPngScope nests and leaves other threads' PNG writing alone") {
  PIX* pix = lineImage(600, 40);
  const size_t deflated = pngSize(pix);
  REQUIRE(deflated > 0);
  {
    const StoredPngScope outer;
    {
      const StoredPngScope inner;
      CHECK(pngSize(pix) > deflated * 4);
    }
    CHECK(pngSize(pix) > deflated * 4);  // the outer scope still holds
    size_t other = 0;
    std::thread([&] { other = pngSize(pix); }).join();
    CHECK(other == deflated);
  }
  CHECK(pngSize(pix) == deflated);
  pixDestroy(&pix);
}
