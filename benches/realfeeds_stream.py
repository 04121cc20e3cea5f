"""The real news feeds of ../shared/corpora/realfeeds as one replayable stream.

    python3 benches/realfeeds_stream.py [FROM] > /tmp/realfeeds.jsonl
    cargo run --release -- replay --jsonl /tmp/realfeeds.jsonl --store /tmp/realfeeds-store
    cargo run --release -- story list --store /tmp/realfeeds-store

Every RSS item or Atom entry with a title, a date, a link and at least 80 characters of
text (its full content if the feed carries it, else its summary; markup dropped) becomes
one stream line `{id, time, title, text}`, in time order, each link once. FROM (default
2026-01) keeps the items dated from that month on: the feeds were saved in February 2026,
and their older items are a few stragglers per feed.

No labels: this is a look at linking and claims on many outlets' news at once, the kind
of stream the daemon follows, not a score. Python's standard library only.
"""

import glob
import html
import json
import re
import sys
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path

FEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "realfeeds"
FIELDS = {"title", "description", "summary", "content", "encoded", "pubDate", "published",
          "updated", "date", "link", "guid", "id"}


def text_of(element):
    if element is None:
        return ""
    raw = html.unescape("".join(element.itertext()))
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", raw)).strip()


def first_text(fields, names):
    """The text of the first of `names` that the item gives, or "" if none does."""
    texts = (text_of(fields.get(name)) for name in names)
    return next((text for text in texts if text), "")


def time_of(value):
    try:
        if re.match(r"\d{4}-", value):
            when = datetime.fromisoformat(value.replace("Z", "+00:00"))
        else:
            when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def items(path):
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, LookupError, ValueError) as error:
        print(f"{path}: not a feed this reads ({error}), skipped", file=sys.stderr)
        return
    for item in root.iter():
        if item.tag.split("}")[-1] not in ("item", "entry"):
            continue
        fields = {}
        for child in item:
            name = child.tag.split("}")[-1]
            if name in FIELDS and name not in fields:
                fields[name] = child
        title = text_of(fields.get("title"))
        body = first_text(fields, ("encoded", "content", "description", "summary"))
        when = time_of(first_text(fields, ("pubDate", "published", "updated", "date")))
        link = fields.get("link")
        url = (link.get("href") if link is not None and link.get("href") else text_of(link)) \
            or text_of(fields.get("guid")) or text_of(fields.get("id"))
        if title and when and url and len(body) >= 80:
            yield when, url, title, body


def main():
    start = sys.argv[1] if len(sys.argv) > 1 else "2026-01"
    if not FEEDS.is_dir():
        sys.exit(f"no feeds at {FEEDS}: this reads ../shared/corpora/realfeeds beside the repository")
    found = sorted(entry for path in glob.glob(str(FEEDS / "**" / "*"), recursive=True)
                   if Path(path).suffix in (".xml", ".rss", ".atom", ".rdf")
                   for entry in items(path))
    seen = set()
    for when, url, title, body in found:
        if when >= start and url not in seen:
            seen.add(url)
            print(json.dumps({"id": url, "time": when, "title": title, "text": body}))
    print(f"{len(seen)} items from {start} on", file=sys.stderr)


if __name__ == "__main__":
    main()
