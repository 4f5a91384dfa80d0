"""Cheap triage: which paragraphs could hold an event, decided before any parsing.

The coder makes an event only from a *candidate*: a token whose lemma is in
``triggers.json`` with an entry whose conditions hold (``EventCoder._candidates``),
or a speech verb over a clause with a deontic modal (``_demands``). Both can be
ruled out from the surface words alone, conservatively:

* every lemma spaCy's rule lemmatizer can give a word is one of: the word in
  lower case, an exception-table entry, or a suffix rule applied to it (for any
  part of speech), or a lemma the attribute ruler sets; the union of these is a
  superset of the real lemma, so "no trigger among them" means "no trigger";
* an entry's ``*_any`` conditions (object, child, subject, governor, preposition,
  pobj, context) each name words that must occur in the sentence, so they must
  occur in the paragraph; ``lower_only`` needs a lower-case occurrence
  ("march", not "March"); ``attack_context`` needs an attack cue; entries of
  weight <= 0.15 never become events;
* a demand needs a speech verb and "must"/"should" in the paragraph.

A paragraph that fails every test cannot produce an event from any of its
sentences, whatever the parse; it is not parsed. What the coder would have read
from it as *story context* (countries named, persons introduced, dates that move
the story's reference date) is lost: see docs/scale.md for the measured effect.

``tests/test_scale_triage.py`` checks the superset property against the real
lemmatizer on the eval files and the synthetic corpus.
"""
from __future__ import annotations

import re
from typing import Any

_WORD = re.compile(r"[^\W\d_]+")
_POS = ("noun", "verb", "adj", "adv", "punct", "propn", "aux")
_CONDITIONS = ("child_any", "object_any", "subject_any", "governor_any", "pobj_any", "context_any", "prep_any")


class Triage:
    """``Triage(nlp)(text) -> bool``: may this paragraph hold an event?"""

    def __init__(self, nlp: Any, lexicon: Any = None, *, whole_story: bool = False) -> None:
        from tocsin.coding.lexicon import Lexicon

        # whole_story: a story with any candidate paragraph is parsed in full (exact output);
        # otherwise only candidate paragraphs are (fastest; story context from the rest is lost)
        self.whole_story = whole_story

        lex = lexicon or Lexicon.default()
        self.triggers: dict[str, list[Any]] = {
            lemma: [e for e in entries if e.weight > 0.15] for lemma, entries in lex.triggers.items()}
        self.triggers = {k: v for k, v in self.triggers.items() if v}
        self.speech = frozenset(lex.speech_verbs)
        self.deontic = frozenset(lex.deontic_aux)
        self.attack_cues = frozenset(lex.attack_cues)
        self._rules: list[tuple[str, str]] = []
        self._exc: dict[str, set[str]] = {}
        self._extra: dict[str, set[str]] = {}  # attribute-ruler lemmas by surface form
        self._load_lemma_tables(nlp)
        self.wanted = frozenset(self.triggers) | self.speech
        self._cache: dict[str, frozenset[str]] = {}
        self.checked = self.kept = 0  # paragraphs seen / passed, for reports

    def _load_lemma_tables(self, nlp: Any) -> None:
        try:
            lookups = nlp.get_pipe("lemmatizer").lookups
        except (KeyError, AttributeError):
            lookups = None
        rules: set[tuple[str, str]] = set()
        if lookups is not None:
            for table_name, target in (("lemma_rules", rules), ("lemma_exc", self._exc)):
                if not lookups.has_table(table_name):
                    continue
                table = lookups.get_table(table_name)
                for pos in _POS:
                    data = table.get(pos)
                    if not data:
                        continue
                    if table_name == "lemma_rules":
                        target.update((old, new) for old, new in data)  # type: ignore[union-attr]
                    else:
                        for form, lemmas in data.items():
                            self._exc.setdefault(form, set()).update(x.lower() for x in lemmas)
        self._rules = sorted(rules)
        try:
            ruler = nlp.get_pipe("attribute_ruler")
        except KeyError:
            return
        for pat in ruler.patterns:
            lemma = pat["attrs"].get("LEMMA")
            if not lemma:
                continue
            for pattern in pat["patterns"]:
                for tok in pattern if isinstance(pattern, list) else []:
                    for key in ("LOWER", "ORTH", "NORM"):
                        value = tok.get(key)
                        forms = value if isinstance(value, str) else (value or {}).get("IN", [])
                        for form in [forms] if isinstance(forms, str) else forms:
                            self._extra.setdefault(form.lower(), set()).add(lemma.lower())

    def lemmas(self, word: str) -> frozenset[str]:
        """Every lemma the pipeline could give ``word`` (lower case), and the word itself."""
        found = self._cache.get(word)
        if found is None:
            out = {word}
            out.update(self._exc.get(word, ()))
            out.update(self._extra.get(word, ()))
            for old, new in self._rules:
                if word.endswith(old):
                    form = word[: len(word) - len(old)] + new
                    if form:
                        out.add(form)
            found = self._cache[word] = frozenset(out)
        return found

    def __call__(self, text: str) -> bool:
        self.checked += 1
        keep = self.may_hold_event(text)
        self.kept += keep
        return keep

    def may_hold_event(self, text: str) -> bool:
        words = _WORD.findall(text)
        if not words:
            return False
        vocab: set[str] = set()
        hits: dict[str, bool] = {}  # trigger lemma -> has a lower-case occurrence
        for word in set(words):
            low = word.lower()
            lems = self.lemmas(low)
            vocab |= lems
            for lemma in lems & self.wanted:
                hits[lemma] = hits.get(lemma, False) or word.islower()
        if not hits:
            return False
        lowered = None
        if self.deontic & vocab and self.speech & hits.keys():
            return True
        for lemma, has_lower in hits.items():
            for entry in self.triggers.get(lemma, ()):
                if entry.lower_only and not has_lower:
                    continue
                if entry.attack_context and not self.attack_cues & vocab:
                    continue  # the coder tests single lemmas against attack_cues
                ok = True
                for key in _CONDITIONS:
                    words_needed = entry.conditions.get(key)
                    if words_needed is None or words_needed & vocab:
                        continue
                    if lowered is None:
                        lowered = text.lower()
                    if not any(not w.isalpha() and w in lowered for w in words_needed):
                        ok = False
                        break
                if ok:
                    return True
        return False

    @property
    def kept_share(self) -> float:
        return self.kept / self.checked if self.checked else 1.0
