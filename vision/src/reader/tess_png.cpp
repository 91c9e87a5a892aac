// StoredPngScope and the png_set_compression_level interposer (see tess_png.h).
#include "tess_png.h"

#include <dlfcn.h>
#include <png.h>
#include <zlib.h>

namespace bordergate::vision {
namespace {

// Open StoredPngScope instances on this thread.
thread_local int tStoredDepth = 0;

}  // namespace

StoredPngScope::StoredPngScope() { ++tStoredDepth; }
StoredPngScope::~StoredPngScope() { --tStoredDepth; }

}  // namespace bordergate::vision

// libpng 1.6 (png.h): sets the zlib level for the image data of one write. Leptonica calls it
// once per pixWriteMemPng, before the header, so the filter choice made here applies to every
// row. libpng is loaded whenever this is called (the caller uses libpng), so RTLD_NEXT finds
// its definition; the lookup runs once (thread-safe static initialisation).
extern "C" void png_set_compression_level(png_structrp png_ptr, int level) {
  using SetLevel = void (*)(png_structrp, int);
  static const SetLevel next = reinterpret_cast<SetLevel>(dlsym(RTLD_NEXT, "png_set_compression_level"));
  if (next == nullptr) return;  // libpng keeps its default level: slower, same pixels
  if (bordergate::vision::tStoredDepth > 0) {
    next(png_ptr, Z_NO_COMPRESSION);
    png_set_filter(png_ptr, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);  // filters only help compression
    return;
  }
  next(png_ptr, level);
}
