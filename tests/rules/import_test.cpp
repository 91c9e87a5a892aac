// The list importer: one test per validation error (file, line, column, message), and the
// build: atomic, all-or-nothing, versioned, every table with a primary key.
#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <fstream>

#include "bordergate/rules/list_builder.h"
#include "test_support.h"

using namespace bordergate;
using namespace bordergate::rules;
using namespace bordergate::rules::test;

namespace {

const std::string kBanHeader =
    "ban_id,surname,given_names,birth_date,nationality,sex,document_number,article,valid_from,valid_to,lifted_on,"
    "permit_entry_from,permit_entry_to\n";
const std::string kVisaHeader = "visa_id,kind,document_number,nationality,valid_from,valid_to,max_days,entries,purpose\n";
const std::string kRegimeHeader =
    "nationality,document_kind,regime,max_days,period_days,airport_transit_visa,valid_from,valid_to,note\n";

std::vector<ImportIssue> issues(ListTable t, const std::string& text) {
  ListContents c;
  const char* name = "x.csv";
  for (const auto& s : listTableSpecs())
    if (s.table == t) name = s.fileName;
  return importTable(t, text, name, c);
}

// Exactly one issue, at line:column, whose message contains `what`.
void expectOne(const std::vector<ImportIssue>& found, int line, int column, const std::string& what) {
  INFO((found.empty() ? std::string("no issue") : found.front().describe()));
  REQUIRE(found.size() == 1);
  CHECK(found[0].line == line);
  CHECK(found[0].column == column);
  CHECK(found[0].message.find(what) != std::string::npos);
}

std::string ban(const std::string& fields) { return kBanHeader + fields + "\n"; }
const std::string kGoodBan = "B1,TESTPERSON,ANNA,1980-01-01,D,F,ZZ1,9(1),2024-01-01,2028-12-31,,,";

}  // namespace

TEST_CASE("import: a good record gives no issue") {
  ListContents c;
  CHECK(importTable(ListTable::EntryBans, ban(kGoodBan), "entry_bans.csv", c).empty());
  REQUIRE(c.bans.size() == 1);
  CHECK(c.bans[0].validity.to == d("2028-12-31"));
}

TEST_CASE("import: empty file and missing header") {
  expectOne(issues(ListTable::EntryBans, ""), 0, 0, "header row is required");
}

TEST_CASE("import: header lacks a column") {
  auto found = issues(ListTable::LostDocuments, "issuing_state,document_number\nD,ZZ1\n");
  REQUIRE(found.size() == 1);
  CHECK(found[0].columnName == "reported_on");
  CHECK(found[0].message.find("lacks column") != std::string::npos);
}

TEST_CASE("import: unknown and duplicated header columns") {
  expectOne(issues(ListTable::LostDocuments, "issuing_state,document_number,reported_on,extra\n"), 1, 4, "unknown column 'extra'");
  expectOne(issues(ListTable::PriorAuthorization, "nationality,valid_from,valid_to,valid_to\n"), 1, 4, "appears twice");
}

TEST_CASE("import: columns may come in any order") {
  ListContents c;
  CHECK(importTable(ListTable::LostDocuments, "reported_on,document_number,issuing_state\n2026-01-02,ZZ1,D\n",
                    "lost_documents.csv", c).empty());
  REQUIRE(c.lostDocuments.size() == 1);
  CHECK(c.lostDocuments[0].issuingState == "D");
}

TEST_CASE("import: wrong number of fields names the record") {
  expectOne(issues(ListTable::LostDocuments, "issuing_state,document_number,reported_on\nD,ZZ1\n"), 2, 0, "has 2 fields");
}

TEST_CASE("import: required field empty") {
  expectOne(issues(ListTable::EntryBans, ban("B1,,ANNA,1980-01-01,D,F,ZZ1,9(1),2024-01-01,2028-12-31,,,")), 2, 2, "is empty");
}

