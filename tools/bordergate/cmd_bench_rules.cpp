// `bordergate bench rules` (a large list: size, open time, check latency) and
// `bordergate bench names` (the labelled entry-ban name-matching benchmark: recall and
// false-hit rate). Both generate their data deterministically from a fixed seed.
#ifdef HAVE_BORDERGATE_RULES
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>

#include "bordergate/mrz/encoder.h"
#include "bordergate/mrz/parser.h"
#include "bordergate/mrz/transliteration.h"
#include "bordergate/rules/engine.h"
#include "bordergate/rules/list_file.h"
#include "bordergate/rules/name_match.h"
#include "command.h"
#include "json_out.h"

namespace bordergate::cli {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Synthetic name pools (Turkish, German, Spanish, Slavic, Arabic, East Asian, English):
// combinations are random; no generated record describes a real person.
const std::vector<std::string> kSurnames = {
    "YILMAZ", "KAYA", "DEMİR", "ŞAHİN", "ÇELİK", "YILDIZ", "YILDIRIM", "ÖZTÜRK", "AYDIN", "ÖZDEMİR", "ARSLAN", "DOĞAN",
    "KILIÇ", "ASLAN", "ÇETİN", "KARA", "KOÇ", "KURT", "ÖZKAN", "ŞİMŞEK", "POLAT", "ÖZCAN", "KORKMAZ", "ÇAKIR", "ERDOĞAN",
    "YAVUZ", "CAN", "ACAR", "ŞEN", "AKTAŞ", "GÜLER", "YALÇIN", "GÜNEŞ", "BOZKURT", "BULUT", "KESKİN", "ÜNAL", "TURAN",
    "GÜL", "ÖZER", "IŞIK", "KAPLAN", "AVCI", "SARI", "TAŞ", "AKSOY", "ÇİFTÇİ", "KAHRAMAN", "TEKİN", "UYSAL",
    "MÜLLER", "SCHMIDT", "SCHNEIDER", "FISCHER", "WEBER", "MEYER", "WAGNER", "BECKER", "SCHULZ", "HOFFMANN", "SCHÄFER",
    "KOCH", "BAUER", "RICHTER", "KLEIN", "WOLF", "SCHRÖDER", "NEUMANN", "SCHWARZ", "ZIMMERMANN", "BRAUN", "KRÜGER",
    "HOFMANN", "HARTMANN", "LANGE", "SCHMITT", "WERNER", "KRAUSE", "MEIER", "LEHMANN", "GARCÍA", "MARTÍNEZ", "LÓPEZ",
    "GONZÁLEZ", "RODRÍGUEZ", "PÉREZ", "SÁNCHEZ", "FERNÁNDEZ", "ROSSI", "RUSSO", "FERRARI", "ESPOSITO", "BIANCHI",
    "NOWAK", "KOWALSKI", "WIŚNIEWSKI", "WÓJCIK", "IVANOV", "PETROV", "SMIRNOV", "KUZNETSOV", "POPOV", "VASILIEV",
    "DUBOIS", "MARTIN", "BERNARD", "LEFÈVRE", "MOREAU", "SMITH", "JONES", "BROWN", "TAYLOR", "WILSON", "EVANS",
    "AHMADI", "HOSSEINI", "KARIMI", "REZAEI", "KHAN", "HASSAN", "HUSSEIN", "IBRAHIM", "MAHMOUD", "ABDULLAH", "NGUYEN",
    "TRAN", "PHAM", "HOANG", "KIM", "PARK", "CHOI", "CHEN", "WANG", "ZHANG", "LIU", "HUANG", "ZHAO", "PAPADOPOULOS",
    "GEORGIOU", "NIKOLAIDIS", "HORVÁTH", "NAGY", "KOVÁCS", "NOVÁK", "DVOŘÁK", "JOHANSSON", "ANDERSSON", "NIELSEN",
    "JANSEN", "DE VRIES", "VAN DIJK", "O'BRIEN", "MC CARTHY"};
const std::vector<std::string> kGivenNames = {
    "MEHMET", "MUSTAFA", "AHMET", "ALİ", "HÜSEYİN", "HASAN", "İBRAHİM", "İSMAİL", "OSMAN", "YUSUF", "MURAT", "ÖMER",
    "RAMAZAN", "HALİL", "SÜLEYMAN", "FATMA", "AYŞE", "EMİNE", "HATİCE", "ZEYNEP", "ELİF", "MERVE", "ŞERİFE", "ZEHRA",
    "SULTAN", "HANİFE", "ÖZLEM", "YASEMİN", "GÜLSÜM", "HANS", "JÜRGEN", "KLAUS", "GÜNTER", "UWE", "JÖRG", "PETER",
    "MICHAEL", "THOMAS", "ANDREAS", "STEFAN", "ANNA", "MARIA", "URSULA", "MONIKA", "PETRA", "SABINE", "JOSÉ", "JUAN",
    "LUIS", "CARLOS", "MARÍA", "CARMEN", "ANA", "IVAN", "SERGEI", "OLGA", "NATALIA", "DMITRI", "JOHN", "JAMES",
    "ROBERT", "MARY", "LINDA", "MOHAMMED", "AHMAD", "FATIMA", "AISHA", "REZA", "WEI", "JUN", "MIN", "HYUN", "SOPHIE",
    "LÉA", "CHLOÉ", "FRANÇOIS", "JEAN", "PIERRE", "GIUSEPPE", "FRANCESCO", "GIOVANNI", "ELENI", "DIMITRIOS",
    "KATARZYNA", "PIOTR", "TOMÁŠ", "LARS", "ERIK", "INGRID", "MAARTEN", "SEAN", "SIOBHAN"};
const std::vector<std::string> kNationalities = {"TUR", "D", "GBR", "FRA", "ITA", "ESP", "RUS", "UKR", "IRN", "IRQ",
                                                 "SYR", "AFG", "PAK", "CHN", "KOR", "VNM", "USA", "NLD", "POL", "GRC"};

struct Person {
  std::string surname;     // UTF-8
  std::string givenNames;  // UTF-8, space separated
  Date birth;
  std::string nationality;
  char sex = 'M';
};

class Generator {
 public:
  explicit Generator(std::uint32_t seed) : rng_(seed) {}
  std::size_t index(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_); }
  int between(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
  const std::string& pick(const std::vector<std::string>& v) { return v[index(v.size())]; }
  Person person() {
    Person p;
    p.surname = pick(kSurnames);
    if (chance(0.12)) p.surname += (chance(0.5) ? " " : "-") + pick(kSurnames);
    const int given = chance(0.55) ? 1 : chance(0.8) ? 2 : 3;
    for (int i = 0; i < given; ++i) p.givenNames += (i ? " " : "") + pick(kGivenNames);
    p.birth = Date::fromDays(between(static_cast<int>(Date{1940, 1, 1}.toDays()), static_cast<int>(Date{2005, 12, 31}.toDays())));
    p.nationality = pick(kNationalities);
    p.sex = chance(0.5) ? 'M' : 'F';
    return p;
  }
  std::string documentNumber(const char* prefix, std::size_t n) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%s%07zu", prefix, n % 10'000'000);
    return buf;
  }
  // One typing slip in an ASCII word: substitution, transposition, deletion or insertion.
  std::string slip(std::string w) {
    if (w.size() < 3) return w + "E";
    const std::size_t i = 1 + index(w.size() - 1);
    switch (between(0, 3)) {
      case 0: w[i] = static_cast<char>('A' + (w[i] - 'A' + 1 + between(0, 24)) % 26); break;
      case 1: std::swap(w[i], w[i - 1]); break;
      case 2: w.erase(i, 1); break;
      default: w.insert(i, 1, static_cast<char>('A' + between(0, 25))); break;
    }
    return w;
  }
  std::mt19937& rng() { return rng_; }

