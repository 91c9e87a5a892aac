#!/usr/bin/env bash
# `cmake --install` into a scratch prefix, then the installed programs are run as a kiosk runs
# them (docs/install.md): they must read the installed data, not the source tree, wherever the
# prefix is put; the udev rule must cover the known-device table; the units must name the
# installed programs (and verify, where systemd-analyze is present).
#   install_test.sh SOURCE_DIR BINARY_DIR
set -euo pipefail
src="$1"; bin="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
unset BORDERGATE_DATA_DIR BORDERGATE_TESSDATA DISPLAY WAYLAND_DISPLAY SDL_VIDEODRIVER
export OMP_THREAD_LIMIT=1

prefix="$work/prefix"
# --component: the manifest goes to install_manifest_Unspecified.txt, so a real install's
# install_manifest.txt in the build tree is left as it was.
cmake --install "$bin" --prefix "$prefix" --component Unspecified > "$work/install.log" || { cat "$work/install.log"; fail "cmake --install"; }
for f in bin/bordergate bin/bordergate-kiosk share/bordergate/vision/models/mrz.traineddata \
         share/bordergate/vision/models/mrz-motion.traineddata share/bordergate/kiosk-ui/i18n/tr.json \
         share/bordergate/rules/data/VERSION share/bordergate/rules/data/visa_regime.csv share/bordergate/kiosk.env.example \
         share/doc/bordergate/install.md lib/udev/rules.d/70-bordergate.rules lib/sysusers.d/bordergate.conf \
         lib/tmpfiles.d/bordergate.conf lib/systemd/system/bordergate-kiosk.service \
         lib/systemd/system/bordergate-sync.service lib/systemd/system/bordergate-sync.timer \
         lib/systemd/system/bordergate-upload.service lib/systemd/system/bordergate-upload.timer; do
  [[ -e "$prefix/$f" ]] || fail "not installed: $f"
done
[[ ! -e "$prefix/share/bordergate/rules/data/bench" ]] || fail "the benchmark data was installed"

# Everything installed is in the manifest (packaging and removal go by it), the services too.
for f in bin/bordergate-kiosk lib/systemd/system/bordergate-kiosk.service lib/systemd/system/bordergate-sync.timer; do
  grep -qx "$prefix/$f" "$bin/install_manifest_Unspecified.txt" || fail "not in the install manifest: $f"
done

# The units run the installed programs, with nothing left unsubstituted.
for u in kiosk sync upload; do
  grep -q "^ExecStart=$prefix/bin/bordergate" "$prefix/lib/systemd/system/bordergate-$u.service" || fail "bordergate-$u.service: ExecStart does not name $prefix/bin"
done
! grep -n "@[A-Z]*@" "$prefix"/lib/systemd/system/*.service || fail "a placeholder left in a unit"

# Every known device named by vendor id gets a rule; class-only rows (cameras) none.
rows=$(grep -v '^[[:space:]]*#' "$src/devices/data/known_devices.csv" | grep -v '^[[:space:]]*$' | grep -vc '^\*' || true)
rules=$(grep -c '^SUBSYSTEM=="usb"' "$prefix/lib/udev/rules.d/70-bordergate.rules" || true)
[[ "$rows" -ge 1 && "$rows" -eq "$rules" ]] || fail "70-bordergate.rules has $rules rules for $rows known devices with a vendor id"
grep -q 'ATTR{idVendor}=="1209", ATTR{idProduct}=="0001", MODE="0660", GROUP="bordergate"' "$prefix/lib/udev/rules.d/70-bordergate.rules" \
  || fail "no rule for the controller board 1209:0001"

# Moved elsewhere (a prefix is a tree, not a place): the programs follow.
moved="$work/moved"
cp -a "$prefix" "$moved"
image="$src/images/camera-easy/camera-easy-TD3-001.png"
[[ -e "$image" ]] || image="$(ls "$src"/images/camera-easy/*.png | head -1)"
out=$("$moved/bin/bordergate" read --json "$image") || fail "installed bordergate read: $out"
grep -q '"valid":true' <<<"$out" || fail "installed bordergate read did not read $image valid: $out"

# Proof that the data read is the installed copy: take the models away there and the program
# says they are missing there (the source tree still has them: an installed program must not
# fall back to it).
rm -r "$moved/share/bordergate/vision/models"
if out=$("$moved/bin/bordergate" read --json "$image" 2>&1); then fail "read without the installed model: $out"; fi
grep -q "$moved/share/bordergate/vision/models" <<<"$out" || fail "the missing model is not named in the installed tree: $out"

# The technician's tools work on an installed kiosk (no camera needed): a PIN hash, a journal check.
out=$(echo 482913 | "$moved/bin/bordergate-kiosk" --hash-pin 2>&1) || fail "installed kiosk --hash-pin: $out"
[[ "$out" == '$argon2id$'* ]] || fail "installed kiosk --hash-pin printed: $out"

# The installed kiosk has no demo images: without a camera it says what to give.
if out=$("$moved/bin/bordergate-kiosk" --seconds 1 --state "$work/state0" 2>&1); then fail "installed kiosk without a camera: $out"; fi
grep -q "no camera given" <<<"$out" || fail "installed kiosk without a camera: $out"

# The installed kiosk starts from its data (strings, SAMPLE list) and serves a document.
kiosk=(--mrz-text-replay --documents-dir "$src/kiosk-ui/demo-documents" --documents 1 --interval-ms 200 --seconds 20)
out=$("$moved/bin/bordergate-kiosk" "${kiosk[@]}" --state "$work/state" 2>&1) || fail "installed kiosk: $out"
[[ -e "$work/state/sample-list.db" ]] || fail "the installed kiosk built no SAMPLE list: $out"
rm "$moved/share/bordergate/kiosk-ui/i18n/en.json"
if out=$("$moved/bin/bordergate-kiosk" "${kiosk[@]}" --state "$work/state2" 2>&1); then fail "kiosk without its strings: $out"; fi
grep -q "$moved/share/bordergate/kiosk-ui/i18n" <<<"$out" || fail "the missing strings are not named in the installed tree: $out"

# The units are valid systemd units (only where systemd-analyze is present).
if command -v systemd-analyze >/dev/null; then
  out=$(SYSTEMD_LOG_LEVEL=warning systemd-analyze verify --man=no "$prefix"/lib/systemd/system/bordergate-*.{service,timer} 2>&1) \
    || fail "systemd-analyze verify: $out"
  ! grep -i "unknown\|invalid\|failed" <<<"$out" || fail "systemd-analyze verify: $out"
fi
echo "install test: passed ($prefix, moved to $moved)"
