#!/usr/bin/env bash
# Runs an installed txdose as a ward workstation would: from a scratch folder, with a bare
# environment (no PYTHONPATH, no virtualenv on PATH), and checks what each command produced.
# Usage: packaging/smoke.sh /path/to/txdose   (the venv's console script or the bundle's)
set -euo pipefail
txdose=$1
scratch=$(mktemp -d /tmp/txdose-smoke.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"
run() {
  env -i PATH=/usr/bin:/bin HOME="$scratch/home" LANG=C.UTF-8 PYTHONPATH= \
    QT_QPA_PLATFORM=offscreen TXDOSE_LOG_DIR="$scratch/log" TXDOSE_DATA_DIR="$scratch/data" \
    TXDOSE_USER=smoke "$txdose" "$@"
}
patient=(--protocol auto-hsct-ln --weight 70 --height 165 --sex female --age 40
         --day0 2026-12-07 --name "Smoke Patient" --mrn SMOKE-1)

run --version | tee version.txt
grep -q '^  auto-hsct-ln v' version.txt

run protocols > protocols.txt
for id in auto-hsct-ln msc-adipose msc-allogeneic ucmsc-vs-il2; do
  grep -q "^$id " protocols.txt || { echo "smoke: $id not listed" >&2; exit 1; }
done

run plan "${patient[@]}" --json > plan.json
grep -q '"id": "auto-hsct-ln"' plan.json
grep -q '"bsa_m2": "1.79"' plan.json  # Mosteller: sqrt(165 × 70 / 3600) = 1.7912 → 1.79

run sheet "${patient[@]}" --out sheet.pdf
head -c 5 sheet.pdf | grep -q '%PDF-'
if command -v pdftotext >/dev/null; then
  pdftotext sheet.pdf sheet.txt  # to a file: `| grep -q` would SIGPIPE pdftotext
  grep -q 'SMOKE-1' sheet.txt
fi

run gui --exit-after-show | tee gui.txt
grep -q '^start-up: ' gui.txt

grep -q 'sheets rendered: ' log/txdose.log
if grep -q 'Smoke Patient' log/txdose.log; then
  echo "smoke: the patient's name is in the log" >&2; exit 1
fi
echo "smoke: OK ($txdose)"
