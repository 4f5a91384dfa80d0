"""A trigger that passed its conditions, before the coder turns it into an ``Event``."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tocsin.coding.lexicon import TriggerEntry
from tocsin.coding.status import Modality

Token = Any


@dataclass(slots=True)
class Candidate:
    """A trigger that passed its conditions, before it becomes an ``Event``."""

    token: Token
    entry: TriggerEntry
    modality: Modality
    event_type: str
    mode: str | None
    status: str
    actor_tokens: list[Token] = field(default_factory=list)
    recipient_tokens: list[Token] = field(default_factory=list)
    absorbed: list["Candidate"] = field(default_factory=list)
    dropped: bool = False
    absorbed_span: tuple[int, int] | None = None  # token range whose triggers this one takes over
