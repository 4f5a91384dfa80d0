"""Actor knowledge base: which country or organisation, and which PLOVER sector, a noun phrase names.

News names actors in many ways: a country ("the United States"), a demonym on an agent noun
("the Belarusian ambassador"), a capital or seat of power standing for a government ("Warsaw",
"the Kremlin", "the Pentagon"), an organisation ("the European Union", "Brussels"), an office
holder ("President Alexander Lukashenko", "Putin"), or a bare agent noun ("protesters",
"state television"). ``ActorKB.resolve`` turns such a phrase into an ``ActorMatch`` (code,
sector, name, kind).

All knowledge lives in versioned JSON under ``tocsin/data`` (countries, organisations, agent
nouns, dated leaders); this module only indexes it. Matching is on word tokens, longest name
first, accent- and case-insensitive, except that all-caps aliases (US, UK, EU, UN, WHO) match
only in capitals, so the pronoun "us" is never the United States, and names listed as
capitalised-only ("Turkey", "Chad", one-word organisation and leader names) need a capital.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache, lru_cache
from typing import Any

from tocsin.data import load_json

__all__ = ["ActorKB", "ActorMatch"]

DATA_FILES = ("countries.json", "organisations.json", "agents.json", "leaders.json")
# When one surface form names several things, the more specific reading wins: a person in office
# over an organisation, a seat of power over the country, the country over its capital.
_PRIORITY = {"leader": 0, "org": 1, "seat": 2, "country": 3, "demonym": 4, "capital": 5, "agent": 6}
_ANY, _CAPITALISED, _EXACT = 0, 1, 2  # case modes of a surface form
# Apostrophes are folded to ASCII first; "U.S." style abbreviations are one token.
_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W_]+(?:'[^\W_]+)*")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u02bc": "'"})
# American and British spellings of the words organisation names are made of match each other
# ("Organization of African Unity" is the "Organisation of African Unity").
_SPELLING = {"organization": "organisation", "organizations": "organisations", "labor": "labour",
             "defense": "defence", "center": "centre", "program": "programme"}
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True, slots=True)
class ActorMatch:
    """What a phrase resolves to. ``kind`` is one of country, organisation, person, agent, metonym.

    ``role``/``start``/``end`` are set for office holders returned by ``lookup`` (one per term).
    """

    code: str | None
    sector: str | None
    name: str | None
    kind: str
    role: str | None = None
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True, slots=True)
class _Term:
    start: date
    end: date | None
    code: str
    role: str
    sector: str


@dataclass(frozen=True, slots=True)
class _Entry:
    kind: str  # country, demonym, capital, seat, org, leader, agent
    code: str | None
    sector: str | None
    name: str | None
    case: int
    surface: tuple[str, ...]
    title: bool = False
    relational: bool = False
    terms: tuple[_Term, ...] = ()


def _fold(text: str) -> str:
    """Case- and accent-insensitive form ("Élysée" -> "elysee"); ø, ł and đ have no decomposition."""
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return text.casefold()


def _tokens(text: str) -> tuple[list[str], list[str]]:
    """Original and folded word tokens; a possessive "'s" is dropped ("Putin's" -> "Putin")."""
    origs = []
    for tok in _TOKEN.findall(text.translate(_APOSTROPHES)):
        if len(tok) > 2 and tok[-2:] in ("'s", "'S"):
            tok = tok[:-2]
        origs.append(tok)
    norms = [_fold(t) for t in origs]
    return origs, [_SPELLING.get(n, n) for n in norms]


def _plural(lemma: str) -> str:
    """Regular English plural of an agent noun; in "head of state" the head word takes it."""
    head, sep, rest = lemma.partition(" of ")
    words = head.split(" ")
    w = words[-1]
    if w.endswith("man"):
        w = w[:-3] + "men"
    elif w.endswith("y") and w[-2:-1] not in ("a", "e", "i", "o", "u"):
        w = w[:-1] + "ies"
    elif w.endswith(("s", "x", "z", "ch", "sh")):
        w += "es"
    else:
        w += "s"
    return " ".join(words[:-1] + [w]) + (sep + rest if sep else "")


def _date(value: date | str | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


class ActorKB:
    """Indexed actor knowledge; build once (``ActorKB.default()``) and share: lookups are pure."""

    def __init__(self, countries: dict[str, Any], organisations: dict[str, Any],
                 agents: dict[str, Any], leaders: dict[str, Any]) -> None:
        self.versions = {"countries": countries.get("version"), "organisations": organisations.get("version"),
                         "agents": agents.get("version"), "leaders": leaders.get("version")}
        self._countries = {c["iso3"]: c for c in countries["countries"]}
        self._index: dict[tuple[str, ...], list[_Entry]] = {}
        self._maxlen = 1
        rules = agents.get("phrase_rules", {})
        self._cut = frozenset(rules.get("cut_words", ()))
        self._locative = frozenset(rules.get("locative_cut_words", ()))
        self._modifiers: dict[str, str] = dict(rules.get("sector_modifiers", {}))
        self._blockers = frozenset(rules.get("code_blockers", ()))
        self._honorifics = frozenset(agents.get("honorifics", ()))
        # "up to 100 protesters", "more than 500 soldiers": the "to"/"than" of a number ends nothing
        self._openers = {w: frozenset(v) for w, v in rules.get("quantity_openers", {}).items()}
        self._numbers = frozenset(rules.get("number_words", ()))
        self._count_leads = frozenset(rules.get("count_leads", ()))
        self._members = frozenset(rules.get("member_nouns", ()))
        self._generic_bodies = frozenset(rules.get("generic_body_nouns", ()))
        self._member_bodies = frozenset(rules.get("member_body_sectors", ()))
        self._ethnic = frozenset(rules.get("ethnicity_markers", ()))
        self._scope = frozenset(_fold(w) for w in rules.get("international_scope_words", ()))
        self._bodies = frozenset(rules.get("body_nouns", ()))
        # "opponents of the junta": the stance noun's own sector, not its complement's
        self._partitive_heads = frozenset(rules.get("partitive_heads", ()))
        self._stance = frozenset(w + end for w in rules.get("stance_nouns", ()) for end in ("", "s"))
        capitalised = {_fold(w) for w in countries.get("capitalised_only", ())}
        self._country_words: dict[str, str] = {}

        for c in countries["countries"]:
            code, name = c["iso3"], c["name"]
            forms = [("country", n, None) for n in [name, *c.get("aliases", ())]]
            forms += [("demonym", d, None) for d in c.get("demonyms", ())]
            forms += [("capital", n, "GOV") for n in c.get("capitals", ())]
            forms += [("seat", s["name"], s.get("sector") or "GOV") for s in c.get("seats_of_power", ())]
            for kind, surface, sector in forms:
                self._country_words.setdefault(surface, code)
                shown = surface if kind in ("seat", "capital") else name
                self._add(surface, kind, code, sector, shown, _CAPITALISED if _fold(surface) in capitalised else _ANY)
        for o in organisations["organisations"]:
            for surface in [o["name"], *o.get("names", ())]:
                self._add(surface, "org", o["code"], o.get("sector"), o["name"], self._proper_case(surface))
        for a in agents["agents"]:
            lemma = a["lemma"]
            for surface in {lemma, a.get("plural") or _plural(lemma)}:
                self._add(surface, "agent", a.get("code"), a["sector"], lemma, _ANY,
                          title=bool(a.get("title")), relational=bool(a.get("relational")))
        for surface in agents.get("not_agents", ()):  # consumes "press release" so "press" is not read
            self._add(surface, "agent", None, None, surface, _ANY)
        people: dict[str, list[dict[str, Any]]] = {}
        for row in leaders["leaders"]:
            people.setdefault(row["name"], []).append(row)
        for name, rows in people.items():
            terms = tuple(sorted((_Term(_date(r["start"]), _date(r.get("end")), r["country"], r["role"],
                                        r.get("sector") or "GOV") for r in rows), key=lambda t: t.start))
            surfaces = {name} | {a for r in rows for a in r.get("aliases", ())}
            for surface in surfaces:
                self._add(surface, "leader", None, None, name, self._proper_case(surface), terms=terms)
        self._resolve_cached = lru_cache(maxsize=65536)(self._resolve)

    @staticmethod
    def _proper_case(surface: str) -> int:
        # One-word proper names are also common words often enough ("Amnesty", "Gallant") to need a capital.
        return _CAPITALISED if len(_tokens(surface)[0]) == 1 else _ANY

    def _add(self, surface: str, kind: str, code: str | None, sector: str | None, name: str | None,
             case: int, **extra: Any) -> None:
        origs, norms = _tokens(surface)
        if not norms:
            return
        letters = [ch for ch in surface if ch.isalpha()]
        if len(letters) >= 2 and all(ch.isupper() for ch in letters):
            case = _EXACT  # US, UK, EU, UN, WHO, U.S.: never the lower-case word
        entry = _Entry(kind, code, sector, name, case, tuple(origs), **extra)
        bucket = self._index.setdefault(tuple(norms), [])
        if not any(e.kind == kind and e.name == name and e.code == code and e.case == case for e in bucket):
            bucket.append(entry)
            bucket.sort(key=lambda e: _PRIORITY[e.kind])
        self._maxlen = max(self._maxlen, len(norms))

    @classmethod
    def load(cls) -> "ActorKB":
        """Read the four data files shipped in ``tocsin/data``."""
        return cls(*[load_json(name) for name in DATA_FILES])

    @classmethod
    @cache
    def default(cls) -> "ActorKB":
        """The shared knowledge base from the package data, loaded on first use (~0.2 s)."""
        return cls.load()

    # -- public API -------------------------------------------------------------------------

    def resolve(self, phrase: str, when: date | str | None = None) -> ActorMatch | None:
        """Resolve a news noun phrase to an actor, or None when nothing in it is known.

        The code comes from the first country, organisation, capital, seat of power or office
        holder named in the head of the phrase (before "to", "in", "who" ...; "protesters in
        Minsk" may take it from a place after "in"). The sector comes from the head agent noun
        ("the Belarusian ambassador" is GOV, "Belarusian workers" LAB), else from an office
        holder (GOV), an organisation, or a seat of power; a bare country has no sector. An
        office holder counts only if ``when`` (the story's date) falls in one of their terms,
        or after one (a former leader: ELI); with ``when`` None their latest term is used.
        """
        return self._resolve_cached(phrase, _date(when))

    def resolve_all(self, phrase: str, when: date | str | None = None) -> list[ActorMatch]:
        """Resolve each conjunct of a coordination ("Several factories and the national airline
        Belavia") on its own; "and" inside a known name ("Bosnia and Herzegovina") does not split."""
        origs, norms = _tokens(phrase)
        parts: list[list[str]] = [[]]
        for i, j, hits in self._scan(origs, norms):
            if hits is None and norms[i] in ("and", "or"):
                parts.append([])
            else:
                parts[-1] += origs[i:j]
        found = (self.resolve(" ".join(p), when) for p in parts if p)
        return [m for m in found if m is not None]

    def lookup(self, name: str, when: date | str | None = None) -> list[ActorMatch]:
        """Every reading of a name as written (all terms of an office holder, or only those
        covering ``when``); falls back to ``resolve`` for longer phrases."""
        when = _date(when)
        origs, norms = _tokens(name)
        out: list[ActorMatch] = []
        for e in self._index.get(tuple(norms), ()):
            if not self._case_ok(e, origs, 0):
                continue
            if e.kind == "leader":
                out += [ActorMatch(t.code, t.sector, e.name, "person", t.role, t.start, t.end)
                        for t in e.terms if when is None or self._in_term(t, when)]
            else:
                out.append(self._entry_match(e))
        if not out:
            match = self.resolve(name, when)
            out = [match] if match else []
        return out

    def country(self, code: str | None) -> dict[str, Any]:
        """The countries.json record for an ISO3 code; empty for organisation codes (EUR, UNO) and
        unknown codes, so callers can write ``kb.country(match.code).get("capitals")``."""
        return dict(self._countries.get((code or "").upper(), {}))

    def is_agent_noun(self, lemma: str) -> str | None:
        """The PLOVER sector an agent noun implies ("soldier" -> MIL), plural or singular, else None."""
        for e in self._index.get(tuple(_tokens(lemma)[1]), ()):
            if e.kind == "agent":
                return e.sector
        return None

    def names_people(self, phrase: str) -> bool:
        """Whether the head word of a phrase is an agent noun: "600 armed fighters", "a crowd of
        traders", "nurses at the hospital" name people; "military equipment" and "the media law"
        name things, whose sector a modifier gave. Why: only people are taken to be domestic to
        the places a sentence names."""
        _, norms = _tokens(phrase)
        head: list[str] = []
        for word in norms:
            if word in self._cut or (word == "of" and head and head[-1] not in self._partitive_heads):
                break
            head = [] if word == "of" else head + [word]
        return any(e.kind == "agent" and e.sector for size in (2, 1) if len(head) >= size
                   for e in self._index.get(tuple(head[-size:]), ()))

    def country_words(self) -> dict[str, str]:
        """Every surface form naming a country (names, aliases, demonyms, capitals, seats) -> ISO3."""
        return dict(self._country_words)

    # -- matching ---------------------------------------------------------------------------

    @staticmethod
    def _case_ok(e: _Entry, origs: list[str], i: int) -> bool:
        if e.case == _EXACT:
            return tuple(origs[i:i + len(e.surface)]) == e.surface
        if e.case == _CAPITALISED:
            return origs[i][:1].isupper()
        return True

    def _scan(self, origs: list[str], norms: list[str]) -> list[tuple[int, int, list[_Entry] | None]]:
        """Greedy left-to-right, longest-first matching of known names over the tokens."""
        spans, i, n, index = [], 0, len(norms), self._index
        while i < n:
            for size in range(min(self._maxlen, n - i), 0, -1):
                bucket = index.get(tuple(norms[i:i + size]))
                if bucket:
                    hits = [e for e in bucket if self._case_ok(e, origs, i)]
                    if hits:
                        spans.append((i, i + size, hits))
                        i += size
                        break
            else:
                spans.append((i, i + 1, None))
                i += 1
        return spans

    @staticmethod
    def _in_term(t: _Term, when: date) -> bool:
        return t.start <= when and (t.end is None or when < t.end)

    def _leader_term(self, e: _Entry, when: date | None) -> tuple[_Term, bool] | None:
        """(term, former?) for a leader at ``when``; None before their first term."""
        if when is None:
            return e.terms[-1], False
        current = [t for t in e.terms if self._in_term(t, when)]
        if current:
            return current[0], False
        past = [t for t in e.terms if t.end is not None and t.end <= when]
        return (max(past, key=lambda t: t.end), True) if past else None

    def _pick(self, hits: list[_Entry], when: date | None) -> tuple[_Entry, tuple[_Term, bool] | None] | None:
        """The reading of a matched span: a leader in office first, then by _PRIORITY, then a former leader."""
        leaders = [(e, self._leader_term(e, when)) for e in hits if e.kind == "leader"]
        current = [(e, t) for e, t in leaders if t and not t[1]]
        if current:  # two office holders of different countries under one name: too ambiguous to code
            return current[0] if len({t[0].code for _, t in current}) == 1 else None
        for e in hits:
            if e.kind != "leader":
                return e, None
        former = [(e, t) for e, t in leaders if t]
        return former[0] if former else None

    def _entry_match(self, e: _Entry) -> ActorMatch:
        kind = {"country": "country", "demonym": "country", "org": "organisation",
                "capital": "metonym", "seat": "metonym", "agent": "agent"}[e.kind]
        return ActorMatch(e.code, e.sector, e.name, kind)

    def _resolve(self, phrase: str, when: date | None) -> ActorMatch | None:
        origs, norms = _tokens(phrase)
        code: str | None = None
        agents: list[tuple[int, _Entry]] = []
        person: tuple[int, _Entry, _Term, bool] | None = None
        body: _Entry | None = None  # organisation, seat or capital giving a sector when no agent does
        body_at = -1  # where the body is named
        modifier: str | None = None
        blocked = after_title = False
        head = True
        unnamed: list[str] = []  # a titled person we do not know: "General Valery Gerasimov"
        ethnic = ethnicity = False  # "ethnic Albanians": a people, not a nationality
        stance = False  # past "opponents of": later agent nouns name what they oppose
        proper: set[str] = set()  # capitalised words of the head ("Association", "African")
        for i, j, hits in self._scan(origs, norms):
            word = norms[i]
            if head and origs[i][:1].isupper():
                proper.update(norms[i:j])
            if hits is None:
                if word in self._openers and 0 < i < len(norms) - 1 and norms[i - 1] in self._openers[word] \
                        and self._is_number(norms[i + 1]):
                    continue  # "up to 100 ...", "more than a dozen ..."
                if self._leads_a_count(norms, i):
                    continue  # "about 500 residents", "over 200 students", "at least 20 people"
                if word in self._ethnic:
                    ethnic = True
                    continue
                if word in self._cut:
                    if not head or word not in self._locative or code is not None:
                        break
                    head = False  # past the head: only a code may still come ("protesters in Minsk")
                elif head and word in self._modifiers:
                    modifier = self._modifiers[word]
                elif word in self._blockers:
                    blocked = True
                elif word in self._honorifics:
                    after_title = True
                elif after_title and origs[i][:1].isupper():
                    unnamed.append(origs[i])
                else:
                    after_title = False
                continue
            picked = self._pick(hits, when)
            after_title = False
            if picked is None:
                continue
            e, term = picked
            if ethnic and e.kind in ("demonym", "country"):
                ethnic, ethnicity = False, True  # no country code: where they live says it
                continue
            ethnic = False
            if e.kind == "agent":
                if head and e.sector is not None and not stance:
                    agents.append((i, e))
                    after_title = e.title
                    stance = norms[j - 1] in self._stance and j < len(norms) and norms[j] == "of"
                continue
            if e.kind == "org" and code is not None and e.code not in self._countries:
                continue  # "the Russian Security Council", "Polish Red Cross": a national branch
            entry_code = term[0].code if term else e.code
            if blocked:
                blocked = False
            elif code is None:
                code = entry_code
                if not head:
                    break
            if not head:
                continue
            if term and person is None:
                person = (i, e, term[0], term[1])
            elif e.kind in ("org", "seat", "capital") and body is None:
                body, body_at = e, i
        if code is None and person is None:
            code = next((a.code for _, a in reversed(agents) if a.code), None)  # "a human rights group": NGO
        if code is None and person is None and proper & self._scope and proper & self._bodies:
            # an international body we do not know by name ("the World Federation of Miners")
            code = "NGO"
            if not agents and body is None:
                return ActorMatch(code, None, None, "organisation")
        if person and (not agents or (agents[-1][1].title and agents[-1][0] < person[0])):
            _, e, t, former = person
            return ActorMatch(code, modifier or ("ELI" if former else t.sector), e.name, "person")
        if agents:
            sector = agents[-1][1].sector
            if agents[-1][1].relational:  # "opposition leader": the head takes the modifier's sector
                earlier = [a for _, a in agents[:-1] if not a.relational]
                sector = earlier[-1].sector if earlier else sector
            if body is not None and body_at > agents[-1][0] and body.sector in self._member_bodies \
                    and norms[agents[-1][0]] in self._members | self._generic_bodies:
                # "employees of the FSB", "members of a party": the body's people; "the movement M23",
                # "the group Hamas": a generic word before the body's name
                sector = body.sector
            if unnamed and agents[-1][1].title:
                return ActorMatch(code, modifier or sector, " ".join(unnamed), "person")
            name = person[1].name if person else (body.name if body and body.kind == "org" else None)
            return ActorMatch(code, modifier or sector, name, "agent")
        if body is not None:
            return ActorMatch(code, body.sector, body.name, "organisation" if body.kind == "org" else "metonym")
        if ethnicity:  # "ethnic Albanians": civilians of whichever country the story places them in
            return ActorMatch(code, "CVL", None, "agent")
        if code is not None:
            country = self._countries.get(code)
            return ActorMatch(code, None, country["name"] if country else None, "country")
        return None

    def _leads_a_count(self, norms: list[str], i: int) -> bool:
        """Whether a word opening the phrase only qualifies the count after it: "about 500 residents",
        "over 200 students", "at least 20 people" (phrase_rules ``count_leads``); the cut word
        does not end a phrase that has not begun."""
        if norms[i] not in self._count_leads or any(w not in self._count_leads for w in norms[:i]):
            return False
        rest = norms[i + 1:]
        while rest and rest[0] in self._count_leads:
            rest = rest[1:]
        return bool(rest) and self._is_number(rest[0])

    def _is_number(self, word: str) -> bool:
        return bool(_DIGITS.fullmatch(word)) or word in self._numbers
