#!/usr/bin/python3
"""Seeded generator of random MRZ text lines (TD1, TD2, TD3, MRV-A, MRV-B) for OCR training.

Field layout and check digits follow ICAO Doc 9303 part 4 (TD3), part 5 (TD1),
part 6 (TD2) and part 7 (MRV-A / MRV-B); check digits use weights 7,3,1 (part 3, 4.9).
A fraction of lines are unstructured strings of the MRZ alphabet so the model learns to
read every character everywhere instead of memorising the field structure.
Usage: mrz_lines.py --seed N --count N [--random-fraction F] > lines.txt
"""

import argparse
import random
import string

ALPHABET = string.ascii_uppercase + string.digits + "<"
LETTERS = string.ascii_uppercase

# A mix of real ICAO 9303 part 3 codes and arbitrary ones; both are plain A-Z triples.
COUNTRIES = ["UTO", "D<<", "GBR", "USA", "FRA", "ITA", "ESP", "NLD", "BEL", "CHE", "AUT",
             "SWE", "NOR", "FIN", "DNK", "POL", "CZE", "SVK", "HUN", "ROU", "BGR", "GRC",
             "TUR", "RUS", "UKR", "CHN", "JPN", "KOR", "IND", "PAK", "BRA", "ARG", "MEX",
             "CAN", "AUS", "NZL", "ZAF", "EGY", "NGA", "KEN", "MAR", "ISR", "IRN", "IRQ",
             "SAU", "ARE", "QAT", "LVA", "LTU", "EST", "MLT", "MCO", "LIE", "PER", "SRB",
             "ISL", "IRL", "PRT", "LUX", "HRV", "SVN", "XXA", "XXB", "XXC", "UNO", "EUE"]

ONSETS = ["", "B", "C", "D", "F", "G", "H", "J", "K", "L", "M", "N", "P", "Q", "R", "S", "T",
          "V", "W", "X", "Y", "Z", "BR", "CH", "CL", "DR", "GR", "KH", "KR", "PH", "PR", "SCH",
          "SH", "SK", "SM", "ST", "TH", "TR", "TS", "ZH"]
VOWELS = ["A", "E", "I", "O", "U", "Y", "AE", "AI", "AU", "EI", "IE", "OE", "OU", "UE"]
CODAS = ["", "", "", "N", "R", "S", "L", "M", "K", "T", "NN", "SS", "RD", "NG", "CK", "TZ"]


def check_digit(text):
    """ICAO 9303 part 3 section 4.9: weights 7,3,1; digits, A=10..Z=35, '<'=0."""
    total = 0
    for i, ch in enumerate(text):
        if ch.isdigit():
            value = ord(ch) - 48
        elif ch == "<":
            value = 0
        else:
            value = ord(ch) - 55
        total += value * (7, 3, 1)[i % 3]
    return str(total % 10)


def pad(text, width):
    return (text + "<" * width)[:width]


def word(rng, lo=2, hi=12):
    target = rng.randint(lo, hi)
    out = ""
    while len(out) < target:
        out += rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS)
    return out[:target]


def name_field(rng, width):
    surname = "<".join(word(rng, 2, 14) for _ in range(rng.choice([1, 1, 1, 2, 3])))
    n_given = rng.choice([0, 1, 1, 1, 2, 2, 3, 4])
    given = "<".join(word(rng, 2, 10) for _ in range(n_given))
    text = surname + ("<<" + given if given else "")
    # Truncation of long names (ICAO 9303 part 3, 4.6) simply cuts at the field width.
    return pad(text, width)


def country(rng):
    if rng.random() < 0.8:
        return rng.choice(COUNTRIES)
    return "".join(rng.choice(LETTERS) for _ in range(3))


def doc_number(rng):
    n = rng.choice([6, 7, 8, 9, 9, 9])
    chars = string.digits if rng.random() < 0.5 else LETTERS + string.digits
    return pad("".join(rng.choice(chars) for _ in range(n)), 9)


