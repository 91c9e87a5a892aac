#!/usr/bin/env python3
"""Converts the shared visa-regime sample into rules/data/visa_regime.csv (issue 4 format).

Usage:  rules/data/convert_visa_regime.py [SOURCE.csv] > rules/data/visa_regime.csv
SOURCE defaults to ../shared/data/turkey-visa-regime-sample.csv (relative to the repo root).
Deterministic: the same source gives the same output byte for byte.

Mapping (source: passport-index-tidy-iso3, Turkey as destination, ordinary passports only):
  a number N        -> regime exempt, max_days N, period_days 180 (Law 6458 Art. 11(1))
  'visa free'       -> exempt, max_days 90 (no number given: the Art. 11(1) ceiling)
  'visa on arrival' -> e_visa (the source's own header: "for Turkey read as e-Visa obtainable")
  'e-visa'          -> e_visa
  'visa required'   -> visa_required
  'no admission'    -> no_admission
  -1 (the row for Turkey itself) -> dropped: citizens are not a visa regime (engine: CITIZEN)
Every row: document_kind ordinary, airport_transit_visa no (the source says nothing about
Art. 14; Turkey's airport transit visa list is a joint Ministry decision, Art. 14(2)),
valid_from/valid_to empty, note naming the source value.
Country codes: ISO 3166-1 alpha-3 becomes the ICAO 9303-3 code the MRZ carries where they
differ: DEU -> D (Germany), XKX -> RKS (Kosovo).
Appended, clearly fictitious: UTO (ICAO specimen country "Utopia") as visa_required with an
airport transit visa requirement, so that Art. 14 can be demonstrated and tested.
"""
import csv
import os
import sys

ICAO_CODES = {"DEU": "D", "XKX": "RKS"}
HEADER = ["nationality", "document_kind", "regime", "max_days", "period_days",
          "airport_transit_visa", "valid_from", "valid_to", "note"]


def convert(source_path, out):
    w = csv.writer(out, lineterminator="\n")
    w.writerow(HEADER)
    with open(source_path, newline="", encoding="utf-8") as f:
        lines = [l for l in f if not l.startswith("#")]
    rows = list(csv.DictReader(lines))
    for row in sorted(rows, key=lambda r: ICAO_CODES.get(r["nationality"], r["nationality"])):
        nat = ICAO_CODES.get(row["nationality"], row["nationality"])
        req = row["requirement"].strip()
        note = "source: " + req
        if req == "-1":
            continue
        if req.isdigit():
            regime, max_days = "exempt", req
        elif req == "visa free":
            regime, max_days = "exempt", "90"
            note += "; no number of days in source, Art. 11(1) ceiling used"
        elif req in ("visa on arrival", "e-visa"):
            regime, max_days = "e_visa", ""
        elif req == "visa required":
            regime, max_days = "visa_required", ""
        elif req == "no admission":
            regime, max_days = "no_admission", ""
        else:
            sys.exit(f"unknown requirement '{req}' for {row['nationality']}")
        w.writerow([nat, "ordinary", regime, max_days, "180" if regime == "exempt" else "", "no", "", "", note])
    w.writerow(["UTO", "ordinary", "visa_required", "", "", "yes", "", "",
                "FICTITIOUS test row (ICAO specimen country Utopia): airport transit visa required (Art. 14)"])


if __name__ == "__main__":
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "..", "shared", "data", "turkey-visa-regime-sample.csv")
    convert(src, sys.stdout)