 private:
  std::mt19937 rng_;
};

long maxRssKb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

// CPU time of this thread in ms: unlike wall time it does not include the time the
// scheduler gave to other processes (the bench machine is shared).
double threadCpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

// Parsed TD3 (or TD1) MRZ of a person: names go through the real encoder (ICAO 9303-3
// transliteration and truncation), so the benchmark sees what a reader would.
std::optional<mrz::MrzRecord> mrzOf(const Person& p, const std::string& doc, bool td1, const Date& today) {
  mrz::MrzFields f;
  f.format = td1 ? mrz::Format::TD1 : mrz::Format::TD3;
  f.documentCode = td1 ? "I" : "P";
  f.surname = p.surname;
  f.givenNames = p.givenNames;
  f.documentNumber = doc;
  f.issuingState = p.nationality;
  f.nationality = p.nationality;
  f.birthDate = p.birth.iso();
  f.sex = p.sex;
  f.expiryDate = today.addYears(8).iso();
  auto lines = mrz::encode(f);
  if (!lines) return std::nullopt;
  mrz::ParseOptions po;
  po.today = today;
  auto r = mrz::parseLines(*lines, po);
  if (!r.valid()) return std::nullopt;
  return r;
}

struct Percentiles {
  double p50 = 0, p99 = 0, max = 0;
};
Percentiles percentiles(std::vector<double> v) {
  if (v.empty()) return {};
  std::sort(v.begin(), v.end());
  auto at = [&](double q) { return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))]; };
  return {at(0.50), at(0.99), v.back()};
}

