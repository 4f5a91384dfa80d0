"""Russian event coder: natasha (razdel segmentation, slovnet morphology, syntax and NER,
pymorphy lemmas) parses; ``tocsin.lang.ud.UDCoder`` codes with ``tocsin/data/ru/``.

natasha 1.6 imports ``pymorphy2``, which does not load on Python 3.11 (it needs
``pkg_resources`` and ``inspect.getargspec``); ``pymorphy3`` is its maintained
fork with the same API, so it is registered under the old name before natasha is
imported.
"""
from __future__ import annotations

import sys
from functools import lru_cache
from typing import Any

from tocsin.lang.ud import UDCoder, USentence, UToken, paragraph_of

_NER = {"PER": "PER", "LOC": "LOC", "ORG": "ORG"}


@lru_cache(maxsize=1)
def _natasha() -> dict[str, Any]:
    try:
        import pymorphy3
    except ImportError:  # pragma: no cover - an environment with a working pymorphy2
        pymorphy3 = None
    if pymorphy3 is not None:
        sys.modules["pymorphy2"] = pymorphy3
    from natasha import (
        Doc,
        MorphVocab,
        NewsEmbedding,
        NewsMorphTagger,
        NewsNERTagger,
        NewsSyntaxParser,
        Segmenter,
    )

    emb = NewsEmbedding()
    return {"Doc": Doc, "segmenter": Segmenter(), "vocab": MorphVocab(), "morph": NewsMorphTagger(emb),
            "syntax": NewsSyntaxParser(emb), "ner": NewsNERTagger(emb)}


def parse_ru(text: str) -> list[USentence]:
    """natasha's analysis of ``text`` as UD sentences with article offsets."""
    nat = _natasha()
    doc = nat["Doc"](text)
    doc.segment(nat["segmenter"])
    doc.tag_morph(nat["morph"])
    doc.parse_syntax(nat["syntax"])
    doc.tag_ner(nat["ner"])
    vocab = nat["vocab"]
    spans = []
    for span in doc.spans:
        span.normalize(vocab)
        spans.append(span)
    out: list[USentence] = []
    for sent in doc.sents:
        ids = {tok.id: n for n, tok in enumerate(sent.tokens)}
        tokens: list[UToken] = []
        for n, tok in enumerate(sent.tokens):
            tok.lemmatize(vocab)
            head = ids.get(tok.head_id, n)
            tokens.append(UToken(i=n, text=tok.text, lemma=(tok.lemma or tok.text).lower().replace("ё", "е"),
                                 pos=tok.pos or "X", dep=(tok.rel or "dep").lower(), head=head,
                                 start=tok.start, end=tok.stop, feats=dict(tok.feats or {})))
        ents = []
        for span in spans:
            if span.start >= sent.start and span.stop <= sent.stop and span.type in _NER:
                members = [t.i for t in tokens if t.start >= span.start and t.end <= span.stop]
                if members:
                    for i in members:
                        tokens[i].ent = _NER[span.type]
                    ents.append((_NER[span.type], members[0], members[-1] + 1, span.normal or span.text))
        usent = USentence(tokens=tokens, start=sent.start, end=sent.stop, text=text[sent.start:sent.stop],
                          paragraph=paragraph_of(text, sent.start), ents=ents)
        usent.link()
        out.append(usent)
    return out


class RussianCoder(UDCoder):
    """``RussianCoder()(article)`` codes a Russian article into PLOVER events."""

    def __init__(self, **resolvers: Any) -> None:
        super().__init__("ru", parse_ru, **resolvers)


__all__ = ["RussianCoder", "parse_ru"]
