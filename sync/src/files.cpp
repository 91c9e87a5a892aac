// Durable file operations (see files.h).
#include "files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace bordergate::sync::detail {
namespace fs = std::filesystem;

namespace {
std::string errnoText() { return std::strerror(errno); }

Result<void> writeAll(int fd, const char* p, std::size_t n, const std::string& path) {
  while (n > 0) {
    const ssize_t w = ::write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return fail(ErrorCode::Io, "cannot write " + path + ": " + errnoText());
    }
    p += w;
    n -= static_cast<std::size_t>(w);
  }
  return {};
}
}  // namespace

std::string parentDir(const std::string& path) {
  const auto p = fs::path(path).parent_path();
  return p.empty() ? "." : p.string();
}

Result<void> fsyncPath(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fail(ErrorCode::Io, "cannot open " + path + " for fsync: " + errnoText());
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return fail(ErrorCode::Io, "fsync " + path + " failed: " + errnoText());
  return {};
}

Result<void> fsyncDir(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return fail(ErrorCode::Io, "cannot open directory " + dir + ": " + errnoText());
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return fail(ErrorCode::Io, "fsync of directory " + dir + " failed: " + errnoText());
  return {};
}

Result<void> renameDurable(const std::string& from, const std::string& to) {
  if (::rename(from.c_str(), to.c_str()) != 0)
    return fail(ErrorCode::Io, "cannot rename " + from + " to " + to + ": " + errnoText());
  return fsyncDir(parentDir(to));
}

Result<void> writeFileAtomic(const std::string& path, const std::string& data, unsigned mode) {
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return fail(ErrorCode::Io, "cannot create " + tmp + ": " + errnoText());
  auto w = writeAll(fd, data.data(), data.size(), tmp);
  if (w && ::fsync(fd) != 0) w = fail(ErrorCode::Io, "fsync " + tmp + " failed: " + errnoText());
  ::close(fd);
  if (!w) return w;
  return renameDurable(tmp, path);
}

Result<void> copyFileDurable(const std::string& from, const std::string& to) {
  const int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) return fail(ErrorCode::Io, "cannot read " + from + ": " + errnoText());
  const int out = ::open(to.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (out < 0) {
    ::close(in);
    return fail(ErrorCode::Io, "cannot create " + to + ": " + errnoText());
  }
  Result<void> res;
  char buf[1 << 16];
  for (;;) {
    const ssize_t r = ::read(in, buf, sizeof buf);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) { res = fail(ErrorCode::Io, "cannot read " + from + ": " + errnoText()); break; }
    if (r == 0) break;
    if (res = writeAll(out, buf, static_cast<std::size_t>(r), to); !res) break;
  }
  if (res && ::fsync(out) != 0) res = fail(ErrorCode::Io, "fsync " + to + " failed: " + errnoText());
  ::close(in);
  ::close(out);
  return res;
}

Result<void> makeDirs(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return fail(ErrorCode::Io, "cannot create directory " + dir + ": " + ec.message());
  return {};
}

}  // namespace bordergate::sync::detail