def date6(rng):
    return "%02d%02d%02d" % (rng.randint(0, 99), rng.randint(1, 12), rng.randint(1, 31))


def optional(rng, width):
    r = rng.random()
    if r < 0.45:
        return "<" * width
    n = rng.randint(1, width)
    chars = string.digits if r < 0.75 else LETTERS + string.digits
    return pad("".join(rng.choice(chars) for _ in range(n)), width)


def sex(rng):
    return rng.choice("MMMFFF<X")


def doc_code(rng, first):
    second = rng.choice("<<<<<" + LETTERS)
    return first + second


def td3(rng):
    l1 = doc_code(rng, "P") + country(rng) + name_field(rng, 39)
    num, dob, exp, opt = doc_number(rng), date6(rng), date6(rng), optional(rng, 14)
    optcd = check_digit(opt) if opt.strip("<") else rng.choice(["<", "0"])
    body = num + check_digit(num) + country(rng) + dob + check_digit(dob) + sex(rng) + exp + check_digit(exp) + opt + optcd
    comp = check_digit(body[0:10] + body[13:20] + body[21:43])
    return [l1, body + comp]


def mrva(rng):
    l1 = doc_code(rng, "V") + country(rng) + name_field(rng, 39)
    num, dob, exp = doc_number(rng), date6(rng), date6(rng)
    l2 = num + check_digit(num) + country(rng) + dob + check_digit(dob) + sex(rng) + exp + check_digit(exp) + optional(rng, 16)
    return [l1, l2]


def td2(rng):
    l1 = doc_code(rng, rng.choice("IAC")) + country(rng) + name_field(rng, 31)
    num, dob, exp, opt = doc_number(rng), date6(rng), date6(rng), optional(rng, 7)
    body = num + check_digit(num) + country(rng) + dob + check_digit(dob) + sex(rng) + exp + check_digit(exp) + opt
    comp = check_digit(body[0:10] + body[13:20] + body[21:35])
    return [l1, body + comp]


def mrvb(rng):
    l1 = doc_code(rng, "V") + country(rng) + name_field(rng, 31)
    num, dob, exp = doc_number(rng), date6(rng), date6(rng)
    l2 = num + check_digit(num) + country(rng) + dob + check_digit(dob) + sex(rng) + exp + check_digit(exp) + optional(rng, 8)
    return [l1, l2]


def td1(rng):
    num, dob, exp = doc_number(rng), date6(rng), date6(rng)
    opt1, opt2 = optional(rng, 15), optional(rng, 11)
    l1 = doc_code(rng, rng.choice("IAC")) + country(rng) + num + check_digit(num) + opt1
    l2 = dob + check_digit(dob) + sex(rng) + exp + check_digit(exp) + country(rng) + opt2
    comp = check_digit(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29])
    l2 += comp
    return [l1, l2, name_field(rng, 30)]


def random_line(rng):
    """Unstructured line: random MRZ characters with runs of '<' filler."""
    width = rng.choice([30, 36, 44])
    out = ""
    while len(out) < width:
        if rng.random() < 0.25:
            out += "<" * rng.randint(1, 8)
        else:
            out += "".join(rng.choice(ALPHABET[:-1]) for _ in range(rng.randint(1, 6)))
    return out[:width]


def generate(seed, count, random_fraction):
    rng = random.Random(seed)
    makers = [td3, td3, td3, mrva, td2, mrvb, td1, td1, td1]
    lines = []
    while len(lines) < count:
        if rng.random() < random_fraction:
            lines.append(random_line(rng))
        else:
            lines.extend(rng.choice(makers)(rng))
    lines = lines[:count]
    rng.shuffle(lines)
    for line in lines:
        assert len(line) in (30, 36, 44) and all(c in ALPHABET for c in line), line
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--random-fraction", type=float, default=0.2)
    args = ap.parse_args()
    for line in generate(args.seed, args.count, args.random_fraction):
        print(line)


if __name__ == "__main__":
    main()
