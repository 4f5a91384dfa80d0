"""Incremental deduplication without a database: the same decisions the store makes, in memory.

    index = DedupIndex()
    for article in coded_articles:
        for event in article.events:
            canonical_id, why = index.add(sketch_event(event, published=article.published))
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from tocsin.dedup.matcher import DedupConfig, Deduplicator, Sketch


def absorb(canonical: Sketch, new: Sketch) -> Sketch:
    """The canonical sketch after ``new`` joined it: codes united, evidence texts appended."""
    return replace(
        canonical,
        actor_codes=canonical.actor_codes | new.actor_codes,
        recipient_codes=canonical.recipient_codes | new.recipient_codes,
        actor_sectors=canonical.actor_sectors | new.actor_sectors,
        recipient_sectors=canonical.recipient_sectors | new.recipient_sectors,
        texts=canonical.texts + new.texts,
        ignore=canonical.ignore | new.ignore,
        geonameid=canonical.geonameid or new.geonameid,
        lat=canonical.lat if canonical.lat is not None else new.lat,
        lon=canonical.lon if canonical.lon is not None else new.lon,
        country_only=canonical.country_only and new.country_only,
        place_name=canonical.place_name if not canonical.country_only else new.place_name,
    )


class DedupIndex:
    """Canonical events filed by blocking key; ``add`` returns (canonical id, why or None)."""

    def __init__(self, config: DedupConfig | None = None) -> None:
        self.dedup = Deduplicator(config)
        self.events: dict[str, Sketch] = {}
        self.blocks: dict[str, list[str]] = {}
        self.members: dict[str, list[str]] = {}

    def add(self, sketch: Sketch) -> tuple[str, dict[str, Any] | None]:
        cands = [self.events[eid] for key in self.dedup.candidate_keys(sketch)
                 for eid in self.blocks.get(key, ())]
        best, _ = self.dedup.best_match(sketch, cands)
        if best is not None:
            eid = best.why["event_id"]
            self.events[eid] = absorb(self.events[eid], sketch)
            self.members[eid].append(sketch.id)
            return eid, best.why
        eid = "ce-" + sketch.id
        self.events[eid] = replace(sketch, id=eid)
        self.blocks.setdefault(self.dedup.block_key(sketch), []).append(eid)
        self.members[eid] = [sketch.id]
        return eid, None
