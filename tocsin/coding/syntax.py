"""Dependency-parse helpers: who is the subject, object, agent of a word.

Pure functions over spaCy tokens, with no knowledge of event types. They encode
English grammar that every dictionary coder gets wrong when it reads word order
instead of the parse: passives, control verbs ("plan to march"), conjunctions
("the United States and Warsaw"), relative clauses and participles ("protesters
demanding ...").
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

Token = Any  # spaCy Token; typed loosely so this module imports without spaCy
# Tokens are views created on access: compare them by .i, never with "is".

SUBJ = ("nsubj", "csubj")
PASS_SUBJ = ("nsubjpass", "csubjpass")
OBJ = ("dobj", "obj", "dative")
NOUN_POS = ("NOUN", "PROPN", "PRON")
CORE_LEFT = ("det", "amod", "compound", "poss", "nummod", "nmod", "quantmod", "case", "predet", "npadvmod")


def lemma_set(span: Any) -> frozenset[str]:
    """Lower-cased lemmas of a sentence span (or a whole doc), computed once per span.

    Several checks ask "does this sentence name X?" for every candidate in it; the
    profile showed those rescans at ~20% of the coder's time. Cached in the doc's
    ``user_data``, which lives exactly as long as the parse.
    """
    doc = getattr(span, "doc", span)
    key = ("tocsin.lemmas", getattr(span, "start", 0), getattr(span, "end", len(doc)))
    found = doc.user_data.get(key)
    if found is None:
        found = frozenset(t.lemma_.lower() for t in span)
        doc.user_data[key] = found
    return found


def conjuncts(tok: Token) -> list[Token]:
    """``tok`` and the words coordinated with it ("X and Y and Z")."""
    out = [tok]
    for child in tok.children:
        if child.dep_ == "conj" and child.pos_ in NOUN_POS:
            out.extend(conjuncts(child))
        elif child.dep_ == "appos":  # "the airline Belavia and the television": conj hangs off the name
            out.extend(c for grand in child.children if grand.dep_ == "conj" and grand.pos_ in NOUN_POS
                       for c in conjuncts(grand))
    return out


def name_heads(tokens: list[Token]) -> list[Token]:
    """Drop the pieces of a name the parser split into several subjects.

    The small parser can read a long Arabic name before its verb ("Sheikh Tamim bin Hamad
    al-Thani met ...") as several subjects (Tamim, al, -, Thani): a word inside the same
    named entity as an earlier one, or a bare punctuation mark, is part of that name, not
    a second party.
    """
    if len(tokens) < 2:
        return tokens
    out: list[Token] = []
    for tok in tokens:
        if not any(ch.isalnum() for ch in tok.text):
            continue
        if tok.ent_iob_ == "I" and any(o.ent_type_ == tok.ent_type_ and o.i < tok.i and
                                       all(tok.doc[k].ent_iob_ == "I" for k in range(o.i + 1, tok.i + 1))
                                       for o in out):
            continue
        out.append(tok)
    return out or tokens[:1]


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in PASS_SUBJ or c.dep_ == "auxpass" for c in verb.children)


def clause_subjects(verb: Token, depth: int = 0) -> list[Token]:
    """The subject of ``verb``, inherited through control, coordination and participles.

    "Opponents plan to demonstrate": the subject of *demonstrate* is *Opponents*.
    "Protesters marched and chanted": *chanted* shares *Protesters*.
    "protesters demanding X": the participle's subject is the noun it modifies.
    """
    if depth > 4:
        return []
    subjects = name_heads([c for c in verb.children if c.dep_ in SUBJ])
    if subjects:
        return [t for s in subjects for t in conjuncts(s)]
    if is_passive(verb):
        return []
    if verb.dep_ == "conj" and is_passive(verb.head) and (
            verb.tag_ != "VBN" or any(c.dep_ == "aux" for c in verb.children)):
        # "was indicted and will resign": the one indicted resigns; but "was arrested and released"
        # shares the passive (a participle with no auxiliary of its own), and its subject is no actor
        return [t for c in verb.head.children if c.dep_ in PASS_SUBJ for t in conjuncts(c)]
    if verb.dep_ in ("xcomp", "conj", "advcl", "acomp") and verb.head.i != verb.i:  # "is willing to go"
        if verb.dep_ == "xcomp":
            # "asked X to meet": object control; "plans to meet": subject control
            objs = [c for c in verb.head.children if c.dep_ in OBJ]
            if objs and verb.head.lemma_ in ("urge", "ask", "call", "force", "order", "tell", "invite", "allow"):
                return [t for o in objs for t in conjuncts(o)]
        return clause_subjects(verb.head, depth + 1)
    if verb.dep_ in ("acl", "relcl") and verb.head.pos_ in NOUN_POS:
        return [verb.head]
    return []


def passive_agents(verb: Token) -> list[Token]:
    """The "by X" of a passive verb."""
    return [t for c in verb.children if c.dep_ == "agent"
            for p in c.children if p.dep_ == "pobj" for t in conjuncts(p)]


def stray_agents(verb: Token) -> list[Token]:
    """The "by X" of a passive verb that the parser hung on one of the verb's phrases instead:
    "was threatened with a ban *by the regulator*", "were flown to safety *by army helicopters*".
    Only through prepositional phrases of the verb itself, never into a clause or a participle
    ("a house owned by X" is no agent of the verb)."""
    if passive_agents(verb):
        return []
    return [t for c in verb.children if c.dep_ == "prep" and c.lower_ != "by"
            for p in c.children if p.dep_ == "pobj" for t in prep_objects(p, ("by",))]


def direct_objects(verb: Token) -> list[Token]:
    """What the verb acts upon: its object, or the subject of its passive."""
    found = [c for c in verb.children if c.dep_ in OBJ]
    if not found:
        found = [c for c in verb.children if c.dep_ in PASS_SUBJ]
    if not found and verb.dep_ in ("acl",) and verb.tag_ == "VBN":
        found = [verb.head]  # "officials arrested yesterday": the noun is the patient
    return [t for f in found for t in conjuncts(f)]


def prep_objects(tok: Token, preps: Iterable[str]) -> list[Token]:
    """Objects of the given prepositions attached to ``tok`` ("sanctions against X")."""
    wanted = set(preps)
    out: list[Token] = []
    for child in tok.children:
        if child.dep_ in ("prep", "agent", "dative") and child.lower_ in wanted:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    out.extend(conjuncts(pobj))
                elif pobj.dep_ == "prep" and pobj.lower_ in ("of",):  # "outside of X"
                    out.extend(p for p in pobj.children if p.dep_ == "pobj")
    return out


def prep_object_lemmas(tok: Token) -> set[str]:
    """Lemmas of what the prepositions on ``tok`` govern, through a stacked preposition too:
    "walked out of the talks" hangs "talks" off "of" off "out"."""
    out: set[str] = set()
    for prep in tok.children:
        if prep.dep_ not in ("prep", "prt", "agent", "dative"):
            continue
        for obj in prep.children:
            if obj.dep_ == "prep":
                out.update(p.lemma_.lower() for p in obj.children if p.dep_ == "pobj")
            else:
                out.add(obj.lemma_.lower())
    return out


TEMPORAL_ENTS = ("DATE", "TIME")
# adverbs the small parser often labels advmod where they are a phrasal verb's particle
# ("stepped down", "won back", "brushed aside")
PARTICLE_ADVERBS = frozenset({"down", "up", "off", "out", "back", "away", "aside", "over"})


def particles(tok: Token, right_only: bool = False) -> set[str]:
    """Prepositions and particles attached to ``tok`` (lower case), except temporal ones.

    "Police were called on Friday" has no "call on": a preposition whose object
    is a date or time says when, not what.
    """
    out = set()
    for child in tok.children:
        if child.dep_ == "advmod" and child.lower_ in PARTICLE_ADVERBS and child.i > tok.i \
                and tok.pos_ in ("VERB", "AUX"):
            out.add(child.lower_)
            continue
        if child.dep_ not in ("prep", "prt", "agent", "dative") or (right_only and child.i < tok.i):
            continue
        if child.dep_ == "prep" and child.lower_ != "to" and any(
                p.dep_ == "pobj" and p.ent_type_ in TEMPORAL_ENTS for p in child.children):
            continue  # "sentenced to ten years" keeps its "to": a term is what, not when
        out.add(child.lower_)
    return out


MEASURE_NOUNS = frozenset({"ton", "tonne", "kg", "kilogram", "truckload", "shipment", "consignment", "amount",
                           "quantity", "package", "batch", "load", "worth", "supply",
                           # people counted: "detained dozens of protesters" detains the protesters
                           "dozen", "hundred", "thousand", "million", "ten", "score", "crowd", "group",
                           "handful", "number"})


def governing_verb(tok: Token) -> tuple[Token | None, str]:
    """The verb a noun trigger hangs off, and how: ("ordered", "dobj") for "ordered sanctions".

    Walks through one preposition ("asked for help" -> ("asked", "pobj:for")) and
    through compounds ("a strike movement" -> the verb governing "movement").
    """
    head, dep = tok.head, tok.dep_
    if head.i == tok.i:
        return None, "root"
    if dep == "compound" and head.pos_ in NOUN_POS:
        return governing_verb(head)
    if dep == "pobj" and head.dep_ in ("prep", "agent"):
        prep = head
        if prep.head.pos_ in ("VERB", "AUX"):
            return prep.head, f"pobj:{prep.lower_}"
        if prep.lower_ == "of" and prep.head.pos_ in NOUN_POS and prep.head.dep_ != "pobj" and (
                prep.head.lemma_.lower() in MEASURE_NOUNS or any(c.dep_ == "nummod" for c in prep.head.children)):
            return governing_verb(prep.head)  # "will provide 25,000 tons of aid": the aid is provided
        return None, f"pobj:{prep.lower_}"
    if dep == "conj" and head.pos_ in NOUN_POS:
        return governing_verb(head)
    if head.pos_ in ("VERB", "AUX"):
        return head, dep
    return None, dep


def core_span(tok: Token) -> tuple[int, int]:
    """Token range [start, end) of the noun phrase headed by ``tok``, without clauses.

    Left modifiers (determiners, adjectives, compounds, possessors) are kept;
    "of" phrases are kept ("thousands of people", "opponents of power"); other
    prepositional phrases, relative clauses and appositions are cut.
    """
    start = tok.i
    for child in tok.lefts:
        if child.dep_ in CORE_LEFT or child.dep_ == "punct" and child.i > start - 2:
            start = min(start, child.left_edge.i)
    end = tok.i + 1
    for child in tok.rights:
        if child.dep_ in ("case", "compound"):
            end = max(end, child.right_edge.i + 1)
        elif child.dep_ == "prep" and child.lower_ == "of" and not any(g.dep_ == "pcomp" for g in child.children):
            end = max(end, _clause_free_end(child))  # not "a group of shooting ...": a misattached charge
        elif child.dep_ in ("appos", "flat") and child.pos_ == "PROPN" and child.i == end:
            end = child.i + 1  # the name itself, not what is coordinated with it
        else:
            break
    return start, end


def _clause_free_end(prep: Token) -> int:
    """End of an "of" phrase before any clause or aside in it: "dozens of migrants, who
    officials say ..." ends at "migrants"."""
    end = prep.right_edge.i + 1
    for t in prep.subtree:
        if t.i > prep.i and (t.dep_ in ("relcl", "acl", "appos") or t.text in (",", ";", "(", ":")):
            end = min(end, t.left_edge.i if t.dep_ in ("relcl", "acl", "appos") else t.i)
    return max(end, prep.i + 2)


def ancestors_within(tok: Token, hops: int) -> Iterator[Token]:
    cur = tok
    for _ in range(hops):
        if cur.head.i == cur.i:
            return
        cur = cur.head
        yield cur


def object_lemmas(verb: Token, partitives: frozenset[str] | set[str] = frozenset()) -> set[str]:
    """Lemmas naming what a verb acts on: objects, their compounds, and the "of" of partitives.

    "suspended part of a military aid program" -> {"part", "program", "aid", "military"...}.
    """
    out: set[str] = set()
    for obj in direct_objects(verb):
        out.add(obj.lemma_.lower())
        for c in obj.children:  # "chlorine gas", and "chlorine gas attack" parsed as nested compounds
            if c.dep_ == "compound":
                out.add(c.lemma_.lower())
                out |= {g.lemma_.lower() for g in c.children if g.dep_ == "compound"}
        if obj.lemma_.lower() in partitives:
            for pobj in prep_objects(obj, ("of",)):
                out.add(pobj.lemma_.lower())
                out |= {c.lemma_.lower() for c in pobj.children if c.dep_ in ("compound", "amod")}
    return out


def left_lemmas(tok: Token) -> set[str]:
    """Lemmas of the children of ``tok`` and of their compounds/modifiers (lower case)."""
    out: set[str] = set()
    for child in tok.children:
        out.add(child.lemma_.lower())
        out.add(child.lower_)
        for grand in child.children:
            if grand.dep_ in ("compound", "amod", "npadvmod", "advmod"):
                out.add(grand.lemma_.lower())
    return out
