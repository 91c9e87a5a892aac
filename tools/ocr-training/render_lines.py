#!/usr/bin/python3
"""Render MRZ text lines with text2image (OCR-B), crop them to single lines and degrade them.

text2image draws pages of lines at 300 dpi in one OCR-B variant per chunk (exposure,
speckle degradation and character spacing vary per chunk); each line is then cropped
with its own padding, slightly rotated, scaled to a target capital height (10-48 px, the
range the kiosk camera sees, issue 3) and degraded (contrast, uneven light, blur, motion
blur, sensor noise, JPEG, binarisation) with a per-chunk seeded RNG, so the output is a
function of --seed alone.

--profile train writes CHUNK.tif (multi-page, one line per page) + CHUNK.box (WordStr
boxes holding the tight text box) per chunk, ready for `tesseract CHUNK.tif CHUNK --psm 13
lstm.train`. --profile eval writes one PNG per line, lines.gt (file<TAB>text<TAB>condition)
using a different degradation mix (see EVAL_CONDITIONS).
"""

import argparse
import io
import math
import os
import random
import subprocess
import sys

import numpy as np
from PIL import Image, ImageFilter

# (font file, pango name, weight) -- OCR B regular dominates; Sharp is the other
# variant printed on documents; Oblique adds a little shape variety.
FONTS = [("OCRB.otf", "OCR B", 6), ("OCRBS.otf", "OCR B", 3), ("OCRBL.otf", "OCR B Oblique", 1)]

# Held-out conditions; each eval line gets one. Capital heights in pixels.
EVAL_CONDITIONS = ["clean", "small", "blur", "noise_jpeg", "low_contrast"]


def pick_font(rng):
    total = sum(w for _, _, w in FONTS)
    r = rng.uniform(0, total)
    for f, name, w in FONTS:
        r -= w
        if r <= 0:
            return f, name
    return FONTS[0][0], FONTS[0][1]


def run_text2image(lines, font_dir, font_name, outbase, rng, profile):
    txt = outbase + ".txt"
    with open(txt, "w") as fh:
        fh.write("\n".join(lines) + "\n")
    ptsize = rng.choice([10, 11, 12, 13, 14])
    exposure = rng.choice([-2, -1, -1, 0, 0, 0, 0, 1, 1, 2]) if profile == "train" else rng.choice([-1, 0, 0, 1])
    degrade = rng.random() < (0.3 if profile == "train" else 0.2)
    spacing = rng.choice([0.0, 0.0, 0.0, 0.05, 0.1, 0.2])
    cmd = ["text2image", "--text", txt, "--outputbase", outbase, "--font", font_name,
           "--fonts_dir", font_dir, "--fontconfig_tmpdir", font_dir,
           "--ptsize", str(ptsize), "--resolution", "300", "--xsize", "3200",
           "--ysize", str(200 + 110 * len(lines)), "--margin", "60",
           "--leading", str(rng.randint(8, 40)), "--char_spacing", str(spacing),
           "--exposure", str(exposure), "--degrade_image=%s" % ("true" if degrade else "false"),
           "--rotate_image=false", "--strip_unrenderable_words=false"]
    res = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if res.returncode != 0:
        sys.exit("text2image failed: %s\n%s" % (" ".join(cmd), res.stdout))
    os.remove(txt)


def parse_boxes(box_path):
    """Group text2image character boxes into lines: list of (page, text, [boxes])."""
    out, cur_text, cur_boxes, cur_page = [], "", [], 0
    with open(box_path) as fh:
        for raw in fh:
            raw = raw.rstrip("\n")
            if not raw:
                continue
            parts = raw.split(" ")
            ch = parts[0]
            l, b, r, t, page = (int(v) for v in parts[-5:])
            if ch == "\t" or raw.startswith("\t"):
                if cur_text:
                    out.append((cur_page, cur_text, cur_boxes))
                cur_text, cur_boxes = "", []
                continue
            cur_text += ch
            cur_boxes.append((l, b, r, t))
            cur_page = page
    if cur_text:
        out.append((cur_page, cur_text, cur_boxes))
    return out


