// `bordergate parse`, `make-mrz`, `demo`, `bench tracker` and `read`: the CLI contracts.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "run_cli.h"

namespace {
const std::string kTd3 =
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10\n";
bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }
}  // namespace

TEST_CASE("parse prints the contracted JSON keys and exits 0 for a valid MRZ", "[cli][parse]") {
  const auto r = runCli("parse --today 2026-11-23", kTd3);
  CHECK(r.exitCode == 0);
  for (const char* key : {"\"valid\":true", "\"format\":\"TD3\"", "\"document_code\":\"P\"", "\"issuing_state\":\"UTO\"",
                          "\"surname\":\"ERIKSSON\"", "\"given_names\":\"ANNA MARIA\"", "\"document_number\":\"L898902C3\"",
                          "\"nationality\":\"UTO\"", "\"birth_date\":\"1974-08-12\"", "\"expiry_date\":\"2012-04-15\"",
                          "\"sex\":\"F\"", "\"optional_data\":", "\"personal_number\":\"ZE184226B\"", "\"checks\":{",
                          "\"composite\":true", "\"warnings\":[]", "\"errors\":[]"})
    CHECK(contains(r.out, key));
  // Exactly one JSON object on one line.
  CHECK(r.out.back() == '\n');
  CHECK(r.out.find('\n') == r.out.size() - 1);
}

TEST_CASE("parse exits 1 with an actionable error for an invalid MRZ", "[cli][parse]") {
  std::string bad = kTd3;
  bad[45 + 9] = '3';
  const auto r = runCli("parse", bad);
  CHECK(r.exitCode == 1);
  CHECK(contains(r.out, "\"valid\":false"));
  CHECK(contains(r.out, "check digit of document number is 3, expected 6"));
  const auto garbage = runCli("parse", std::string(1 << 20, 'x'));
  CHECK(garbage.exitCode == 1);
  CHECK(contains(garbage.out, "\"valid\":false"));
}

TEST_CASE("usage errors exit 2 and say what is wrong", "[cli]") {
  CHECK(runCli("parse --today 2026-02-30").exitCode == 2);
  CHECK(runCli("parse --nope").exitCode == 2);
  const auto r = runCli("no-such-command");
  CHECK(r.exitCode == 2);
  CHECK(contains(r.err, "unknown command"));
  CHECK(runCli("make-mrz --format TD9 --surname A --document-number 1 --issuing-state UTO --birth-date 2000-01-01 --sex F").exitCode == 2);
  // Numbers are whole numbers: "30abc" and NaN were read as 30 and as a fault rate that
  // passed every range check (the soak then ran without faults).
  CHECK(runCli("bench board --commands 30abc").exitCode == 2);
  CHECK(runCli("bench board --commands 30 --fault-rate nan").exitCode == 2);
  CHECK(runCli("bench board --commands 30 --seed 1x").exitCode == 2);
  CHECK(runCli("board --sim --fault-rate nan status").exitCode == 2);
  // A stray argument was dropped: `--previous v1.db v2.db` published the delta from v1 only.
  const auto stray = runCli("list publish --list new.db --previous v1.db v2.db --key k --out repo");
  CHECK(stray.exitCode == 2);
  CHECK(contains(stray.err, "unexpected argument 'v2.db'"));
  CHECK(runCli("sync status --state /nonexistent extra").exitCode == 2);
  CHECK(runCli("upload --state s --centre c extra").exitCode == 2);
  // An --out folder that does not exist is named as such, not as the temporary file.
  const auto noFolder = runCli("list build --from " + std::string(BORDERGATE_SOURCE_DIR) + "/rules/data --out /nonexistent-folder/v.db");
  CHECK(noFolder.exitCode == 2);
  CHECK(contains(noFolder.err, "the folder /nonexistent-folder for /nonexistent-folder/v.db does not exist"));
}

TEST_CASE("every command's --help prints its usage and exits 0", "[cli]") {
  for (const char* command : {"read", "parse", "sync", "list publish", "devices", "board", "firmware sign", "bench vision"}) {
    INFO(command);
    const auto r = runCli(std::string(command) + " --help");
    CHECK(r.exitCode == 0);
    CHECK(contains(r.out, std::string("usage: bordergate ") + command));
  }
}

