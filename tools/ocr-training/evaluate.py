#!/usr/bin/python3
"""Held-out evaluation of the MRZ Tesseract model against stock eng (whitelisted), --psm 7.

Renders EVAL lines (seed 424242 by default, never used for training) with render_lines.py
--profile eval: five conditions (clean, small = 12-16 px capitals, blur = defocus + box blur,
noise_jpeg, low_contrast) with degradations the training set does not use (vertical light
gradient, box blur, JPEG quality down to 15). Each model reads every line image with
`tesseract --psm 7`; spaces are removed from the output before scoring (an MRZ has none).
Prints character error rate (Levenshtein / reference length) and exact line rate per condition.
Optional --real TSV (image<TAB>line index<TAB>left,top,right,bottom) crops real MRZ lines
for a sanity check (reported separately, never used for tuning).
Usage: evaluate.py [--model vision/models/mrz.traineddata] [--lines 500] [--real real_crops.tsv] [--psm 7] [--no-eng]
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
WHITELIST = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"


def levenshtein(a, b):
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def run_tesseract(images, tessdata_dir, lang, extra, workdir, tag, psm):
    """Read every image with one tesseract process (list-file input); return (texts, seconds)."""
    listfile = os.path.join(workdir, tag + ".list")
    with open(listfile, "w") as fh:
        fh.write("\n".join(images) + "\n")
    outbase = os.path.join(workdir, tag)
    cmd = ["tesseract", listfile, outbase, "--psm", str(psm), "-l", lang]
    if tessdata_dir:
        cmd[1:1] = ["--tessdata-dir", tessdata_dir]
    for kv in extra:
        cmd += ["-c", kv]
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    t0 = time.monotonic()
    res = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    dt = time.monotonic() - t0
    if res.returncode != 0:
        sys.exit("tesseract failed: %s\n%s" % (" ".join(cmd), res.stderr[-2000:]))
    with open(outbase + ".txt") as fh:
        pages = fh.read().split("\f")
    if pages and pages[-1].strip() == "":
        pages = pages[:-1]
    if len(pages) != len(images):
        sys.exit("tesseract returned %d pages for %d images" % (len(pages), len(images)))
    return ["".join(p.split()) for p in pages], dt


def score(preds, refs):
    errs = sum(levenshtein(p, r) for p, r in zip(preds, refs))
    chars = sum(len(r) for r in refs)
    exact = sum(p == r for p, r in zip(preds, refs))
    return 100.0 * errs / max(1, chars), 100.0 * exact / max(1, len(refs))


def real_crops(tsv, workdir):
    from PIL import Image
    base = os.path.dirname(os.path.abspath(tsv))
    images, refs = [], []
    with open(tsv) as fh:
        for n, row in enumerate(fh):
            row = row.rstrip("\n")
            if not row or row.startswith("#"):
                continue
            name, idx, box = row.split("\t")
            src = os.path.join(base, name) if not os.path.isabs(name) else name
            real_dir = os.environ.get("BORDERGATE_REAL_DIR", os.path.join(ROOT, "..", "shared", "images-real"))
            if not os.path.exists(src):
                src = os.path.join(real_dir, name)
            if not os.path.exists(src):
                continue
            with open(os.path.splitext(src)[0] + ".txt") as t:
                ref = t.read().split("\n")[int(idx)]
            l, t_, r, b = (int(v) for v in box.split(","))
            out = os.path.join(workdir, "real-%03d.png" % n)
            Image.open(src).convert("L").crop((l, t_, r, b)).save(out)
            images.append(out)
            refs.append(ref)
    return images, refs


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=os.path.join(ROOT, "vision", "models", "mrz.traineddata"))
    ap.add_argument("--lines", type=int, default=500)
    ap.add_argument("--seed", type=int, default=424242)
    ap.add_argument("--real", help="TSV of hand-cut real MRZ line crops (sanity check)")
    ap.add_argument("--keep", help="keep rendered images in this directory")
    ap.add_argument("--psm", type=int, default=7, help="page segmentation mode (7 = single line)")
    ap.add_argument("--eng", action=argparse.BooleanOptionalAction, default=True, help="also run stock eng")
    args = ap.parse_args()

    model = os.path.abspath(args.model)
    if not os.path.exists(model):
        sys.exit("no model at %s (run tools/ocr-training/train.sh)" % model)
    work = args.keep or tempfile.mkdtemp(prefix="mrz-eval-")
    os.makedirs(work, exist_ok=True)
    # The model is read as language "mrz" from a directory holding mrz.traineddata.
    tessdir = os.path.join(work, "tessdata")
    os.makedirs(tessdir, exist_ok=True)
    link = os.path.join(tessdir, "mrz.traineddata")
    if os.path.lexists(link):
        os.remove(link)
    os.symlink(model, link)

    linesfile = os.path.join(work, "lines.txt")
    with open(linesfile, "w") as fh:
        subprocess.run(["/usr/bin/python3", os.path.join(HERE, "mrz_lines.py"), "--seed", str(args.seed),
                        "--count", str(args.lines)], stdout=fh, check=True)
    imgdir = os.path.join(work, "img")
    if not os.path.exists(os.path.join(imgdir, "lines.gt")):
        subprocess.run(["/usr/bin/python3", os.path.join(HERE, "render_lines.py"), "--lines", linesfile,
                        "--out", imgdir, "--seed", str(args.seed), "--profile", "eval"], check=True)
    rows = [l.rstrip("\n").split("\t") for l in open(os.path.join(imgdir, "lines.gt"))]
    images = [os.path.join(imgdir, r[0]) for r in rows]
    refs = [r[1] for r in rows]
    conds = [r[2] for r in rows]

    systems = [("mrz (this model)", tessdir, "mrz", []),
               ("eng + whitelist", None, "eng", ["tessedit_char_whitelist=" + WHITELIST])]
    if not args.eng:
        systems = systems[:1]
    sets = [("held-out synthetic", images, refs, conds)]
    if args.real:
        rimgs, rrefs = real_crops(args.real, work)
        if rimgs:
            sets.append(("REAL crops (sanity check)", rimgs, rrefs, ["real"] * len(rimgs)))
        else:
            print("real crops: images not found, skipped", file=sys.stderr)

    print("| set | condition | lines | %s |" % " | ".join(
        "%s CER %% | %s exact lines %%" % (s[0], s[0]) for s in systems))
    print("|---|---|---|%s" % ("---|---|" * len(systems)))
    timing = []
    for setname, imgs, rfs, cds in sets:
        results = []
        for si, (name, tdir, lang, extra) in enumerate(systems):
            preds, dt = run_tesseract(imgs, tdir, lang, extra, work, "s%d-%d" % (len(timing), si), args.psm)
            results.append(preds)
            timing.append((setname, name, dt / len(imgs)))
        for cond in sorted(set(cds)) + (["all"] if len(set(cds)) > 1 else []):
            idx = [i for i, c in enumerate(cds) if cond in ("all", c)]
            cells = []
            for preds in results:
                cer, exact = score([preds[i] for i in idx], [rfs[i] for i in idx])
                cells.append("%.2f | %.1f" % (cer, exact))
            print("| %s | %s | %d | %s |" % (setname, cond, len(idx), " | ".join(cells)))
        if os.environ.get("SHOW_ERRORS"):
            for i, p in enumerate(results[0]):
                if p != rfs[i]:
                    print("  %s [%s]\n    ref %s\n    got %s" % (imgs[i], cds[i], rfs[i], p))
    print()
    for setname, name, per in timing:
        print("%s, %s: %.1f ms per line (one tesseract process, model load included)" % (setname, name, 1000 * per))


if __name__ == "__main__":
    main()
