#include "bordergate/core/files.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace bordergate {

Result<std::string> readFile(const std::string& path, std::uint64_t maxBytes) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return fail(errno == ENOENT ? ErrorCode::NotFound : ErrorCode::Io, "cannot read " + path + ": " + std::strerror(errno));
  std::string out;
  char buf[1 << 16];
  for (;;) {
    const ssize_t r = ::read(fd, buf, sizeof buf);
    if (r < 0) {
      if (errno == EINTR) continue;
      const int e = errno;
      ::close(fd);
      return fail(ErrorCode::Io, "cannot read " + path + ": " + std::strerror(e));
    }
    if (r == 0) break;
    out.append(buf, static_cast<std::size_t>(r));
    if (out.size() > maxBytes) {
      ::close(fd);
      return fail(ErrorCode::InvalidData, path + " is larger than the " + std::to_string(maxBytes) + "-byte limit");
    }
  }
  ::close(fd);
  return out;
}

}  // namespace bordergate