// ------------------------------------------------------------------ bench rules

int runBenchRules(const std::vector<std::string>& args, Io& io) {
  Options opt(args, {"scale", "checks", "dir"}, {"keep", "json"});
  if (!opt.ok()) return usageError(io, "bench rules", opt.error());
  double scale = 1.0;
  try {
    scale = std::stod(opt.get("scale", "1"));
  } catch (...) {
    return usageError(io, "bench rules", "--scale must be a number (1 = 1M bans, 10M lost documents, 5M crossings)");
  }
  if (scale <= 0 || scale > 10) return usageError(io, "bench rules", "--scale must be in (0, 10]");
  const int checks = std::max(1, std::atoi(opt.get("checks", "2000").c_str()));
  const std::size_t nBans = static_cast<std::size_t>(1'000'000 * scale);
  const std::size_t nLost = static_cast<std::size_t>(10'000'000 * scale);
  const std::size_t nCrossings = static_cast<std::size_t>(5'000'000 * scale);
  const fs::path dir = opt.has("dir") ? fs::path(opt.get("dir"))
                                      : fs::temp_directory_path() / ("bordergate-bench-" + std::to_string(::getpid()));
  std::error_code ec;
  fs::create_directories(dir, ec);
  const fs::path db = dir / "bench-list.db";
  fs::remove(db, ec);
  const Date today{2026, 11, 23};
  const std::int64_t now = today.toDays() * 86400 + 12 * 3600;

  // Generation: one transaction, prepared statements (ListWriter).
  Generator g(20261123);
  const auto t0 = Clock::now();
  auto writer = rules::ListWriter::create(db.string(), rules::ListMeta{1, now, rules::randomHashKey()});
  if (!writer) {
    io.err << "bordergate bench rules: " << writer.error().message << "\n";
    return 2;
  }
  auto& w = **writer;
  auto check = [&](const Result<void>& r) {
    if (!r) throw std::runtime_error(r.error().message);
  };
  std::vector<Person> banned;  // a sample kept for exact-hit checks
  try {
    for (const auto& nat : kNationalities) {
      rules::RegimeRule rule;
      rule.nationality = nat;
      rule.regime = nat == "AFG" || nat == "SYR" || nat == "PAK" ? rules::Regime::VisaRequired : rules::Regime::Exempt;
      rule.maxDays = 90;
      if (nat != "TUR") check(w.add(rule));
    }
    for (std::size_t i = 0; i < nBans; ++i) {
      Person p = g.person();
      rules::EntryBan b;
      b.banId = "BB" + std::to_string(i);
      b.surname = p.surname;
      b.givenNames = p.givenNames;
      b.birthDate = p.birth;
      b.nationality = p.nationality;
      b.sex = p.sex;
      b.documentNumber = g.chance(0.7) ? g.documentNumber("ZB", i) : "";
      b.article = "9(1)";
      b.validity = {Date{2024, 1, 1}, Date{2030, 12, 31}};
      check(w.add(b));
      if (banned.size() < 1000 && i % 997 == 0) banned.push_back(p);
    }
    for (std::size_t i = 0; i < nLost; ++i)
      check(w.addLostDocument(g.pick(kNationalities), g.documentNumber("ZL", i), Date{2025, 1, 1}));
    // Crossings: 5 per traveller, alternating entry/exit.
    for (std::size_t i = 0; i < nCrossings; ++i) {
      rules::Crossing c;
      c.documentNumber = g.documentNumber("ZC", i / 5);
      c.nationality = kNationalities[(i / 5) % kNationalities.size()];
      c.direction = i % 2 == 0 ? rules::Direction::Entry : rules::Direction::Exit;
      c.at = now - static_cast<std::int64_t>(200 - (i % 5) * 30) * 86400;
      c.port = "IST";
      check(w.add(c));
    }
    check(w.commit());
  } catch (const std::exception& e) {
    io.err << "bordergate bench rules: generation failed: " << e.what() << "\n";
    return 2;
  }
  writer->reset();
  const double genSeconds = seconds(Clock::now() - t0);
  const auto bytes = fs::file_size(db, ec);

  // Open time: drop nothing from the page cache (a kiosk reopens a list it just wrote or
  // synced); the figure is the median of 5 opens.
  std::vector<double> opens;
  std::unique_ptr<rules::ListReader> list;
  for (int i = 0; i < 5; ++i) {
    const auto s = Clock::now();
    auto r = rules::ListReader::open(db.string());
    opens.push_back(seconds(Clock::now() - s) * 1000);
    if (!r) {
      io.err << "bordergate bench rules: " << r.error().message << "\n";
      return 2;
    }
    list = std::move(*r);
  }
  std::sort(opens.begin(), opens.end());

  // Checks: a mix of unknown travellers (most traffic), banned people, travellers with
  // history and lost documents.
  std::vector<double> lat, cpu;
  std::vector<double> byKind[4];  // banned, with history (exit), lost document, other
  int refused = 0, referred = 0, admitted = 0;
  Generator tg(7);
  for (int i = 0; i < checks; ++i) {
    Person p = tg.person();
    std::string doc = tg.documentNumber("ZT", static_cast<std::size_t>(i));
    const int kind = i % 10;
    if (kind == 0 && !banned.empty()) p = banned[static_cast<std::size_t>(i / 10) % banned.size()];
    if (kind == 1 && nCrossings >= 5) {
      const std::size_t t = tg.index(nCrossings / 5);
      doc = tg.documentNumber("ZC", t);
      p.nationality = kNationalities[t % kNationalities.size()];
    }
    if (kind == 2 && nLost > 0) doc = tg.documentNumber("ZL", tg.index(nLost));
    if (p.nationality == "TUR") p.nationality = "D";
    auto record = mrzOf(p, doc, false, today);
    if (!record) continue;
    rules::CheckContext ctx;
    ctx.direction = kind == 1 ? rules::Direction::Exit : rules::Direction::Entry;
    ctx.at = now;
    const auto s = Clock::now();
    const double c0 = threadCpuMs();
    auto r = rules::check(*list, *record, ctx);
    cpu.push_back(threadCpuMs() - c0);
    lat.push_back(seconds(Clock::now() - s) * 1000);
    byKind[kind < 3 ? kind : 3].push_back(lat.back());
    if (!r) {
      io.err << "bordergate bench rules: " << r.error().message << "\n";
      return 2;
    }
    (r->decision == rules::Decision::Refuse ? refused : r->decision == rules::Decision::Refer ? referred : admitted)++;
  }
  const auto pc = percentiles(lat);
  const auto pcpu = percentiles(cpu);
  list.reset();
  if (!opt.has("keep")) fs::remove_all(dir, ec);

  if (opt.has("json")) {
    Json j;
    j["scale"] = scale;
    j["entry_bans"] = nBans;
    j["lost_documents"] = nLost;
    j["crossings"] = nCrossings;
    j["generation_s"] = genSeconds;
    j["list_bytes"] = bytes;
    j["open_ms_median"] = opens[2];
    j["checks"] = lat.size();
    j["check_ms_p50"] = pc.p50;
    j["check_ms_p99"] = pc.p99;
    j["check_ms_max"] = pc.max;
    j["check_cpu_ms_p50"] = pcpu.p50;
    j["check_cpu_ms_p99"] = pcpu.p99;
    j["max_rss_kb"] = maxRssKb();
    io.out << dumpLine(j) << "\n";
  } else {
    char buf[512];
    std::snprintf(buf, sizeof buf,
                  "list: %zu entry bans, %zu lost documents, %zu crossings (scale %.3g)\n"
                  "generation: %.1f s   list size: %.1f MB   open: %.2f ms (median of 5; target <= 200 ms)\n"
                  "checks: %zu   p50 %.3f ms   p99 %.3f ms (target <= 10 ms)   max %.3f ms\n"
                  "decisions: %d admit, %d refer, %d refuse   max RSS: %.0f MB\n",
                  nBans, nLost, nCrossings, scale, genSeconds, static_cast<double>(bytes) / 1e6, opens[2], lat.size(),
                  pc.p50, pc.p99, pc.max, admitted, referred, refused, static_cast<double>(maxRssKb()) / 1024);
    io.out << buf;
    std::snprintf(buf, sizeof buf, "check CPU time (excludes time the scheduler gave to other processes): p50 %.3f ms   p99 %.3f ms\n",
                  pcpu.p50, pcpu.p99);
    io.out << buf;
    const char* kinds[] = {"banned person", "exit with history", "lost document", "other traveller"};
    for (int k = 0; k < 4; ++k) {
      const auto kp = percentiles(byKind[k]);
      std::snprintf(buf, sizeof buf, "  %-18s n=%-6zu p50 %.3f ms   p99 %.3f ms\n", kinds[k], byKind[k].size(), kp.p50, kp.p99);
      io.out << buf;
    }
    if (opt.has("keep")) io.out << "kept: " << db.string() << "\n";
  }
  return 0;
}

