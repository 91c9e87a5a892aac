// libFuzzer target: the firmware signature file parser (firmware_image.h) accepts any bytes
// without crashing; whatever it accepts formats back to text that parses to the same fields.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "bordergate/firmware_host/firmware_image.h"

using namespace bordergate::firmware_host;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto f = parseFirmwareSignatureFile(text);
  if (!f) {
    if (f.error().message.empty()) std::abort();
    return 0;
  }
  auto again = parseFirmwareSignatureFile(formatFirmwareSignatureFile(*f));
  if (!again || again->version != f->version || again->size != f->size || again->sha256 != f->sha256 ||
      again->signature != f->signature)
    std::abort();
  return 0;
}
