"""Paragraph-aware sentence splitting: ``Article`` -> ``Article.sentences``.

News text arrives as paragraphs: a headline, a dateline, body paragraphs. spaCy's
parser happily glues a headline without a full stop to the next sentence, so we
first cut the text into paragraphs and only let spaCy split inside one. A wire
dateline in capitals ("MOSCOW, Aug 15 (Agency) - ") is left out of its sentence: the
parser reads "MOSCOW" as the subject and the actors as conjuncts of the date (the
coder reads the dateline from the text itself). Offsets always point into
``Article.text`` so evidence is verbatim.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from tocsin.model import Article, Sentence
from tocsin.nlp.dateline import find_dateline

_BLANK = re.compile(r"\n\s*\n")
_TERMINAL = (".", "!", "?", ":", ";", "\u201d", '"', "'", ")", "\u2019")
# paragraphs per nlp.pipe call, at least: 256 parse ~25% faster than 26 (what 64 jobs with triage gave),
# and the parse does not depend on the batch (docs/scale.md)
MIN_PARSE_BATCH = 256
MAX_PARAGRAPH_CHARS = 20_000  # spaCy's cost grows with doc length; longer runs are cut


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Character ranges of the paragraphs of ``text``.

    A blank line always ends a paragraph. A single newline ends one too, unless
    the line looks hard-wrapped (no closing punctuation and the next line starts
    in lower case), so that a headline on its own line stays its own sentence.
    """
    ranges: list[tuple[int, int]] = []
    for block in _spans(text, _BLANK):
        start, end = block
        line_start = start
        for match in re.finditer(r"\n", text[start:end]):
            cut = start + match.start()
            line = text[line_start:cut].rstrip()
            nxt = text[cut + 1:end].lstrip()
            wrapped = line and not line.endswith(_TERMINAL) and nxt[:1].islower()
            if not wrapped:
                ranges.append((line_start, cut))
                line_start = cut + 1
        ranges.append((line_start, end))
    out = []
    for start, end in ranges:
        start, end = _strip(text, start, end)
        while end - start > MAX_PARAGRAPH_CHARS:
            cut = _soft_cut(text, start, start + MAX_PARAGRAPH_CHARS)
            out.append((start, cut))
            start, end = _strip(text, cut, end)
        if end > start:
            out.append((start, end))
    return out


def _spans(text: str, sep: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    pos = 0
    for match in sep.finditer(text):
        yield pos, match.start()
        pos = match.end()
    yield pos, len(text)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _soft_cut(text: str, start: int, limit: int) -> int:
    """Cut a run-on paragraph at the last sentence end (or space) before ``limit``."""
    for mark in (". ", " "):
        pos = text.rfind(mark, start, limit)
        if pos > start:
            return pos + 1
    return limit


def split_sentences(articles: Iterable[Article], nlp: Any, batch_size: int = 64,
                    keep: Callable[[str], bool] | None = None) -> Iterator[Article]:
    """Fill ``sentences`` of each article (with their spaCy parse in ``doc``).

    Paragraphs of many articles go through ``nlp.pipe`` together, at least
    ``MIN_PARSE_BATCH`` at a time: batching is where spaCy's speed comes from.
    Articles are yielded in input order.

    ``keep(paragraph_text) -> bool`` (the fast path, ``tocsin.scale.triage``)
    skips the parse of paragraphs it rejects: their sentences are cut by a
    punctuation rule and carry ``doc=None``, which the coder passes over.
    """
    flush_at = max(batch_size, MIN_PARSE_BATCH)
    pending: list[Article] = []
    jobs: list[tuple[Article, int, int, int]] = []
    n_parsed = 0
    for article in articles:
        article.sentences = []
        pending.append(article)
        spans = paragraphs(article.text)
        line = find_dateline(article.text, [s for s, _ in spans], lambda _when: None)  # capitals only
        if line is not None:
            spans = [(max(s, line.end) if s <= line.start < e else s, e) for s, e in spans]
        flags = [True] * len(spans) if keep is None else [keep(article.text[s:e]) for s, e in spans]
        if getattr(keep, "whole_story", False) and any(flags):
            flags = [True] * len(spans)  # story context (countries, persons, dates) read in full
        for n, ((s, e), parse) in enumerate(zip(spans, flags)):
            jobs.append((article, s, e, n if parse else -1 - n))  # negative: not parsed
        n_parsed += sum(flags)
        # flush on paragraphs to *parse* (triage may reject most): spaCy is fastest on big batches
        if n_parsed >= flush_at or len(jobs) >= 8 * flush_at:
            _parse(jobs, nlp, flush_at)
            yield from pending
            pending, jobs, n_parsed = [], [], 0
    if pending:
        _parse(jobs, nlp, flush_at)
        yield from pending


_ROUGH_END = re.compile(r"(?<=[.!?])[\"\u201d')]*\s+(?=[\"\u201c(]?[A-Z0-9])")


def _unparsed(article: Article, p_start: int, p_end: int, para_no: int) -> None:
    """Sentences of a paragraph that is not parsed: a punctuation rule, no ``doc``."""
    pos = p_start
    cuts = [m.end() for m in _ROUGH_END.finditer(article.text, p_start, p_end)] + [p_end]
    for cut in cuts:
        start, end = _strip(article.text, pos, cut)
        pos = cut
        if end > start:
            article.sentences.append(Sentence(text=article.text[start:end], start=start, end=end,
                                              paragraph=para_no, index=len(article.sentences)))


def _parse(jobs: list[tuple[Article, int, int, int]], nlp: Any, batch_size: int) -> None:
    parsed = [job for job in jobs if job[3] >= 0]
    docs = iter(nlp.pipe((article.text[s:e] for article, s, e, _ in parsed), batch_size=batch_size)
                if parsed else ())
    for article, p_start, p_end, para_no in jobs:  # in text order, so sentence indexes are too
        if para_no < 0:
            _unparsed(article, p_start, p_end, -1 - para_no)
            continue
        doc = next(docs)
        for sent in doc.sents:
            start, end = _strip(article.text, p_start + sent.start_char, p_start + sent.end_char)
            if end <= start:
                continue
            article.sentences.append(Sentence(
                text=article.text[start:end], start=start, end=end,
                paragraph=para_no, index=len(article.sentences), doc=sent,
            ))
