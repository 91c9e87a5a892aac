// CorpusTally (bordergate/vision/corpus.h): the one scoring of a read against its truth that
// `bench vision` and the corpus tests share.
#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

#include "bordergate/vision/corpus.h"

using bordergate::vision::CorpusTally;

namespace {
// ICAO 9303-4 Appendix A specimen (TD3): passes every check digit.
const std::vector<std::string> kTd3 = {"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                                       "L898902C36UTO7408122F1204159ZE184226B<<<<<10"};
const std::string kTd3Text = kTd3[0] + "\n" + kTd3[1];
}  // namespace

TEST_CASE("CorpusTally: exact, misread, rejected, uncertain-but-right and not found are told apart") {
  CorpusTally t;
  CHECK_FALSE(t.add(kTd3Text, true, true, false, kTd3));  // exact
  auto wrong = kTd3;
  wrong[0][5] = 'F';                                     // ERIKSSON -> FRIKSSON
  CHECK(t.add(kTd3Text, true, true, false, wrong));      // valid but wrong: a misread
  CHECK(t.add(std::nullopt, true, true, false, kTd3));   // valid where no MRZ is: a misread
  CHECK_FALSE(t.add(kTd3Text, false, true, true, kTd3));   // uncertain, text right
  CHECK_FALSE(t.add(kTd3Text, false, true, false, wrong)); // refused
  CHECK_FALSE(t.add(kTd3Text, false, false, false, {}));   // not found
  CHECK_FALSE(t.add(std::nullopt, false, false, false, {}));
  CHECK(t.images == 7);
  CHECK(t.withTruth == 5);
  CHECK(t.exact == 1);
  CHECK(t.misreads == 2);
  CHECK(t.rejected == 2);
  CHECK(t.uncertainExact == 1);
  CHECK(t.notFound == 2);
  CHECK(t.invalidTruth == 0);
  CHECK(t.chars == 5 * 88);
  CHECK(t.charsRight == 88 + 87 + 88 + 87 + 0);
  CHECK(t.exactRateOfValidTruths() == Approx(1.0 / 5));
}

TEST_CASE("CorpusTally: a truth that fails its own checks is counted apart and never an exact read") {
  CorpusTally t;
  auto broken = kTd3;
  broken[1][9] = '7';  // document number check digit 6 -> 7
  const std::string brokenText = broken[0] + "\n" + broken[1];
  CHECK_FALSE(t.add(brokenText, false, true, false, broken));  // read letter for letter, refused: right
  CHECK_FALSE(t.add(kTd3Text, true, true, false, kTd3));
  CHECK(t.invalidTruth == 1);
  CHECK(t.invalidTruthRead == 1);
  CHECK(t.exact == 1);
  CHECK(t.exactRateOfValidTruths() == Approx(1.0));  // 1 exact of the 1 valid truth
}
