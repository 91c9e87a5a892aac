#!/bin/bash
# Train the project's Tesseract 5 LSTM model for MRZ lines (A-Z 0-9 <) from Debian's fonts-ocr-b,
# offline and reproducibly; writes vision/models/mrz.traineddata. See tools/ocr-training/README.md.
#
# Usage: tools/ocr-training/train.sh            (defaults below; every knob is an environment variable)
#        ITERATIONS=30000 tools/ocr-training/train.sh   (continues the checkpoint in WORK if the data match)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)

WORK=${WORK:-${TMPDIR:-/tmp}/bordergate-ocr-training}   # scratch dir (data, checkpoints); safe to delete
OUT=${OUT:-$ROOT/vision/models/mrz.traineddata}
SEED=${SEED:-9303}                  # training text + rendering seed (held-out eval uses other seeds)
TRAIN_LINES=${TRAIN_LINES:-10000}   # rendered training lines
DEV_LINES=${DEV_LINES:-300}         # lines lstmtraining evaluates on while training (seed SEED+1)
STAGE1_ITERATIONS=${STAGE1_ITERATIONS:-16100}  # with HARVEST_SETS: stage 1 (rendered lines only) ends here
ITERATIONS=${ITERATIONS:-40000}     # lstmtraining --max_iterations at the end (one line per iteration)
TARGET_ERROR=${TARGET_ERROR:-0.05}  # lstmtraining --target_error_rate, percent character error
LEARNING_RATE=${LEARNING_RATE:-0.002}
# Capture effects of the rendered training lines: standard (the shipped model), heavy (more
# and stronger blur; render_lines.py --degrade, README "Fifth round") or motion (standard plus
# a straight shake at any angle, 0.15-0.7 capital heights long, on 30 % of the lines; README
# "Twenty-first round").
DEGRADE=${DEGRADE:-standard}
# DEGRADE=deconv: "motion", and on DECONV_SHARE of the lines a 4-13 px shake, noise and JPEG,
# then a Wiener deconvolution by a slightly wrong estimate, as the reader's deblurring hands
# lines to the OCR (render_lines.py shaken_then_deconvolved; README "Thirty-first round").
DECONV_SHARE=${DECONV_SHARE:-0.3}
# Which runtime model OUT gets (step 5): auto, int or float. The shipped second model
# (vision/models/README.md) is `SEED=9403 DEGRADE=motion RUNTIME=int`.
RUNTIME=${RUNTIME:-auto}
# Small network for one line of a 37-symbol alphabet (README, "Network"): a 2x2 space-to-depth
# reshape of the 36 px line, 16 conv filters, a 3x2 max-pool, a 48-cell vertical summarising
# LSTM, then forward/backward/forward LSTMs of 96 cells each. The model shipped before
# 3 Dec 2026 had no reshape and a 3x3 pool:
# [1,36,0,1 Ct3,3,16 Mp3,3 Lfys48 Lfx96 Lrx96 Lfx96 O1c###].
NET_SPEC=${NET_SPEC:-[1,36,0,1 S2,2 Ct3,3,16 Mp3,2 Lfys48 Lfx96 Lrx96 Lfx96 O1c###]}
# Optional stage 2 (README, "Stage 2"): corpus-gen documents as set:count, e.g.
# "camera-hard:346 rotated:200", cut into line images by the reader. Empty: rendered lines only
# (how the shipped model was trained).
HARVEST_SETS=${HARVEST_SETS:-}
HARVEST_SEED=${HARVEST_SEED:-4242}
HARVEST_FIRST=${HARVEST_FIRST:-50000}
HARVEST_REPEAT=${HARVEST_REPEAT:-2}
BIN=${BIN:-$ROOT/build/bin}         # the project's build (corpus-gen, mrz-line-harvest)
JOBS=${JOBS:-2}                     # parallel rendering jobs (lstmtraining itself uses one thread)
FONTS=${FONTS:-/usr/share/fonts/opentype/ocr-b}
PY=/usr/bin/python3                 # Debian's python3 (python3-pil, python3-numpy)

export OMP_THREAD_LIMIT=1
NICE="nice -n 10"

for tool in text2image tesseract lstmtraining lstmeval unicharset_extractor combine_lang_model combine_tessdata; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install tesseract-ocr libtesseract-dev (training tools)" >&2; exit 2; }
done
[ -f "$FONTS/OCRB.otf" ] || { echo "missing $FONTS/OCRB.otf: apt-get install fonts-ocr-b" >&2; exit 2; }
$PY -c 'import PIL, numpy' 2>/dev/null || { echo "missing python3-pil / python3-numpy (apt-get install)" >&2; exit 2; }

# Start over when anything that shapes the data or the network changed; otherwise reuse
# rendered data and continue from the last checkpoint (idempotent re-runs).
PARAMS="seed=$SEED train=$TRAIN_LINES dev=$DEV_LINES lr=$LEARNING_RATE net=$NET_SPEC tess=$(tesseract --version 2>&1 | head -1)"
[ "$DEGRADE" = standard ] || PARAMS="$PARAMS degrade=$DEGRADE"
[ "$DEGRADE" != deconv ] || PARAMS="$PARAMS deconv_share=$DECONV_SHARE"
[ -z "$HARVEST_SETS" ] || PARAMS="$PARAMS stage1=$STAGE1_ITERATIONS harvest=$HARVEST_SETS/$HARVEST_SEED/$HARVEST_FIRST/$HARVEST_REPEAT"
PARAMS="$PARAMS lstmf=relative-names scripts=$(cat "$HERE/mrz_lines.py" "$HERE/render_lines.py" | sha256sum | cut -c1-16)"
mkdir -p "$WORK"
if [ "$(cat "$WORK/params" 2>/dev/null)" != "$PARAMS" ]; then
  echo "== fresh work dir $WORK"
  rm -rf "${WORK:?}"/*
  echo "$PARAMS" > "$WORK/params"
fi
START=$(date +%s)
log() { echo "== [$(( $(date +%s) - START ))s] $*"; }

# .lstmf files for the TIFFs named GLOB under DIR, one beside each; fails unless every TIFF got
# one. Each .lstmf file stores the name tesseract wrote it under, and what lstmtraining makes of
# a line depends on that name (measured: the same pixels under another WORK trained another
# model; README, "Reproducible from any WORK"). So the files are written from inside DIR, under
# names relative to it: the same names, whatever WORK is.
make_lstmf() {  # dir glob
  local dir=$1 glob=$2
  (cd "$dir" && find . -name "$glob" | sort | sed 's#^\./##' | xargs -P "$JOBS" -I{} sh -c \
    '$0 tesseract "$1" "${1%.tif}" --psm 13 lstm.train >/dev/null 2>&1' "$NICE" {})
  [ "$(find "$dir" -name "${glob%.tif}.lstmf" | wc -l)" -eq "$(find "$dir" -name "$glob" | wc -l)" ] ||
    { echo "lstmf creation failed in $dir" >&2; exit 1; }
}

# 1. Training text: random MRZ lines of every format.
render_set() {  # name count seed
  local name=$1 count=$2 seed=$3 dir="$WORK/$1"
  [ -f "$dir/done" ] && return 0
  rm -rf "$dir"; mkdir -p "$dir"
  $PY "$HERE/mrz_lines.py" --seed "$seed" --count "$count" > "$dir/all.txt"
  split -l 400 -d -a 3 "$dir/all.txt" "$dir/shard-"
  # 2. Render each shard (seed = set seed * 1000 + shard number) and make lstmf files.
  ls "$dir"/shard-??? | xargs -P "$JOBS" -I{} sh -c \
    '$0 $1/render_lines.py --lines {} --out {}.d --seed $(( $2 * 1000 + 1$(basename {} | cut -c7-) - 1000 )) --profile train --degrade $3 --deconv-share $4 2>&1 | grep -v "^rendered" || true' \
    "$NICE $PY" "$HERE" "$seed" "$DEGRADE" "$DECONV_SHARE"
  make_lstmf "$dir" 'c*.tif'
  find "$dir" -name '*.lstmf' | sort > "$dir/list"
  touch "$dir/done"
}
log "rendering $TRAIN_LINES training lines, $DEV_LINES dev lines"
render_set train "$TRAIN_LINES" "$SEED"
render_set dev "$DEV_LINES" "$((SEED + 1))"

# 3. Starter traineddata: unicharset of exactly the MRZ alphabet, no dictionaries.
LM="$WORK/lm"
if [ ! -f "$LM/mrz/mrz.traineddata" ]; then
  rm -rf "$LM"; mkdir -p "$LM/script" "$LM/mrz"
  # combine_lang_model reads a radical table even for Latin; the MRZ has no Han characters.
  printf '# stub: the MRZ alphabet has no Han characters\n19968 1\n' > "$LM/script/radical-stroke.txt"
  printf 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<\n' > "$LM/alphabet.txt"
  unicharset_extractor --output_unicharset "$LM/unicharset" --norm_mode 1 "$LM/alphabet.txt" >/dev/null 2>&1
  got=$(tail -n +5 "$LM/unicharset" | cut -d' ' -f1 | sort | tr -d '\n')
  want=$(grep -o . "$LM/alphabet.txt" | sort | tr -d '\n')
  [ "$got" = "$want" ] || { echo "unicharset is not the MRZ alphabet: $got" >&2; exit 1; }
  combine_lang_model --input_unicharset "$LM/unicharset" --script_dir "$LM/script" \
    --output_dir "$LM" --lang mrz >/dev/null 2>&1
fi
NCLASS=$(head -1 "$LM/unicharset")

# 4. Stage 1: train from scratch on the rendered lines (the Debian eng model is an integer
#    model and cannot be fine-tuned). lstmtraining resumes "$WORK/ckpt/mrz_checkpoint" when
#    it exists, so a re-run with a larger ITERATIONS continues.
mkdir -p "$WORK/ckpt"
train() {  # list max_iterations log
  log "lstmtraining to $2 iterations (or $TARGET_ERROR% error) on $(wc -l < "$1") documents, net ${NET_SPEC/c###/c$NCLASS}"
  $NICE lstmtraining \
    --traineddata "$LM/mrz/mrz.traineddata" \
    --net_spec "${NET_SPEC/c###/c$NCLASS}" \
    --model_output "$WORK/ckpt/mrz" \
    --learning_rate "$LEARNING_RATE" \
    --train_listfile "$1" \
    --eval_listfile "$WORK/dev/list" \
    --max_iterations "$2" \
    --target_error_rate "$TARGET_ERROR" > "$3" 2>&1 || { tail -20 "$3" >&2; exit 1; }
  grep -E '^At iteration|^Finished' "$3" | tail -2
}
runtime_model() {  # float|int output
  local conv=()
  [ "$1" = int ] && conv=(--convert_to_int)
  lstmtraining --stop_training "${conv[@]}" --continue_from "$WORK/ckpt/mrz_checkpoint" \
    --traineddata "$LM/mrz/mrz.traineddata" --model_output "$2" >/dev/null 2>&1
}
if [ -z "$HARVEST_SETS" ]; then
  train "$WORK/train/list" "$ITERATIONS" "$WORK/training.log"
else
  if [ ! -f "$WORK/stage1.done" ]; then
    train "$WORK/train/list" "$STAGE1_ITERATIONS" "$WORK/training-stage1.log"
    touch "$WORK/stage1.done"
  fi

  # 4b. Stage 2: the line images the reader itself cuts from camera-like document images
  #     (perspective, blur, glare, its own rectification and second-opinion binarisation),
  #     from corpus-gen documents of seed HARVEST_SEED from index HARVEST_FIRST (the committed
  #     sets use the default seed from 0, the held-out checks indices 1000 and 2000), cut by
  #     mrz-line-harvest with the stage-1 model choosing the orientation. They are listed
  #     HARVEST_REPEAT times next to the rendered lines; lstmtraining takes lines from its
  #     documents in turn, so about a quarter of what it sees in stage 2 are such crops.
  #     The crops depend on the reader's locate stage at the time the script runs.
  H="$WORK/harvest"
  if [ ! -f "$H/done" ]; then
    for tool in corpus-gen mrz-line-harvest; do
      [ -x "$BIN/$tool" ] || { echo "missing $BIN/$tool: build the project first (scripts/build)" >&2; exit 2; }
    done
    rm -rf "$H"; mkdir -p "$H/model"
    runtime_model int "$H/model/mrz.traineddata"
    for spec in $HARVEST_SETS; do
      s=${spec%%:*}; n=${spec##*:}
      log "stage 2 data: $n $s documents"
      $NICE "$BIN/corpus-gen" --set "$s" --count "$n" --first "$HARVEST_FIRST" --seed "$HARVEST_SEED" --out "$H/docs/$s" >/dev/null
      $NICE "$BIN/mrz-line-harvest" --tessdata "$H/model" --out "$H/lines/$s" "$H/docs/$s"/*.png | tee -a "$H/harvest.txt"
      make_lstmf "$H/lines/$s" 'h*.tif'
    done
    find "$H/lines" -name '*.lstmf' | sort > "$H/list"
    touch "$H/done"
  fi
  { cat "$WORK/train/list"; for _ in $(seq "$HARVEST_REPEAT"); do cat "$H/list"; done; } > "$WORK/stage2.list"
  train "$WORK/stage2.list" "$ITERATIONS" "$WORK/training.log"
fi

# 5. Runtime models: float and integer; RUNTIME=auto keeps the integer one unless it loses more
#    than 0.1 points of dev-set character error; RUNTIME=int or float keeps that one.
runtime_model float "$WORK/mrz_float.traineddata"
runtime_model int "$WORK/mrz_int.traineddata"
cer() { $NICE lstmeval --model "$1" --eval_listfile "$WORK/dev/list" 2>&1 | sed -n 's/.*BCER eval=\([0-9.]*\).*/\1/p' | tail -1; }
CER_FLOAT=$(cer "$WORK/mrz_float.traineddata")
CER_INT=$(cer "$WORK/mrz_int.traineddata")
log "dev-set character error: float ${CER_FLOAT}%, integer ${CER_INT}%"
case "$RUNTIME" in
  int|float) CHOSEN=$RUNTIME ;;
  *) if awk -v f="$CER_FLOAT" -v i="$CER_INT" 'BEGIN { exit !(i <= f + 0.1) }'; then CHOSEN=int; else CHOSEN=float; fi ;;
esac
mkdir -p "$(dirname "$OUT")"
cp "$WORK/mrz_$CHOSEN.traineddata" "$OUT"
log "wrote $OUT ($CHOSEN, $(stat -c %s "$OUT") bytes)"
