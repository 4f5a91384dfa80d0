"""Find time expressions in news text and normalise them to TimeML TIMEX3 values.

Why own rules instead of ``dateparser.search``: news dates are mostly *relative*
("on Saturday", "the day before", "last week") and their meaning depends on the
publication date, the tense of the sentence and the narrative's current date.
dateparser resolves weekdays in one fixed direction and anchors "the day before"
on the wall clock, so it is only used for all-digit dates (``10/08/2020``), where
its validation and two-digit-year handling help. Word lists live in
``tocsin/data/timex_en.json`` so that vocabulary changes need no code change.
Month and weekday names are matched case-sensitively: "may" (modal) and "march"
(verb) never become dates; the capitalised "May"/"March" need a cue word before.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Callable, Iterator

DATA_PATH = Path(__file__).resolve().parent.parent / "data" / "timex_en.json"
_ORD = r"(?:st|nd|rd|th)?"
_DIGIT = "digit"  # a rule gate: the text has a digit
_ANY_DIGIT = re.compile(r"\d")
# Python's re with IGNORECASE matches these to ASCII letters (İ ı ſ K), so "the ſame day" would
# match a rule whose table only knows "the same day": they are folded first (one code point each,
# so spans stay those of the original text)
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")
_ASCII_FOLDS = str.maketrans({"\u0130": "I", "\u0131": "i", "\u017f": "s", "\u212a": "K"})


@dataclass(slots=True)
class Timex:
    """One time expression: character span, TIMEX3 type/value, and day/clock for the coder."""

    start: int
    end: int
    text: str
    type: str  # "DATE", "TIME", "DURATION", "SET"
    value: str | None  # "2020-08-16", "2020-W32", "2020-08", "P3D", "PRESENT_REF", "2020-08-16T14:00"
    date: date | None = None  # set only when the value denotes one single day
    time: str | None = None  # "HH:MM" when a clock time is stated

    def as_dict(self) -> dict[str, Any]:
        """The timex shape of FORMAT.md."""
        return {"start": self.start, "end": self.end, "text": self.text, "type": self.type, "value": self.value}


class _Ctx:
    """What a rule needs besides its match: the text and the anchors for relative values.

    The tense is guessed from the text only when a rule asks for it (most texts have no date).
    """

    __slots__ = ("text", "published", "reference", "_tense", "_guess")

    def __init__(self, text: str, published: date | None, reference: date | None, tense: str | None,
                 guess: Callable[[str], str]) -> None:
        self.text, self.published, self.reference = text, published, reference
        self._tense, self._guess = tense, guess

    @property
    def tense(self) -> str:
        if not self._tense:
            self._tense = self._guess(self.text)
        return self._tense


def _alt(words: Any) -> str:
    """Regex alternation, longest first so that "the day before yesterday" beats "the day before"."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _shift_month(year: int, month: int, k: int) -> tuple[int, int]:
    n = year * 12 + month - 1 + k
    return n // 12, n % 12 + 1


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


