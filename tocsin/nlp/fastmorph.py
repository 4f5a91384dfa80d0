"""``attribute_ruler`` + ``lemmatizer`` memoised per word form, tag and dependency: same output, less time.

In ``en_core_web_sm`` these two rule components cost about a quarter of the
parse (a ``Matcher`` over 179 patterns for every token, then a Python call per
token to lemmatize). Nearly all their patterns look at one token only (its
text, tag, dependency label); for such a token the result (POS, morphology,
lemma) is a function of what the two components read of it, ``(ORTH, TAG, DEP,
POS, MORPH, LEMMA)`` before them, and news repeats the same words all the time.
``CachedMorph`` replaces both components:

* a doc in which every token's key has been seen gets its POS, MORPH and LEMMA
  copied from the cache with one ``Doc.from_array`` call;
* in any other doc the new keys are learned first (last point), then it is
  served from the cache the same way;
* the few multi-token patterns ("gon na", "there is", "ai n't") are matched
  first with a small ``Matcher``; a doc where one matches always goes through
  the originals and is not remembered. So is a doc with a token the ruler gives
  a new tag or dependency (whitespace tokens).
* new keys are learned by running the originals over a synthetic doc of just
  those tokens (one by one if neighbours there happen to form a multi-token
  pattern).

It is exact, not an approximation: ``tests/test_scale.py`` compares it with the
stock pipeline token by token. If the loaded model's ruler uses a pattern
attribute other than text, tag, dependency or whitespace, ``install`` leaves
the pipeline as it is.
"""
from __future__ import annotations

from typing import Any

# token attributes that are functions of the cache key (ORTH, TAG, DEP, POS, MORPH, LEMMA before the ruler)
_OWN_KEYS = {"ORTH", "TEXT", "LOWER", "IS_SPACE", "TAG", "DEP", "POS", "MORPH", "LEMMA"}
MAX_ENTRIES = 500_000  # ~100 MB at worst; the cache is cleared when it is full


class CachedMorph:
    """Pipeline component: ``attribute_ruler`` then ``lemmatizer``, memoised (see module doc)."""

    def __init__(self, nlp: Any, ruler: Any, lemmatizer: Any) -> None:
        from spacy.attrs import DEP, LEMMA, MORPH, ORTH, POS, TAG
        from spacy.matcher import Matcher

        import numpy

        self._numpy = numpy
        self.vocab = nlp.vocab
        self.ruler, self.lemmatizer = ruler, lemmatizer
        self._in = [ORTH, TAG, DEP, POS, MORPH, LEMMA]  # everything the two components read
        self._out = [TAG, DEP, POS, MORPH, LEMMA]
        self._set = [POS, MORPH, LEMMA]
        self.context = Matcher(nlp.vocab)
        self.n_context = 0
        for n, entry in enumerate(ruler.patterns):
            multi = [p for p in entry["patterns"] if len(p) > 1]
            if multi:
                self.context.add(f"ctx{n}", multi)
                self.n_context += len(multi)
        self.cache: dict[tuple[int, ...], tuple[int, int, int]] = {}
        self.hits = self.misses = 0  # docs served from the cache / by the originals

    @staticmethod
    def applicable(ruler: Any) -> bool:
        """True when every single-token pattern reads only the token's text, tag, dep or whitespace."""
        for entry in ruler.patterns:
            for pattern in entry["patterns"]:
                if not isinstance(pattern, list):
                    return False
                if len(pattern) == 1 and not set(pattern[0]) <= _OWN_KEYS:
                    return False
        return True

    def __call__(self, doc: Any) -> Any:
        if not len(doc):
            return doc
        if self.n_context and self.context(doc):
            self.misses += 1
            return self.lemmatizer(self.ruler(doc))
        keys = list(map(tuple, doc.to_array(self._in).tolist()))
        get = self.cache.get
        vals = [get(k) for k in keys]
        if None in vals:
            self._learn([k for k, v in dict(zip(keys, vals)).items() if v is None])
            vals = [get(k) for k in keys]
            if None in vals:  # the ruler retags this token (whitespace): not cacheable
                self.misses += 1
                return self.lemmatizer(self.ruler(doc))
        doc.from_array(self._set, self._numpy.array(vals, dtype="uint64"))
        self.hits += 1
        return doc

    def _learn(self, keys: list[tuple[int, ...]]) -> None:
        """Run the originals over the new keys' tokens, side by side in a synthetic doc."""
        from spacy.tokens import Doc

        if len(self.cache) + len(keys) > MAX_ENTRIES:
            self.cache.clear()
        strings = self.vocab.strings
        doc = Doc(self.vocab, words=[strings[k[0]] for k in keys])
        doc.from_array(self._in[1:], self._numpy.array([k[1:] for k in keys], dtype="uint64"))
        if self.n_context and self.context(doc):  # neighbours made a multi-token pattern: one by one
            for key in keys:
                self._learn_one(key)
            return
        doc = self.lemmatizer(self.ruler(doc))
        for key, (tag, dep, pos, morph, lemma) in zip(keys, doc.to_array(self._out).tolist()):
            if tag == key[1] and dep == key[2]:
                self.cache[key] = (pos, morph, lemma)

    def _learn_one(self, key: tuple[int, ...]) -> None:
        from spacy.tokens import Doc

        doc = Doc(self.vocab, words=[self.vocab.strings[key[0]]])
        doc.from_array(self._in[1:], self._numpy.array([key[1:]], dtype="uint64"))
        doc = self.lemmatizer(self.ruler(doc))
        tag, dep, pos, morph, lemma = doc.to_array(self._out).tolist()[0]
        if tag == key[1] and dep == key[2]:
            self.cache[key] = (pos, morph, lemma)

    def pipe(self, docs: Any, batch_size: int = 128) -> Any:
        for doc in docs:
            yield self(doc)


def install(nlp: Any) -> bool:
    """Put a ``CachedMorph`` in place of ``attribute_ruler`` + ``lemmatizer`` of ``nlp``.

    The originals stay in ``nlp.components`` (disabled) for whoever reads their
    tables (``tocsin.scale.triage``). Returns False, changing nothing, when the
    pipeline does not have the two in a row or the ruler is not cacheable.
    """
    from spacy.language import Language

    names = nlp.pipe_names
    if "attribute_ruler" not in names or "lemmatizer" not in names:
        return False
    at = names.index("attribute_ruler")
    if names[at + 1:at + 2] != ["lemmatizer"]:
        return False
    if not CachedMorph.applicable(nlp.get_pipe("attribute_ruler")):
        return False
    if "tocsin_cached_morph" not in Language.factories:
        Language.factory("tocsin_cached_morph", func=_factory)
    nlp.add_pipe("tocsin_cached_morph", name="cached_morph", after="lemmatizer")
    nlp.disable_pipe("attribute_ruler")
    nlp.disable_pipe("lemmatizer")
    return True


def _factory(nlp: Any, name: str) -> CachedMorph:
    return CachedMorph(nlp, nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer"))