// ------------------------------------------------------------------ bench names

// Variants of a banned person's name as they may appear on a passport (issue 4).
enum class Variant { Icao, Plain, DottedI, GivenOrder, Swapped, MissingGiven, ExtraGiven, Truncated, SurnameSlip, GivenSlip, OtherNationality };
const char* variantName(Variant v) {
  switch (v) {
    case Variant::Icao: return "icao_transliteration";
    case Variant::Plain: return "plain_folding";
    case Variant::DottedI: return "turkish_dotted_i";
    case Variant::GivenOrder: return "given_name_order";
    case Variant::Swapped: return "surname_given_swapped";
    case Variant::MissingGiven: return "missing_given_name";
    case Variant::ExtraGiven: return "extra_given_name";
    case Variant::Truncated: return "truncated_mrz_name";
    case Variant::SurnameSlip: return "surname_typing_slip";
    case Variant::GivenSlip: return "given_name_typing_slip";
    case Variant::OtherNationality: return "other_nationality";
  }
  return "?";
}
constexpr Variant kVariants[] = {Variant::Icao, Variant::Plain, Variant::DottedI, Variant::GivenOrder, Variant::Swapped,
                                 Variant::MissingGiven, Variant::ExtraGiven, Variant::Truncated, Variant::SurnameSlip,
                                 Variant::GivenSlip, Variant::OtherNationality};