def motion_blur(img, vertical=False):
    """5-tap box blur along one axis (a short camera shake)."""
    k = [0.0] * 25
    for i in range(5):
        k[i * 5 + 2 if vertical else 2 * 5 + i] = 1.0 / 5
    return img.filter(ImageFilter.Kernel((5, 5), k, scale=1))


def segment_kernel(length, angle):
    """The normalised PSF of a straight segment of `length` px at `angle` (radians), 64 samples
    splatted bilinearly, centred in a square of odd side."""
    r = int(math.ceil(length / 2)) + 1
    k = np.zeros((2 * r + 1, 2 * r + 1), np.float64)
    for t in np.linspace(-0.5, 0.5, 64):
        x, y = r + t * length * math.cos(angle), r + t * length * math.sin(angle)
        x0, y0 = int(math.floor(x)), int(math.floor(y))
        fx, fy = x - x0, y - y0
        k[y0, x0] += (1 - fx) * (1 - fy); k[y0, x0 + 1] += fx * (1 - fy)
        k[y0 + 1, x0] += (1 - fx) * fy; k[y0 + 1, x0 + 1] += fx * fy
    return k / k.sum()


def segment_blur(img, length, angle):
    """Blur along a straight segment of `length` px at `angle` (radians): a camera shake during
    the exposure, drawn as a continuous segment (64 samples splatted bilinearly), not a
    rasterised line."""
    k = segment_kernel(length, angle)
    r = k.shape[0] // 2
    a = np.asarray(img, dtype=np.float64)
    p = np.pad(a, r, mode="edge")
    H, W = p.shape
    f = np.fft.irfft2(np.fft.rfft2(p) * np.fft.rfft2(k, s=(H, W)), s=(H, W))
    out = f[2 * r:2 * r + a.shape[0], 2 * r:2 * r + a.shape[1]]
    return Image.fromarray(np.clip(out, 0, 255).astype(np.uint8))


def add_noise(img, nrng, sigma):
    """Gaussian sensor noise of standard deviation `sigma` grey levels."""
    a = np.asarray(img, dtype=np.float32)
    a = a + nrng.normal(0, sigma, a.shape)
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))


def jpeg(img, quality):
    """The image after a JPEG round trip at `quality`."""
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue())).convert("L")


def wiener_deconvolve(img, length, angle, nsr):
    """What the reader does to a frame it estimates shaken (vision/src/reader/deblur.cpp,
    MotionDeconvolver): Wiener deconvolution F = G conj(H) / (|H|^2 + nsr) by the segment PSF
    of `length` px at `angle` (radians), borders mirrored, result saturated to 0..255. The
    ringing this leaves around glyph edges when the PSF is not quite the blur is what the
    deconvolved lines look like to the OCR."""
    k = segment_kernel(length, angle)
    r = k.shape[0] // 2
    a = np.asarray(img, dtype=np.float64)
    pad = k.shape[0] + 16
    p = np.pad(a, pad, mode="reflect")
    H, W = p.shape
    psf = np.zeros((H, W), np.float64)
    for y in range(k.shape[0]):
        for x in range(k.shape[1]):
            psf[(y - r) % H, (x - r) % W] = k[y, x]
    Hf = np.fft.rfft2(psf)
    f = np.fft.irfft2(np.fft.rfft2(p) * np.conj(Hf) / (np.abs(Hf) ** 2 + nsr), s=(H, W))
    out = f[pad:pad + a.shape[0], pad:pad + a.shape[1]]
    return Image.fromarray(np.clip(np.rint(out), 0, 255).astype(np.uint8))