TEST_CASE("make-mrz output parses back to the same fields", "[cli][make-mrz]") {
  const auto made = runCli(
      "make-mrz --format TD1 --surname 'Öztürk' --given-names 'Ayşe' --document-number A12345678 "
      "--nationality TUR --issuing-state TUR --birth-date 1990-05-17 --sex F --expiry-date 2031-05-16 "
      "--optional-data 10000000146");
  REQUIRE(made.exitCode == 0);
  const auto parsed = runCli("parse", made.out);
  CHECK(parsed.exitCode == 0);
  CHECK(contains(parsed.out, "\"format\":\"TD1\""));
  CHECK(contains(parsed.out, "\"surname\":\"OEZTUERK\""));
  CHECK(contains(parsed.out, "\"turkish_id_number\":\"10000000146\""));
  CHECK(contains(parsed.out, "\"birth_date\":\"1990-05-17\""));
}

TEST_CASE("demo parses every bundled specimen", "[cli][demo]") {
  const auto r = runCli("demo");
  CHECK(r.exitCode == 0);
  CHECK(contains(r.out, "7 of 7 specimen MRZs valid"));
}

TEST_CASE("bench tracker groups capture sequences and counts a wrong acceptance", "[cli][bench]") {
  // Sequences from committed images: seq-f00/-f01 (one document, read Valid at its first frame),
  // a single image (a sequence of one), and a copy whose truth file names another text, so its
  // acceptance counts as WRONG and the command exits 1.
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("bordergate-cli-tracker-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path src = fs::path(BORDERGATE_SOURCE_DIR) / "images" / "camera-easy";
  for (const char* to : {"seq-f00", "seq-f01"}) {
    fs::copy_file(src / "camera-easy-TD3-002.png", dir / (std::string(to) + ".png"));
    fs::copy_file(src / "camera-easy-TD3-002.txt", dir / (std::string(to) + ".txt"));
  }
  fs::copy_file(src / "camera-easy-TD1-000.png", dir / "single.png");
  fs::copy_file(src / "camera-easy-TD1-000.txt", dir / "single.txt");
  fs::copy_file(src / "camera-easy-TD1-000.png", dir / "lying-f00.png");
  std::ofstream(dir / "lying-f00.txt") << "NOT<THE<TEXT\nPRINTED<HERE";
  const auto r = runCli("bench tracker --list --corpus '" + dir.string() + "'");
  CHECK(r.exitCode == 1);
  CHECK(contains(r.out, "sequences 3 (up to 2 frames)  accepted 2 (66.7%)  WRONG 1  not accepted 0"));
  CHECK(contains(r.out, "  seq  V  accepted\n"));
  CHECK(contains(r.out, "  lying  !  WRONG\n"));
  CHECK(contains(r.out, "first frame exact 2"));
  fs::remove_all(dir);
  const auto usage = runCli("bench tracker");
  CHECK(usage.exitCode == 2);
  CHECK(contains(usage.err, "--corpus DIR is required"));
}

TEST_CASE("read --json says which model read a frame, and --second-model none reads with the first alone", "[cli][read]") {
  // Committed camera-hard MRV-B 019: the first model reads it not valid, the second right
  // (vision/models/README.md).
  const std::string img = std::string(BORDERGATE_SOURCE_DIR) + "/images/camera-hard/camera-hard-MRVB-019.png";
  const auto both = runCli("read --json '" + img + "'");
  CHECK(both.exitCode == 0);
  CHECK(contains(both.out, "\"status\":\"valid\""));
  CHECK(contains(both.out, "\"second_model\":true"));
  const auto first = runCli("read --json --second-model none '" + img + "'");
  CHECK(first.exitCode == 1);
  CHECK_FALSE(contains(first.out, "\"status\":\"valid\""));
  CHECK(contains(first.out, "\"second_model\":false"));
  const auto missing = runCli("read --json --second-model no-such-model '" + img + "'");
  CHECK(missing.exitCode == 2);
  CHECK(contains(missing.err, "no second model no-such-model.traineddata in "));
}

TEST_CASE("read --json names an unreadable file in its own object and reads the others", "[cli][read]") {
  // Bad input loses nothing: a file that is not an image and one that does not exist each get
  // an object with an `error` naming the file, the good image after them is still read, and
  // the exit code says not every image yielded a valid MRZ.
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("bordergate-cli-read-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string bad = (dir / "not-an-image.png").string(), missing = (dir / "missing.png").string();
  std::ofstream(bad) << "not a PNG";
  const std::string good = std::string(BORDERGATE_SOURCE_DIR) + "/images/camera-easy/camera-easy-TD1-000.png";
  const auto r = runCli("read --json '" + bad + "' '" + missing + "' '" + good + "'");
  fs::remove_all(dir);
  CHECK(r.exitCode == 1);
  std::size_t lines = 0;
  for (char c : r.out) lines += c == '\n';
  CHECK(lines == 3);
  CHECK(contains(r.out, "\"error\":\"image file " + bad + " is not a decodable image"));
  CHECK(contains(r.out, "\"error\":\"image file " + missing + " does not exist\""));
  CHECK(contains(r.out, "\"file\":\"" + good + "\",\"found\":true,\"status\":\"valid\""));
  CHECK(contains(r.err, bad));
  // The same images without the bad two: every one valid, exit 0.
  CHECK(runCli("read --json '" + good + "'").exitCode == 0);
}

TEST_CASE("firmware sign, then board update: the simulator runs the new image, and a wrong key or image changes nothing", "[cli][board]") {
  // A technician's firmware update (docs/controller-protocol.md §5.5) from the shell.
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("bordergate-cli-firmware-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string image = (dir / "app.bin").string();
  {
    std::ofstream out(image, std::ios::binary);
    for (int i = 0; i < 5000; ++i) out.put(static_cast<char>((i * 131) ^ (i >> 3)));
  }
  const auto sign = runCli("firmware sign '" + image + "' --version 1.4.2 --dev-key");
  INFO(sign.out << sign.err);
  REQUIRE(sign.exitCode == 0);
  REQUIRE(fs::exists(image + ".sig"));
  // Public, shipped beside the image: readable by all, not only by who signed.
  CHECK((fs::status(image + ".sig").permissions() & fs::perms::others_read) != fs::perms::none);
  const auto update = runCli("board --sim --json update '" + image + "'");
  INFO(update.out << update.err);
  CHECK(update.exitCode == 0);
  CHECK(contains(update.out, "\"previous_firmware\":\"1.0.0\""));
  CHECK(contains(update.out, "\"firmware\":\"1.4.2\""));
  // Signed with a key the board does not hold: the board refuses it, the old image runs.
  const std::string key = (dir / "vendor").string();
  REQUIRE(runCli("keygen --out '" + key + "'").exitCode == 0);
  REQUIRE(runCli("firmware sign '" + image + "' --version 1.4.2 --key '" + key + ".key' --out '" + image + ".vendor.sig'").exitCode == 0);
  const auto refused = runCli("board --sim update '" + image + "' --signature '" + image + ".vendor.sig'");
  CHECK(refused.exitCode == 1);
  CHECK(contains(refused.err, "FwBadSignature"));
  CHECK(contains(refused.err, "old firmware keeps running"));
  // A damaged image: caught against its signature file before anything is sent.
  std::ofstream(image, std::ios::binary | std::ios::app) << 'x';
  const auto damaged = runCli("board --sim update '" + image + "'");
  CHECK(damaged.exitCode == 1);
  CHECK(contains(damaged.err, "nothing was sent to the board"));
  // The development key is refused for a real board before anything is sent (no --sim: this
  // would otherwise look for the USB board).
  std::ofstream(image, std::ios::binary | std::ios::trunc) << std::string(3000, 'a');
  REQUIRE(runCli("firmware sign '" + image + "' --version 1.4.3 --dev-key --force").exitCode == 0);
  const auto devOnReal = runCli("board update '" + image + "'");
  CHECK(devOnReal.exitCode == 1);
  CHECK(contains(devOnReal.err, "development key"));
  // Signing never destroys a file: not the image, not another signature unless --force.
  CHECK(runCli("firmware sign '" + image + "' --version 1.4.3 --dev-key --out '" + image + "'").exitCode == 2);
  CHECK(fs::file_size(image) == 3000);
  const auto exists = runCli("firmware sign '" + image + "' --version 1.4.3 --dev-key");
  CHECK(exists.exitCode == 2);
  CHECK(contains(exists.err, "--force"));
  // Usage: no image, a signature for another action, a version that is not X.Y.Z, no key or both.
  CHECK(runCli("board --sim update").exitCode == 2);
  CHECK(runCli("board --sim status --signature x.sig").exitCode == 2);
  CHECK(runCli("firmware sign '" + image + "' --version 1.4 --dev-key").exitCode == 2);
  CHECK(runCli("firmware sign '" + image + "' --version 1.4.2").exitCode == 2);
  CHECK(runCli("firmware sign '" + image + "' --version 1.4.2 --dev-key --key '" + key + ".key'").exitCode == 2);
  // A file that cannot be read is an environment error (2); a wrong one a refusal (1).
  CHECK(runCli("board --sim update '" + (dir / "missing.bin").string() + "'").exitCode == 2);
  CHECK(runCli("board --sim update '" + dir.string() + "'").exitCode == 1);
  fs::remove_all(dir);
}