TEST_CASE("import: a date that does not exist") {
  auto found = issues(ListTable::EntryBans, ban("B1,TESTPERSON,ANNA,1980-02-30,D,F,ZZ1,9(1),2024-01-01,2028-12-31,,,"));
  expectOne(found, 2, 4, "not a date");
  CHECK(found[0].describe() == "entry_bans.csv:2:4 (birth_date): '1980-02-30' is not a date; expected YYYY-MM-DD (a real calendar day)");
}

TEST_CASE("import: country codes must be ICAO codes") {
  expectOne(issues(ListTable::EntryBans, ban("B1,TESTPERSON,ANNA,1980-01-01,DEUX,F,ZZ1,9(1),2024-01-01,2028-12-31,,,")), 2, 5, "not a country code");
  expectOne(issues(ListTable::EntryBans, ban("B1,TESTPERSON,ANNA,1980-01-01,QQQ,F,ZZ1,9(1),2024-01-01,2028-12-31,,,")), 2, 5, "not a known");
}

TEST_CASE("import: document numbers are MRZ characters") {
  expectOne(issues(ListTable::EntryBans, ban("B1,TESTPERSON,ANNA,1980-01-01,D,F,zz-1,9(1),2024-01-01,2028-12-31,,,")), 2, 7, "not a document number");
}

TEST_CASE("import: sex must be F, M, X or empty") {
  expectOne(issues(ListTable::EntryBans, ban("B1,TESTPERSON,ANNA,1980-01-01,D,W,ZZ1,9(1),2024-01-01,2028-12-31,,,")), 2, 6, "F, M, X");
}

TEST_CASE("import: a ban cites a paragraph of Art. 9") {
  expectOne(issues(ListTable::EntryBans, ban("B1,TESTPERSON,ANNA,1980-01-01,D,F,ZZ1,7(1),2024-01-01,2028-12-31,,,")), 2, 8, "not a ground");
}

TEST_CASE("import: a ban ends at most 15 years after it starts (Art. 9(3))") {
  CHECK(issues(ListTable::EntryBans, ban("B1,TESTPERSON,ANNA,1980-01-01,D,F,ZZ1,9(1),2020-01-01,2034-12-31,,,")).empty());
  expectOne(issues(ListTable::EntryBans, ban("B1,TESTPERSON,ANNA,1980-01-01,D,F,ZZ1,9(1),2020-01-01,2035-01-01,,,")), 2, 10, "at most 5 years, extendable by at most 10");
}

TEST_CASE("import: an Art. 9(4) ban lasts at most one year") {
  // valid_to is the last day of the ban (inclusive): one year from 2026-03-01 ends 2027-02-28.
  CHECK(issues(ListTable::EntryBans, ban("B1,TESTPERSON,ANNA,1980-01-01,D,F,ZZ1,9(4),2026-03-01,2027-02-28,,,")).empty());
  expectOne(issues(ListTable::EntryBans, ban("B1,TESTPERSON,ANNA,1980-01-01,D,F,ZZ1,9(4),2026-03-01,2027-03-01,,,")), 2, 10, "at most one year");
}

TEST_CASE("import: a ban needs an end date") {
  expectOne(issues(ListTable::EntryBans, ban("B1,TESTPERSON,ANNA,1980-01-01,D,F,ZZ1,9(1),2024-01-01,,,,")), 2, 10, "is empty");
}

TEST_CASE("import: end before start") {
  expectOne(issues(ListTable::EntryBans, ban("B1,TESTPERSON,ANNA,1980-01-01,D,F,ZZ1,9(1),2024-01-01,2023-12-31,,,")), 2, 10, "is before valid_from");
  expectOne(issues(ListTable::EntryBans, ban("B1,TESTPERSON,ANNA,1980-01-01,D,F,ZZ1,9(1),2024-01-01,2028-12-31,2023-01-01,,")), 2, 11, "is before valid_from");
}

TEST_CASE("import: a temporary entry permission needs both ends (Art. 9(6))") {
  expectOne(issues(ListTable::EntryBans, ban("B1,TESTPERSON,ANNA,1980-01-01,D,F,ZZ1,9(1),2024-01-01,2028-12-31,,2026-01-01,")), 2, 13, "needs both");
  expectOne(issues(ListTable::EntryBans, ban("B1,TESTPERSON,ANNA,1980-01-01,D,F,ZZ1,9(1),2024-01-01,2028-12-31,,2026-01-05,2026-01-01")), 2, 13, "is before permit_entry_from");
}