def shaken_then_deconvolved(img, cap, rng, nrng):
    """A line as the reader's deblurring hands it to the OCR ("DEGRADE=deconv"): shaken along a
    segment of 4-13 px (the lengths the reader deconvolves, deblur.h), with sensor noise and
    often JPEG, then Wiener-deconvolved with an estimate a little off the true segment (the
    cepstrum's error on held-out frames: roughly +-15 % in length, a few degrees in angle) and
    the reader's noise-to-signal constant 0.01 on most lines."""
    length = rng.uniform(max(4.0, 0.15 * cap), max(4.5, min(13.0, 0.8 * cap)))
    angle = rng.uniform(0, math.pi)
    img = segment_blur(img, length, angle)
    img = add_noise(img, nrng, rng.uniform(0.5, 6))
    if rng.random() < 0.6:
        img = jpeg(img, rng.randint(50, 95))
    est_length = min(13.0, max(4.0, length * rng.uniform(0.85, 1.15)))
    est_angle = angle + math.radians(rng.uniform(-6, 6))
    nsr = 0.01 if rng.random() < 0.7 else rng.uniform(0.004, 0.03)
    return wiener_deconvolve(img, est_length, est_angle, nsr)


def degrade_train(img, cap, rng, nrng, degrade="standard", deconv_share=0.3):
    """Random capture effects for a training line (grayscale PIL image, 0=ink).

    degrade "heavy": more and stronger blur (Gaussian on 50 % of lines up to sigma 0.14 x
    capital height instead of 40 % up to 0.08; 5-tap motion blur on 20 % instead of 10 %,
    horizontal or vertical, applied twice on half of the lines over 24 px).
    degrade "motion": the standard effects, and on 30 % of the lines a straight shake at any
    angle, 0.15-0.7 capital heights long (segment_blur), after the standard blurs. Without it no
    random number is drawn for the shake, so standard lines are the same pixels as before.
    degrade "deconv": the standard effects, then one draw: a shake at any angle as "motion" on
    30 % of the lines, and on the next `deconv_share` of them a shake undone as the reader
    undoes it (shaken_then_deconvolved), which ends the line's effects."""
    a = np.asarray(img, dtype=np.float32) / 255.0
    ink = rng.uniform(0, 100)
    paper = rng.uniform(min(255, ink + 70), 255)
    a = ink + (paper - ink) * a
    if rng.random() < 0.3:  # uneven light along the line
        g = np.linspace(rng.uniform(0.6, 1.0), rng.uniform(0.6, 1.0), a.shape[1], dtype=np.float32)
        a = a * g[None, :]
    img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    if degrade == "heavy":
        if rng.random() < 0.5:
            img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, max(0.6, 0.14 * cap))))
        if rng.random() < 0.2:
            vertical = rng.random() >= 0.5
            img = motion_blur(img, vertical)
            if cap > 24 and rng.random() < 0.5:
                img = motion_blur(img, vertical)
    else:
        if rng.random() < 0.4:
            img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, max(0.6, 0.08 * cap))))
        if rng.random() < 0.1:
            img = motion_blur(img)
        if degrade == "motion" and rng.random() < 0.3:  # a shake at any angle
            img = segment_blur(img, rng.uniform(0.15, 0.7) * cap, rng.uniform(0, math.pi))
        if degrade == "deconv":
            r = rng.random()
            if r < 0.3:  # a shake at any angle, as "motion"
                img = segment_blur(img, rng.uniform(0.15, 0.7) * cap, rng.uniform(0, math.pi))
            elif r < 0.3 + deconv_share:  # a shake the reader has undone: nothing follows it
                return shaken_then_deconvolved(img, cap, rng, nrng)
    if rng.random() < 0.5:
        img = add_noise(img, nrng, rng.uniform(2, 14))
    if rng.random() < 0.3:
        img = jpeg(img, rng.randint(25, 85))
    if rng.random() < 0.1:
        a = np.asarray(img)
        thr = (int(a.min()) + int(a.max())) // 2
        img = Image.fromarray(np.where(a > thr, 255, 0).astype(np.uint8))
    return img