class DateResolver:
    """Rule-based TIMEX3 finder/normaliser; build once (``default()``), then call ``find``."""

    _default: "DateResolver | None" = None

    def __init__(self, data: dict[str, Any]) -> None:
        self.d = data
        self.months: dict[str, int] = {**data["months"], **data["month_abbrevs"]}
        self.weekdays: dict[str, int] = data["weekdays"]
        self.numbers: dict[str, int | str] = {k.lower(): v for k, v in data["numbers"].items()}
        self.abbrevs = set(data["abbreviations"])
        mon_full, mon_any, wd = _alt(data["months"]), _alt(self.months), _alt(self.weekdays)
        unit_re = "(?i:" + _alt(data["unit_forms"]) + ")"
        ones = [w for w, v in data["numbers"].items() if isinstance(v, int) and 1 <= v <= 9 and " " not in w]
        num_re = (r"(?i:\d+|(?:" + _alt(data["tens"]) + r")-(?:" + _alt(ones) + r")|" + _alt(self.numbers) + ")")
        pod = "(?i:" + _alt(data["parts_of_day"]) + ")"
        tz = r"(?:\s*\(?(?i:local (?:time|hour)|gmt|utc)\)?)?"
        mod = r"(?:\b(?i:(last|next|this|early|late|mid))[\s-]+)?"
        year = r"(?:,?\s+(?P<year>\d{4})\b)?"
        rules: list[tuple[str, Callable[[re.Match[str], _Ctx], Iterator[Timex]]]] = [
            (r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b(?!-)", self._iso),
            (r"(?<![\d/.])(\d{1,2})([/.])(\d{1,2})\2(\d{4}|\d{2})(?![\d/]|\.\d)", self._numeric),
            (rf"(?:\b(?:{wd}),?\s+)?\b(?P<mon>{mon_any})\b\.?\s+(?P<day>\d{{1,2}}){_ORD}\b{year}", self._calendar),
            (rf"(?:\b(?:{wd}),?\s+)?(?:the\s+)?\b(?P<day>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<mon>{mon_any})\b\.?{year}",
             self._calendar),
            (rf"{mod}\b({mon_any})\b\.?,?\s+(\d{{4}})\b", self._month_year),
            (rf"{mod}\b({mon_full})\b", self._month),
            (rf"(?:\b(?i:(last|next|this|coming|past))\s+)?\b({wd})(s)?\b(?:\s+({pod})\b)?", self._weekday),
            (r"(?:(?<=[Mm]id-)|(?<![\w$€£#.,/-]))(1[5-9]\d\d|20\d\d)(?:\s*[-–]\s*(\d{4}|\d{2}))?"
             r"(?![\w%]|[.,]\d|/\d)", self._year),
            (r"(?:\bthe\s+)?\b(1[5-9]\d|20\d)0s\b", self._decade),
            (r"(?:\b(?i:the)\s+)?\b(\d{1,2})(?:st|nd|rd|th)[\s-]+(?i:century)\b", self._century),
            (rf"\b(?i:({_alt(data['days'])}))\b(?:\s+({pod})\b)?", self._day),
            (rf"\b(?i:({_alt(data['day_anchored'])}))\b", self._anchored),
            (rf"\b({num_re})[\s-]+({unit_re})\s+(?i:({_alt(data['offset_directions'])}))\b", self._offset),
            (rf"(?:\b(?i:(the))\s+)?\b(?i:({_alt(data['period_modifiers'])}))\s+"
             rf"(?i:({_alt(data['period_units'])}))\b", self._period),
            (rf"\b(?i:({_alt(data['refs'])}))\b(?!-)", self._ref),
            (rf"(?:\b(?i:the\s+(?:past|last|next|coming|previous|first|following|final))\s+)?\b({num_re})[\s-]+"
             rf"({unit_re})\b", self._duration),
            (rf"\b(?i:{_alt(data['duration_cues'])})\s+((?i:{_alt(k for k in data['unit_forms'] if k.endswith('s'))}))"
             r"\b", self._bare_duration),
            (rf"\b(\d{{1,2}})(?:[:.](\d{{2}}))?\s*(?i:(a\.m\.|p\.m\.|a\.m|p\.m|am|pm))(?!\w){tz}", self._clock),
            (rf"(?<![\w:.])(?:([01]?\d|2[0-3])(?::([0-5]\d)|h([0-5]\d))|([01]\d|2[0-3])h)\b(?!:){tz}",
             self._clock24),
            (rf"\b(?i:({_alt(data['noon'])}))\b", self._noon),
            (rf"\b(?i:(?:(this|last)\s+({pod})|(tonight)))\b", self._part_of_day),
            (rf"\b(?i:({_alt(data['sets'])}))\b", self._set),
        ]
        self._rules = [(re.compile(rx), fn) for rx, fn in rules]
        # What a match of each rule must contain (speed only: a rule whose gate fails cannot match, so
        # it is not run): _DIGIT, or one of some literal strings, searched in the lower-cased text.
        units = list(data["unit_forms"])
        gates: list[tuple[Any, ...]] = [
            (_DIGIT,), (_DIGIT,), (_DIGIT, self.months), (_DIGIT, self.months), (_DIGIT, self.months),
            (data["months"],), (self.weekdays,), (_DIGIT,), (_DIGIT,), (_DIGIT, ["century"]), (data["days"],),
            (data["day_anchored"],), (units, data["offset_directions"]),
            (data["period_modifiers"], data["period_units"]), (data["refs"],), (units,),
            (data["duration_cues"], [k for k in units if k.endswith("s")]), (_DIGIT,), (_DIGIT,), (data["noon"],),
            (list(data["parts_of_day"]) + ["tonight"],), (data["sets"],),
        ]
        if len(gates) != len(self._rules):
            raise AssertionError("one gate per date rule")
        compiled: dict[str, re.Pattern[str]] = {}
        self._gated = [(rx, fn, tuple(g if g is _DIGIT else compiled.setdefault(
            _alt({w.lower() for w in g}), re.compile(_alt({w.lower() for w in g}))) for g in gate))
            for (rx, fn), gate in zip(self._rules, gates)]
        # every rule needs a digit or one of these words: sentences with neither skip the rules
        vocab: set[str] = set()
        for key in ("months", "month_abbrevs", "weekdays", "numbers", "tens", "unit_forms", "days",
                    "day_anchored", "refs", "parts_of_day", "sets", "noon", "period_units", "duration_cues",
                    "period_modifiers"):
            words = data[key] if isinstance(data[key], (list, dict)) else []
            vocab.update(w.lower().split()[0].strip(".") for w in words if w.strip())
        self._vocab = frozenset(vocab)
        self._word = re.compile(r"[A-Za-z]+")
        self._future = re.compile(r"(?i)(?<!\w)(?:" + _alt(data["future_markers"]) + r")(?!\w)")
        self._past = re.compile(r"(?i)\b(?:" + _alt(data["past_irregular"]) + r"|\w{2,}ed)\b")
        self._perfect = re.compile(r"(?i)(?:\b(?:" + _alt(data["perfect_auxiliaries"]) + r")\s+(?:not\s+)?\w+)")

    @classmethod
    def default(cls) -> "DateResolver":
        """The resolver built from the packaged word lists, loaded once per process."""
        if cls._default is None:
            cls._default = cls(json.loads(DATA_PATH.read_text(encoding="utf-8")))
        return cls._default

    # ------------------------------------------------------------------ API
    def find(self, text: str, published: date | None, *, tense: str | None = None,
             reference: date | None = None) -> list[Timex]:
        """All time expressions in ``text``, non-overlapping, in text order.

        ``tense`` ("past"/"present"/"future") decides the direction of bare weekdays
        and months; when None it is guessed from the text. ``reference`` (the
        narrative's current date) anchors "the day before"; it defaults to ``published``.
        """
        if _FOLDS_TO_ASCII.search(text):
            text = text.translate(_ASCII_FOLDS)
        digit = _ANY_DIGIT.search(text) is not None  # what the rules' \d needs
        if not digit and not {w.lower() for w in self._word.findall(text)} & self._vocab:
            return []  # cheap pre-screen: no digit and no date word, so no rule can match
        ctx = _Ctx(text, published, reference or published, tense, self.infer_tense)
        low = text.lower()
        seen: dict[re.Pattern[str], bool] = {}
        cands: list[Timex] = []
        for rx, fn, gate in self._gated:
            for g in gate:
                if g is _DIGIT:
                    ok = digit
                else:
                    ok = seen.get(g)  # type: ignore[assignment]
                    if ok is None:
                        ok = seen[g] = g.search(low) is not None
                if not ok:
                    break
            else:
                ok = True
            if not ok:
                continue
            for m in rx.finditer(text):
                cands.extend(fn(m, ctx))
        cands.sort(key=lambda t: (-(t.end - t.start), t.start))
        chosen: list[Timex] = []
        for t in cands:  # longest first: "a week ago" beats "a week", "May 2010" beats "2010"
            if all(t.end <= c.start or t.start >= c.end for c in chosen):
                chosen.append(t)
        chosen.sort(key=lambda t: t.start)
        days = [t for t in chosen if t.date is not None and t.type == "DATE"]
        for t in chosen:  # a bare clock time happens on the nearest stated day, else the reference day
            if t.type == "TIME" and t.time and t.date is None:
                near = min(days, key=lambda d: abs(d.start - t.start), default=None)
                t.date = near.date if near else ctx.reference
                t.value = f"{t.date.isoformat()}T{t.time}" if t.date else None
        return chosen

    def infer_tense(self, text: str) -> str:
        """Crude tense guess when the caller has no parse: future cues win, then past verbs.

        Reporting verbs ("said") are ignored because the reported event may be planned,
        and present perfects ("has identified") are dropped because English does not
        combine them with a specific past date.
        """
        if self._future.search(text):
            return "future"
        stripped = self._perfect.sub(" ", text)
        ignore = set(self.d["past_ignore"])
        if any(m.group(0).lower() not in ignore for m in self._past.finditer(stripped)):
            return "past"
        return "present"

    # ---------------------------------------------------------------- helpers
    @staticmethod
    def _mk(m: re.Match[str], ctx: _Ctx, typ: str, value: str | None, *, day: date | None = None,
            time: str | None = None, group: int = 0) -> Timex:
        s, e = m.span(group)
        return Timex(s, e, ctx.text[s:e], typ, value, day, time)

    def _on_day(self, m: re.Match[str], ctx: _Ctx, day: date | None, part: str | None) -> Timex:
        """A day, or a part of it ("Friday afternoon" -> TIME 2013-03-22TAF)."""
        if part is None:
            return self._mk(m, ctx, "DATE", day and day.isoformat(), day=day)
        code = self.d["parts_of_day"][part.lower()]
        return self._mk(m, ctx, "TIME", f"{day.isoformat()}T{code}" if day else None, day=day)

    @staticmethod
    def _period_value(n: int | str, code: str) -> str:
        """TIMEX3 duration: clock units take a "T" ("PT24H"), calendar units not ("P3D")."""
        return ("PT" if code.startswith("T") else "P") + f"{n}{code.lstrip('T')}"

    def _year_for(self, month: int, day: int | None, ctx: _Ctx, modifier: str | None = None) -> int | None:
        """Year of a month (or month-day) stated without one: from the publication date and tense."""
        pub = ctx.published
        if pub is None:
            return None
        probe, cur = (month, day or 1), (pub.month, pub.day if day else 1)
        if modifier == "last":
            return pub.year - 1 if probe >= cur else pub.year
        if modifier == "next":
            return pub.year + 1 if probe <= cur else pub.year
        if modifier == "this":
            return pub.year
        if ctx.tense == "present":  # no direction: the reading nearest the publication date
            return min((pub.year - 1, pub.year, pub.year + 1),
                       key=lambda y: abs((y - pub.year) * 12 + month - pub.month))
        if ctx.tense == "past" and probe > cur:
            return pub.year - 1
        if ctx.tense == "future" and probe < cur:
            return pub.year + 1
        return pub.year

    def _calendar(self, m: re.Match[str], ctx: _Ctx) -> Iterator[Timex]:
        """ "Sunday 16 August", "Aug. 10, 2020": a day of a month, the year from context when unstated."""
        month, day = self.months[m["mon"]], int(m["day"])
        y = int(m["year"]) if m["year"] else self._year_for(month, day, ctx)
        if y is None:
            yield self._mk(m, ctx, "DATE", f"XXXX-{month:02d}-{day:02d}")
            return
        if d := _safe_date(y, month, day):
            yield self._mk(m, ctx, "DATE", d.isoformat(), day=d)

    # ------------------------------------------------------------------ rules
    def _iso(self, m: re.Match[str], ctx: _Ctx) -> Iterator[Timex]:
        y, mo, dd = int(m[1]), int(m[2]), m[3]
        if not 1 <= mo <= 12:
            return
        if dd is None:
            yield self._mk(m, ctx, "DATE", f"{y}-{mo:02d}")
        elif d := _safe_date(y, mo, int(dd)):
            yield self._mk(m, ctx, "DATE", d.isoformat(), day=d)

    def _numeric(self, m: re.Match[str], ctx: _Ctx) -> Iterator[Timex]:
        """10/08/2020 is ambiguous: a part over 12 decides, else the reading nearest the publication date."""
        import dateparser  # lazy: only all-digit dates need it

        a, b = int(m[1]), int(m[3])
        orders = ["DMY"] if a > 12 else ["MDY"] if b > 12 else ["DMY", "MDY"]
        if len(orders) == 2 and self.d["numeric_date_order"] == "MDY":
            orders.reverse()
        found: list[date] = []
        for order in orders:
            dt = dateparser.parse(m[0], languages=["en"], settings={"DATE_ORDER": order, "STRICT_PARSING": True})
            if dt:
                found.append(dt.date())
        if ctx.published and len(found) == 2:
            found.sort(key=lambda d: abs((d - ctx.published).days))  # stable: default order wins ties
        if found:
            yield self._mk(m, ctx, "DATE", found[0].isoformat(), day=found[0])

    def _month_year(self, m: re.Match[str], ctx: _Ctx) -> Iterator[Timex]:
        yield self._mk(m, ctx, "DATE", f"{m[3]}-{self.months[m[2]]:02d}")

    def _month(self, m: re.Match[str], ctx: _Ctx) -> Iterator[Timex]:
        """A bare month name; "May"/"March" only after a cue word ("in May"), never as modal/verb."""
        name, modifier = m[2], (m[1] or "").lower() or None
        if name in self.d["ambiguous_months"] and modifier is None:
            before = re.findall(r"[\w'-]+", ctx.text[max(0, m.start() - 20):m.start()])
            if not before or before[-1].lower() not in self.d["month_cues"]:
                return
        month = self.months[name]
        y = self._year_for(month, None, ctx, modifier if modifier in ("last", "next", "this") else None)
        yield self._mk(m, ctx, "DATE", f"{y}-{month:02d}" if y else f"XXXX-{month:02d}")

    def _weekday(self, m: re.Match[str], ctx: _Ctx) -> Iterator[Timex]:
        """Weekday direction: "last"/past tense look back, "next"/future forward, present the nearer."""
        wd = self.weekdays[m[2]]
        if m[3]:  # "Sundays": a recurring day
            yield self._mk(m, ctx, "SET", f"XXXX-WXX-{wd + 1}")
            return
        pub, modifier = ctx.published, (m[1] or "").lower()
        day = None
        if pub is not None:
            fwd, back = (wd - pub.weekday()) % 7, (pub.weekday() - wd) % 7
            if modifier in ("last", "past"):
                day = pub - timedelta(days=back or 7)
            elif modifier in ("next", "coming"):
                day = pub + timedelta(days=fwd or 7)
            elif ctx.tense == "past":
                day = pub - timedelta(days=back)
            elif ctx.tense == "future" or modifier == "this":
                day = pub + timedelta(days=fwd)
            else:
                day = pub - timedelta(days=back) if back <= fwd else pub + timedelta(days=fwd)
        yield self._on_day(m, ctx, day, m[4])

    def _year(self, m: re.Match[str], ctx: _Ctx) -> Iterator[Timex]:
        """A four-digit year, unless it reads as a count ("nearly 2000 people") or an amount."""
        before = re.findall(r"[\w.]+", ctx.text[max(0, m.start() - 20):m.start()])
        after = re.findall(r"[\w]+", ctx.text[m.end(1):m.end(1) + 20])
        if before and before[-1].lower() in self.d["year_blockers_before"]:
            return
        if after and after[0].lower() in self.d["year_blockers_after"] and not m[2]:
            return
        yield self._mk(m, ctx, "DATE", m[1], group=1)
        if m[2]:  # "1957-58", "2019-2020": a range of two years
            second = m[2] if len(m[2]) == 4 else m[1][:2] + m[2]
            if int(second) > int(m[1]):
                yield self._mk(m, ctx, "DATE", second, group=2)

    def _decade(self, m: re.Match[str], ctx: _Ctx) -> Iterator[Timex]:
        yield self._mk(m, ctx, "DATE", m[1])

    def _century(self, m: re.Match[str], ctx: _Ctx) -> Iterator[Timex]:
        yield self._mk(m, ctx, "DATE", f"{int(m[1]) - 1:02d}")

    def _day(self, m: re.Match[str], ctx: _Ctx) -> Iterator[Timex]:
        pub = ctx.published
        day = pub + timedelta(days=self.d["days"][m[1].lower()]) if pub else None
        yield self._on_day(m, ctx, day, m[2])

    def _followed_by_anchor(self, ctx: _Ctx, end: int) -> bool:
        """ "the day before the vote" is anchored on the vote, not on the narrative date."""
        return bool(re.match(r"\s+(?:the|a|an|his|her|their|its|this|that|[A-Z]\w*|\w+ing)\b", ctx.text[end:]))

    def _anchored(self, m: re.Match[str], ctx: _Ctx) -> Iterator[Timex]:
        phrase = m[1].lower()
        ref = ctx.reference
        if phrase.endswith(("before", "after")) and self._followed_by_anchor(ctx, m.end()):
            ref = None
        day = ref + timedelta(days=self.d["day_anchored"][phrase]) if ref else None
        yield self._mk(m, ctx, "DATE", day and day.isoformat(), day=day)

    def _count(self, word: str) -> int | str:
        w = word.lower()
        if w.isdigit():
            return int(w)
        if "-" in w and w not in self.numbers:
            tens, ones = w.split("-", 1)
            return int(self.numbers[tens]) + int(self.numbers[ones])
        return self.numbers[w]

    def _offset(self, m: re.Match[str], ctx: _Ctx) -> Iterator[Timex]:
        """ "two days ago" (publication-anchored) / "a week later" (narrative-anchored)."""
        n, unit, direction = self._count(m[1]), self.d["unit_forms"][m[2].lower()], m[3].lower()
        sign = self.d["offset_directions"][direction]
        anchor = ctx.published if direction in self.d["published_anchored_directions"] else ctx.reference
        if direction in ("before", "after") and self._followed_by_anchor(ctx, m.end()):
            anchor = None
        if anchor is None or unit in ("second", "minute", "hour"):
            yield self._mk(m, ctx, "DATE", None)
            return
        if isinstance(n, str):
            yield self._mk(m, ctx, "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF")
            return
        k = sign * n
        if unit in ("day", "week", "fortnight"):
            day = anchor + timedelta(days=k * {"day": 1, "week": 7, "fortnight": 14}[unit])
            yield self._mk(m, ctx, "DATE", day.isoformat(), day=day)
        elif unit == "month":
            y, mo = _shift_month(anchor.year, anchor.month, k)
            yield self._mk(m, ctx, "DATE", f"{y}-{mo:02d}")
        else:
            years = k * {"year": 1, "decade": 10, "century": 100}[unit]
            yield self._mk(m, ctx, "DATE", str(anchor.year + years))

    def _period(self, m: re.Match[str], ctx: _Ctx) -> Iterator[Timex]:
        """ "last week" -> previous ISO week; "the past week" is a duration (P1W)."""
        modifier, unit = m[2].lower(), m[3].lower()
        k = self.d["period_modifiers"][modifier]
        if m[1] and modifier in ("past", "last", "next", "coming"):
            code = {"weekend": "W", "quarter": "M"}.get(unit, self.d["units"].get(unit, "X"))
            n = 3 if unit == "quarter" else 1
            yield self._mk(m, ctx, "DURATION", f"P{n}{code}")
            return
        anchor = ctx.reference if modifier in self.d["reference_anchored_modifiers"] else ctx.published
        if anchor is None:
            yield self._mk(m, ctx, "DATE", None)
            return
        if unit in ("week", "weekend"):
            y, w, _ = (anchor + timedelta(days=7 * k)).isocalendar()
            value = f"{y}-W{w:02d}" + ("-WE" if unit == "weekend" else "")
        elif unit == "month":
            y, mo = _shift_month(anchor.year, anchor.month, k)
            value = f"{y}-{mo:02d}"
        elif unit == "quarter":
            y, mo = _shift_month(anchor.year, anchor.month, 3 * k)
            value = f"{y}-Q{(mo - 1) // 3 + 1}"
        elif unit == "decade":
            value = str(anchor.year // 10 + k)
        else:
            value = str(anchor.year + k)
        yield self._mk(m, ctx, "DATE", value)

    def _ref(self, m: re.Match[str], ctx: _Ctx) -> Iterator[Timex]:
        yield self._mk(m, ctx, "DATE", self.d["refs"][m[1].lower()])

    def _duration(self, m: re.Match[str], ctx: _Ctx) -> Iterator[Timex]:
        unit, word = self.d["unit_forms"][m[2].lower()], m[1].lower()
        if unit == "second" and word in ("a", "an", "one"):
            return  # "a second round" is an ordinal, not one second
        n = self._count(word)
        if unit == "fortnight":
            n, unit = (n * 2 if isinstance(n, int) else n), "week"
        code = self.d["units"][unit]
        yield self._mk(m, ctx, "DURATION", self._period_value(n, code))

    def _bare_duration(self, m: re.Match[str], ctx: _Ctx) -> Iterator[Timex]:
        code = self.d["units"][self.d["unit_forms"][m[1].lower()].replace("fortnight", "week")]
        yield self._mk(m, ctx, "DURATION", self._period_value("X", code), group=1)

    def _clock(self, m: re.Match[str], ctx: _Ctx) -> Iterator[Timex]:
        h, mi, pm = int(m[1]), int(m[2] or 0), m[3].lower().startswith("p")
        if 1 <= h <= 12 and mi < 60:
            h = (h % 12) + (12 if pm else 0)
            yield self._mk(m, ctx, "TIME", None, time=f"{h:02d}:{mi:02d}")

    def _clock24(self, m: re.Match[str], ctx: _Ctx) -> Iterator[Timex]:
        yield self._mk(m, ctx, "TIME", None, time=f"{int(m[1] or m[4]):02d}:{int(m[2] or m[3] or 0):02d}")

    def _noon(self, m: re.Match[str], ctx: _Ctx) -> Iterator[Timex]:
        yield self._mk(m, ctx, "TIME", None, time=self.d["noon"][m[1].lower()])

    def _part_of_day(self, m: re.Match[str], ctx: _Ctx) -> Iterator[Timex]:
        """ "this morning", "last night", "tonight": a part of a day, anchored on publication."""
        if m[3]:
            part, k = "NI", 0
        else:
            part, k = self.d["parts_of_day"][m[2].lower()], self.d["part_of_day_anchors"][m[1].lower()]
        day = ctx.published + timedelta(days=k) if ctx.published else None
        yield self._mk(m, ctx, "TIME", f"{day.isoformat()}T{part}" if day else None, day=day)

    def _set(self, m: re.Match[str], ctx: _Ctx) -> Iterator[Timex]:
        yield self._mk(m, ctx, "SET", self.d["sets"][m[1].lower()])


# ---------------------------------------------------------------- articles
def split_sentences(text: str, abbreviations: set[str] | None = None) -> list[tuple[int, int]]:
    """Sentence spans: cut at blank lines and at .!? + space + capital, but not after "p.m." or "Aug.".

    A single newline is treated as a space because wrapped news text breaks lines mid-sentence.
    """
    abbrevs = abbreviations if abbreviations is not None else DateResolver.default().abbrevs
    spans, start = [], 0
    for m in re.finditer(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"“‘'(]?[A-Z0-9])|\n[ \t]*\n\s*", text):
        if m.group(0).count("\n") < 2:
            word = (text[max(0, m.start() - 40):m.start()].split() or [""])[-1].lower()
            if word in abbrevs or re.fullmatch(r"[a-z]\.", word):
                continue
        if text[start:m.start()].strip():
            spans.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def timexes_for_article(text: str, published: date | None) -> list[dict[str, Any]]:
    """FORMAT.md timexes of a whole article, sentence by sentence.

    Each resolved single day becomes the narrative reference for later sentences,
    so "On Saturday ... The day before, ..." resolves to the Friday.
    """
    resolver = DateResolver.default()
    out: list[dict[str, Any]] = []
    reference = published
    for s, e in split_sentences(text, resolver.abbrevs):
        found = resolver.find(text[s:e], published, reference=reference)
        for t in found:
            out.append({**t.as_dict(), "start": t.start + s, "end": t.end + s})
        days = [t.date for t in found if t.type == "DATE" and t.date is not None]
        if days:
            reference = days[-1]
    return out
