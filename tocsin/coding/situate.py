"""Where and when an event happened: its place and its date/time, read from the sentence and the story.

A mixin of ``EventCoder`` (it uses the coder's resolvers and lexicon): places come
from the event's clause (after "in/at/near ...", never a party such as "help from
Russia"), else "the Belarusian capital", the dateline or the story's main country;
dates must hang off the event's clause, else the story's current past or future
date carries over ("the day before", a plan without a day).
"""
from __future__ import annotations

from typing import Any

from tocsin.coding import syntax as sx
from tocsin.coding.candidate import Candidate
from tocsin.coding.status import verb_chain
from tocsin.coding.story import StoryContext
from tocsin.model import Article, Place, Sentence

Token = Any
PLACE_LABELS = ("GPE", "LOC", "FAC")
LOCATIVE_PREPS = ("in", "at", "near", "outside", "across", "throughout", "around", "inside", "into", "of")
NOT_ACTOR_ENTS = ("DATE", "TIME", "ORDINAL", "CARDINAL", "MONEY", "PERCENT", "QUANTITY")


class WhereWhen:
    """Location and date of candidate events (mixed into ``EventCoder``)."""

    kb: Any
    places: Any
    dates: Any
    _find_dates: Any

    def _location(self, sentence: Sentence, cand: Candidate, story: StoryContext,
                  article: Article) -> Place | None:
        span = sentence.doc
        # a recipient that is also "in X" ("strengthened its forces in Lebanon") is still where it happened
        taken = {t.i for t in cand.actor_tokens} | {
            t.i for t in cand.recipient_tokens
            if not (t.dep_ == "pobj" and t.head.lower_ in LOCATIVE_PREPS and t.head.lower_ != "of")}
        context = [story.main_country] if story.main_country else []
        base = base_offset(sentence)
        for _, mention in sorted(self._place_mentions(span, taken), key=lambda pair: pair[0]):
            place = self.places.resolve(mention.text, countries=context)
            if place is not None:
                place.text, place.start, place.end = mention.text, base + mention.start_char, base + mention.end_char
                return place
        capital = self._capital_phrase(span, article)
        if capital is not None:
            return capital
        if story.dateline_place is not None and story.dateline_place.country == story.main_country:
            return Place(**{k: getattr(story.dateline_place, k) for k in Place.__slots__})
        if story.main_country:
            return self.places.country_place(story.main_country)
        return None

    def _place_mentions(self, span: Any, taken: set[int]) -> list[tuple[int, Any]]:
        """Candidate place mentions, ranked: after a locative preposition first.

        Named entities of place types, plus proper nouns after "in/at/near ..."
        that NER labelled otherwise; never a party to the event ("help from Russia").
        """
        found: list[tuple[int, Any]] = []
        seen: set[int] = set()
        for ent in span.ents:
            if ent.label_ not in PLACE_LABELS or any(t.i in taken for t in ent):
                continue
            head = ent.root.head
            if head.dep_ in ("prep", "agent") and head.lower_ not in LOCATIVE_PREPS:
                continue
            found.append((0 if head.dep_ == "prep" else 1, ent))
            seen.update(t.i for t in ent)
        for tok in span:
            if tok.pos_ == "PROPN" and tok.dep_ == "pobj" and tok.head.lower_ in LOCATIVE_PREPS \
                    and tok.i not in seen and tok.i not in taken and tok.ent_type_ not in NOT_ACTOR_ENTS:
                lo, hi = sx.core_span(tok)
                found.append((0, tok.doc[lo:hi]))
        return found

    def _capital_phrase(self, span: Any, article: Article) -> Place | None:
        """ "the Belarusian capital" names a city without naming it."""
        for tok in span:
            if tok.lemma_.lower() != "capital" or tok.pos_ != "NOUN":
                continue
            for mod in tok.children:
                if mod.dep_ in ("amod", "compound", "poss"):
                    match = self.kb.resolve(mod.text, article.published)
                    if match is not None and match.code:
                        country = self.kb.country(match.code) or {}
                        capital = country.get("capital") or country.get("capitals")
                        if isinstance(capital, list):
                            capital = capital[0] if capital else None
                        if capital:
                            place = self.places.resolve(capital, countries=[match.code])
                            if place is not None:
                                lo, hi = sx.core_span(tok)
                                place.text = tok.doc[lo:hi].text
                                return place
        return None

    def _timexes(self, sentence: Sentence, story: StoryContext) -> list[Any]:
        return self._find_dates(sentence.text, story.published, reference=story.past_reference or story.published)

    def _when(self, cand: Candidate, timexes: list[Any], story: StoryContext,
              sentence: Sentence, article: Article) -> tuple[str | None, str | None]:
        """Event date and clock time: stated in the event's clause, else carried by the story.

        A date counts only if it hangs off the trigger or a verb governing it, so the
        "August 10" of "whose re-election on August 10 is questioned" does not date a
        protest in the main clause. Without one, a planned event takes the story's
        current (future) date; a past event the current date of its paragraph, else
        the publication date.
        """
        tense = "future" if cand.status == "planned" else cand.modality.tense
        pub = story.published
        if tense not in (None, "present"):
            ref = (story.future_reference if tense == "future" else story.past_reference) or pub
            timexes = self._find_dates(sentence.text, pub, tense=tense, reference=ref) or timexes
        chain = verb_chain(cand.token)
        anchors = {cand.token.i, *(c.token.i for c in cand.absorbed), *(v.i for v in chain)}
        if chain and chain[-1].dep_ in ("advcl", "xcomp", "conj") and chain[-1].head.i != chain[-1].i:
            anchors.add(chain[-1].head.i)  # "blocked roads on Monday to protest": same time frame
        attached = [t for t in timexes if self._attaches(t, sentence, anchors)] or [
            t for t in timexes if not self._in_side_clause(t, sentence)]  # parser slips: main-clause dates
        day = next((t.date for t in attached if t.date is not None), None)
        clock = next((t.time for t in attached if t.time), None)
        if day is not None:
            story.used_dates.append(day)
        elif cand.status == "planned":
            day = story.future_reference  # the plan the story is talking about, if it named its day
        elif cand.status in ("occurred", "ongoing"):
            same_paragraph = story.past_paragraph == sentence.paragraph
            day = story.past_reference if same_paragraph and story.past_reference else pub
        return (day.isoformat() if day else None), clock

    def _attaches(self, timex: Any, sentence: Sentence, anchors: set[int]) -> bool:
        """Does this time expression modify the event's clause (not a side clause)?"""
        head = timex_head(timex, sentence)
        if head is None:
            return True
        cur = head
        for _ in range(4):  # the expression itself, then at most prepositions, then the anchor
            if cur.i in anchors:
                return True
            if cur.head.i == cur.i or (cur.i != head.i and cur.pos_ != "ADP"):
                return False
            cur = cur.head
        return False

    def _in_side_clause(self, timex: Any, sentence: Sentence) -> bool:
        """Is the expression inside a relative clause or apposition ("whose re-election on May 3")?"""
        cur = timex_head(timex, sentence)
        while cur is not None and cur.head.i != cur.i:
            if cur.dep_ in ("relcl", "acl", "appos"):
                return True
            cur = cur.head
        return False

    def _advance_reference(self, sentence: Sentence, story: StoryContext, timexes: list[Any]) -> None:
        """The story's current date moves with dates of its main clauses, not side remarks."""
        days = list(story.used_dates)
        story.used_dates.clear()
        root_anchor = {t.i for t in sentence.doc if t.dep_ == "ROOT"}
        root_anchor |= {c.i for t in sentence.doc if t.dep_ == "ROOT" for c in t.children
                        if c.dep_ in ("xcomp", "ccomp", "conj")}
        days += [t.date for t in timexes if t.date is not None and self._attaches(t, sentence, root_anchor)]
        pub = story.published
        for day in days:
            if pub is None or day <= pub:
                story.past_reference, story.past_paragraph = day, sentence.paragraph
            if pub is None or day >= pub:
                story.future_reference = day


def base_offset(sentence: Sentence) -> int:
    """Article offset of character 0 of the sentence's parsed paragraph."""
    for tok in sentence.doc:
        if not tok.is_space:
            return sentence.start - tok.idx
    return sentence.start


def timex_head(timex: Any, sentence: Sentence) -> Token | None:
    """The syntactic head token of a time expression found in ``sentence.text``."""
    base = base_offset(sentence)
    lo, hi = sentence.start + timex.start, sentence.start + timex.end
    inside = [t for t in sentence.doc if lo <= base + t.idx < hi]
    if not inside:
        return None
    ids = {t.i for t in inside}
    return next((t for t in inside if t.head.i not in ids or t.head.i == t.i), inside[0])