def degrade_eval(img, cap, cond, rng, nrng):
    """Held-out capture effects, deliberately different from degrade_train."""
    a = np.asarray(img, dtype=np.float32) / 255.0
    if cond == "low_contrast":
        ink, paper = rng.uniform(60, 120), rng.uniform(160, 200)
    else:
        ink, paper = rng.uniform(10, 60), rng.uniform(180, 250)
    a = ink + (paper - ink) * a
    # Vertical light gradient (training only has horizontal ones).
    if rng.random() < 0.4:
        g = np.linspace(rng.uniform(0.75, 1.0), rng.uniform(0.75, 1.0), a.shape[0], dtype=np.float32)
        a = a * g[:, None]
    img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    if cond == "blur":
        img = img.filter(ImageFilter.BoxBlur(rng.uniform(0.08, 0.13) * cap))
    if cond in ("noise_jpeg", "low_contrast", "small"):
        a = np.asarray(img, dtype=np.float32)
        a = a + nrng.normal(0, rng.uniform(4, 12), a.shape)
        img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    if cond in ("noise_jpeg", "small"):
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=rng.randint(15, 50))
        img = Image.open(io.BytesIO(buf.getvalue())).convert("L")
    return img


def eval_cap(cond, rng):
    if cond == "small":
        return rng.uniform(12, 16)
    if cond == "blur":
        return rng.uniform(18, 32)
    return rng.uniform(16, 40)


def train_cap(rng):
    r = rng.random()
    if r < 0.3:
        return rng.uniform(10, 16)
    if r < 0.7:
        return rng.uniform(16, 28)
    return rng.uniform(28, 48)