TEST_CASE("import: a ban identifies the person by more than a name") {
  expectOne(issues(ListTable::EntryBans, ban("B1,TESTPERSON,ANNA,,D,F,,9(1),2024-01-01,2028-12-31,,,")), 2, 0, "a name alone");
}

TEST_CASE("import: names must transliterate to the MRZ alphabet") {
  expectOne(issues(ListTable::EntryBans, ban("B1,测试,ANNA,1980-01-01,D,F,ZZ1,9(1),2024-01-01,2028-12-31,,,")), 2, 2, "no ICAO 9303-3 transliteration");
  CHECK(issues(ListTable::EntryBans, ban("B1,ÖZTÜRK-İĞDE,ΑΝΝΑ,1980-01-01,D,F,ZZ1,9(1),2024-01-01,2028-12-31,,,")).empty());
}

TEST_CASE("import: duplicate keys name the first line") {
  expectOne(issues(ListTable::EntryBans, ban(kGoodBan + "\n" + kGoodBan)), 3, 0, "duplicate ban_id B1 (first on line 2)");
  expectOne(issues(ListTable::LostDocuments, "issuing_state,document_number,reported_on\nD,ZZ1,2026-01-01\nD,ZZ1,2026-02-01\n"), 3, 0, "duplicate lost document");
}

TEST_CASE("import: enumerations list their allowed values") {
  expectOne(issues(ListTable::Visas, kVisaHeader + "V1,schengen,ZZ1,AFG,2026-01-01,2026-02-01,10,single,\n"), 2, 2, "e_visa, sticker, border, airport_transit");
  expectOne(issues(ListTable::Visas, kVisaHeader + "V1,sticker,ZZ1,AFG,2026-01-01,2026-02-01,10,twice,\n"), 2, 8, "single, multiple");
  expectOne(issues(ListTable::VisaRegime, kRegimeHeader + "AFG,passport,visa_required,,,no,,,\n"), 2, 2, "ordinary, diplomatic");
  expectOne(issues(ListTable::VisaRegime, kRegimeHeader + "AFG,ordinary,maybe,,,no,,,\n"), 2, 3, "exempt, e_visa");
  expectOne(issues(ListTable::VisaRegime, kRegimeHeader + "AFG,ordinary,visa_required,,,perhaps,,,\n"), 2, 6, "yes, no");
  expectOne(issues(ListTable::Permits, "permit_id,kind,document_number,nationality,surname,given_names,birth_date,valid_from,valid_to\n"
                                       "P1,visa,ZZ1,AFG,TESTPERSON,A,,2026-01-01,2027-01-01\n"), 2, 2, "residence, work");
  expectOne(issues(ListTable::Crossings, "document_number,nationality,birth_date,direction,at,port\nZZ1,D,,transit,2026-01-01T10:00:00Z,IST\n"), 2, 4, "entry, exit");
}

TEST_CASE("import: numbers are whole and in range") {
  expectOne(issues(ListTable::VisaRegime, kRegimeHeader + "D,ordinary,exempt,ninety,180,no,,,\n"), 2, 4, "not a whole number");
  expectOne(issues(ListTable::VisaRegime, kRegimeHeader + "D,ordinary,exempt,0,180,no,,,\n"), 2, 4, "from 1 to");
}

TEST_CASE("import: an exempt regime states its days, within its period") {
  expectOne(issues(ListTable::VisaRegime, kRegimeHeader + "D,ordinary,exempt,,,no,,,\n"), 2, 4, "visa-free days");
  expectOne(issues(ListTable::VisaRegime, kRegimeHeader + "D,ordinary,exempt,200,180,no,,,\n"), 2, 4, "cannot fit");
}

