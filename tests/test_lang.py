"""Language detection and routing: en/ru/fr are coded, anything else is stored uncoded and counted."""
from __future__ import annotations

import pytest

from tocsin.lang.detect import _heuristic, detect_language
from tocsin.lang.router import LanguageRouter
from tocsin.model import Article, Event


@pytest.mark.parametrize("text,lang", [
    ("Dock workers walked off the job on Monday, the union said.", "en"),
    ("Рабочие тракторного завода объявили забастовку в понедельник.", "ru"),
    ("Les ouvriers de l'usine se sont mis en grève lundi matin.", "fr"),
    ("Die Gewerkschaft rief am Montag zu einem Streik im Hafen auf.", "other"),
    ("Робітники заводу оголосили страйк у понеділок.", "other"),
    ("ok", "other"),
])
def test_detect(text, lang):
    assert detect_language(text) == lang


def test_heuristic_fallback():
    assert _heuristic("Рабочие объявили забастовку.") == "ru"
    assert _heuristic("Les ouvriers de la ville et des usines sont en grève.") == "fr"
    assert _heuristic("The workers of the port said that the strike was over.") == "en"
    assert _heuristic("12345") == "other"


class _FakePipeline:
    def __call__(self, articles):
        for a in articles:
            a.events = [Event(article_id=a.id, event_type="PROTEST", status="occurred", event_text=a.text,
                              span=(0, len(a.text)))]
            yield a


def test_router_dispatches_keeps_order_and_counts_others():
    def fake_coder():
        def code(article):
            article.events = [Event(article_id=article.id, event_type="ASSAULT", status="occurred",
                                    event_text=article.text, span=(0, 1))]
            return article
        return code

    def broken():
        def code(article):
            raise RuntimeError("parser crashed")
        return code

    errors = []
    router = LanguageRouter(_FakePipeline(), coders={"ru": fake_coder, "fr": broken},
                            on_error=lambda a, e: errors.append((a.id, str(e))))
    articles = [
        Article(id="1", text="Dock workers walked off the job on Monday, the union said."),
        Article(id="2", text="Рабочие тракторного завода объявили забастовку в понедельник."),
        Article(id="3", text="Die Gewerkschaft rief am Montag zu einem Streik im Hafen auf."),
        Article(id="4", text="Les ouvriers de l'usine se sont mis en grève lundi matin."),
        Article(id="5", text="Nurses marched through the town centre on Saturday.", language="en-GB"),
    ]
    out = list(router(articles))
    assert [a.id for a in out] == ["1", "2", "3", "4", "5"]
    assert [a.language for a in out] == ["en", "ru", "other", "fr", "en"]
    assert [[e.event_type for e in a.events] for a in out] == [["PROTEST"], ["ASSAULT"], [], [], ["PROTEST"]]
    assert out[2].extra["coded"] is False and out[3].extra["coded"] is False
    assert router.stats.as_dict() == {"by_language": {"en": 2, "ru": 1, "other": 1, "fr": 1}, "coded": 3,
                                      "not_coded": 1, "failed": 1}
    assert errors == [("4", "parser crashed")]


def test_declared_other_language_is_kept():
    router = LanguageRouter(_FakePipeline())
    out = list(router([Article(id="d", text="Die Gewerkschaft rief am Montag zu einem Streik auf.", language="de")]))
    assert out[0].language == "de" and out[0].events == [] and router.stats.not_coded == 1
