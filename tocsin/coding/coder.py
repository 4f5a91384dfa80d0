"""The English event coder: parsed ``Article`` -> ``Article.events``.

For each sentence: find trigger words (``triggers.json``), keep those whose
syntactic conditions hold, let governing verbs reshape them ("asked for help" is
one REQUEST, not a REQUEST and an AID), then read actor and recipient off the
dependency parse, resolve them with the actor knowledge base, and attach status,
date, time, place, size, context and a confidence. Everything the coder knows
about words lives in the data files; this module is the grammar.
"""
from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import Any

from tocsin.coding import syntax as sx
from tocsin.coding.calibration import Calibration, logit
from tocsin.coding.candidate import Candidate
from tocsin.coding.lexicon import Lexicon, TriggerEntry
from tocsin.coding.roles import RoleReader, same_span
from tocsin.coding.salience import quad
from tocsin.coding.situate import WhereWhen, base_offset
from tocsin.coding.status import modality, verb_chain
from tocsin.coding.story import StoryContext
from tocsin.model import EVENT_TYPES, Actor, Article, Event, Sentence
from tocsin.nlp.dateline import find_dateline
from tocsin.nlp.sentences import paragraphs

Token = Any



class EventCoder(WhereWhen, RoleReader):
    """Callable stage: ``coder(article)`` fills ``article.events`` and returns it.

    Needs ``article.sentences`` with their spaCy parse (``tocsin.nlp.sentences``).
    Resolvers are injected so tests and other languages can swap them.
    """

    def __init__(self, lexicon: Lexicon | None = None, actors: Any = None,
                 places: Any = None, dates: Any = None, calibration: Calibration | None = None) -> None:
        from tocsin.resolve.actors import ActorKB
        from tocsin.resolve.dates import DateResolver
        from tocsin.resolve.places import PlaceResolver

        self.lex = lexicon or Lexicon.default()
        self.kb = actors or ActorKB.default()
        self.places = places or PlaceResolver.default()
        self.dates = dates or DateResolver.default()
        # the same sentence is dated once per tense, not once per event in it
        self._find_dates = lru_cache(maxsize=1024)(self.dates.find)
        self.calibration = calibration or Calibration.default()
        # statements, not acts: what they are about is their content (_absorb_nested)
        self._verbal = frozenset(t for t in EVENT_TYPES if quad(t).startswith("verbal"))
        # scripts/fit_calibration.py sets a list here to collect (event, features) pairs
        self.record: list[tuple[Event, dict[str, float]]] | None = None

    # ------------------------------------------------------------------ article
    def __call__(self, article: Article) -> Article:
        story = StoryContext(published=article.published)
        self._find_dates.cache_clear()  # per story: repeated copies of a story must cost the same
        self._read_dateline(article, story)
        self._read_story(article, story)
        events: list[Event] = []
        made: list[tuple[Event, Candidate, Sentence, int]] = []
        for sentence in article.sentences:
            if sentence.doc is None:
                continue
            story.sentence_no += 1
            timexes = self._timexes(sentence, story)
            here: list[tuple[Event, Candidate]] = []
            for cand in self._candidates(sentence.doc):
                self._refer_back(cand, story)
                event = self._event(article, sentence, cand, story, timexes)
                if event is not None:
                    here.append((event, cand))
                    self._note_event_word(cand, story)
            events += [e for e, _ in here]
            made += [(e, c, sentence, len(here) - 1) for e, c in here]
            if not here:
                self._remember_subject(sentence, story, article)
            self._advance_reference(sentence, story, timexes)
        # confidence last: some of what it weighs (rival events, repeats) is known only now
        types = Counter(e.event_type for e in events)
        for event, cand, _, _ in made:  # a folded mention ("protesters ... marched") is a repeat too
            types[event.event_type] += sum(1 for c in cand.absorbed if c.event_type == event.event_type)
        first = min((e.trigger_span[0] for e in events if e.trigger_span), default=-1)
        disastrous: dict[int, bool] = {}  # per sentence: does it name a disaster?
        for event, cand, sentence, rivals in made:
            if sentence.index not in disastrous:
                disastrous[sentence.index] = not sx.lemma_set(sentence.doc).isdisjoint(self.lex.disaster_words)
            feats = self._features(cand, event, sentence, rivals, types, first, disastrous[sentence.index])
            event.confidence = self._confidence(feats)
            if self.record is not None:
                self.record.append((event, feats))
        article.events = events
        return article

    def _read_dateline(self, article: Article, story: StoryContext) -> None:
        """ "GDANSK, 3 March 2021 -": the filing place and, when the input has none, the date."""
        # paragraphs too: a dateline in capitals is left out of its sentence (nlp.sentences)
        starts = [s.start for s in article.sentences if s.index == 0 or s.text[:1].isupper()][:4] + [
            s for s, _ in paragraphs(article.text)[:4]]

        def to_date(expr: str) -> Any:
            found = [t.date for t in self.dates.find(expr, article.published) if t.date is not None]
            return found[0] if found else None

        line = find_dateline(article.text, sorted(set(starts)), to_date)
        if line is None:
            return
        story.dateline = line
        if story.published is None and line.when is not None:
            story.published = line.when
        place = self.places.resolve(line.place.title(), countries=[])
        if place is not None:
            place.text, place.start, place.end = article.text[line.place_start:line.place_end], \
                line.place_start, line.place_end
            story.dateline_place = place
            if place.country:
                story.countries[place.country] += 2  # where the story was filed weighs more than a mention

    def _read_story(self, article: Article, story: StoryContext) -> None:
        """First pass over the story: the countries it names and the people it introduces.

        The main country anchors domestic actors ("protesters"); a person's first
        mention ("opposition leader Ana Novak") gives later mentions ("Novak") their role.
        """
        for sentence in article.sentences:
            if sentence.doc is None:
                continue
            base = base_offset(sentence)
            for ent in sentence.doc.ents:
                if ent.label_ in ("GPE", "NORP"):
                    match = self.kb.resolve(ent.text, article.published)
                    if match is not None and match.code and len(match.code) == 3 and match.kind in (
                            "country", "metonym"):
                        story.countries[match.code] += 1
            for tok in sentence.doc:  # name heads: "Opposition leader Ana Novak"
                if tok.pos_ != "PROPN" or tok.dep_ in ("compound", "flat") or tok.ent_type_ in ("GPE", "NORP"):
                    continue
                lo, hi = sx.core_span(tok)
                phrase = tok.doc[lo:hi]
                names = [t.text for t in phrase if t.pos_ == "PROPN"]
                if story.person(names) is not None:
                    continue
                match = self.kb.resolve(phrase.text, article.published)
                if match is not None and match.kind == "person":
                    story.introduce(Actor(text=phrase.text, code=match.code, sector=match.sector,
                                          name=match.name, start=base + phrase.start_char,
                                          end=base + phrase.end_char), names)

    def _note_event_word(self, cand: Candidate, story: StoryContext) -> None:
        """Remember an event noun's reading for later definite mentions of it (``_refer_back``)."""
        if cand.token.pos_ not in ("NOUN", "PROPN"):
            return
        lemma = cand.token.lemma_.lower()
        reading = (cand.event_type, cand.mode)
        story.event_words[lemma] = reading
        for cut in range(2, len(lemma) - 2):  # "airstrike" is a kind of "strike"
            if lemma[cut:] in self.lex.triggers:
                story.event_words[lemma[cut:]] = reading

    def _refer_back(self, cand: Candidate, story: StoryContext) -> None:
        """ "The strikes killed 12 fighters" after "jets carried out air strikes": a definite event
        noun with no modifier of its own names the event the story already told, so it takes that
        reading (an air strike), not the word's first sense in the lexicon (a labour strike)."""
        tok = cand.token
        if tok.pos_ != "NOUN" or not any(c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in tok.children):
            return
        if any(c.dep_ in ("compound", "amod", "poss", "nmod") for c in tok.children):
            return
        earlier = story.event_words.get(tok.lemma_.lower())
        if earlier is not None and earlier[0] != cand.event_type:
            cand.event_type, cand.mode = earlier

    def _remember_subject(self, sentence: Sentence, story: StoryContext, article: Article) -> None:
        """A sentence with no event still introduces who a later "he" or "they" is: "Opposition
        leader Ana Novak flew home. Police detained her at the airport." Resolving its main
        subject puts it in the story's memory, as an event's actor would be."""
        for tok in sentence.doc:
            if tok.dep_ == "ROOT":
                for subj in (c for c in tok.children if c.dep_ in sx.SUBJ and c.pos_ in ("NOUN", "PROPN")):
                    self._resolve(subj, base_offset(sentence), story, article)

    # --------------------------------------------------------------- triggers
    def _candidates(self, span: Any) -> list[Candidate]:
        found: list[Candidate] = []
        for tok in span:
            entries = self.lex.triggers.get(tok.lemma_.lower())
            if not entries:
                continue
            for entry in entries:
                if self._entry_holds(tok, entry, span):
                    mod = modality(tok, self.lex)
                    found.append(Candidate(tok, entry, mod, entry.event_type, entry.mode, mod.status))
                    break
        found += self._demands(span, {c.token.i for c in found})
        by_token = {c.token.i: c for c in found}
        for cand in found:
            self._consume_objects(cand, by_token)
        for cand in found:
            if not cand.dropped:
                self._absorb_into_governor(cand, by_token)
        for cand in found:
            if not cand.dropped:
                self._merge_means(cand, by_token)
        self._absorb_nested(found)
        for cand in found:
            if not cand.dropped:
                self._fold_into_protest(cand, by_token)
                self._drop_patients(cand, by_token)
        self._riots(found)
        for cand in found:
            if cand.modality.ultimatum and cand.event_type in self.lex.cooperative_types:
                cand.event_type, cand.mode, cand.status = "AGREE", None, "occurred"  # "would meet X if ...": an offer
            elif cand.modality.ultimatum and cand.event_type not in ("THREATEN", "AGREE", "REQUEST"):
                self._make_threat(cand)  # "will withdraw unless ..."
            elif self._announced(cand):
                self._make_threat(cand)  # "said it would impose sanctions"
        for cand in found:
            self._threat_mode_from_words(cand)
        kept = [c for c in found if not c.dropped and c.entry.weight > 0.15]
        self._fold_participants(kept)
        kept = [c for c in kept if not c.dropped]
        foreground = [c for c in kept if not self._background(c.token)]
        # side mentions ("after 12 days of battles", "a guard involved in a shooting") are the
        # setting of this sentence's news, usually coded where they were the news: counting them
        # again is how one event becomes hundreds. Keep them only when nothing else is reported.
        return foreground or kept

    def _absorb_nested(self, found: list[Candidate]) -> None:
        """ "opposed French mediation in the peace talks": a noun trigger inside what a stance
        took over (the mediation) is part of that content too, not an event of its own. So is
        what a veto or a demand is about ("vetoed the aid package", "an agreement on a loan"),
        and the call or charge a statement of support takes up ("endorsed the call for talks")."""
        def swallow(head: Candidate, inside: set[int], types: frozenset[str] | None = None,
                    reach: str = "nouns") -> None:
            """Drop the triggers at ``inside`` into ``head``: event nouns only, also clause verbs
            modifying them (``reach="clauses"``), or every trigger (``"all"``)."""
            def reached(tok: Token) -> bool:
                return reach == "all" or tok.pos_ in ("NOUN", "PROPN") or (
                    reach == "clauses" and tok.dep_ in ("acl", "relcl"))

            for cand in found:
                if not cand.dropped and cand is not head and cand.token.i in inside and reached(cand.token) \
                        and (types is None or cand.event_type in types):
                    cand.dropped = True
                    head.absorbed.append(cand)
                    head.mode = head.mode or self._mode_from_complement(head.event_type, cand)

        for head in found:
            if head.dropped:
                continue
            for comp in list(head.absorbed):
                swallow(head, {t.i for t in comp.token.subtree} - {comp.token.i})
            tok = head.token
            if head.event_type in ("REJECT", "REQUEST") and tok.pos_ == "VERB":
                swallow(head, {t.i for o in sx.direct_objects(tok) for t in o.subtree})
            elif head.event_type == "SUPPORT" and tok.pos_ == "VERB":
                swallow(head, {t.i for o in sx.direct_objects(tok) for t in o.subtree}, self._verbal)
            elif head.event_type in ("AGREE", "REQUEST", "REJECT", "THREATEN") and tok.pos_ == "NOUN":
                # "willingness to supply coal", "a demand to free the prisoners": what is offered or asked
                swallow(head, {t.i for t in tok.subtree} - {tok.i}, reach="clauses")
            elif head.event_type == "CONCEDE" and tok.pos_ == "VERB":
                # "repealed a law restricting the media", "lifted a ban on rallies": what is given up
                swallow(head, {t.i for o in sx.direct_objects(tok) for t in o.subtree}, reach="clauses")
            if head.event_type == "CONSULT":
                # "talks on the fighting", "spoke by telephone about the protests", "discussed the
                # attack": what a meeting or call is about is its topic, reported elsewhere if at all
                verb = tok if tok.pos_ in ("VERB", "AUX") else sx.governing_verb(tok)[0]
                anchors = [tok] + ([verb] if verb is not None else [])
                topics = [c for a in anchors for c in a.children if (c.dep_ == "prep" and c.lower_ in (
                    "about", "on", "over", "regarding")) or (a is tok and c.dep_ == "dobj")]
                swallow(head, {t.i for c in topics for t in c.subtree})
            if head.event_type in self._verbal and tok.pos_ == "VERB":
                # "condemned the violence against protesters", "urged them to stop the violence
                # against protesters", "accused X of stirring up the protests": protests talked about
                said = [c for c in tok.children if c.dep_ in ("dobj", "xcomp", "ccomp") or (
                    c.dep_ == "prep" and c.lower_ in ("of", "over", "about", "against"))]
                swallow(head, {t.i for c in said for t in c.subtree}, frozenset({"PROTEST"}))
            if head.event_type == "ACCUSE" and tok.pos_ == "VERB":
                # "accused the army of shelling villages": PLOVER codes the accusation; the act it
                # alleges is its content, not a second event told as fact
                holders = [tok] + [p for a in tok.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]
                # "were accused by a rights group of shooting ...": the parser hangs "of" on the group
                alleged = {t.i for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ in (
                    "of", "for", "with") and (h is tok or any(g.dep_ == "pcomp" for g in c.children))
                           for t in c.subtree}
                swallow(head, alleged, reach="all")

    def _fold_into_protest(self, cand: Candidate, by_token: dict[int, Candidate]) -> None:
        """ "marched through the city demanding X", "protests alleging a cover-up": what a
        protest demands or alleges is its content, not a second event."""
        tok = cand.token
        if cand.event_type not in self.lex.protest_content_types or tok.dep_ not in ("advcl", "acl", "relcl", "xcomp"):
            return
        head = by_token.get(tok.head.i)
        if head is not None and not head.dropped and head.event_type == "PROTEST":
            cand.dropped = True

    def _riots(self, found: list[Candidate]) -> None:
        """ "police clashed with protesters", "protesters scuffled with police": the protest turned
        violent. PLOVER codes it PROTEST riot by the protesters; the tear gas and water cannon used
        in the clash are part of it, as is the protesters' own mention."""
        riots = []
        for cand in found:
            tok = cand.token
            if cand.dropped or cand.event_type != "ASSAULT" or tok.lemma_.lower() not in self.lex.riot_clashes:
                continue
            verb = tok if tok.pos_ in ("VERB", "AUX") else sx.governing_verb(tok)[0]
            sides = sx.prep_objects(tok, ("with", "between"))
            if tok.pos_ in ("VERB", "AUX"):
                sides += sx.clause_subjects(tok)
            elif verb is not None and tok.dep_ in ("dobj", "nsubj"):
                sides += sx.clause_subjects(verb) if tok.dep_ == "dobj" else []
                if tok.dep_ == "nsubj":  # "clashes broke out between protesters and police"
                    sides += sx.prep_objects(verb, ("with", "between"))
            crowd = [t for t in sides if self._protest_agent(t) or any(  # "crowds of protesters"
                self._protest_agent(p) for p in sx.prep_objects(t, ("of",)))]
            if not crowd:
                continue
            cand.event_type, cand.mode = "PROTEST", "riot"
            cand.actor_tokens = crowd
            cand.recipient_tokens = [t for t in sides if t not in crowd and t.pos_ in ("NOUN", "PROPN")]
            riots.append(cand)
        if not riots:
            return
        governors = {r.token.head.i for r in riots} | {r.token.head.head.i for r in riots if r.token.dep_ == "pobj"}
        for cand in found:
            if cand in riots or cand.dropped:
                continue
            # "used tear gas in clashes with protesters", "fired at them while clashing with protesters",
            # "... as demonstrators hurled petrol bombs": the violence of the clash is the riot's
            own = cand.event_type == "ASSAULT" and cand.token.pos_ in ("VERB", "AUX") and any(
                self._protest_agent(t) for t in sx.clause_subjects(cand.token))
            if (cand.event_type == "ASSAULT" and (cand.entry.mode == "crowd-control" or cand.token.i in governors)) or (
                    cand.event_type == "PROTEST" and self._protest_agent(cand.token)) or own:
                cand.dropped = True
                riots[0].absorbed.append(cand)

    def _fold_participants(self, found: list[Candidate]) -> None:
        """ "protesters took to the streets", "gunmen stormed a hotel": the protesters or gunmen
        take part in the event the clause reports, of their own type; not a second event."""
        live = [c for c in found if not c.dropped]
        for cand in live:
            if not self._agent_trigger(cand.token):
                continue
            verb, _ = sx.governing_verb(cand.token)
            if verb is None:
                continue
            same = next((other for other in live if other is not cand and not other.dropped
                         and other.event_type == cand.event_type and not self._agent_trigger(other.token)
                         and (other.token.i == verb.i or sx.governing_verb(other.token) == (verb, "dobj"))), None)
            if same is not None:
                cand.dropped = True
                same.absorbed.append(cand)
                if cand.status in ("planned", "hypothetical") and same.status in ("occurred", "ongoing"):
                    # "protesters are demanding demonstrations": the call made the protest a plan
                    same.status = cand.status

    def _agent_trigger(self, tok: Token) -> bool:
        """A noun for who takes part ("protester", "gunman") that is a trigger of its own."""
        return tok.pos_ in ("NOUN", "PROPN") and tok.lemma_.lower() in self.lex.triggers \
            and self.kb.is_agent_noun(tok.lemma_.lower()) is not None

    def _protest_agent(self, tok: Token) -> bool:
        """A person taking part in protests ("protester", "striker"), as a noun."""
        return self._agent_trigger(tok) and any(
            e.event_type == "PROTEST" for e in self.lex.triggers[tok.lemma_.lower()])

    def _drop_patients(self, cand: Candidate, by_token: dict[int, Candidate]) -> None:
        """ "police dispersed the protesters", "fired tear gas at demonstrators": people acted upon
        are the recipients of this event; their being protesters is not a second event."""
        if cand.event_type not in self.lex.patient_types:
            return
        tok = cand.token
        verb = tok if tok.pos_ in ("VERB", "AUX") else sx.governing_verb(tok)[0]
        if verb is None:
            return
        patients = sx.direct_objects(verb) + sx.prep_objects(verb, self.lex.patient_preps)
        if tok.i != verb.i:
            patients += sx.prep_objects(tok, self.lex.patient_preps)
        patients += [p for t in patients for p in sx.prep_objects(t, ("of",))]  # "crowds of protesters"
        patients += [c for c in tok.children if c.dep_ == "compound"]  # "a protest crackdown"
        # arrests, dispersal and tear gas leave the protest a protest (ACLED's "protest with
        # intervention"); lethal or other force against protesters is the news in their place
        # ... when the intervention is told as an act (a verb, or tear gas and water cannon used):
        # "the crackdown on protesters", "the arrests of protesters" name a campaign, no protest
        told = tok.pos_ in ("VERB", "AUX") or cand.event_type == "ASSAULT"
        intervened = told and self.lex.is_intervention(cand.event_type, cand.mode) and not (
            sx.lemma_set(tok.sent) & self.lex.excessive_force_words)
        for pat in patients:
            other = by_token.get(pat.i)
            if other is not None and other is not cand and other.event_type == "PROTEST" and pat.pos_ == "NOUN":
                other.dropped = not intervened
                if not self.kb.is_agent_noun(pat.lemma_.lower()) and not cand.recipient_tokens:
                    cand.recipient_tokens = self._actor_tokens(pat, other.entry)

    def _make_threat(self, cand: Candidate) -> None:
        cand.mode = self._mode_from_complement("THREATEN", cand)
        cand.event_type, cand.status = "THREATEN", "occurred"

    def _threat_mode_from_words(self, cand: Candidate) -> None:
        """ "threatened to resume terrorist activities": no trigger in the threatened act, but
        its words say violence."""
        if cand.event_type != "THREATEN" or cand.mode is not None:
            return
        words = {t.lemma_.lower() for c in cand.token.children if c.dep_ in ("xcomp", "ccomp") for t in c.subtree}
        if words & self.lex.attack_cues:
            cand.mode = self.lex.mode_by_type["THREATEN"].get("ASSAULT")

    def _announced(self, cand: Candidate) -> bool:
        """A conflictual action its actor says it will (or would) take is a threat of it."""
        if cand.event_type not in self.lex.announced_threat_types or cand.status not in ("planned", "hypothetical"):
            return False
        if cand.status == "hypothetical" and not any(
                a.dep_ == "aux" and a.lower_ in ("would", "may", "might", "could") for v in verb_chain(cand.token)
                for a in v.children):
            return False  # a conditional ("if troops attack") is not an announcement
        for verb in verb_chain(cand.token):
            if verb.lemma_.lower() in self.lex.intent_verbs or (
                    verb.dep_ == "ccomp" and verb.head.lemma_.lower() in self.lex.speech_verbs):
                return True
        return False

    def _consume_objects(self, cand: Candidate, by_token: dict[int, Candidate]) -> None:
        """"suspended aid", "lifted sanctions", "sent troops": the object is part of the trigger."""
        wanted = cand.entry.conditions.get("object_any")
        if not wanted or cand.token.pos_ not in ("VERB", "AUX"):
            return
        for obj in sx.direct_objects(cand.token):
            inner = [obj] + [p for p in sx.prep_objects(obj, ("of",))]
            for tok in inner:
                other = by_token.get(tok.i)
                if other is None or other is cand or tok.lemma_.lower() not in wanted | self.lex.triggers.keys():
                    continue
                if other.event_type == "PROTEST" and cand.event_type in self.lex.patient_types:
                    continue  # "police broke up the march": _drop_patients decides whether the march stays
                other.dropped = True

    def _demands(self, span: Any, taken: set[int]) -> list[Candidate]:
        """ "Sudan must return the helicopter, Russia said": a demand from the speaker.

        A speech verb whose reported clause carries a deontic modal (must, should) is a
        REQUEST by the speaker to the clause's subject; its mode comes from the clause verb.
        """
        out: list[Candidate] = []
        for tok in span:
            lemma = tok.lemma_.lower()
            if tok.i in taken:
                continue
            noun = lemma in self.lex.speech_nouns and tok.pos_ == "NOUN"
            if not noun and lemma not in self.lex.speech_verbs:
                continue
            for clause in tok.children:
                if clause.dep_ not in (("ccomp", "acl") if noun else ("ccomp",)) or not any(
                        a.dep_ == "aux" and a.lower_ in self.lex.deontic_aux for a in clause.children):
                    continue
                mode = self.lex.request_modes.get(clause.lemma_.lower(), "change")
                entry = TriggerEntry(lemma=tok.lemma_.lower(), pos=frozenset({tok.pos_}), event_type="REQUEST",
                                     mode=mode, weight=0.55)
                mod = modality(tok, self.lex)
                cand = Candidate(tok, entry, mod, "REQUEST", mode, mod.status)
                cand.recipient_tokens = [t for s in clause.children if s.dep_ in sx.SUBJ for t in sx.conjuncts(s)]
                cand.absorbed_span = (clause.left_edge.i, clause.right_edge.i)
                if noun:  # "sent a message to Serbia that it must withdraw": the sender asks Serbia
                    verb, _ = sx.governing_verb(tok)
                    if verb is None:
                        continue
                    cand.actor_tokens = sx.clause_subjects(verb)
                    addressed = sx.prep_objects(verb, ("to",)) + sx.prep_objects(tok, ("to",))
                    if addressed and all(t.pos_ == "PRON" for t in cand.recipient_tokens):
                        cand.recipient_tokens = addressed
                out.append(cand)
        return out

    def _entry_holds(self, tok: Token, entry: TriggerEntry, span: Any) -> bool:
        # a lower-case word the tagger took for a name, or a headline's capitalised first word ("Curfew imposed in ...")
        misread = tok.is_lower or (tok.is_sent_start and tok.is_title and tok.ent_type_ not in ("PERSON", "GPE", "NORP"))
        pos = "NOUN" if tok.pos_ == "PROPN" and entry.lemma.islower() and misread else tok.pos_
        if pos not in entry.pos:
            return False
        if entry.lower_only and not tok.text.islower():
            return False
        if entry.plural_only and tok.tag_ != "NNS":
            return False
        cond = entry.conditions
        if "child_any" in cond or "child_none" in cond:
            near = sx.left_lemmas(tok) | {tok.lower_}
            if tok.dep_ == "compound":
                near |= sx.left_lemmas(tok.head) | {tok.head.lemma_.lower()}
            if "child_any" in cond and not near & cond["child_any"]:
                return False
            if "child_none" in cond and near & cond["child_none"]:
                return False
        if "prep_any" in cond:
            preps = sx.particles(tok, right_only=True)
            if tok.dep_ == "dobj" and tok.pos_ == "NOUN":  # "opened a hearing into X": the phrase hangs off the verb
                preps = preps | {c.lower_ for c in tok.head.children if c.dep_ == "prep" and c.i > tok.i}
            if not preps & cond["prep_any"]:
                return False
        if "prep_none" in cond and sx.particles(tok, right_only=True) & cond["prep_none"]:
            return False
        if "object_any" in cond or "object_none" in cond:
            objects = sx.direct_objects(tok) if tok.pos_ in ("VERB", "AUX") else []
            objs = {o.lemma_.lower() for o in objects}
            # "imposed an arms embargo", "suspended part of the aid": for object_any only
            wider = sx.object_lemmas(tok, self.lex.partitive_nouns) if objects else set()
            if "object_any" in cond and not wider & cond["object_any"]:
                return False
            if "object_none" in cond and objs & cond["object_none"]:
                return False
        if "object_ent_any" in cond:  # "retook Kobani": a named place as the object
            objects = sx.direct_objects(tok) if tok.pos_ in ("VERB", "AUX") else []
            if not any(o.ent_type_ in cond["object_ent_any"] for o in objects):
                return False
        if "subject_any" in cond or "subject_none" in cond:
            subjects = sx.clause_subjects(tok) + sx.passive_agents(tok)
            subs = {s.lemma_.lower() for s in subjects} | {  # "hundreds of protesters": the protesters
                p.lemma_.lower() for s in subjects if s.lemma_.lower() in sx.MEASURE_NOUNS
                for p in sx.prep_objects(s, ("of",))}
            if "subject_any" in cond and not subs & cond["subject_any"]:
                return False
            if "subject_none" in cond and subs & cond["subject_none"]:
                return False
        if "governor_any" in cond or "governor_none" in cond or entry.as_subject:
            verb, how = sx.governing_verb(tok)
            gov = verb if verb is not None else _noun_governor(tok)  # "clashes with protesters"
            if gov is None and ("governor_any" in cond or entry.as_subject):
                return False
            if gov is not None and "governor_any" in cond and gov.lemma_.lower() not in cond["governor_any"]:
                return False
            if gov is not None and "governor_none" in cond and gov.lemma_.lower() in cond["governor_none"]:
                return False  # (a main verb has no governor, so none of the excluded ones)
            if entry.as_subject and how not in ("nsubj", "nsubjpass"):
                return False
        if "pobj_any" in cond:
            pobjs = sx.prep_object_lemmas(tok)
            if not pobjs & cond["pobj_any"]:
                return False
        if "context_any" in cond and not sx.lemma_set(span) & cond["context_any"]:
            return False
        if "context_none" in cond and sx.lemma_set(span) & cond["context_none"]:
            return False  # "United beat City", "the bowling attack collapsed": sport
        if entry.needs_agent and not self._has_agent(tok):
            return False
        if entry.no_object or entry.needs_object:
            # "allowed the candidate to run": the parser makes the object the subject of a clause
            has_object = tok.pos_ in ("VERB", "AUX") and bool(sx.direct_objects(tok) or any(
                c.dep_ in ("ccomp", "xcomp") and any(g.dep_ in sx.SUBJ for g in c.children) for c in tok.children))
            if has_object == entry.no_object:
                return False
        if entry.attack_context and not sx.lemma_set(span) & self.lex.attack_cues:
            return False
        if entry.has_ccomp and not any(c.dep_ in ("ccomp", "parataxis") for c in tok.children) \
                and tok.head.dep_ != "ccomp" and not any(c.dep_ == "ccomp" for c in tok.head.children if tok.dep_ == "ROOT") \
                and not (tok.dep_ in ("ccomp", "parataxis") and tok.i > tok.head.i):  # "X is failing, a group protested"
            return False
        if entry.needs_complement and not (
                sx.direct_objects(tok) or any(c.dep_ in ("ccomp", "xcomp") for c in tok.children)
                or sx.particles(tok, right_only=True) & {"of", "against", "about"}):
            return False
        if tok.dep_ == "compound" and tok.head.pos_ in ("NOUN", "PROPN") and \
                tok.head.lemma_.lower() not in self.lex.event_heads and tok.head.lemma_.lower() not in self.lex.triggers:
            return False  # "truce monitors", "aid workers": a modifier, not an event
        return not self._about_disaster(tok, entry)

    def _about_disaster(self, tok: Token, entry: TriggerEntry) -> bool:
        """A storm that "threatens" towns, police "investigating a crash": nature, not politics."""
        wanted = entry.conditions.get("object_any", frozenset())
        disaster = self.lex.disaster_words - wanted
        if tok.pos_ in ("VERB", "AUX"):
            # "used chlorine gas": an object its modifiers make the entry's own object is no disaster
            objects = [o for o in sx.direct_objects(tok)
                       if not wanted or not {c.lemma_.lower() for c in o.children} & wanted]
            args = sx.clause_subjects(tok) + objects
        else:
            verb, how = sx.governing_verb(tok)
            args = sx.clause_subjects(verb) if verb is not None and how not in ("nsubj", "nsubjpass") else []
        if entry.event_type == "THREATEN":
            # "warned that a quake could strike", "a flood warning", "warnings of more storms": nature's threat
            args += [s for c in tok.children if c.dep_ == "ccomp" for s in sx.clause_subjects(c)]
            args += [c for c in tok.children if c.dep_ in ("compound", "amod")]
            args += sx.prep_objects(tok, ("of", "about"))
        return any(a.lemma_.lower() in disaster for a in args)

    def _has_agent(self, verb: Token) -> bool:
        """A killing needs a killer: disasters, accidents and diseases are not political violence."""
        passive = sx.is_passive(verb) or (verb.dep_ == "conj" and sx.is_passive(verb.head))
        source = verb.head if verb.dep_ == "conj" and not sx.passive_agents(verb) and passive else verb
        agents = sx.passive_agents(source) if passive else sx.clause_subjects(verb)
        if not agents:
            return False
        sentence = verb.sent
        lemmas = sx.lemma_set(sentence)
        attack = bool(lemmas & self.lex.attack_cues)
        disaster = self.lex.disaster_words | self.lex.accident_agents
        if not attack:
            disaster = disaster | self.lex.explosion_words  # "the blasts killed 50": an accident, unless a bomb
        for agent in agents:
            words = {agent.lemma_.lower()} | {c.lemma_.lower() for c in agent.subtree}
            if words & disaster:
                return False
        for tok in sentence:  # "... killed when a boiler exploded"
            if tok.lemma_.lower() in self.lex.accident_verbs and tok.pos_ == "VERB":
                subjects = {w.lemma_.lower() for s in sx.clause_subjects(tok) for w in s.subtree}
                if not subjects & self.lex.weapon_words:
                    return False
        return True

    def _merge_means(self, cand: Candidate, by_token: dict[int, Candidate]) -> None:
        """ "ministers meeting by video conference", "used water cannon": a noun of the same event
        type that is the means of the verb event (its "by/with" phrase, or the object of an entry
        that asks for an instrument) is the same act, so one event; its mode refines the verb's."""
        tok = cand.token
        if tok.pos_ != "NOUN":
            return
        # "water cannon and stun grenades": a modifier or conjunct stands where its head noun does
        anchor = tok.head if tok.dep_ in ("nmod", "compound", "conj") and tok.head.pos_ in sx.NOUN_POS else tok
        verb, how = sx.governing_verb(anchor)
        gov = verb if verb is not None else _noun_governor(anchor)  # "a meeting by video conference"
        head = by_token.get(gov.i) if gov is not None else None
        if head is None or head is cand or head.dropped or head.event_type != cand.event_type:
            return
        if how not in ("pobj:by", "pobj:with") and not (how == "dobj" and "object_any" in head.entry.conditions):
            return
        cand.dropped = True
        head.absorbed.append(cand)
        if head.mode is None or (head.event_type == "ASSAULT" and head.mode in self.lex.refinable_assault_modes):
            head.mode = cand.mode or head.mode

    def _absorb_into_governor(self, cand: Candidate, by_token: dict[int, Candidate]) -> None:
        """Let a governing trigger take over its complement ("refused to meet" = REJECT meet).

        Exceptions follow PLOVER: a call for a protest by non-state actors is the
        protest itself, planned; agreeing to a conflictual or retreat action keeps
        that action, planned; cooperative actions promised become AGREE.
        """
        for head in by_token.values():  # a demand in reported speech takes its clause's events
            if head.absorbed_span and head is not cand and head.absorbed_span[0] <= cand.token.i <= head.absorbed_span[1]:
                cand.dropped = True
                head.absorbed.append(cand)
                return
        gov = next((g for g in cand.modality.governors if g.i in by_token and g.i != cand.token.i
                    # "protesters demanded X": the subject of a demand is not what it demands
                    and not (cand.token.dep_ in ("nsubj", "nsubjpass") and cand.token.head.i == g.i)), None)
        if gov is None and cand.modality.governor_type == "AGREE" and cand.event_type not in self.lex.conflict_types:
            # "is willing to withdraw", "ready to contribute troops": an offer, coded AGREE
            cand.event_type, cand.mode, cand.status = "AGREE", None, "occurred"
            return
        if gov is None:
            coerce = next((g for g in cand.modality.governors
                           if self.lex.type_governors.get(g.lemma_.lower()) == "COERCE"), None)
            if coerce is not None and cand.event_type == "PROTEST":
                # "police prevented the demonstration": the event is the prevention
                gov_mod = modality(coerce, self.lex)
                cand.event_type, cand.mode, cand.status = "COERCE", "restrict", gov_mod.status
                cand.actor_tokens = sx.clause_subjects(coerce)
                cand.recipient_tokens = self._actor_tokens(cand.token, cand.entry)
            return
        head = by_token[gov.i]
        if head.dropped:
            return
        htype, ctype = head.event_type, cand.event_type
        if htype == "COERCE" and ctype == "PROTEST":
            cand.dropped = True
            head.absorbed.append(cand)
            return
        if htype == "REJECT" and head.entry.mode == "yield" and ctype == "PROTEST":
            # "defied a ban to take to the streets": the defiance is how the protest happened
            head.dropped = True
            cand.status = head.status if head.status != "occurred" else cand.status
            return
        if htype == "REQUEST" and ctype == "PROTEST":
            head.dropped = True
            cand.status = "planned"
            cand.actor_tokens = self._actor_tokens(gov, head.entry) or cand.actor_tokens
            return
        if htype == "AGREE" and ctype in self.lex.conflict_types:
            head.dropped = True
            cand.status = "planned" if cand.status != "hypothetical" else cand.status
            return
        if htype in ("REQUEST", "REJECT", "THREATEN", "AGREE"):
            cand.dropped = True
            head.absorbed.append(cand)
            head.mode = head.mode or self._mode_from_complement(htype, cand)

    def _mode_from_complement(self, htype: str, comp: Candidate) -> str | None:
        if htype in ("REQUEST", "REJECT"):
            mode = self.lex.request_modes.get(comp.token.lemma_.lower())
            return mode or self.lex.mode_by_type.get(htype, {}).get(comp.event_type)
        if htype == "THREATEN":
            if comp.mode and comp.mode in self.lex.threaten_mode_by_mode:
                return self.lex.threaten_mode_by_mode[comp.mode]
            return self.lex.mode_by_type["THREATEN"].get(comp.event_type)
        return None

    # ----------------------------------------------------------------- events
    def _event(self, article: Article, sentence: Sentence, cand: Candidate,
               story: StoryContext, timexes: list[Any]) -> Event | None:
        tok = cand.token
        cand.actor_tokens = cand.actor_tokens or self._actor_tokens(tok, cand.entry)
        for comp in cand.absorbed:
            if not cand.actor_tokens:
                cand.actor_tokens = self._actor_tokens(comp.token, comp.entry)
        cand.recipient_tokens = cand.recipient_tokens or self._recipient_tokens(cand)
        base = base_offset(sentence)
        actors = self._resolve_all(cand.actor_tokens, base, story, article)
        recipients = self._resolve_all(cand.recipient_tokens, base, story, article)
        actors = [a for a in actors if not same_span(a, recipients)]
        need = cand.entry.conditions.get("recipient_sector_any")
        if need and not any(r.sector in need for r in recipients):
            if not self._next_entry(cand, sentence.doc):
                return None  # "went over to the rebels" is a defection; to an ally it is no event
        event_type, status, mode = cand.event_type, cand.status, cand.mode
        if event_type == "ASSAULT" and mode in self.lex.refinable_assault_modes:
            mode = self._weapon_mode(cand) or mode
        if event_type in self.lex.cooperative_types and status == "planned":
            event_type, mode, status = "AGREE", None, "occurred"  # PLOVER: promised cooperation
        location = self._location(sentence, cand, story, article)
        self._default_countries(actors + recipients, location, story)
        if not recipients and event_type in self.lex.domestic_target_types:
            recipients = self._domestic_target(actors, location, story)
        actors = self._unidentified_actor(event_type, mode, actors, location)
        day, clock = self._when(cand, timexes, story, sentence, article)
        start, end = _char_span(tok, base)
        event = Event(
            article_id=article.id, event_type=event_type, status=status, mode=mode,
            event_text=sentence.text, span=(sentence.start, sentence.end),
            actor=actors, recipient=recipients, date=day, time=clock, location=location,
            size=self._size(cand, sentence.doc), context=self._contexts(sentence.doc),
            trigger=tok.text, trigger_span=(start, end),
        )
        return event

    def _next_entry(self, cand: Candidate, span: Any) -> bool:
        """Re-read ``cand`` as the next entry of its lemma that holds, when the chosen one asked for a
        recipient the sentence lacks: "handed over the money to a charity" is no defection to the
        opposition but may still be aid. False when no later entry holds."""
        entries = self.lex.triggers.get(cand.token.lemma_.lower(), [])
        later = entries[entries.index(cand.entry) + 1:] if cand.entry in entries else []
        for entry in later:
            if "recipient_sector_any" not in entry.conditions and self._entry_holds(cand.token, entry, span):
                cand.entry, cand.event_type, cand.mode = entry, entry.event_type, entry.mode
                return True
        return False

    def _weapon_mode(self, cand: Candidate) -> str | None:
        """ASSAULT mode from the weapon named around the trigger: "killed by an improvised explosive
        device", "helicopter gunships killed", "a suicide car bombing"; and the object of an
        entry that asks for a weapon as object ("used pepper canisters")."""
        tok = cand.token
        words: set[str] = {c.lemma_.lower() for c in tok.children if c.dep_ in ("amod", "compound", "nmod")}
        if "object_any" in cand.entry.conditions:
            words |= {t.lemma_.lower() for o in sx.direct_objects(tok) for t in o.subtree}
        for arg in cand.actor_tokens or self._actor_tokens(tok, cand.entry):
            words |= {t.lemma_.lower() for t in arg.subtree}
        for pobj in sx.prep_objects(tok, ("with", "by", "in", "from")):
            words |= {t.lemma_.lower() for t in pobj.subtree}
        for mode, cues in self.lex.assault_mode_words:  # most specific first
            if words & cues:
                return mode
        return None

    # ----------------------------------------------------------- the details
    def _size(self, cand: Candidate, span: Any) -> dict[str, str]:
        size: dict[str, str] = {}
        for actor in cand.actor_tokens:
            lo, hi = sx.core_span(actor)
            # "thousands", "some 2,000", "a crowd of 500"; a bare "group" or "crowd" counts nobody
            words = [t.text for t in actor.doc[lo:hi] if t.pos_ == "NUM" or t.dep_ == "quantmod" or (
                t.lemma_.lower() in self.lex.quantity_nouns and t.lemma_.lower() not in self.lex.collective_nouns)]
            if words:
                size["participants"] = " ".join(words)
                break
        for tok in span:
            if tok.pos_ != "NUM" or tok.ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT", "ORDINAL"):
                continue
            noun = tok.head if tok.dep_ in ("nummod", "quantmod") else tok
            verb = noun.head
            for key, words in self.lex.size_keys.items():
                if key == "participants":
                    continue
                if verb.lemma_.lower() in words or noun.lemma_.lower() in words:
                    size.setdefault(key, tok.text)
        return size

    def _background(self, tok: Token) -> bool:
        """Is this trigger told as background rather than as the sentence's news?

        The setting ("after the attack", "since troops withdrew"), a cause ("arrested for
        collaborating", "sanctions in response to the attack") or a relative clause
        ("peacekeepers who oversee a ceasefire") frames the news; it is not the news.
        """
        if self._cause(tok) or self._in_relative_clause(tok):
            return True
        if tok.pos_ in ("VERB", "AUX"):
            return self._subordinate_verb(tok)
        if tok.dep_ == "compound" and tok.head.pos_ == "NOUN" and tok.head.i != tok.i \
                and self._background(tok.head):
            return True  # "following the shooting deaths of two soldiers"
        if tok.pos_ != "NOUN" or self.kb.is_agent_noun(tok.lemma_.lower()):
            return False
        if tok.dep_ == "pobj" and tok.head.lower_ in ("in", "at", "with") and tok.lemma_.lower() in self.lex.manner_nouns \
                and any(c.dep_ == "prep" and c.lower_ in ("with", "of") for c in tok.children):
            return True  # "in cooperation with allied forces", "at the request of the president": how, not what
        if tok.dep_ == "pobj" and tok.head.lower_ in self.lex.temporal_preps:
            return True  # "after the attack", "during a summit"
        if tok.dep_ == "pobj" and tok.head.lower_ == "into" and any(
                e.event_type == "ACCUSE" for e in self.lex.triggers.get(tok.head.head.lemma_.lower(), ())):
            return True  # "a probe into alleged atrocities": what is investigated, told before
        if tok.dep_ == "pobj" and tok.head.lower_ == "against" and all(
                e.event_type == "ACCUSE" for e in self.lex.triggers.get(tok.lemma_.lower(), ())):
            return True  # "defended X against criticism": what the news answers, told before
        verb, _ = sx.governing_verb(tok)
        if verb is not None and verb.dep_ == "advcl" and self._subordinate_verb(verb):
            return True  # "after two vehicles were hit by gunfire"
        if verb is None:
            head = tok.head.head if tok.dep_ == "pobj" else tok.head
            lemma = head.lemma_.lower()
            event_noun = any("NOUN" in e.pos for e in self.lex.triggers.get(lemma, ()))
            return head.pos_ in ("NOUN", "PROPN") and not event_noun \
                and lemma not in self.lex.event_heads  # "his part in atrocities", "a round of talks"
        # "a guard involved in a shooting"; but not "an attempt to disperse a crowd of rioters":
        # whom force is used on is told with the force
        return verb.dep_ in ("relcl", "acl") and not any(
            e.event_type in self.lex.patient_types for e in self.lex.triggers.get(verb.lemma_.lower(), ()))

    def _subordinate_verb(self, verb: Token) -> bool:
        """A verb that frames or elaborates its clause's news rather than being it.

        The setting ("after two vehicles were hit", "since troops withdrew"), a purpose
        ("opened fire to disperse the crowd": what was meant, not what happened), a
        participle that tells what the main action came to ("..., killing one and
        arresting 12") and a participle describing a noun ("rebels fighting the army",
        "inspectors probing sites"; but not a statement or protest "demanding" something).
        """
        marks = {c.lower_ for c in verb.children if c.dep_ == "mark"}
        if verb.dep_ == "advcl":
            if marks & (self.lex.temporal_preps | self.lex.conditional_marks):
                return True  # the setting, or a condition ("unless the rebels agree to a ceasefire")
            if {"so", "that"} <= marks:
                return True  # a purpose ("... so that such unions are banned"): wanted, not done
            if marks - {"to", "in", "order"}:
                return False
            subject = any(c.dep_ in sx.SUBJ for c in verb.children)
            if not subject and any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children):
                return True
            if not subject and not marks and verb.tag_ == "VBG" and verb.i > verb.head.i:
                return True
            return False
        if (verb.dep_ == "conj" and verb.head.dep_ == "advcl") or (verb.dep_ == "xcomp" and verb.head.dep_ == "advcl"):
            return self._subordinate_verb(verb.head)  # "killing one and arresting 12", "forcing them to retreat"
        if verb.dep_ == "amod":
            return True  # "the detained journalists", "a banned party": a state, not this news
        if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN") and verb.tag_ in ("VBG", "VBN"):
            head = verb.head.lemma_.lower()
            return head not in self.lex.triggers and head not in self.lex.event_heads \
                and head not in self.lex.speech_nouns
        return False

    def _cause(self, tok: Token) -> bool:
        """ "expelled for taking part in protests", "sanctions over its nuclear test",
        "in response to the attack": the trigger is the reason given for another event."""
        cur = tok
        for _ in range(4):  # up through "taking part in", "its role in"
            if cur.dep_ in ("pobj", "pcomp") and cur.head.dep_ == "prep":
                prep, head = cur.head, cur.head.head
                if head.lower_ in self.lex.cause_nouns:  # "in response to", "in the wake of"
                    return True
                if prep.lower_ in self.lex.cause_preps and head.lemma_.lower() in self.lex.triggers \
                        and head.pos_ in ("VERB", "NOUN") and not self.kb.is_agent_noun(head.lemma_.lower()):
                    return True
                cur = head
            elif cur.dep_ in ("dobj", "prep") and cur.head.i != cur.i:
                cur = cur.head
            else:
                return False
        return False

    @staticmethod
    def _in_relative_clause(tok: Token) -> bool:
        """Inside a relative clause of a noun: "peacekeepers, who are deployed to oversee a ceasefire"."""
        cur = tok
        for _ in range(6):
            if cur.dep_ == "relcl":
                return True
            if cur.head.i == cur.i:
                return False
            cur = cur.head
        return False

    def _contexts(self, span: Any) -> list[str]:
        text = " " + span.text.lower() + " "
        lemmas = sx.lemma_set(span)
        found = []
        for context, words in self.lex.contexts.items():
            if any((w in lemmas) if " " not in w else (f" {w} " in text) for w in words):
                found.append(context)
        return found

    def _features(self, cand: Candidate, event: Event, sentence: Sentence, rivals: int,
                  types: Counter[str], first: int, disaster: bool) -> dict[str, float]:
        """What the coder knows about how sure it can be of one event (``coding.calibration``).

        Names are the keys of ``calibration.json``; a feature that is 0 costs nothing.
        """
        tok = cand.token
        weight = cand.entry.weight
        if cand.absorbed:
            weight = max(weight, max(c.entry.weight for c in cand.absorbed))
        f: dict[str, float] = {"prior": logit(weight)}
        f["absorbed"] = 1.0 if cand.absorbed else 0.0
        f["demand"] = 1.0 if cand.absorbed_span is not None else 0.0
        f["retyped"] = 1.0 if cand.event_type != cand.entry.event_type else 0.0
        coded = any(a.code for a in event.actor)
        f["actor_coded"] = 1.0 if coded else 0.0
        f["actor_none"] = 1.0 if not event.actor else 0.0
        f["recipient_coded"] = 1.0 if any(r.code for r in event.recipient) else 0.0
        f["recipient_missing"] = 1.0 if event.event_type in self.lex.requires_recipient and not event.recipient else 0.0
        if event.status != "occurred":
            f["status_" + event.status] = 1.0
        f["background"] = 1.0 if self._background(tok) else 0.0
        f["noun_trigger"] = 1.0 if tok.pos_ in ("NOUN", "PROPN") else 0.0
        verb = tok if tok.pos_ in ("VERB", "AUX") else sx.governing_verb(tok)[0]
        f["main_clause"] = 1.0 if verb is not None and verb.dep_ == "ROOT" else 0.0
        f["reported"] = 1.0 if any(v.i != tok.i and v.lemma_.lower() in self.lex.speech_verbs
                                   for v in verb_chain(tok)) else 0.0
        f["lead_sentence"] = 1.0 if sentence.index == 0 else 0.0
        f["later_sentence"] = min(3.0, float(sentence.index))
        f["rivals"] = min(3.0, float(rivals))
        f["repeated"] = 1.0 if types[event.event_type] > 1 else 0.0
        f["first_event"] = 1.0 if event.trigger_span and event.trigger_span[0] == first else 0.0
        # no "how many event types does the story have": the gold is single sentences and short
        # snippets, where many types means confusion, but a whole article has many; fitted on the
        # gold, it pushed every event of a long article under 0.1
        f["quad_" + quad(event.event_type)] = 1.0
        f["disaster_words"] = 1.0 if disaster else 0.0
        return f

    def _confidence(self, features: dict[str, float]) -> float:
        """P(this event's type is right), from the fitted model in ``calibration.json``."""
        return self.calibration.probability(features)


def _noun_governor(tok: Token) -> Token | None:
    """The noun a prepositional phrase hangs off: "clashes" in "clashes with protesters"."""
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.head.pos_ in ("NOUN", "PROPN"):
        return tok.head.head
    return None


def _char_span(tok: Token, base: int) -> tuple[int, int]:
    return base + tok.idx, base + tok.idx + len(tok.text)
