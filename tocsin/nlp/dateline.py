"""Datelines: "GDANSK, 3 March 2021 - ..." opens many wire stories.

The dateline is not part of any event: its place is where the story was filed
(a good default location for local events) and its date is the publication date
when the input carries none. Finding it keeps "GDANSK" from becoming an actor.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# PLACE[, REGION][, DATE] [(AGENCY)] - ; the place is written in capitals, or a date follows it
_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z'.\- ]{1,40}?|[A-Z][a-z'.\-]+(?: [A-Z][a-z'.\-]+){0,2})"
    r"(?:,\s*(?P<region>[A-Z][A-Za-z'.\- ]{1,30}?))?"
    r"(?:,\s*(?P<when>[A-Za-z0-9 ,.]{3,30}?))?"
    r"\s*(?:\((?P<agency>[A-Za-z .&-]{2,20})\)\s*)?"
    r"(?:-{1,2}|\u2013|\u2014|:)\s+(?=[A-Z\"\u201c])"
)
MAX_OFFSET = 600  # a dateline opens the story: only the first paragraphs are searched


@dataclass(slots=True)
class Dateline:
    place: str
    start: int  # offsets of the whole dateline in the article text
    end: int
    place_start: int
    place_end: int
    when: date | None = None


def find_dateline(text: str, paragraph_starts: list[int], resolve_date) -> Dateline | None:
    """The dateline at the start of one of the first paragraphs, if any.

    ``resolve_date(expr) -> date | None`` turns its date part into a date; it is
    passed in so this module needs no date machinery of its own.
    """
    for start in paragraph_starts:
        if start > MAX_OFFSET:
            break
        match = _DATELINE.match(text, start, min(len(text), start + 120))
        if match is None:
            continue
        place = match.group("place").strip()
        when_text = match.group("when")
        capitals = place.replace(" ", "").replace("-", "").replace(".", "").replace("'", "").isupper()
        when = resolve_date(when_text) if when_text else None
        if not capitals and when is None:
            continue  # "Police said: ..." is not a dateline; "PARIS -" or "Paris, 3 May -" is
        return Dateline(place=place, start=match.start(), end=match.end(),
                        place_start=match.start("place"), place_end=match.start("place") + len(place), when=when)
    return None
