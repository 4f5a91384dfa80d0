"""Event-location linking: which place mention of a sentence is where its event happened.

A sentence often names several places, and some of them are not where anything happened:
"talks *with Poland*", "help *from Russia*", "troops *of Turkey*" name parties; "flew *to Ankara*"
names a destination; a place in another clause ("..., *officials in Kyiv* said") belongs to
another event. ``link_event_location`` reads the spaCy parse:

1. candidates: place entities (GPE, LOC, FAC) and proper-noun names that the parse puts in a
   place slot (after "in", "at", "near" ..., after "the town of", before "province"), whatever
   NER called them (small place names are often tagged PERSON or ORG);
2. each candidate is climbed to its *attachment*: through compounds, appositions, conjunctions
   and "of" chains ("the outskirts of the town of X") up to the preposition or verb it hangs
   from. Locative prepositions (in, at, near, outside, inside, around ...) make it a location;
   party prepositions (with, from, by, to, for, against ...) and subject slots make it a party,
   never linked;
3. among the locative candidates the one with the shortest dependency path from the event
   word wins, with a penalty for each clause boundary crossed (the event's own clause first);
   when the nearest one is too far (another sentence part entirely) nothing is linked.
"""
from __future__ import annotations

from typing import Any

PLACE_ENTS = {"GPE", "LOC", "FAC"}
# Prepositions whose object is where something happens.
LOCATIVE = {
    "in", "at", "near", "outside", "inside", "around", "across", "throughout", "within", "on", "into",
    "onto", "through", "along", "over", "off", "past", "beyond", "toward", "towards", "nearby",
    "amid", "among", "behind", "beneath", "under", "above", "upon", "between", "opposite", "next",
    "downtown", "north", "south", "east", "west",
}
# Prepositions whose object is a party, a source or a destination, not the event's place.
PARTY = {"with", "from", "by", "to", "for", "against", "of", "about", "like", "than", "including",
         "as", "via", "after", "before", "since", "during", "until"}
# Nouns that, heading "of X" or compounded with X, make X a place ("the town of X", "X province").
PLACE_NOUNS = {
    "town", "city", "village", "province", "district", "region", "area", "county", "state", "capital",
    "outskirts", "suburb", "suburbs", "neighborhood", "neighbourhood", "countryside", "governorate",
    "municipality", "part", "parts", "centre", "center", "heart", "streets", "street", "border",
    "borders", "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
    "island", "islands", "coast", "port", "valley", "camp", "prefecture", "territory",
    "commune", "township", "hamlet", "zone", "sector", "quarter", "enclave", "front", "frontier",
    "vicinity", "periphery", "edge", "mountains", "hills", "hill", "plain", "plains", "desert",
    "river", "lake", "sea", "gulf", "bay", "airport", "base", "market", "square", "road", "highway",
    "residence", "home", "house", "headquarters", "compound", "mosque", "church", "school",
    "hospital", "university", "prison", "jail", "station", "checkpoint", "bridge", "embassy",
    "consulate", "building", "office", "offices", "stadium", "park", "mall", "hotel", "palace",
    "airbase", "barracks", "outpost", "positions", "position",
}
# Dependency labels that start a new clause: each one crossed on the path costs a step more.
# Verbs whose direct object is a place when it is a name: "captured Qabasin", "entered Al-Bab".
TERRITORY_VERBS = {
    "capture", "recapture", "enter", "seize", "attack", "raid", "storm", "shell", "bomb", "target",
    "liberate", "retake", "besiege", "siege", "reach", "occupy", "invade", "overrun", "control",
    "take", "hit", "strike", "hold", "encircle", "surround", "secure", "free", "regain", "lose",
    "visit", "tour", "leave", "evacuate", "cross", "infiltrate", "bombard", "pound", "rock", "ravage", "blockade", "approach", "assault", "defend", "clear", "sweep", "patrol",
}
# Verbs of motion: their "to" object is where the event happens ("traveled to Tehran").
MOTION_VERBS = {
    "travel", "go", "come", "return", "fly", "arrive", "deploy", "send", "proceed", "move", "march",
    "head", "advance", "push", "dispatch", "transfer", "deport", "extradite", "bring", "take",
    "rush", "drive", "sail", "walk", "relocate", "redeploy", "visit", "trip", "journey",
}
# Reporting verbs: the statement, not a located event ("..., officials in Kyiv said").
SPEECH_VERBS = {
    "say", "tell", "report", "announce", "claim", "add", "state", "warn", "deny", "quote", "cite",
    "confirm", "declare", "insist", "note", "write", "explain", "comment", "argue", "reply",
}
NOT_PLACE_ENTS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "NORP"}
CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "acl", "xcomp", "parataxis", "csubj", "pcomp"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "expl", "agent"}
CLIMB_DEPS = {"compound", "appos", "conj", "nmod", "amod", "nn", "npadvmod", "poss", "cc"}
MAX_COST = 7.0
SPEECH_COST = 6.0  # the path to the place goes through a reporting verb ("..., officials in X said")
SPECIFIC_WINDOW = 3.0  # places this much dearer than the cheapest still compete on specificity
SPECIFIC_BONUS = 4.0  # cost taken off the most specific kind (a village) relative to a country  # a nearest locative place costing more than this is another event's


