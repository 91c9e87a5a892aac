// Known-device table parsing and matching (devices/data/known_devices.csv).
#include "bordergate/devices/usb_device.h"

#include <charconv>
#include <cstdio>

namespace bordergate::devices {

namespace detail {
extern const std::string_view kKnownDevicesCsv;
}

std::string UsbDeviceInfo::key() const { return "bus " + std::to_string(bus) + " addr " + std::to_string(address); }

std::string UsbDeviceInfo::id() const {
  char b[16];
  std::snprintf(b, sizeof b, "%04x:%04x", vendorId, productId);
  return b;
}

std::string_view deviceKindName(DeviceKind k) {
  switch (k) {
    case DeviceKind::Unknown: return "unknown";
    case DeviceKind::ControllerBoard: return "controller-board";
    case DeviceKind::Camera: return "camera";
    case DeviceKind::SmartCardReader: return "smartcard-reader";
  }
  return "?";
}

namespace {

template <typename T>
bool parseHex(std::string_view s, std::size_t digits, std::optional<T>& out) {
  if (s == "*") {
    out.reset();
    return true;
  }
  if (s.size() != digits) return false;
  unsigned v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, 16);
  if (ec != std::errc() || p != s.data() + s.size()) return false;
  out = static_cast<T>(v);
  return true;
}

}  // namespace

Result<std::vector<KnownDevice>> parseKnownDevices(std::string_view csv) {
  std::vector<KnownDevice> out;
  int lineNo = 0;
  while (!csv.empty()) {
    ++lineNo;
    const auto nl = csv.find('\n');
    std::string_view line = csv.substr(0, nl);
    csv = nl == std::string_view::npos ? std::string_view{} : csv.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    // 6 fields; the last (source) may contain commas.
    std::vector<std::string_view> f;
    for (int i = 0; i < 5; ++i) {
      const auto c = line.find(',');
      if (c == std::string_view::npos) break;
      f.push_back(line.substr(0, c));
      line = line.substr(c + 1);
    }
    f.push_back(line);
    const std::string where = "known devices line " + std::to_string(lineNo);
    if (f.size() != 6) return fail(ErrorCode::InvalidData, where + ": expected 6 comma-separated fields");
    KnownDevice k;
    if (!parseHex(f[0], 4, k.vendorId)) return fail(ErrorCode::InvalidData, where + ": vendor_id must be 4 hex digits or *");
    if (!parseHex(f[1], 4, k.productId)) return fail(ErrorCode::InvalidData, where + ": product_id must be 4 hex digits or *");
    if (!parseHex(f[2], 2, k.usbClass)) return fail(ErrorCode::InvalidData, where + ": class must be 2 hex digits or *");
    if (f[3] == "controller-board") k.kind = DeviceKind::ControllerBoard;
    else if (f[3] == "camera") k.kind = DeviceKind::Camera;
    else if (f[3] == "smartcard-reader") k.kind = DeviceKind::SmartCardReader;
    else return fail(ErrorCode::InvalidData, where + ": kind must be controller-board, camera or smartcard-reader");
    if (!k.vendorId && !k.productId && !k.usbClass) return fail(ErrorCode::InvalidData, where + ": a row matching every device is not allowed");
    k.name = std::string(f[4]);
    k.source = std::string(f[5]);
    out.push_back(std::move(k));
  }
  return out;
}

const std::vector<KnownDevice>& builtinKnownDevices() {
  static const std::vector<KnownDevice> table = [] {
    auto t = parseKnownDevices(detail::kKnownDevicesCsv);
    // The file is checked by a unit test; an empty table here would only mean nothing is recognised.
    return t ? *t : std::vector<KnownDevice>{};
  }();
  return table;
}

const KnownDevice* identify(const UsbDeviceInfo& d, const std::vector<KnownDevice>& table) {
  for (const auto& k : table) {
    if (k.vendorId && *k.vendorId != d.vendorId) continue;
    if (k.productId && *k.productId != d.productId) continue;
    if (k.usbClass) {
      bool classMatch = d.deviceClass == *k.usbClass;
      for (auto c : d.interfaceClasses) classMatch = classMatch || c == *k.usbClass;
      if (!classMatch) continue;
    }
    return &k;
  }
  return nullptr;
}

}  // namespace bordergate::devices