def make_line(page_img, boxes, rng, nrng, profile, cond, degrade="standard", deconv_share=0.3):
    """Crop one line from a rendered page; return (image, tight box l,t,r,b in image coords)."""
    H = page_img.size[1]
    x0 = min(b[0] for b in boxes)
    x1 = max(b[2] for b in boxes)
    y0 = H - max(b[3] for b in boxes)  # top, top-left origin
    y1 = H - min(b[1] for b in boxes)
    heights = sorted(b[3] - b[1] for b in boxes)
    cap0 = heights[len(heights) * 3 // 4]  # letters/digits, not '<'
    px = rng.uniform(0.3, 2.0) * cap0
    py = rng.uniform(0.15, 0.8) * cap0
    cx0, cy0 = max(0, int(x0 - px)), max(0, int(y0 - py))
    cx1, cy1 = min(page_img.size[0], int(x1 + px)), min(H, int(y1 + py))
    crop = page_img.crop((cx0, cy0, cx1, cy1)).convert("L")
    tl, tt, tr, tb = x0 - cx0, y0 - cy0, x1 - cx0, y1 - cy0
    max_angle = 1.0 if profile == "train" else 1.5
    if rng.random() < 0.5:
        ang = rng.uniform(-max_angle, max_angle)
        w, h = crop.size
        crop = crop.rotate(ang, resample=Image.BICUBIC, fillcolor=255)
        # Box of the rotated tight rectangle (PIL rotates counter-clockwise about the centre).
        c, s = math.cos(math.radians(ang)), math.sin(math.radians(ang))
        xs, ys = [], []
        for x, y in ((tl, tt), (tr, tt), (tl, tb), (tr, tb)):
            dx, dy = x - w / 2, y - h / 2
            xs.append(w / 2 + dx * c + dy * s)
            ys.append(h / 2 - dx * s + dy * c)
        tl, tr, tt, tb = max(0, min(xs)), min(w, max(xs)), max(0, min(ys)), min(h, max(ys))
    cap = train_cap(rng) if profile == "train" else eval_cap(cond, rng)
    sy = cap / cap0
    sx = sy * (rng.uniform(0.85, 1.15) if profile == "train" else rng.uniform(0.9, 1.1))
    w, h = crop.size
    nw, nh = max(8, round(w * sx)), max(8, round(h * sy))
    if profile == "eval" and cond == "blur":
        # Defocus happens before sampling: blur at full resolution, then downscale.
        crop = crop.filter(ImageFilter.GaussianBlur(0.06 * cap0))
    crop = crop.resize((nw, nh), Image.LANCZOS)
    if profile == "train":
        img = degrade_train(crop, cap, rng, nrng, degrade, deconv_share)
    else:
        img = degrade_eval(crop, cap, cond, rng, nrng)
    box = (tl * nw / w, tt * nh / h, tr * nw / w, tb * nh / h)
    return img, box


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", required=True, help="text file, one MRZ line per line")
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--profile", choices=["train", "eval"], required=True)
    ap.add_argument("--chunk", type=int, default=40, help="lines per text2image page")
    ap.add_argument("--fonts", default="/usr/share/fonts/opentype/ocr-b")
    ap.add_argument("--degrade", choices=["standard", "heavy", "motion", "deconv"], default="standard",
                    help="training capture effects: heavy = more and stronger blur; motion = "
                         "standard plus a shake at any angle on 30%% of lines; deconv = motion, and "
                         "on --deconv-share of the lines a shake undone as the reader does (README)")
    ap.add_argument("--deconv-share", type=float, default=0.3,
                    help="--degrade deconv: share of lines shaken, then Wiener-deconvolved")
    args = ap.parse_args()

    with open(args.lines) as fh:
        lines = [l.strip() for l in fh if l.strip()]
    os.makedirs(args.out, exist_ok=True)
    font_dirs = {}
    for f, _, _ in FONTS:
        d = os.path.join(args.out, "fonts-" + os.path.splitext(f)[0])
        os.makedirs(d, exist_ok=True)
        link = os.path.join(d, f)
        if not os.path.exists(link):
            os.symlink(os.path.join(args.fonts, f), link)
        font_dirs[f] = d

    gt = open(os.path.join(args.out, "lines.gt"), "w") if args.profile == "eval" else None
    skipped = 0
    for ci in range(0, len(lines), args.chunk):
        chunk = lines[ci:ci + args.chunk]
        name = "c%05d" % (ci // args.chunk)
        rng = random.Random(args.seed * 1000003 + ci)
        nrng = np.random.default_rng(args.seed * 1000003 + ci)
        font_file, font_name = pick_font(rng)
        tmpbase = os.path.join(args.out, name + "-page")
        run_text2image(chunk, font_dirs[font_file], font_name, tmpbase, rng, args.profile)
        page = Image.open(tmpbase + ".tif")
        groups = parse_boxes(tmpbase + ".box")
        pages, boxlines = [], []
        for li, (pno, text, boxes) in enumerate(groups):
            if li >= len(chunk) or text != chunk[li] or pno != 0:
                skipped += 1
                continue
            cond = EVAL_CONDITIONS[(ci + li) % len(EVAL_CONDITIONS)]
            img, (l, t, r, b) = make_line(page, boxes, rng, nrng, args.profile, cond, args.degrade,
                                           args.deconv_share)
            if args.profile == "eval":
                fn = "%s-%02d.png" % (name, li)
                img.save(os.path.join(args.out, fn), dpi=(300, 300))
                gt.write("%s\t%s\t%s\n" % (fn, text, cond))
            else:
                p = len(pages)
                H = img.size[1]
                L, B, R, T = int(l), int(H - b), int(math.ceil(r)), int(math.ceil(H - t))
                L, B = max(0, L), max(0, B)
                R, T = min(img.size[0], R), min(H, T)
                boxlines.append("WordStr %d %d %d %d %d #%s" % (L, B, R, T, p, text))
                boxlines.append("\t %d %d %d %d %d" % (R, B, R + 1, B + 1, p))
                pages.append(img)
        if len(groups) != len(chunk):
            skipped += abs(len(chunk) - len(groups))
        os.remove(tmpbase + ".tif")
        os.remove(tmpbase + ".box")
        if args.profile == "train" and pages:
            pages[0].save(os.path.join(args.out, name + ".tif"), save_all=True,
                          append_images=pages[1:], dpi=(300, 300), compression="tiff_deflate")
            with open(os.path.join(args.out, name + ".box"), "w") as fh:
                fh.write("\n".join(boxlines) + "\n")
    if gt:
        gt.close()
    print("rendered %d lines, skipped %d" % (len(lines) - skipped, skipped), file=sys.stderr)
    if skipped > len(lines) // 50:
        sys.exit("too many lines failed to render (%d)" % skipped)


if __name__ == "__main__":
    main()
