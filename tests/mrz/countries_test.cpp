// Country and ICAO special codes.
#include <catch2/catch.hpp>

#include "bordergate/mrz/countries.h"

using namespace bordergate::mrz;

TEST_CASE("ISO 3166-1 alpha-3 codes are known", "[countries]") {
  CHECK(countryName("TUR"));
  CHECK(countryName("DEU") == std::string_view("Germany"));
  CHECK(countryName("SYR"));
  CHECK_FALSE(countryName("ZZZ"));
  CHECK_FALSE(countryName(""));
  CHECK_FALSE(countryName("tur"));
}

TEST_CASE("ICAO 9303-3 special codes are known", "[countries]") {
  for (const char* code : {"D", "GBD", "GBN", "GBO", "GBP", "GBS", "UNO", "UNA", "UNK", "XXA", "XXB", "XXC",
                           "XXX", "XOM", "XPO", "EUE", "RKS", "UTO"})
    CHECK(countryName(code));
}
