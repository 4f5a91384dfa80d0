"""The main job: articles in, coded articles out. Same stages in the CLI, server and cluster.

``Pipeline`` owns the loaded models (spaCy, the knowledge bases); build it once
per process and call it on batches. It streams: memory is bounded by the batch,
not by the input.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

from tocsin.coding.coder import EventCoder
from tocsin.model import Article
from tocsin.nlp.parser import load_nlp
from tocsin.nlp.sentences import split_sentences


class Pipeline:
    """``Pipeline()(articles)`` yields each article with ``sentences`` and ``events`` filled."""

    def __init__(self, model: str | None = None, *, batch_size: int = 64, keep_docs: bool = False,
                 triage: bool | str | None = None) -> None:
        self.nlp = load_nlp(model)
        self.coder = EventCoder()
        self.batch_size = batch_size
        self.keep_docs = keep_docs
        # fast path (docs/scale.md): "paragraph" parses only paragraphs that can hold an event;
        # "story" skips only stories that cannot (same output as no triage); False/"off" parses all.
        # Default from $TOCSIN_TRIAGE; True means "paragraph".
        if triage is None:
            triage = os.environ.get("TOCSIN_TRIAGE", "off")
        if triage is True:
            triage = "paragraph"
        if triage not in (False, "off", "0", "", "paragraph", "story"):
            raise ValueError(f"triage must be 'paragraph', 'story' or 'off', not {triage!r}")
        self.triage = None
        if triage in ("paragraph", "story"):
            from tocsin.scale.triage import Triage

            self.triage = Triage(self.nlp, self.coder.lex, whole_story=triage == "story")

    def __call__(self, articles: Iterable[Article]) -> Iterator[Article]:
        for article in split_sentences(articles, self.nlp, self.batch_size, keep=self.triage):
            self.coder(article)
            if not self.keep_docs:  # parses are large; free them once coded
                for sentence in article.sentences:
                    sentence.doc = None
            yield article

    def code_text(self, text: str, *, article_id: str = "text", published: str | None = None) -> Article:
        """Convenience for notebooks and tests: one string in, one coded article out."""
        from tocsin.model import parse_published

        article = Article(id=article_id, text=text, published=parse_published(published))
        return next(iter(self([article])))
