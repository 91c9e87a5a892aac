// Streaming zstd compression/decompression with size limits (see zstd_io.h).
#include "zstd_io.h"

#include <zstd.h>

#include <cstdio>
#include <functional>
#include <memory>
#include <vector>

namespace bordergate::sync::detail {

namespace {
struct FileCloser {
  void operator()(std::FILE* f) const { if (f) std::fclose(f); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

// Decompresses `from` feeding each output chunk to sink; bounded by maxRaw.
Result<FileDigest> decompressStream(const std::string& from, std::uint64_t maxRaw,
                                    const std::function<Result<void>(const char*, std::size_t)>& sink) {
  FilePtr in(std::fopen(from.c_str(), "rb"));
  if (!in) return fail(ErrorCode::Io, "cannot read " + from);
  std::unique_ptr<ZSTD_DCtx, decltype(&ZSTD_freeDCtx)> dctx(ZSTD_createDCtx(), ZSTD_freeDCtx);
  std::vector<char> ibuf(ZSTD_DStreamInSize()), obuf(ZSTD_DStreamOutSize());
  Sha256 h;
  FileDigest d;
  std::size_t last = 1;  // non-zero until a frame ends exactly
  bool any = false;
  std::size_t n;
  while ((n = std::fread(ibuf.data(), 1, ibuf.size(), in.get())) > 0) {
    any = true;
    ZSTD_inBuffer ib{ibuf.data(), n, 0};
    while (ib.pos < ib.size) {
      ZSTD_outBuffer ob{obuf.data(), obuf.size(), 0};
      last = ZSTD_decompressStream(dctx.get(), &ob, &ib);
      if (ZSTD_isError(last)) return fail(ErrorCode::InvalidData, from + " is not valid zstd data: " + ZSTD_getErrorName(last));
      d.length += ob.pos;
      if (d.length > maxRaw) return fail(ErrorCode::InvalidData, from + " decompresses to more than the signed " + std::to_string(maxRaw) + " bytes");
      h.update(obuf.data(), ob.pos);
      if (auto s = sink(obuf.data(), ob.pos); !s) return tl::unexpected(s.error());
    }
  }
  if (std::ferror(in.get())) return fail(ErrorCode::Io, "read error on " + from);
  if (!any || last != 0) return fail(ErrorCode::InvalidData, from + " is a truncated zstd stream");
  d.sha256 = h.finishHex();
  return d;
}
}  // namespace

std::string compressBuffer(const std::string& raw) {
  std::string out(ZSTD_compressBound(raw.size()), '\0');
  const std::size_t n = ZSTD_compress(out.data(), out.size(), raw.data(), raw.size(), kZstdLevel);
  out.resize(ZSTD_isError(n) ? 0 : n);
  return out;
}

Result<FileDigest> compressFile(const std::string& from, const std::string& to) {
  FilePtr in(std::fopen(from.c_str(), "rb"));
  if (!in) return fail(ErrorCode::Io, "cannot read " + from);
  FilePtr out(std::fopen(to.c_str(), "wb"));
  if (!out) return fail(ErrorCode::Io, "cannot create " + to);
  std::unique_ptr<ZSTD_CCtx, decltype(&ZSTD_freeCCtx)> cctx(ZSTD_createCCtx(), ZSTD_freeCCtx);
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_compressionLevel, kZstdLevel);
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_checksumFlag, 1);
  std::vector<char> ibuf(ZSTD_CStreamInSize()), obuf(ZSTD_CStreamOutSize());
  Sha256 h;
  FileDigest d;
  for (;;) {
    const std::size_t n = std::fread(ibuf.data(), 1, ibuf.size(), in.get());
    const bool lastChunk = n < ibuf.size();
    ZSTD_inBuffer ib{ibuf.data(), n, 0};
    bool done = false;
    while (!done) {
      ZSTD_outBuffer ob{obuf.data(), obuf.size(), 0};
      const std::size_t rem = ZSTD_compressStream2(cctx.get(), &ob, &ib, lastChunk ? ZSTD_e_end : ZSTD_e_continue);
      if (ZSTD_isError(rem)) return fail(ErrorCode::Internal, std::string("zstd: ") + ZSTD_getErrorName(rem));
      if (std::fwrite(obuf.data(), 1, ob.pos, out.get()) != ob.pos) return fail(ErrorCode::Io, "cannot write " + to);
      h.update(obuf.data(), ob.pos);
      d.length += ob.pos;
      done = lastChunk ? rem == 0 : ib.pos == ib.size;
    }
    if (lastChunk) break;
  }
  if (std::ferror(in.get())) return fail(ErrorCode::Io, "read error on " + from);
  if (std::fflush(out.get()) != 0) return fail(ErrorCode::Io, "cannot write " + to);
  d.sha256 = h.finishHex();
  return d;
}

Result<FileDigest> decompressFile(const std::string& from, const std::string& to, std::uint64_t maxRaw) {
  FilePtr out(std::fopen(to.c_str(), "wb"));
  if (!out) return fail(ErrorCode::Io, "cannot create " + to);
  auto d = decompressStream(from, maxRaw, [&](const char* p, std::size_t n) -> Result<void> {
    if (n && std::fwrite(p, 1, n, out.get()) != n) return fail(ErrorCode::Io, "cannot write " + to + " (disk full?)");
    return {};
  });
  if (d && std::fflush(out.get()) != 0) return fail(ErrorCode::Io, "cannot write " + to);
  return d;
}

Result<std::string> decompressToBuffer(const std::string& from, std::uint64_t maxRaw) {
  std::string out;
  auto d = decompressStream(from, maxRaw, [&](const char* p, std::size_t n) -> Result<void> {
    out.append(p, n);
    return {};
  });
  if (!d) return tl::unexpected(d.error());
  return out;
}

}  // namespace bordergate::sync::detail