TEST_CASE("import: regime periods for one nationality and kind must not overlap") {
  expectOne(issues(ListTable::VisaRegime, kRegimeHeader + "D,ordinary,exempt,90,180,no,,2026-06-30,\nD,ordinary,visa_required,,,no,2026-06-30,,\n"), 3, 0, "overlaps");
  CHECK(issues(ListTable::VisaRegime, kRegimeHeader + "D,ordinary,exempt,90,180,no,,2026-06-29,\nD,ordinary,visa_required,,,no,2026-06-30,,\n").empty());
}

TEST_CASE("import: a border visa allows at most 15 days (Art. 13(2))") {
  CHECK(issues(ListTable::Visas, kVisaHeader + "V1,border,ZZ1,AFG,2026-01-01,2026-01-15,15,single,\n").empty());
  expectOne(issues(ListTable::Visas, kVisaHeader + "V1,border,ZZ1,AFG,2026-01-01,2026-01-16,16,single,\n"), 2, 7, "at most 15 days");
}

TEST_CASE("import: an airport transit visa is used within six months (Art. 14(1))") {
  CHECK(issues(ListTable::Visas, kVisaHeader + "V1,airport_transit,ZZ1,AFG,2026-01-31,2026-07-31,,single,\n").empty());
  expectOne(issues(ListTable::Visas, kVisaHeader + "V1,airport_transit,ZZ1,AFG,2026-01-31,2026-08-01,,single,\n"), 2, 6, "six months");
}

TEST_CASE("import: crossings need an ISO 8601 UTC timestamp") {
  const std::string h = "document_number,nationality,birth_date,direction,at,port\n";
  expectOne(issues(ListTable::Crossings, h + "ZZ1,D,,entry,2026-01-01 10:00,IST\n"), 2, 5, "not a UTC timestamp");
  expectOne(issues(ListTable::Crossings, h + "ZZ1,D,,entry,2026-01-01T10:00:00+03:00,IST\n"), 2, 5, "not a UTC timestamp");
  CHECK(issues(ListTable::Crossings, h + "ZZ1,D,,entry,2026-01-01T10:00:00.250Z,IST\n").empty());
}

TEST_CASE("import: several issues are all reported") {
  auto found = issues(ListTable::EntryBans, ban("B1,TESTPERSON,ANNA,1980-13-01,D,W,ZZ1,9(1),2024-01-01,2028-12-31,,,"));
  CHECK(found.size() == 2);
}

