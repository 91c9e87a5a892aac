// ICAO 9303-3 §6 transliteration and plain folding.
#include <catch2/catch.hpp>

#include "bordergate/mrz/transliteration.h"

using namespace bordergate::mrz;

TEST_CASE("Turkish letters", "[transliteration]") {
  CHECK(transliterateIcao("ÖZTÜRK") == "OEZTUERK");
  CHECK(foldPlain("ÖZTÜRK") == "OZTURK");
  CHECK(transliterateIcao("ÇAĞLAR ŞİMŞEK") == "CAGLAR SIMSEK");
  CHECK(transliterateIcao("ılgın") == "ILGIN");
  CHECK(transliterateIcao("çağlar") == "CAGLAR");
}

TEST_CASE("German letters", "[transliteration]") {
  CHECK(transliterateIcao("Müller-Lüdenscheidt") == "MUELLER LUEDENSCHEIDT");
  CHECK(transliterateIcao("Strauß") == "STRAUSS");
  CHECK(foldPlain("Mäder") == "MADER");
}

TEST_CASE("Cyrillic", "[transliteration]") {
  CHECK(transliterateIcao("ИВАНОВ") == "IVANOV");
  CHECK(transliterateIcao("Щукин") == "SHCHUKIN");
  CHECK(transliterateIcao("Юлия") == "IULIIA");
  CHECK(transliterateIcao("Зінченко") == "ZINCHENKO");
  CHECK(transliterateIcao("Объедков") == "OBIEEDKOV");
  CHECK(transliterateIcao("Ильич") == "ILICH");
}

TEST_CASE("Greek", "[transliteration]") {
  CHECK(transliterateIcao("ΠΑΠΑΔΟΠΟΥΛΟΣ") == "PAPADOPOULOS");
  CHECK(transliterateIcao("Θεοδώρα") == "THEODORA");
  CHECK(transliterateIcao("ΧΑΤΖΗΣ") == "CHATZIS");
}

TEST_CASE("punctuation and unknown characters", "[transliteration]") {
  CHECK(transliterateIcao("O'NEILL") == "ONEILL");
  CHECK(transliterateIcao("  de la   Cruz ") == "DE LA CRUZ");
  bool lossy = false;
  CHECK(transliterateIcao("李 LEE", &lossy) == "LEE");
  CHECK(lossy);
  CHECK(normalizeName("OZTURK<<AHMET<CAN") == "OZTURK AHMET CAN");
}
