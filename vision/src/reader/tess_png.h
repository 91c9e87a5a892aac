// Tesseract's PNG round trip of every line image, made cheap.
//
// libtesseract hands each word image to its LSTM through an ImageData, which stores the image
// as PNG bytes and decodes them again (Tesseract::GetRectImage -> ImageData::SetPix ->
// pixWriteMem(IFF_PNG) -> ImageData::GetPix -> pixReadMem). Debian's build does not set
// TESSERACT_IMAGEDATA_AS_PIX, the compile-time switch that would keep the Pix, and neither
// Tesseract nor Leptonica lets a caller choose the compression of that copy: Leptonica takes
// zlib's default level 6 with libpng's adaptive row filters. Encoding alone was 10-11 % of the
// CPU time of a read (perf, camera-easy), for a buffer that lives a few microseconds; with the
// copy stored, encoding and decoding together are under 1 %.
//
// tess_png.cpp therefore defines libpng's png_set_compression_level itself (ELF symbol
// interposition: the executable's definition comes first in the dynamic linker's lookup, so
// Leptonica's call reaches it). Outside a StoredPngScope it forwards the caller's level to
// libpng unchanged; inside one, on the same thread, it asks for zlib level 0 (stored blocks)
// and no row filter, so encoding is a copy plus checksums and decoding a copy. PNG is lossless
// whatever the level: Tesseract sees the same pixels, and reads are byte-identical.
//
// Contract: the interposition needs the symbol in the executable's dynamic symbol table; the
// bordergate_vision target asks the linker for that (vision/src/reader/CMakeLists.txt), and
// tests/vision/tess_png_test.cpp checks the whole path through Leptonica. If it were ever
// missing, reads stay correct and only the speed-up is lost.
#pragma once

namespace bordergate::vision {

// While alive, PNG images that libpng writes on this thread are stored uncompressed and
// unfiltered. Nests; other threads are unaffected. Use only around calls whose PNG output is
// a transient in-memory copy (TessEngine::readLine): a file written in scope would be large.
class StoredPngScope {
 public:
  StoredPngScope();
  ~StoredPngScope();
  StoredPngScope(const StoredPngScope&) = delete;
  StoredPngScope& operator=(const StoredPngScope&) = delete;
};

}  // namespace bordergate::vision