TEST_CASE("build: the shipped sample export builds") {
  TempDir tmp;
  BuildOptions o{sampleDataDir().string(), tmp.file("list.db"), std::nullopt, 1'700'000'000, std::nullopt};
  auto s = buildList(o);
  REQUIRE(s);
  CHECK(s->version == 1);  // rules/data/VERSION
  CHECK_FALSE(s->randomHashKey);
  auto list = ListReader::open(tmp.file("list.db"));
  REQUIRE(list);
  CHECK((*list)->version() == 1);
  CHECK((*list)->builtAt() == 1'700'000'000);
}

TEST_CASE("build: a bad file builds nothing and keeps the previous list") {
  TempDir tmp;
  const auto src = tmp.path() / "src";
  std::filesystem::create_directories(src);
  copySampleData(src);
  const std::string out = tmp.file("list.db");
  REQUIRE(buildList(BuildOptions{src.string(), out, 5, std::nullopt, std::nullopt}));
  std::filesystem::remove(src / "visas.csv");
  std::ofstream(src / "visas.csv") << kVisaHeader << "V1,sticker,ZZ1,AFG,2026-01-01,2026-13-01,10,single,\n";
  auto s = buildList(BuildOptions{src.string(), out, 6, std::nullopt, std::nullopt});
  REQUIRE_FALSE(s);
  CHECK(s.error().code == ErrorCode::InvalidData);
  CHECK(s.error().message.find("visas.csv:2:6 (valid_to)") != std::string::npos);
  auto list = ListReader::open(out);
  REQUIRE(list);
  CHECK((*list)->version() == 5);
  for (const auto& e : std::filesystem::directory_iterator(tmp.path()))
    CHECK(e.path().filename().string().find(".tmp-") == std::string::npos);
}

TEST_CASE("build: every export file is required") {
  TempDir tmp;
  copySampleData(tmp.path());
  std::filesystem::remove(tmp.path() / "entry_bans.csv");
  auto s = buildList(BuildOptions{tmp.path().string(), tmp.file("out.db"), 1, std::nullopt, std::nullopt});
  REQUIRE_FALSE(s);
  CHECK(s.error().message.find("entry_bans.csv") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(tmp.path() / "out.db"));
}

TEST_CASE("build: version from --version, VERSION file, else build time") {
  TempDir tmp;
  copySampleData(tmp.path());
  auto a = buildList(BuildOptions{tmp.path().string(), tmp.file("a.db"), std::nullopt, 1'800'000'000, std::nullopt});
  REQUIRE(a);
  CHECK(a->version == 1'800'000'000);
  CHECK(a->randomHashKey == false);
  std::ofstream(tmp.path() / "VERSION") << "42\n";
  auto b = buildList(BuildOptions{tmp.path().string(), tmp.file("b.db"), std::nullopt, 1'800'000'000, std::nullopt});
  REQUIRE(b);
  CHECK(b->version == 42);
  auto c = buildList(BuildOptions{tmp.path().string(), tmp.file("c.db"), 43, 1'800'000'000, std::nullopt});
  REQUIRE(c);
  CHECK(c->version == 43);
  std::ofstream(tmp.path() / "VERSION") << "v44\n";
  auto bad = buildList(BuildOptions{tmp.path().string(), tmp.file("d.db"), std::nullopt, 1'800'000'000, std::nullopt});
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message.find("VERSION:1") != std::string::npos);
}

TEST_CASE("build: every table has an explicit primary key and lost documents are not stored in plain") {
  TempDir tmp;
  REQUIRE(buildList(BuildOptions{sampleDataDir().string(), tmp.file("list.db"), 1, 1'700'000'000, std::nullopt}));
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(tmp.file("list.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'", -1, &s, nullptr);
  std::vector<std::string> tables;
  while (sqlite3_step(s) == SQLITE_ROW) tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
  sqlite3_finalize(s);
  CHECK(tables.size() == 10);
  for (const auto& t : tables) {
    sqlite3_prepare_v2(db, ("SELECT count(*) FROM pragma_table_info('" + t + "') WHERE pk > 0").c_str(), -1, &s, nullptr);
    REQUIRE(sqlite3_step(s) == SQLITE_ROW);
    INFO(t);
    CHECK(sqlite3_column_int(s, 0) > 0);
    sqlite3_finalize(s);
  }
  sqlite3_close(db);
  std::ifstream in(tmp.file("list.db"), std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(bytes.find("ZZL000001") == std::string::npos);
  auto list = ListReader::open(tmp.file("list.db"));
  REQUIRE(list);
  auto lost = (*list)->lostDocumentReportedOn("D", "ZZL000001");
  REQUIRE(lost);
  CHECK(*lost == d("2026-09-30"));
  CHECK_FALSE(*(*list)->lostDocumentReportedOn("GBR", "ZZL000001"));
}

TEST_CASE("list: a reader can be closed and another list opened") {
  TempDir tmp;
  REQUIRE(buildList(BuildOptions{sampleDataDir().string(), tmp.file("a.db"), 1, 1'700'000'000, std::nullopt}));
  REQUIRE(buildList(BuildOptions{sampleDataDir().string(), tmp.file("b.db"), 2, 1'700'000'100, std::nullopt}));
  auto a = ListReader::open(tmp.file("a.db"));
  REQUIRE(a);
  (*a)->close();
  CHECK_FALSE((*a)->isOpen());
  auto r = (*a)->regimeRules("D");
  REQUIRE_FALSE(r);
  CHECK(r.error().code == ErrorCode::NotFound);
  auto b = ListReader::open(tmp.file("b.db"));
  REQUIRE(b);
  CHECK((*b)->version() == 2);
}

TEST_CASE("list: opening a file that is not a list says so") {
  TempDir tmp;
  std::ofstream(tmp.path() / "x.db") << "not a database";
  auto r = ListReader::open(tmp.file("x.db"));
  REQUIRE_FALSE(r);
  auto missing = ListReader::open(tmp.file("none.db"));
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == ErrorCode::NotFound);
}
