"""Event-type accuracy in English, Russian and French on the same 30 reports, and agreement
of the Russian and French actors and dates with the English ones.

    python benchmarks/multilingual.py [--show]

Input: tests/fixtures/multilingual/sentences.jsonl (one event per line, the expected
PLOVER type and its English, Russian and French wording, written for this benchmark).
A sentence counts as correct when the expected type is among the events coded from it.
Agreement is measured on sentences where both languages found the expected type:
actor = same set of actor country/organisation codes, date = same event date.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tocsin.lang.router import LanguageRouter  # noqa: E402
from tocsin.model import Article, parse_published  # noqa: E402

DATA = ROOT / "tests" / "fixtures" / "multilingual" / "sentences.jsonl"
LANGS = ("en", "ru", "fr")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show", action="store_true", help="print each sentence's coded events")
    args = parser.parse_args()
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    router = LanguageRouter()
    coded: dict[str, dict[str, list]] = {lang: {} for lang in LANGS}
    timing: dict[str, float] = {}
    detected_ok = 0
    for lang in LANGS:
        started = time.perf_counter()
        articles = [Article(id=r["id"], text=r[lang], published=parse_published(r["published"])) for r in rows]
        for article in router(articles):
            coded[lang][article.id] = article.events
            detected_ok += article.language == lang
        timing[lang] = time.perf_counter() - started
    print(f"{len(rows)} sentences, {len({r['type'] for r in rows})} event types; "
          f"language detected correctly: {detected_ok}/{len(rows) * len(LANGS)}")
    acc = {}
    for lang in LANGS:
        hits = sum(any(e.event_type == r["type"] for e in coded[lang][r["id"]]) for r in rows)
        acc[lang] = 100 * hits / len(rows)
        print(f"  {lang}: event-type accuracy {hits}/{len(rows)} = {acc[lang]:.1f}%   ({timing[lang]:.1f} s incl. model load)")
    for lang in ("ru", "fr"):
        both = actor_same = date_same = 0
        for r in rows:
            en = next((e for e in coded["en"][r["id"]] if e.event_type == r["type"]), None)
            other = next((e for e in coded[lang][r["id"]] if e.event_type == r["type"]), None)
            if en is None or other is None:
                continue
            both += 1
            actor_same += {a.code for a in en.actor} == {a.code for a in other.actor}
            date_same += en.date == other.date
        print(f"  {lang} vs en: gap {acc['en'] - acc[lang]:+.1f} points; on {both} events found in both: "
              f"actors agree {actor_same}/{both}, dates agree {date_same}/{both}")
    if args.show:
        for r in rows:
            print(r["id"], r["type"])
            for lang in LANGS:
                print("   ", lang, [(e.event_type, e.status, [a.code for a in e.actor], [a.code for a in e.recipient],
                                     e.date) for e in coded[lang][r["id"]]])


if __name__ == "__main__":
    main()
