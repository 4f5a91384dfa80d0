"""Deduplication: many reports of one real event become one canonical event with every mention.

``Deduplicator`` holds the rules (blocking key, gates, weighted score, the ``why`` record);
``tocsin.store`` applies them incrementally inside its ingest transaction, and
``DedupIndex`` applies them in memory.
"""
from tocsin.dedup.matcher import (
    STATUS_GROUPS,
    Decision,
    DedupConfig,
    Deduplicator,
    Sketch,
    merged_confidence,
    sketch_event,
    sketch_record,
)
from tocsin.dedup.memory import DedupIndex, absorb

__all__ = [
    "STATUS_GROUPS",
    "Decision",
    "DedupConfig",
    "DedupIndex",
    "Deduplicator",
    "Sketch",
    "absorb",
    "merged_confidence",
    "sketch_event",
    "sketch_record",
]
