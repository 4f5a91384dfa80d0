"""Status of an event: occurred, ongoing, planned, threatened, hypothetical, negated.

The field's coders drop this and report plans, denials and conditionals as
facts. Here the status comes from the trigger's own clause and the chain of
verbs that govern it ("plan to demonstrate", "did not mention support",
"if troops attack"), using the tables in ``modality.json``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tocsin.coding.lexicon import Lexicon
from tocsin.coding.syntax import governing_verb

Token = Any

# through these links a governing verb's modality reaches the trigger
# (not advcl/acl/relcl: "X happened after Y", "protesters who marched plan ...": no inheritance)
_CHAIN_DEPS = ("xcomp", "ccomp", "dobj", "pcomp", "conj", "nsubjpass", "attr", "acomp")
# prepositions through which a noun is the content of its verb ("ask for help")
_CONTENT_PREPS = ("for", "in", "to", "on", "of", "about")


@dataclass(slots=True)
class Modality:
    status: str
    tense: str | None  # "past" | "present" | "future" | None, for date resolution
    governor: Token | None = None  # nearest verb that turns the trigger into another type
    governor_type: str | None = None
    governors: tuple[Token, ...] = ()  # all such verbs, nearest first
    ultimatum: bool = False  # "will withdraw unless ...": a conditional promise of action is a threat


def verb_chain(trigger: Token, max_hops: int = 4) -> list[Token]:
    """The trigger's clause verb and the verbs above it whose modality it inherits."""
    chain: list[Token] = []
    cur = trigger
    if cur.pos_ not in ("VERB", "AUX"):
        verb, how = governing_verb(cur)
        if verb is None:
            return chain
        if how.startswith("pobj:") and how[5:] not in _CONTENT_PREPS:
            return chain
        if how in ("nsubj",) and trigger.dep_ != "nsubj":
            return chain
        cur = verb
    chain.append(cur)
    for _ in range(max_hops):
        if cur.dep_ not in _CHAIN_DEPS or cur.head.i == cur.i:
            break
        if cur.dep_ == "conj":  # coordinated verbs share the first one's modality
            cur = cur.head
            continue
        cur = cur.head
        if cur.pos_ == "ADJ" and cur.dep_ == "acomp":  # "is willing to withdraw", "ready to talk"
            chain.append(cur)
            continue
        if cur.pos_ not in ("VERB", "AUX"):
            if cur.dep_ == "pobj" and cur.head.dep_ == "prep":
                cur = cur.head.head
                if cur.pos_ not in ("VERB", "AUX"):
                    break
            else:
                break
        chain.append(cur)
    return chain


def modality(trigger: Token, lex: Lexicon) -> Modality:
    """Status and tense for one trigger token."""
    chain = verb_chain(trigger)
    status = "occurred"
    tense: str | None = None
    governor = None
    governor_type = None
    own = chain[0] if chain else None
    negated = _has_negation(trigger, lex)
    conditional = False
    if own is not None and own.dep_ == "advcl" and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in own.children):
        chain = chain + verb_chain(own.head)  # "will visit X to mediate": the purpose shares the plan
    if own is not None and own.dep_ in ("acl", "relcl") and own.head.pos_ == "NOUN":
        # "a plan to attack", "plans to demonstrate" (even when the parser makes "plan" a noun)
        status = lex.status_governors.get(own.head.lemma_.lower(), status)
    governors: list[Token] = []
    for depth, verb in enumerate(chain):
        if verb.i != trigger.i and verb.lemma_.lower() in lex.type_governors:
            governors.append(verb)
            if governor is None:
                governor = verb
                governor_type = lex.type_governors[verb.lemma_.lower()]
        # negation: the trigger's own clause, or a governor it is the content of
        if depth == 0 or verb.dep_ != "ccomp":
            negated = negated or _has_negation(verb, lex)
        lemma = verb.lemma_.lower()
        if verb.i != trigger.i and lemma in lex.status_governors and status == "occurred":
            status = lex.status_governors[lemma]
        for child in verb.children:
            if child.dep_ == "aux" and child.lower_ in lex.aux and status == "occurred":
                status = lex.aux[child.lower_]
                if child.lower_ == "would" and _reported_past(verb, lex.speech_nouns):
                    status = "planned"  # "the union said it would hold a march": backshifted "will"
            if child.dep_ == "mark" and child.lower_ in lex.conditional_marks:
                conditional = True
        if verb.dep_ == "advcl" and any(c.lower_ in lex.conditional_marks for c in verb.children):
            conditional = True
        if tense is None:
            tense = _tense(verb)
    if own is not None and status == "occurred":
        if own.tag_ == "VBG" and any(c.dep_ == "aux" and c.lemma_ == "be" for c in own.children):
            status = "ongoing"
    if status in ("planned",):
        tense = "future"
    ultimatum = status == "planned" and own is not None and any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("unless", "if") for m in c.children)
        for c in own.children)
    if own is not None and own.dep_ == "advcl" and {"so", "that"} <= {
            c.lower_ for c in own.children if c.dep_ == "mark"}:
        conditional = True  # "... so that such unions are banned": a purpose, wanted but not done
    if trigger.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in lex.free_choice_dets for c in trigger.children):
        conditional = True  # "will respond to any attack": whichever may come, none has
    if conditional:
        status = "hypothetical"  # "if troops attack": neither happened nor denied
    elif negated:
        status = "negated"  # "did not mention support", "could not meet": never report as occurred
    return Modality(status=status, tense=tense, governor=governor, governor_type=governor_type,
                    governors=tuple(governors), ultimatum=ultimatum)


def _reported_past(verb: Token, speech_nouns: frozenset[str] = frozenset()) -> bool:
    """Is this verb's clause reported by a past-tense verb ("said it would ...") or told as what a
    message says ("left a warning that the town would be attacked")?"""
    cur = verb
    for _ in range(3):
        if cur.dep_ == "ccomp":
            return cur.head.tag_ == "VBD"
        if cur.dep_ == "acl" and cur.head.lemma_.lower() in speech_nouns and any(
                c.dep_ == "mark" and c.lower_ == "that" for c in cur.children):
            return True
        if cur.dep_ not in ("xcomp", "conj") or cur.head.i == cur.i:
            return False
        cur = cur.head
    return False


def _has_negation(tok: Token, lex: Lexicon) -> bool:
    for child in tok.children:
        if child.dep_ == "neg" or (child.dep_ in ("det", "advmod") and child.lower_ in ("no", "never")):
            return True
    return False


def _tense(verb: Token) -> str | None:
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in ("will", "shall", "'ll") for a in auxes):
        return "future"
    if any(a.tag_ == "VBD" for a in auxes) or verb.tag_ == "VBD":
        return "past"
    if any(a.lemma_ == "have" for a in auxes) and verb.tag_ == "VBN":
        return "past"
    if verb.tag_ in ("VBZ", "VBP", "VBG") or any(a.tag_ in ("VBZ", "VBP") for a in auxes):
        return "present"
    return None