def link_event_location(doc_or_text: Any, event_start: int, event_end: int) -> tuple[int, int] | None:
    """The character span of the place mention where the event at [event_start, event_end)
    happened, or None when the sentence names no such place. ``doc_or_text`` is a spaCy Doc
    (or Span) whose character offsets are those of the event span, or a text to parse."""
    ranked = rank_locations(doc_or_text, event_start, event_end)
    if not ranked or ranked[0][0] > MAX_COST:
        return None
    span = ranked[0][1]
    return (span.start_char, span.end_char)


def rank_locations(doc_or_text: Any, event_start: int, event_end: int) -> list[tuple[float, Any]]:
    """Locative place mentions of the sentence with their cost for the event (path length,
    clause boundaries, cue), best first: cheapest, except that among the nearly cheapest the
    most specific place wins; ties go to the mention nearer the event word. Parties are left out."""
    doc = _parse(doc_or_text)
    event = _event_token(doc, event_start, event_end)
    if event is None or event.lemma_.lower() in SPEECH_VERBS:
        return []
    out: list[tuple[float, int, Any]] = []
    for cand in place_candidates(doc):
        if cand.start <= event.i < cand.end:
            continue  # the event word is inside the name
        slot = _attachment(cand.root)
        if slot is None:
            continue
        cost = _path_cost(event, slot) + _cue_cost(cand, slot)
        gap = min(abs(cand.start - event.i), abs(cand.end - 1 - event.i))
        out.append((cost, gap, cand))
    if not out:
        return []
    # The most specific of the nearly cheapest places: "in the Nabi Yunis area of Mosul", "the
    # West Bank city of Nablus" locate the event in the village, not the city or region.
    best = min(c for c, _, _ in out)
    ranked = [(c - SPECIFIC_BONUS * _specificity(cand) / 6.0 if c <= best + SPECIFIC_WINDOW else c, g, c, cand)
              for c, g, cand in out]
    ranked.sort(key=lambda x: (x[0], x[1]))
    return [(cost, cand) for _, _, cost, cand in ranked]


def _specificity(span: Any) -> int:
    """0 for a country or continent, 1 a state, 2 a county, 3-5 cities by size, 6 a place
    too small for the gazetteer (a village, a district, a building)."""
    from tocsin.resolve.places import PlaceResolver, _place_kind

    e = _place_kind(PlaceResolver.default(), span.text)
    if e is None:
        return 6
    if e.kind in ("country", "continent"):
        return 0
    if e.kind == "admin1":
        return 1
    if e.kind == "admin2":
        return 2
    return 3 if e.population >= 1_000_000 else 4 if e.population >= 100_000 else 5


def _parse(doc_or_text: Any) -> Any:
    if isinstance(doc_or_text, str):
        from tocsin.resolve.places import _NLP_LOCK, _nlp

        with _NLP_LOCK:
            return _nlp()(doc_or_text)
    return doc_or_text


def _event_token(doc: Any, start: int, end: int) -> Any:
    """The syntactic head of the tokens overlapping [start, end)."""
    toks = [t for t in doc if t.idx < end and start < t.idx + len(t.text)]
    if not toks and len(doc):  # an empty or between-token span: the token at its start
        toks = [min(doc, key=lambda t: abs(t.idx - start))]
    if not toks:
        return None
    ids = {t.i for t in toks}
    for t in toks:
        if t.head.i not in ids or t.head is t:
            return t
    return toks[0]


def place_candidates(doc: Any) -> list[Any]:
    """Place mentions: place entities, and proper-noun names in a place slot (spans of ``doc``)."""
    out: list[Any] = []
    taken: set[int] = set()
    for ent in doc.ents:
        if ent.label_ in PLACE_ENTS:
            span = _trim(ent)
            if span is not None:
                out.append(span)
                taken.update(t.i for t in ent)
    for tok in doc:
        if tok.i in taken or tok.pos_ != "PROPN" or (tok.dep_ == "compound" and tok.head.pos_ == "PROPN"):
            continue
        span = _name_span(tok)
        if any(t.i in taken or t.ent_type_ in NOT_PLACE_ENTS for t in span):
            continue
        if _in_place_slot(tok):
            out.append(span)
            taken.update(t.i for t in span)
    out.sort(key=lambda s: s.start)
    return out


