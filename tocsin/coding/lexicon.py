"""The coder's knowledge, loaded once from versioned data files.

Nothing in here decides anything about a sentence: it reads ``triggers.json``,
``modality.json``, ``roles.json`` and ``contexts.json`` into lookup tables the
matcher and the role extractor consult. Change behaviour by editing the data.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from tocsin.data import load_json

_CONDITION_KEYS = frozenset({
    "child_any", "child_none", "prep_any", "prep_none", "object_any", "object_none", "object_ent_any",
    "subject_any", "subject_none", "governor_any", "governor_none", "pobj_any", "context_any", "context_none",
    "recipient_sector_any",
})


load_data = load_json


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    """One way a lemma can evoke an event; ``conditions`` hold lemma sets to test."""

    lemma: str
    pos: frozenset[str]
    event_type: str
    mode: str | None
    weight: float
    conditions: dict[str, frozenset[str]] = field(default_factory=dict)
    needs_agent: bool = False
    as_subject: bool = False
    lower_only: bool = False
    plural_only: bool = False
    patient_is_actor: bool = False  # "a diplomat handed over to the protesters": who moves is the actor
    no_object: bool = False  # labour strikes are intransitive; "struck a ship" is not one
    needs_object: bool = False
    attack_context: bool = False  # an explosion is an attack only next to an attack word
    has_ccomp: bool = False  # the verb reports speech ("a group protested that ...")
    needs_complement: bool = False

    @classmethod
    def from_dict(cls, data: dict[str, Any], word_lists: dict[str, list[str]] | None = None) -> "TriggerEntry":
        """One ``triggers.json`` entry; ``"@name"`` in a condition stands for the shared list ``name``."""
        unknown = set(data) - _CONDITION_KEYS - {
            "lemma", "pos", "type", "mode", "weight", "needs_agent", "as_subject",
            "lower_only", "plural_only", "patient_is_actor", "no_object", "needs_object", "attack_context",
            "has_ccomp", "needs_complement"}
        if unknown:
            raise ValueError(f"triggers.json: entry {data.get('lemma')!r} has unknown keys {sorted(unknown)}")
        return cls(
            lemma=data["lemma"], pos=frozenset(data["pos"]), event_type=data["type"],
            mode=data.get("mode"), weight=float(data.get("weight", 0.5)),
            conditions={k: _expand(v, word_lists or {}, data["lemma"]) for k, v in data.items() if k in _CONDITION_KEYS},
            needs_agent=bool(data.get("needs_agent")), as_subject=bool(data.get("as_subject")),
            lower_only=bool(data.get("lower_only")), plural_only=bool(data.get("plural_only")),
            patient_is_actor=bool(data.get("patient_is_actor")),
            no_object=bool(data.get("no_object")), needs_object=bool(data.get("needs_object")),
            attack_context=bool(data.get("attack_context")),
            has_ccomp=bool(data.get("has_ccomp")), needs_complement=bool(data.get("needs_complement")),
        )


def _expand(words: list[str], word_lists: dict[str, list[str]], lemma: str) -> frozenset[str]:
    out: set[str] = set()
    for word in words:
        if not word.startswith("@"):
            out.add(word)
        elif word[1:] in word_lists:
            out.update(word_lists[word[1:]])
        else:
            raise ValueError(f"triggers.json: entry {lemma!r} names an unknown word list {word!r}")
    return frozenset(out)


@dataclass(slots=True)
class Lexicon:
    """All coder tables; build with ``Lexicon.default()`` (cached per process)."""

    triggers: dict[str, list[TriggerEntry]]
    status_governors: dict[str, str]
    type_governors: dict[str, str]
    aux: dict[str, str]
    conditional_marks: frozenset[str]
    negators: frozenset[str]
    free_choice_dets: frozenset[str]
    cooperative_types: frozenset[str]
    conflict_types: frozenset[str]
    request_modes: dict[str, str]
    mode_by_type: dict[str, dict[str, str]]
    threaten_mode_by_mode: dict[str, str]
    recipient_slots: dict[str, list[str]]
    requires_recipient: frozenset[str]
    light_verbs: frozenset[str]
    event_heads: frozenset[str]
    partitive_nouns: frozenset[str]
    speech_verbs: frozenset[str]
    speech_nouns: frozenset[str]
    temporal_preps: frozenset[str]
    protest_content_types: frozenset[str]
    patient_types: frozenset[str]
    patient_preps: tuple[str, ...]
    intervention_modes: dict[str, frozenset[str]]
    excessive_force_words: frozenset[str]
    force_sectors: frozenset[str]
    crowd_violence_modes: frozenset[str]
    protest_words: frozenset[str]
    riot_clashes: frozenset[str]
    cause_preps: frozenset[str]
    domestic_target_types: frozenset[str]
    assault_mode_words: tuple[tuple[str, frozenset[str]], ...]
    refinable_assault_modes: frozenset[str | None]
    non_state_codes: frozenset[str]
    cause_nouns: frozenset[str]
    manner_nouns: frozenset[str]
    announced_threat_types: frozenset[str]
    deontic_aux: frozenset[str]
    intent_verbs: frozenset[str]
    quantity_nouns: frozenset[str]
    collective_nouns: frozenset[str]
    size_keys: dict[str, frozenset[str]]
    contexts: dict[str, list[str]]
    disaster_words: frozenset[str]
    accident_agents: frozenset[str]
    attack_cues: frozenset[str]
    accident_verbs: frozenset[str]
    weapon_words: frozenset[str]
    explosion_words: frozenset[str]
    versions: dict[str, str]

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> "Lexicon":
        trig = load_data("triggers.json")
        mod = load_data("modality.json")
        roles = load_data("roles.json")
        ctx = load_data("contexts.json")
        triggers: dict[str, list[TriggerEntry]] = {}
        word_lists = {name: spec["words"] for name, spec in trig.get("word_lists", {}).items()}
        for raw in trig["entries"]:
            entry = TriggerEntry.from_dict(raw, word_lists)
            triggers.setdefault(entry.lemma, []).append(entry)
        return cls(
            triggers=triggers,
            status_governors=mod["status_governors"],
            type_governors=mod["type_governors"],
            aux=mod["aux"],
            conditional_marks=frozenset(mod["conditional_marks"]),
            negators=frozenset(mod["negators"]),
            free_choice_dets=frozenset(mod["free_choice_determiners"]),
            cooperative_types=frozenset(mod["cooperative_types"]),
            conflict_types=frozenset(mod["conflict_types"]),
            request_modes=mod["request_modes"],
            mode_by_type=mod["mode_by_type"],
            threaten_mode_by_mode=mod["threaten_mode_by_mode"],
            recipient_slots=roles["recipient_slots"],
            requires_recipient=frozenset(roles["requires_recipient"]),
            light_verbs=frozenset(roles["light_verbs"]),
            event_heads=frozenset(roles["event_heads"]),
            partitive_nouns=frozenset(roles["partitive_nouns"]),
            speech_verbs=frozenset(mod["speech_verbs"]),
            speech_nouns=frozenset(mod["speech_nouns"]),
            temporal_preps=frozenset(mod["temporal_preps"]),
            protest_content_types=frozenset(roles["protest_content_types"]),
            patient_types=frozenset(roles["patient_types"]),
            patient_preps=tuple(roles["patient_preps"]),
            intervention_modes={t: frozenset(m) for t, m in roles["intervention_modes"].items()},
            excessive_force_words=frozenset(roles["excessive_force_words"]) | frozenset(
                roles["size_keys"]["dead"]) | frozenset(roles["size_keys"]["injured"]),
            force_sectors=frozenset(ctx["force_sectors"]),
            crowd_violence_modes=frozenset(ctx["crowd_violence_modes"]),
            protest_words=frozenset(ctx["protest_words"]),
            riot_clashes=frozenset(roles["riot_clashes"]),
            cause_preps=frozenset(mod["cause_preps"]),
            domestic_target_types=frozenset(roles["domestic_target_types"]),
            assault_mode_words=tuple((m, frozenset(w)) for m, w in ctx["assault_mode_words"]),
            refinable_assault_modes=frozenset(None if m is None else m for m in ctx["refinable_assault_modes"]),
            non_state_codes=frozenset(roles["non_state_codes"]),
            cause_nouns=frozenset(mod["cause_nouns"]),
            manner_nouns=frozenset(mod["manner_nouns"]),
            announced_threat_types=frozenset(mod["announced_threat_types"]),
            deontic_aux=frozenset(mod["deontic_aux"]),
            intent_verbs=frozenset(mod["intent_verbs"]),
            quantity_nouns=frozenset(roles["quantity_nouns"]),
            collective_nouns=frozenset(roles["collective_nouns"]),
            size_keys={k: frozenset(v) for k, v in roles["size_keys"].items()},
            contexts=ctx["contexts"],
            disaster_words=frozenset(ctx["disaster_words"]),
            accident_agents=frozenset(ctx["accident_agents"]),
            attack_cues=frozenset(ctx["attack_cues"]),
            accident_verbs=frozenset(ctx["accident_verbs"]),
            weapon_words=frozenset(ctx["weapon_words"]),
            explosion_words=frozenset(ctx["explosion_words"]),
            versions={"triggers": trig["version"], "modality": mod["version"],
                      "roles": roles["version"], "contexts": ctx["version"]},
        )

    def is_intervention(self, event_type: str, mode: str | None) -> bool:
        """Police action that leaves a protest a protest: arrests, dispersal, tear gas (``roles.json``)."""
        return mode in self.intervention_modes.get(event_type, ())

    @property
    def trigger_lemmas(self) -> frozenset[str]:
        """Lemmas worth parsing for: a sentence with none of them holds no event."""
        return frozenset(self.triggers) | frozenset(self.type_governors)