std::vector<std::string> words(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == ' ') { if (!cur.empty()) out.push_back(cur); cur.clear(); }
    else cur += c;
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}
std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& w : v) s += (s.empty() ? "" : " ") + w;
  return s;
}

struct Labelled {
  Person person;
  Variant variant;
  std::size_t banIndex;
  bool td1 = false;
};

std::optional<Labelled> makeVariant(Generator& g, const Person& ban, std::size_t idx, Variant v) {
  Labelled l{ban, v, idx};
  Person& p = l.person;
  auto given = words(ban.givenNames);
  switch (v) {
    case Variant::Icao: break;  // the encoder transliterates per 9303-3
    case Variant::Plain:
      p.surname = mrz::foldPlain(ban.surname);
      p.givenNames = mrz::foldPlain(ban.givenNames);
      break;
    case Variant::DottedI: {
      // İ written as I and I as İ (and ı for I): the same name to an MRZ.
      auto swapI = [](const std::string& s) {
        std::string o;
        for (std::size_t i = 0; i < s.size(); ++i) {
          if (s[i] == 'I') o += "\xC4\xB1";  // ı
          else if (s.compare(i, 2, "\xC4\xB0") == 0) { o += 'I'; ++i; }  // İ
          else o += s[i];
        }
        return o;
      };
      p.surname = swapI(ban.surname);
      p.givenNames = swapI(ban.givenNames);
      if (p.surname == ban.surname && p.givenNames == ban.givenNames) return std::nullopt;
      break;
    }
    case Variant::GivenOrder:
      if (given.size() < 2) return std::nullopt;
      std::reverse(given.begin(), given.end());
      p.givenNames = join(given);
      break;
    case Variant::Swapped:
      if (given.empty()) return std::nullopt;
      std::swap(p.surname, p.givenNames);
      break;
    case Variant::MissingGiven:
      if (given.size() < 2) return std::nullopt;
      given.pop_back();
      p.givenNames = join(given);
      break;
    case Variant::ExtraGiven:
      given.push_back(g.pick(kGivenNames));
      p.givenNames = join(given);
      break;
    case Variant::Truncated:
      // A TD1 card (30-character name field): add given names until the name is cut.
      l.td1 = true;
      while (mrz::transliterateIcao(p.surname + "  " + p.givenNames).size() <= 31) p.givenNames += " " + g.pick(kGivenNames);
      break;
    case Variant::SurnameSlip: {
      auto s = words(mrz::foldPlain(ban.surname));
      s[0] = g.slip(s[0]);
      p.surname = join(s);
      p.givenNames = mrz::foldPlain(ban.givenNames);
      break;
    }
    case Variant::GivenSlip:
      if (given.empty()) return std::nullopt;
      given = words(mrz::foldPlain(ban.givenNames));
      given[0] = g.slip(given[0]);
      p.givenNames = join(given);
      break;
    case Variant::OtherNationality: {
      std::string other;
      // Not TUR: a Turkish citizen is not subject to an entry ban (Law 6458 concerns foreigners).
      do other = g.pick(kNationalities); while (other == ban.nationality || other == "TUR");
      p.nationality = other;
      break;
    }
  }
  return l;
}

