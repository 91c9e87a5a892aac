// libcurl downloads with size and stall limits (see fetch.h).
#include "fetch.h"

#include <curl/curl.h>

#include <cstdio>
#include <functional>
#include <memory>
#include <mutex>

namespace bordergate::sync::detail {

namespace {
void globalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Sink {
  std::uint64_t max = 0;
  std::uint64_t received = 0;
  bool tooLarge = false;
  bool writeFailed = false;
  std::function<bool(const char*, std::size_t)> put;
};

std::size_t onData(char* ptr, std::size_t size, std::size_t nmemb, void* user) {
  auto* s = static_cast<Sink*>(user);
  const std::size_t n = size * nmemb;
  if (s->received + n > s->max) {
    s->tooLarge = true;
    return 0;  // aborts the transfer (CURLE_WRITE_ERROR)
  }
  if (!s->put(ptr, n)) {
    s->writeFailed = true;
    return 0;
  }
  s->received += n;
  return n;
}

FetchResult<std::uint64_t> run(const std::string& baseUrl, const std::string& name, Sink& sink, const FetchLimits& limits) {
  globalInit();
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return tl::unexpected(FetchError{FetchStatus::Local, "curl_easy_init failed"});
  std::string url = baseUrl;
  if (!url.empty() && url.back() != '/') url += '/';
  url += name;
  char errbuf[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "http,https,file");
  curl_easy_setopt(curl.get(), CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_FAILONERROR, 0L);
  curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT, limits.connectTimeoutSeconds);
  curl_easy_setopt(curl.get(), CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_LOW_SPEED_TIME, limits.stallTimeoutSeconds);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, limits.totalTimeoutSeconds);
  curl_easy_setopt(curl.get(), CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(sink.max));
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, onData);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &sink);
  const CURLcode rc = curl_easy_perform(curl.get());
  long httpCode = 0;
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &httpCode);
  const std::string detail = errbuf[0] ? errbuf : curl_easy_strerror(rc);
  if (sink.tooLarge || rc == CURLE_FILESIZE_EXCEEDED)
    return tl::unexpected(FetchError{FetchStatus::TooLarge, url + " is larger than the " + std::to_string(sink.max) + "-byte limit"});
  if (sink.writeFailed) return tl::unexpected(FetchError{FetchStatus::Local, "cannot store the download of " + url + " (disk full?)"});
  if (rc == CURLE_FILE_COULDNT_READ_FILE || httpCode == 404 || httpCode == 410)
    return tl::unexpected(FetchError{FetchStatus::NotFound, url + " not found"});
  if (rc != CURLE_OK) return tl::unexpected(FetchError{FetchStatus::Network, "download of " + url + " failed: " + detail});
  if (httpCode != 0 && (httpCode < 200 || httpCode >= 300))
    return tl::unexpected(FetchError{FetchStatus::Network, url + ": HTTP status " + std::to_string(httpCode)});
  return sink.received;
}
}  // namespace

FetchResult<std::string> fetchToMemory(const std::string& baseUrl, const std::string& name, std::uint64_t maxBytes, const FetchLimits& limits) {
  std::string out;
  Sink sink;
  sink.max = maxBytes;
  sink.put = [&](const char* p, std::size_t n) {
    out.append(p, n);
    return true;
  };
  auto r = run(baseUrl, name, sink, limits);
  if (!r) return tl::unexpected(r.error());
  return out;
}

FetchResult<std::uint64_t> fetchToFile(const std::string& baseUrl, const std::string& name, const std::string& path,
                                       std::uint64_t maxBytes, const FetchLimits& limits) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "wb"), std::fclose);
  if (!f) return tl::unexpected(FetchError{FetchStatus::Local, "cannot create " + path});
  Sink sink;
  sink.max = maxBytes;
  sink.put = [&](const char* p, std::size_t n) { return std::fwrite(p, 1, n, f.get()) == n; };
  auto r = run(baseUrl, name, sink, limits);
  if (r && std::fflush(f.get()) != 0) return tl::unexpected(FetchError{FetchStatus::Local, "cannot write " + path});
  return r;
}

}  // namespace bordergate::sync::detail