def _trim(span: Any) -> Any:
    toks = list(span)
    while toks and (toks[0].lower_ in ("the", "a", "an") or not toks[0].text[:1].isalnum()):
        toks = toks[1:]
    while toks and (toks[-1].text in ("'s", "\u2019s", "'") or not toks[-1].text[-1:].isalnum()):
        toks = toks[:-1]
    return span.doc[toks[0].i:toks[-1].i + 1] if toks else None


def _name_span(tok: Any) -> Any:
    """A proper noun with the proper-noun compounds before it ("Sheikh Miskeen")."""
    lo = tok.i
    for child in tok.lefts:
        if child.dep_ == "compound" and child.pos_ == "PROPN":
            lo = min(lo, child.left_edge.i if child.left_edge.pos_ == "PROPN" else child.i)
    return tok.doc[lo:tok.i + 1]


def _in_place_slot(tok: Any) -> bool:
    """A proper noun the parse puts where a place goes: object of a locative preposition, of
    "the town of", or the modifier of a place noun ("Maiwand district")."""
    head = tok.head
    if tok.dep_ == "pobj":
        if head.lower_ in LOCATIVE:
            return True
        return head.lower_ == "of" and head.head.lemma_.lower() in PLACE_NOUNS
    if tok.dep_ in ("compound", "nmod") and head.lemma_.lower() in PLACE_NOUNS and head.pos_ == "NOUN":
        return True
    if tok.dep_ in ("dobj", "nsubjpass") and head.lemma_.lower() in TERRITORY_VERBS:
        return tok.ent_type_ != "ORG"  # "targeting the Syrian Arab Army": a party
    if tok.dep_ == "pobj" and head.lower_ == "to" and head.head.lemma_.lower() in MOTION_VERBS:
        return True
    if tok.dep_ in ("appos", "conj"):
        return _in_place_slot(head) or (head.ent_type_ in PLACE_ENTS)
    return False


def _attachment(root: Any) -> tuple[Any, str, bool] | None:
    """Climb from a mention to what it hangs from: (anchor token, cue, via_place_noun), where the
    cue is a preposition or a dependency label; None when the mention is a party."""
    t = root
    via_noun = False
    for _ in range(12):
        dep = t.dep_
        if dep in CLIMB_DEPS and t.head is not t:
            if t.head.lemma_.lower() in PLACE_NOUNS:
                via_noun = True
            t = t.head
            continue
        if dep == "pobj":
            prep = t.head
            word = prep.lower_
            if word == "of" and prep.head.pos_ in ("NOUN", "PROPN", "PRON", "NUM", "ADJ"):
                if prep.head.lemma_.lower() in PLACE_NOUNS or prep.head.ent_type_ in PLACE_ENTS:
                    via_noun = True
                    t = prep.head
                    continue
                return None  # "troops of Turkey", "the president of France": a party
            if word in LOCATIVE or (prep.dep_ == "prep" and prep.head.lower_ in LOCATIVE):
                return (prep.head, word, via_noun)
            if word == "to" and prep.head.lemma_.lower() in MOTION_VERBS:
                return (prep.head, "to", via_noun)
            if word in PARTY:
                return None
            return (prep.head, word, via_noun)
        if dep == "nsubjpass" and t.head.lemma_.lower() in TERRITORY_VERBS:
            return (t.head, "dobj", via_noun)
        if dep in SUBJECT_DEPS:
            return None
        if dep in ("dobj", "attr", "oprd", "npadvmod", "ROOT") and via_noun:
            return (t.head if dep != "ROOT" else t, dep, via_noun)
        if dep == "dobj":
            if t.ent_type_ == "ORG" and not via_noun:
                return None  # "targeting the Syrian Arab Army": a party
            return (t.head, "dobj", via_noun)
        return None
    return None


def _cue_cost(cand: Any, slot: tuple[Any, str, bool]) -> float:
    _, cue, via_noun = slot
    if cue in LOCATIVE:
        return 0.0
    if cue == "to":
        return 1.0
    if via_noun:
        return 0.5
    if cue == "dobj":
        return 0.5 if slot[0].lemma_.lower() in TERRITORY_VERBS else 3.0
    return 3.0


def _path_cost(event: Any, slot: tuple[Any, str, bool]) -> float:
    """Dependency-path length from the event word to the anchor, plus one per clause boundary."""
    anchor = slot[0]
    up_e = [event, *event.ancestors]
    up_a = [anchor, *anchor.ancestors]
    ids_a = {t.i: k for k, t in enumerate(up_a)}
    for k, t in enumerate(up_e):
        if t.i in ids_a:
            j = ids_a[t.i]
            path = up_e[:k] + up_a[:j]
            clauses = sum(1 for x in path if x.dep_ in CLAUSE_DEPS)
            # "Officials in Yangon said that students protested": the place is the speaker's
            speech = any(x.lemma_.lower() in SPEECH_VERBS for x in [*up_e[1:k + 1], *up_a[:j]])
            return k + j + 1.5 * clauses + (SPEECH_COST if speech else 0.0)
    return 20.0  # different sentences of one doc
