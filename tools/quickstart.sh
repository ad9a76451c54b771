#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# One command per job on a fresh Debian 12 machine, as root (README "Quick start"):
#   tools/quickstart.sh demo   install, build, generate a sample switch day, screen it, report
#   tools/quickstart.sh test   install, build, run every test
# Both are idempotent: a second run reuses the build and the installed packages.
set -euo pipefail
cd "$(dirname "$0")/.."

job=${1:-demo}
build=${JAGA_BUILD:-build}

packages=(build-essential meson ninja-build pkg-config liburing-dev libhyperscan-dev
          libjemalloc-dev libcriterion-dev libxxhash-dev libutf8proc-dev libfyaml-dev
          clang-format)

install() {
    local missing=()
    for p in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
            missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "quickstart: installing ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
}

build() {
    local log
    log=$(mktemp)
    if [ ! -f "$build/build.ninja" ]; then
        meson setup "$build" --buildtype=release >"$log" 2>&1 || { cat "$log"; exit 1; }
    fi
    ninja -C "$build" >"$log" 2>&1 || { cat "$log"; exit 1; }
    rm -f "$log"
}

case "$job" in
demo)
    install
    build
    out=${JAGA_DEMO_DIR:-demo}
    tx=${JAGA_DEMO_TX:-2000000}
    # 30 days, because the red-flag windows are 30 days and a realistic customer pays a few
    # times a month: a single day of this volume would make every sender look hyperactive.
    echo "quickstart: generating 30 days of synthetic Philippine switch traffic ($tx transactions) in $out/"
    "$build/jaga" gen --country ph --seed 7 --tx "$tx" --accounts 400000 --days 30 --out "$out"
    echo "quickstart: screening it with the matching pack (asean + ph overlay)"
    # --floor 0.05 also writes the scores below each threshold (action allow), so that the
    # report can sweep the thresholds; the alerts themselves are the same without it.
    "$build/jaga" screen --pack ph --accounts "$out/accounts.csv" \
        --watchlist "$out/watchlist.csv" --alerts "$out/alerts.jsonl" \
        --rejects "$out/rejects.tsv" --floor 0.05 --no-progress "$out/tx.csv"
    echo "quickstart: evaluating the alerts against the generator's ground truth"
    "$build/jaga" eval --gen "$out" --alerts "$out/alerts.jsonl" --floor 0.05 --out "$out/report"
    echo "quickstart: alerts in $out/alerts.jsonl, rejects in $out/rejects.tsv"
    echo "quickstart: report in $out/report/report.md (plots: $out/report/*.svg)"
    ;;
test)
    install
    build
    meson test -C "$build" --print-errorlogs
    ;;
*)
    echo "usage: tools/quickstart.sh demo|test" >&2
    exit 2
    ;;
esac
