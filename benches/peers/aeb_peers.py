#!/usr/bin/env python3
"""Peer extractors on the AEB benchmark, for the side-by-side row next to
`cargo run --release --example aeb`: one thread, decompression excluded from the time,
predictions scored with the benchmark's own score.py.

Setup (outside the repository):
    python3 -m venv /tmp/peers && /tmp/peers/bin/pip install trafilatura readability-lxml resiliparse
Run (any set in the AEB layout; `--only` names the peers to run, comma-separated):
    /tmp/peers/bin/python benches/peers/aeb_peers.py ../shared/bench/aeb [--only resiliparse]
"""
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time


def trafilatura_default(html, url):
    import trafilatura
    return trafilatura.extract(html, url=url) or ""


def trafilatura_precision(html, url):
    import trafilatura
    return trafilatura.extract(html, url=url, favor_precision=True) or ""


def readability_lxml(html, url):
    import lxml.html
    from readability import Document
    try:
        root = lxml.html.fromstring(Document(html).summary(html_partial=True))
    except Exception:  # the peer's own failures count as an empty prediction
        return ""
    return "\n".join(t.strip() for t in root.itertext() if t.strip())


def resiliparse_main_content(html, url):
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree
    return extract_plain_text(HTMLTree.parse(html), main_content=True) or ""


PEERS = {
    "trafilatura": trafilatura_default,
    "trafilatura favor_precision": trafilatura_precision,
    "readability-lxml": readability_lxml,
    "resiliparse": resiliparse_main_content,
}


def main():
    args = sys.argv[1:]
    only = None
    if "--only" in args:
        at = args.index("--only")
        only = set(args[at + 1].split(","))
        del args[at:at + 2]
    aeb = args[0] if args else "../shared/bench/aeb"
    truth = json.load(open(os.path.join(aeb, "ground-truth.json"), encoding="utf-8"))
    pages = {}
    for pid in truth:
        with gzip.open(os.path.join(aeb, "html", pid + ".html.gz")) as f:
            pages[pid] = f.read().decode("utf-8", "replace")
    for name, run in PEERS.items():
        if only is not None and name not in only:
            continue
        with tempfile.TemporaryDirectory() as out:
            elapsed = 0.0
            for pid, html in pages.items():
                start = time.perf_counter()
                text = run(html, truth[pid].get("url"))
                elapsed += time.perf_counter() - start
                with open(os.path.join(out, pid + ".txt"), "w", encoding="utf-8") as f:
                    f.write(text)
            score = subprocess.run(
                [sys.executable, os.path.join(aeb, "score.py"), aeb, out],
                capture_output=True, text=True, check=True,
            ).stdout.strip()
            print(f"{name:28} {score}  {len(pages) / elapsed:.1f} pages/s (one thread)")


if __name__ == "__main__":
    main()
