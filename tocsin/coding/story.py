"""What the coder remembers while reading one story.

A reader knows that "Lukashenko" in paragraph five is the "President Alexander
Lukashenko" of paragraph one, that "the latter" is the last person named, that
"the day before" counts from the last date mentioned, and which country the
story is about. ``StoryContext`` holds exactly that, for one article.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tocsin.model import Actor, Place


@dataclass(slots=True)
class StoryContext:
    published: date | None
    persons: dict[str, Actor] = field(default_factory=dict)  # lower-cased name token -> first mention
    # (actor, kind, sentence number, was it its clause's subject, is it plural), in story order
    mentions: list[tuple[Actor, str, int, bool, bool]] = field(default_factory=list)
    sentence_no: int = 0  # the sentence being read, counted by the coder
    # event nouns already coded, by lemma and by the trigger lemmas they end in ("airstrike" is
    # also a "strike"), with their type and mode: "the strikes" later in the story means those
    event_words: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    # the story's current dates, moved by dates it states: "the day before" counts back from
    # the last past date; a plan without a day takes the last future (or today's) date named
    past_reference: date | None = None
    past_paragraph: int = -1
    future_reference: date | None = None
    used_dates: list[date] = field(default_factory=list)  # dates given to events of the current sentence
    dateline: Any = None  # tocsin.nlp.dateline.Dateline
    dateline_place: Place | None = None
    countries: Counter[str] = field(default_factory=Counter)
    # the sentence being coded (set by ``RoleReader._resolve_all``), and the one country its places
    # name, by sentence text: a fallback for domestic actors when neither the event's location nor
    # the story's main country is known (the entity tagger misses or mislabels many towns)
    sentence_doc: Any = None
    sentence_countries: dict[str, str | None] = field(default_factory=dict)

    @property
    def main_country(self) -> str | None:
        """The country the story is mostly about (by mentions), for domestic actors."""
        if not self.countries:
            return None
        return self.countries.most_common(1)[0][0]

    def remember(self, actor: Actor, kind: str | None, name_tokens: list[str], subject: bool = False,
                 plural: bool = False) -> None:
        """Record a resolved mention, in story order (for "the latter", "it", "he")."""
        if actor.code is None and actor.sector is None:
            return
        self.mentions.append((actor, kind or "", self.sentence_no, subject, plural))
        self.introduce(actor, name_tokens)

    def introduce(self, actor: Actor, name_tokens: list[str]) -> None:
        """Map a person's name tokens to their first-mention role (without counting a mention)."""
        if actor.code is None and actor.sector is None:
            return
        for token in name_tokens:
            key = token.lower()
            if len(key) > 2 and key not in self.persons:
                self.persons[key] = actor

    def person(self, name_tokens: list[str]) -> Actor | None:
        """A later mention of a person named earlier ("Lukashenko")."""
        for token in reversed(name_tokens):
            found = self.persons.get(token.lower())
            if found is not None:
                return found
        return None

    def antecedent(self, pronoun: str, not_within: tuple[int, int] | None = None) -> Actor | None:
        """The most recent fitting mention for a pronoun or "the latter".

        ``not_within`` is a character range whose mentions cannot be meant: the subject of the
        pronoun's own clause ("the judge sentenced him" is not the judge sentencing himself)."""
        pronoun = pronoun.lower()
        singular = pronoun in ("he", "she", "him", "her", "his")  # "police" or "protesters" are no "he"
        wanted: tuple[str, ...]
        if singular:
            wanted = ("person", "agent")
        elif pronoun in ("it", "its"):
            wanted = ("country", "organisation", "metonym")
        else:
            wanted = ()
        fitting = [(actor, sentence, subject) for actor, kind, sentence, subject, plural in self.mentions
                   if (not wanted or kind in wanted) and not (singular and plural) and not (
                       not_within and actor.start is not None and not_within[0] <= actor.start < not_within[1])]
        if not fitting:
            return None
        last, sentence, _ = fitting[-1]
        if sentence == self.sentence_no or pronoun in ("latter", "former"):
            return last
        # a pronoun opening a new sentence most often continues the last sentence's subject:
        # "Novak met the envoy. Police later detained him." is Novak, not the envoy
        return next((a for a, n, subject in reversed(fitting) if n == sentence and subject), last)
