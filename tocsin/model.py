"""The one data model of tocsin: every stage takes and returns these records.

An ``Article`` travels through the pipeline like spaCy's ``Doc``: the sentence
splitter fills ``Article.sentences``, the coder fills ``Article.events``. Records
are slotted dataclasses with ``as_dict``/``from_dict`` so that the CLI, the
store, the API and a cluster runner all serialise them the same way, in the
output format fixed by ``shared/eval/FORMAT.md``.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

EVENT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
STATUSES = ("occurred", "ongoing", "planned", "threatened", "hypothetical", "negated")


@dataclass(slots=True)
class Actor:
    """Who acts or is acted upon: the words as written, and what they resolve to.

    ``code`` is an ISO 3166 alpha-3 country code or an organisation code
    (``EUR``, ``UNO``, ``IGO``, ``NGO``, ``MNC`` ...); ``sector`` a PLOVER
    sector (GOV, MIL, COP, OPP, CVL, LAB, BUS, JRN ...). Either may be unknown.
    ``inferred`` marks a role the text does not name, filled in by a coding rule
    (a protest with no named target is aimed at the local government): shown to
    users as such, and not evidence that two reports describe the same event.
    """

    text: str
    code: str | None = None
    sector: str | None = None
    start: int | None = None  # character offsets in the article text, when known
    end: int | None = None
    name: str | None = None  # canonical name of a known person or body ("Alexander Lukashenko")
    inferred: bool = False

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text, "code": self.code, "sector": self.sector}
        if self.inferred:  # only when set: the record format's three keys stay as they are
            out["inferred"] = True
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Actor":
        return cls(text=data.get("text") or "", code=data.get("code"), sector=data.get("sector"),
                   inferred=bool(data.get("inferred")))


@dataclass(slots=True)
class Place:
    """A place mention resolved (where possible) to a GeoNames entry."""

    text: str
    name: str | None = None
    country: str | None = None  # ISO3
    lat: float | None = None
    lon: float | None = None
    geonameid: str | None = None
    start: int | None = None
    end: int | None = None
    feature: str | None = None  # "country", "city", "admin1" ...

    def as_dict(self) -> dict[str, Any]:
        return {
            "text": self.text, "name": self.name, "country": self.country,
            "lat": self.lat, "lon": self.lon, "geonameid": self.geonameid,
        }

    def as_span_dict(self) -> dict[str, Any]:
        """The places-file shape of FORMAT.md (with character offsets)."""
        return {"start": self.start, "end": self.end, **self.as_dict()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Place":
        return cls(**{k: data.get(k) for k in ("text", "name", "country", "lat", "lon", "geonameid")})


@dataclass(slots=True)
class Sentence:
    """A sentence of an article, with its offsets; ``doc`` holds the parse while coding."""

    text: str
    start: int
    end: int
    paragraph: int = 0
    index: int = 0
    doc: Any = None  # spaCy Doc of this sentence; never serialised

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end,
                "paragraph": self.paragraph, "index": self.index}


@dataclass(slots=True)
class Event:
    """One coded event: PLOVER type, who, whom, when, where, how sure, and the evidence."""

    article_id: str
    event_type: str
    status: str
    event_text: str
    span: tuple[int, int]
    actor: list[Actor] = field(default_factory=list)
    recipient: list[Actor] = field(default_factory=list)
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    date: str | None = None
    time: str | None = None
    location: Place | None = None
    size: dict[str, str] = field(default_factory=dict)
    confidence: float = 0.5
    trigger: str | None = None  # the word that evoked the event, for explanations
    trigger_span: tuple[int, int] | None = None
    id: str = ""

    def __post_init__(self) -> None:
        if self.event_type not in EVENT_TYPES:
            raise ValueError(f"unknown PLOVER event type {self.event_type!r}")
        if self.status not in STATUSES:
            raise ValueError(f"unknown event status {self.status!r}")
        if not self.id:
            self.id = self.make_id()

    def make_id(self) -> str:
        """Stable for the same input: article, evidence offsets, trigger and type."""
        trig = self.trigger_span or self.span
        key = f"{self.article_id}|{self.span[0]}|{trig[0]}|{trig[1]}|{self.event_type}"
        return "ev-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "article_id": self.article_id,
            "event_type": self.event_type,
            "mode": self.mode,
            "context": list(self.context),
            "status": self.status,
            "actor": [a.as_dict() for a in self.actor],
            "recipient": [a.as_dict() for a in self.recipient],
            "date": self.date,
            "time": self.time,
            "location": self.location.as_dict() if self.location else None,
            "size": dict(self.size),
            "event_text": self.event_text,
            "span": list(self.span),
            "confidence": round(self.confidence, 3),
            "trigger": self.trigger,
        }

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Event":
        loc = data.get("location")
        return cls(
            id=data.get("id") or "",
            article_id=data["article_id"],
            event_type=data["event_type"],
            status=data["status"],
            event_text=data["event_text"],
            span=tuple(data.get("span") or (0, 0)),  # type: ignore[arg-type]
            actor=[Actor.from_dict(a) for a in data.get("actor") or []],
            recipient=[Actor.from_dict(a) for a in data.get("recipient") or []],
            mode=data.get("mode"),
            context=list(data.get("context") or []),
            date=data.get("date"),
            time=data.get("time"),
            location=Place.from_dict(loc) if loc else None,
            size=dict(data.get("size") or {}),
            confidence=float(data.get("confidence", 0.5)),
            trigger=data.get("trigger"),
        )


@dataclass(slots=True)
class Article:
    """A news story: the container that flows through every stage."""

    id: str
    text: str
    published: date | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    language: str | None = None
    origin: str | None = None  # "file.jsonl:12": where it was read, for error messages
    sentences: list[Sentence] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # input fields we do not model (gold labels)

    @property
    def content_hash(self) -> str:
        """Identity of the content: the same story ingested twice hashes the same."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "text": self.text,
            "published": self.published.isoformat() if self.published else None,
            "title": self.title, "url": self.url, "source": self.source, "language": self.language,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], origin: str | None = None) -> "Article":
        """Build from an input record (FORMAT.md); raises ValueError naming the bad field."""
        if not isinstance(data, dict):
            raise ValueError("record is not a JSON object")
        if "text" not in data or not isinstance(data["text"], str):
            raise ValueError("record has no string 'text'")
        if data.get("id") is None:
            raise ValueError("record has no 'id'")
        known = {"id", "text", "published", "title", "url", "source", "language"}
        return cls(
            id=str(data["id"]),
            text=data["text"],
            published=parse_published(data.get("published")),
            title=data.get("title"),
            url=data.get("url"),
            source=data.get("source"),
            language=data.get("language"),
            origin=origin,
            extra={k: v for k, v in data.items() if k not in known},
        )


def parse_published(value: Any) -> date | None:
    """Accept ``YYYY-MM-DD`` or a longer ISO timestamp; None stays None."""
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"'published' is not a date string: {value!r}")
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise ValueError(f"'published' is not an ISO date: {value!r}") from None
