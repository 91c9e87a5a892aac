// RFC 4180 CSV reader: quoting, escapes, embedded line breaks, positions of errors.
#include <catch2/catch.hpp>

#include "bordergate/rules/csv.h"

using namespace bordergate::rules;

TEST_CASE("csv: plain records and CRLF or LF line ends") {
  auto doc = parseCsv("a,b,c\r\n1,2,3\n4,,6", "t.csv");
  REQUIRE(doc);
  REQUIRE(doc->records.size() == 3);
  CHECK(doc->records[1].fields == std::vector<std::string>{"1", "2", "3"});
  CHECK(doc->records[2].fields == std::vector<std::string>{"4", "", "6"});
  CHECK(doc->records[2].line == 3);
}

TEST_CASE("csv: quoted fields keep commas, doubled quotes and line breaks") {
  auto doc = parseCsv("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",z\nlast,1\n", "t.csv");
  REQUIRE(doc);
  REQUIRE(doc->records.size() == 4);
  CHECK(doc->records[1].fields[0] == "x, y");
  CHECK(doc->records[1].fields[1] == "say \"hi\"");
  CHECK(doc->records[2].fields[0] == "two\nlines");
  CHECK(doc->records[2].line == 3);
  CHECK(doc->records[3].line == 5);  // the embedded line break counts as a physical line
}

TEST_CASE("csv: byte-order mark and blank lines are skipped") {
  auto doc = parseCsv("\xEF\xBB\xBFh1,h2\n\n1,2\n\n", "t.csv");
  REQUIRE(doc);
  REQUIRE(doc->records.size() == 2);
  CHECK(doc->records[0].fields[0] == "h1");
  CHECK(doc->records[1].line == 3);
}

TEST_CASE("csv: an unterminated quote names the line where it opened") {
  auto doc = parseCsv("a,b\n1,\"open\n\n", "t.csv");
  REQUIRE_FALSE(doc);
  CHECK(doc.error().line == 2);
  CHECK(doc.error().column == 2);
  CHECK(doc.error().describe().find("t.csv:2:2") == 0);
  CHECK(doc.error().message.find("never closed") != std::string::npos);
}

TEST_CASE("csv: a character after a closing quote is an error") {
  auto doc = parseCsv("a,b\n\"x\"y,2\n", "t.csv");
  REQUIRE_FALSE(doc);
  CHECK(doc.error().line == 2);
  CHECK(doc.error().column == 1);
  CHECK(doc.error().message.find("after a closing quote") != std::string::npos);
}

TEST_CASE("csv: a quote inside an unquoted field is an error") {
  auto doc = parseCsv("a,b\n1,x\"y\n", "t.csv");
  REQUIRE_FALSE(doc);
  CHECK(doc.error().line == 2);
  CHECK(doc.error().column == 2);
}

TEST_CASE("csv: invalid UTF-8 and NUL bytes are errors with their position") {
  auto bad = parseCsv("a,b\n1,\xC3\n", "t.csv");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().line == 2);
  CHECK(bad.error().message.find("UTF-8") != std::string::npos);
  auto overlong = parseCsv("a\n\xC0\xAF\n", "t.csv");
  REQUIRE_FALSE(overlong);
  auto nul = parseCsv(std::string_view("a\nx\0y\n", 6), "t.csv");
  REQUIRE_FALSE(nul);
  CHECK(nul.error().message.find("NUL") != std::string::npos);
  CHECK(parseCsv("a\nÖZTÜRK İ\n", "t.csv"));
}