int runBenchNames(const std::vector<std::string>& args, Io& io) {
  Options opt(args, {"bans", "travellers", "write", "dir"}, {"json"});
  if (!opt.ok()) return usageError(io, "bench names", opt.error());
  const std::size_t nBans = static_cast<std::size_t>(std::max(1, std::atoi(opt.get("bans", "1000").c_str())));
  const std::size_t nTravellers = static_cast<std::size_t>(std::max(1, std::atoi(opt.get("travellers", "100000").c_str())));
  const Date today{2026, 11, 23};
  const std::int64_t now = today.toDays() * 86400 + 12 * 3600;
  Generator g(6458);

  std::vector<Person> bans;
  for (std::size_t i = 0; i < nBans; ++i) {
    Person p = g.person();
    if (p.nationality == "TUR") p.nationality = "D";  // citizens are not subject to entry bans
    bans.push_back(p);
  }
  std::vector<Labelled> variants;
  for (std::size_t i = 0; i < bans.size(); ++i)
    for (auto v : kVariants)
      if (auto l = makeVariant(g, bans[i], i, v)) variants.push_back(*l);
  // Non-matching travellers: same pools (so surnames and given names are shared with bans),
  // never the same name and birth date as a ban.
  std::map<std::string, int> identities;
  for (const auto& b : bans) identities[mrz::foldPlain(b.surname) + "|" + b.birth.iso()]++;
  std::vector<Person> others;
  while (others.size() < nTravellers) {
    Person p = g.person();
    if (p.nationality == "TUR") p.nationality = "D";
    if (identities.count(mrz::foldPlain(p.surname) + "|" + p.birth.iso())) continue;
    others.push_back(p);
  }

  if (opt.has("write")) {
    // The labelled benchmark as CSV (the committed copy is rules/data/bench/).
    const fs::path out(opt.get("write"));
    std::error_code ec;
    fs::create_directories(out, ec);
    std::ofstream b(out / "bans.csv"), t(out / "true_variants.csv"), n(out / "non_matching_travellers.csv");
    b << "ban_index,surname,given_names,birth_date,nationality,sex\n";
    for (std::size_t i = 0; i < bans.size(); ++i)
      b << i << ",\"" << bans[i].surname << "\",\"" << bans[i].givenNames << "\"," << bans[i].birth.iso() << ","
        << bans[i].nationality << "," << bans[i].sex << "\n";
    t << "ban_index,variant,surname,given_names,birth_date,nationality,sex,format\n";
    for (const auto& l : variants)
      t << l.banIndex << "," << variantName(l.variant) << ",\"" << l.person.surname << "\",\"" << l.person.givenNames << "\","
        << l.person.birth.iso() << "," << l.person.nationality << "," << l.person.sex << "," << (l.td1 ? "TD1" : "TD3") << "\n";
    n << "surname,given_names,birth_date,nationality,sex\n";
    for (const auto& p : others)
      n << "\"" << p.surname << "\",\"" << p.givenNames << "\"," << p.birth.iso() << "," << p.nationality << "," << p.sex << "\n";
  }

  // The list: the bans (no document numbers, so only names can match) and regimes.
  const fs::path dir = opt.has("dir") ? fs::path(opt.get("dir"))
                                      : fs::temp_directory_path() / ("bordergate-names-" + std::to_string(::getpid()));
  std::error_code ec;
  fs::create_directories(dir, ec);
  const fs::path db = dir / "names.db";
  fs::remove(db, ec);
  {
    auto w = rules::ListWriter::create(db.string(), rules::ListMeta{1, now, rules::randomHashKey()});
    if (!w) {
      io.err << "bordergate bench names: " << w.error().message << "\n";
      return 2;
    }
    for (std::size_t i = 0; i < bans.size(); ++i) {
      rules::EntryBan b;
      b.banId = "NB" + std::to_string(i);
      b.surname = bans[i].surname;
      b.givenNames = bans[i].givenNames;
      b.birthDate = bans[i].birth;
      b.nationality = bans[i].nationality;
      b.sex = bans[i].sex;
      b.article = "9(1)";
      b.validity = {Date{2024, 1, 1}, Date{2030, 12, 31}};
      if (auto r = (*w)->add(b); !r) {
        io.err << "bordergate bench names: " << r.error().message << "\n";
        return 2;
      }
    }
    if (auto r = (*w)->commit(); !r) {
      io.err << "bordergate bench names: " << r.error().message << "\n";
      return 2;
    }
  }
  auto list = rules::ListReader::open(db.string());
  if (!list) {
    io.err << "bordergate bench names: " << list.error().message << "\n";
    return 2;
  }
  rules::CheckContext ctx;
  ctx.at = now;
  std::map<std::string, std::pair<int, int>> perVariant;  // found, total
  std::size_t found = 0, exact = 0, tested = 0, skipped = 0;
  for (std::size_t i = 0; i < variants.size(); ++i) {
    const auto& l = variants[i];
    auto record = mrzOf(l.person, g.documentNumber("ZV", i), l.td1, today);
    if (!record) { ++skipped; continue; }
    auto r = rules::check(**list, *record, ctx);
    if (!r) { io.err << "bordergate bench names: " << r.error().message << "\n"; return 2; }
    const std::string id = "NB" + std::to_string(l.banIndex);
    auto it = std::find_if(r->banCandidates.begin(), r->banCandidates.end(), [&](const auto& c) { return c.banId == id; });
    ++tested;
    auto& pv = perVariant[variantName(l.variant)];
    ++pv.second;
    if (it != r->banCandidates.end()) {
      ++found;
      ++pv.first;
      exact += it->exact;
    }
  }
  std::size_t falseHits = 0, falseExact = 0, othersTested = 0;
  for (std::size_t i = 0; i < others.size(); ++i) {
    auto record = mrzOf(others[i], g.documentNumber("ZN", i), false, today);
    if (!record) continue;
    auto r = rules::check(**list, *record, ctx);
    if (!r) { io.err << "bordergate bench names: " << r.error().message << "\n"; return 2; }
    ++othersTested;
    if (!r->banCandidates.empty()) ++falseHits;
    for (const auto& c : r->banCandidates) falseExact += c.exact;
  }
  list->reset();
  if (!opt.has("dir")) fs::remove_all(dir, ec);

  const double recall = tested ? static_cast<double>(found) / static_cast<double>(tested) : 0;
  const double falseRate = othersTested ? static_cast<double>(falseHits) / static_cast<double>(othersTested) : 1;
  // Targets of issue 4: recall >= 99% on true variants, false hits <= 0.1%; and never an
  // exact (refusing) hit on someone who is not the banned person.
  const bool ok = recall >= 0.99 && falseRate <= 0.001 && falseExact == 0;
  if (opt.has("json")) {
    Json j;
    j["bans"] = bans.size();
    j["true_variants"] = tested;
    j["recall"] = recall;
    j["exact_among_found"] = exact;
    j["non_matching_travellers"] = othersTested;
    j["false_hits"] = falseHits;
    j["false_hit_rate"] = falseRate;
    j["false_exact"] = falseExact;
    j["threshold"] = rules::kPossibleMatchThreshold;
    Json pv = Json::object();
    for (const auto& [k, v] : perVariant) pv[k] = static_cast<double>(v.first) / std::max(1, v.second);
    j["recall_by_variant"] = pv;
    j["targets_met"] = ok;
    io.out << dumpLine(j) << "\n";
  } else {
    char buf[256];
    std::snprintf(buf, sizeof buf, "bans: %zu   threshold: %.2f\nrecall: %.2f%% (%zu of %zu true variants; %zu exact)   target >= 99%%\n",
                  bans.size(), rules::kPossibleMatchThreshold, 100 * recall, found, tested, exact);
    io.out << buf;
    for (const auto& [k, v] : perVariant) {
      std::snprintf(buf, sizeof buf, "  %-24s %6.2f%% (%d/%d)\n", k.c_str(), 100.0 * v.first / std::max(1, v.second), v.first, v.second);
      io.out << buf;
    }
    std::snprintf(buf, sizeof buf, "false hits: %.3f%% (%zu of %zu non-matching travellers; %zu exact)   target <= 0.1%%, exact 0\n",
                  100 * falseRate, falseHits, othersTested, falseExact);
    io.out << buf;
    if (skipped) io.out << "skipped (not encodable): " << skipped << "\n";
    io.out << (ok ? "targets met\n" : "TARGETS MISSED\n");
  }
  return ok ? 0 : 1;
}

const CommandRegistration kBenchRules(
    {"bench rules",
     "bench rules [--scale S] [--checks N] [--dir D] [--keep] [--json]   generate a large list (S x 1M bans, 10M lost "
     "documents, 5M crossings) and print generation time, list size, open time, p50/p99 check latency",
     runBenchRules});
const CommandRegistration kBenchNames(
    {"bench names",
     "bench names [--bans N] [--travellers N] [--write DIR] [--json]   labelled entry-ban name-matching benchmark: "
     "recall on true variants, false-hit rate on non-matching travellers (exit 1 if targets are missed)",
     runBenchNames});

}  // namespace
}  // namespace bordergate::cli
#endif
