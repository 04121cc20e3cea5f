#!/usr/bin/env bash
# The timeline page in a real browser: runs `storywatch demo --serve` (the real daemon on
# the seed corpus, served from 127.0.0.1), opens the story's page in headless Chromium
# (Debian's chromium package), checks that the rendered page shows the story's claims,
# their sources and a phone-width layout, and writes a screenshot.
#
#   tests/browser/check.sh [SCREENSHOT.png]      (default: a temporary file)
#
# Needs /usr/bin/chromium (apt-get install chromium); .ci/run installs it.
set -euo pipefail
cd "$(dirname "$0")/../.."

chromium=${CHROMIUM:-$(command -v chromium || true)}
if [ -z "$chromium" ]; then
    echo "browser check: chromium not found; install Debian's chromium package (apt-get install chromium)" >&2
    exit 2
fi
shot=${1:-$(mktemp --suffix=.png)}
work=$(mktemp -d)
cleanup() {
    [ -n "${demo:-}" ] && kill "$demo" 2>/dev/null && wait "$demo" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

cargo build --release --quiet
target/release/storywatch demo --serve --store "$work/store" > "$work/demo.out" 2>&1 &
demo=$!
# The demo prints the page's address once the story is complete.
for _ in $(seq 1 120); do
    url=$(sed -n 's/^timeline page: //p' "$work/demo.out")
    [ -n "$url" ] && break
    if ! kill -0 "$demo" 2>/dev/null; then
        cat "$work/demo.out" >&2
        echo "browser check: the demo stopped before serving its page" >&2
        exit 1
    fi
    sleep 1
done
[ -n "$url" ] || { echo "browser check: the demo never served its page" >&2; exit 1; }

flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$work/profile")
"$chromium" "${flags[@]}" --dump-dom "$url" > "$work/dom.html" 2> "$work/chromium.log"
"$chromium" "${flags[@]}" --window-size=412,1400 --screenshot="$shot" "$url" 2>> "$work/chromium.log"

fail() { echo "browser check: $1" >&2; exit 1; }
claims=$(grep -o '<li class="claim' "$work/dom.html" | wc -l)
[ "$claims" -eq 52 ] || fail "the page shows $claims claims, not the 52 the seed story holds"
grep -q 'Senior US officials reportedly told their European counterparts' "$work/dom.html" \
    || fail "the first claim is not on the page"
grep -q 'repeated by <a href="http://127.0.0.1:[0-9]*/reports/001.html"' "$work/dom.html" \
    || fail "no claim shows who repeated it"
grep -q 'name="viewport"' "$work/dom.html" || fail "the page has no phone viewport"
[ -s "$shot" ] || fail "no screenshot was written"
echo "browser check: the timeline page shows all 52 claims and their sources; screenshot $shot"
