"""Who did it and to whom: the actor and recipient of a candidate event, read off the parse.

A mixin of ``EventCoder`` (like ``situate.WhereWhen``): the actor comes from the
trigger's subject, passive agent, owner ("Russia's invasion") or the subject of a
light verb ("went on strike"); the recipient from the slots ``roles.json`` lists per
event type, falling back from things to their owners and to coded places. Tokens
are then resolved to ``Actor`` records by the actor knowledge base, the story's
memory of people and the antecedents of pronouns.
"""
from __future__ import annotations

from functools import cache
from typing import Any

from tocsin.coding import syntax as sx
from tocsin.coding.candidate import Candidate
from tocsin.coding.lexicon import TriggerEntry
from tocsin.coding.situate import NOT_ACTOR_ENTS
from tocsin.coding.story import StoryContext
from tocsin.data import load_json
from tocsin.model import Actor, Article, Place
from tocsin.resolve.places import geoparse

Token = Any

PRONOUNS = {"he", "she", "it", "they", "him", "her", "them", "we", "i", "latter", "former"}
RELATIVE = {"which", "who", "whom", "that", "whose"}
ENTITY_ACTOR_LABELS = ("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC")


@cache
def _roles_data() -> dict[str, Any]:
    """``roles.json``, read once: the role tables the shared ``Lexicon`` does not carry."""
    return load_json("roles.json")


@cache
def _implied_actors() -> dict[str, dict[str, str]]:
    """roles.json ``implied_actors``: event type -> mode (or "*") -> sector of the implied actor."""
    return _roles_data().get("implied_actors", {})


@cache
def _role_words(key: str) -> Any:
    """A word list (a set) or table of lists (a dict of sets) of ``roles.json`` that the shared
    ``Lexicon`` does not carry."""
    value = _roles_data().get(key, ())
    if isinstance(value, dict):
        return {k: frozenset(v) for k, v in value.items()}
    return frozenset(value)


class RoleReader:
    """Actor and recipient tokens of candidates, and their resolution (mixed into ``EventCoder``)."""

    kb: Any
    lex: Any
    places: Any

    def _actor_tokens(self, tok: Token, entry: TriggerEntry) -> list[Token]:
        if entry.as_subject or (tok.pos_ == "NOUN" and self.kb.is_agent_noun(tok.lemma_.lower())):
            return sx.conjuncts(tok)  # "protesters clashed with police": the protesters protest
        if tok.pos_ in ("VERB", "AUX"):
            if entry.patient_is_actor and sx.is_passive(tok):
                found = [c for c in tok.children if c.dep_ in sx.PASS_SUBJ]
                if not found and tok.dep_ in ("relcl", "acl"):
                    found = [tok.head]
                return [t for f in found for t in sx.conjuncts(f)]
            if tok.dep_ == "acl" and tok.head.lemma_.lower() in self.lex.speech_nouns \
                    and not any(c.dep_ in sx.SUBJ for c in tok.children):
                verb, _ = sx.governing_verb(tok.head)  # "issued a declaration demanding ...": its issuer
                if verb is not None:
                    return sx.clause_subjects(verb)
            if self._stance_objects(tok, entry.event_type):  # "Israel is opposed to X": Israel opposes
                return [t for c in tok.children if c.dep_ in sx.PASS_SUBJ for t in sx.conjuncts(c)]
            agents = sx.passive_agents(tok)  # also of a participle: "bullets fired by soldiers"
            if agents or sx.is_passive(tok):
                agents = agents or [a for a in sx.stray_agents(tok) if self._names_actor(a)]
                if not agents and entry.event_type in _role_words("passive_subject_actor_types"):
                    # "5,000 police officers were deployed", "the last troops were withdrawn": whoever
                    # is sent or pulled out is the one mobilising or retreating
                    forces = _role_words("passive_subject_actor_sectors")
                    moved = [t for c in tok.children if c.dep_ in sx.PASS_SUBJ for t in sx.conjuncts(c)
                             if self._sector(t) in forces]
                    if moved:
                        return moved
                if not agents and entry.event_type in _role_words("reported_state_action_types"):
                    agents = self._state_reporter(tok)
                return [t for a in agents for t in self._doers(a)]
            return sx.clause_subjects(tok)
        # noun trigger: "Russia's invasion", "EU sanctions", "sanctions by the EU"
        own = [c for c in tok.children if c.dep_ == "poss"]
        own += sx.prep_objects(tok, ("by",)) + _participle_agents(tok) + _next_by_phrase(tok)
        if not own and tok.dep_ == "compound" and tok.head.pos_ in sx.NOUN_POS:
            # "Kenya's aid package", "a strike movement by doctors": the head noun's owner
            own = [c for c in tok.head.children if c.dep_ == "poss"] + sx.prep_objects(tok.head, ("by",)) \
                + _participle_agents(tok.head)
        if not own and entry.event_type in _role_words("of_actor_types"):
            # "the deployment of NATO troops", "with the help of the UN": who is sent or helps;
            # "a meeting of AU defence chiefs": who meets
            own = [o for o in sx.prep_objects(tok, ("of",)) if self._names_actor(o)]
        verb, how = sx.governing_verb(tok)
        lemma = verb.lemma_.lower() if verb is not None else ""
        light = verb is not None and (
            (how != "nsubj" and lemma in self.lex.light_verbs)
            or (lemma in _role_words("object_light_verbs") and not sx.is_passive(verb))
            # "troops remained on alert", "workers are on strike": the state is the subject's
            or (how == "pobj:on" and lemma in _role_words("on_state_verbs"))
            # "arrived in Seoul for talks", "will travel to Luanda on a visit": the subject's errand
            or (how in ("pobj:on", "pobj:for") and lemma in _role_words("errand_verbs"))
            # "spoke to Lukashenko by phone": the call is the speaker's
            or (how in ("pobj:by", "pobj:over") and lemma in _role_words("medium_verbs")))
        if light and how == "nsubjpass":
            # "the march was organised by students", "the attack was claimed by X": the agent
            found = sx.passive_agents(verb)
            doers = [t for f in found for t in self._doers(f)]
            # "X's endorsement was carried by a large majority": the majority is nobody; X is
            return [d for d in doers if self._names_actor(d)] or own or doers or found
        if own and not (light and all(o.pos_ == "PRON" for o in own)):
            return [t for o in own for t in sx.conjuncts(o)]  # "its invasion" -> who mounted it
        mods = [c for c in tok.children if c.dep_ in ("compound", "amod") and c.ent_type_ in ("NORP", "GPE", "ORG")]
        actors: list[Token] = []
        if light:
            # "the EU ordered sanctions", "workers went on strike"; but not "X condemned the protests"
            if sx.is_passive(verb):  # "forces were engaged in ethnic cleansing"
                actors = sx.passive_agents(verb) or [t for c in verb.children if c.dep_ in sx.PASS_SUBJ
                                                     and c.i != tok.i for t in sx.conjuncts(c)]
            else:
                actors = sx.clause_subjects(verb)
        noun = tok.head if tok.dep_ == "compound" else tok
        for child in noun.children:  # "a strike movement to which X and Y joined"
            if child.dep_ == "relcl":
                actors += [t for s in child.children if s.dep_ in sx.SUBJ and s.lower_ not in RELATIVE
                           for t in sx.conjuncts(s)]
        return actors or mods

    def _state_reporter(self, verb: Token) -> list[Token]:
        """Who announces an agentless state act: "the curfew was relaxed, the interior ministry said",
        "curbs were eased, according to the ministry": a state body reporting what was done in its
        domain is taken to have done it. Only a government, police, military or judicial body
        (not "restrictions were imposed, a rights group said")."""
        found: list[Token] = []
        if verb.dep_ == "ccomp" and verb.head.lemma_.lower() in self.lex.speech_verbs:
            found = [c for c in verb.head.children if c.dep_ in sx.SUBJ]
        for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "according"):
            found += sx.prep_objects(prep, ("to",))
        state = _role_words("reporting_state_sectors")
        return [t for t in found if self._sector(t) in state]

    def _sector(self, tok: Token) -> str | None:
        """The sector the knowledge base gives the phrase ``tok`` heads, if any."""
        lo, hi = sx.core_span(tok)
        match = self.kb.resolve(tok.doc[lo:hi].text, None)
        return match.sector if match is not None else None

    def _doers(self, agent: Token) -> list[Token]:
        """Who is behind a "by" agent: a thing's user when the thing is a weapon or a blast
        ("injured by rubber bullets fired by police": the police), else the agent itself."""
        if self._names_actor(agent):
            return [agent]
        return [t for a in _participle_agents(agent) for t in sx.conjuncts(a)] or [agent]

    @staticmethod
    def _stance_objects(verb: Token, event_type: str) -> list[Token]:
        """The "to" objects of a stance participle: "X is opposed to French mediation".

        A passive-looking verb of rejection or support with a "to" phrase and no "by" agent
        is an adjective of stance: its subject holds the stance (the actor) and the "to"
        object is what it is held about, the object the active verb would have.
        """
        if event_type not in ("REJECT", "SUPPORT") or verb.tag_ != "VBN":
            return []
        if not any(c.dep_ in sx.PASS_SUBJ for c in verb.children) or any(c.dep_ == "agent" for c in verb.children):
            return []
        return [p for p in sx.prep_objects(verb, ("to",)) if p.pos_ in sx.NOUN_POS]

    def _recipient_tokens(self, cand: Candidate) -> list[Token]:
        """Who is acted upon, from the slots ``roles.json`` lists for the event type.

        Slots are tried on the trigger, the verb governing a noun trigger, the trigger's
        objects ("shared evidence *with* the U.S.") and any complement it absorbed
        ("agreed to provide aid *for* Romania"), with the complement's own slots too.
        A filler that names no actor ("opened *the bridge*") gives way to its owner or to whom
        it goes, then to the later slots, then to a KB-coded place it is in; it is returned
        only as a last resort. NB: a place returned here is no longer a candidate for the
        event's location (``situate.WhereWhen._location`` skips recipient tokens).
        """
        tok = cand.token
        plans: list[tuple[list[str], list[Token]]] = []
        places = self._places(tok, content=cand.event_type in _role_words("content_clause_types"))
        types = [cand.entry.event_type] if cand.entry.event_type != cand.event_type else []
        for t in types + [cand.event_type]:
            plans.append((self.lex.recipient_slots.get(t, []), places))
        for comp in cand.absorbed:
            plans.append((self.lex.recipient_slots.get(comp.event_type, []), self._places(comp.token, own=False)))
        # "opened fire to disperse the demonstrators": the purpose names whom the act was aimed at
        verb = tok if tok.pos_ in ("VERB", "AUX") else sx.governing_verb(tok)[0]
        purposes = [] if verb is None else [
            c for c in verb.children if c.dep_ == "advcl" and not any(s.dep_ in sx.SUBJ for s in c.children)
            and any(a.dep_ == "aux" and a.tag_ == "TO" for a in c.children)]
        if purposes:
            plans.append((self.lex.recipient_slots.get(cand.event_type, []), purposes))
        if verb is not None and cand.event_type in _role_words("casualty_types"):
            # "bombed a market, killing 20 people", "stormed a checkpoint, killed six soldiers": whom
            # the attack killed, when its object is a thing
            casualties = [c for c in verb.children if c.lemma_.lower() in _role_words("casualty_verbs") and (
                (c.dep_ == "advcl" and c.tag_ == "VBG")
                or (c.dep_ == "conj" and c.pos_ == "VERB" and not any(s.dep_ in sx.SUBJ for s in c.children)))]
            if casualties:
                plans.append((["dobj"], casualties))
        skip = {a.i for a in cand.actor_tokens} | {tok.i} | {c.token.i for c in cand.absorbed}
        things: list[Token] = []  # the first slot filler that names no actor ("opened the bridge")
        bound: list[Token] = []  # "mounted its invasion", "offered its troops": "its" is most likely the actor
        for slots, where_list in plans:
            for slot in slots:
                for where in where_list:
                    found = [f for f in self._slot(slot, where, tok, cand.entry.event_type) if f.i not in skip
                             and f.ent_type_ not in NOT_ACTOR_ENTS]
                    if not found:
                        continue
                    if cand.actor_tokens and all(_bound_to_subject(f, slot) for f in found):
                        bound = bound or found  # a later slot may name the other party
                        continue
                    if any(self._names_actor(f) for f in found):
                        return [self._owner_of_thing(f) for f in found]
                    # "hacked into the computers of army officers": the things' owner
                    owners = [c for f in found for o in self._owners(f) if o.i not in skip and self._names_actor(o)
                              and not self._uncoded_place(o) for c in sx.conjuncts(o) if c.i not in skip]
                    if owners:
                        return owners
                    things = things or found
        if bound:
            return bound
        # "banned voting in East Jerusalem": where the things are; "remained on alert in the
        # West Bank": where the act falls
        around = things + places + [c.token for c in cand.absorbed]
        if not things and (cand.event_type in self.lex.domestic_target_types or (
                cand.event_type in ("AGREE", "CONSULT", "COOPERATE") and cand.mode != "visit")):
            # a protest's target is inferred where it happens (_domestic_target); "agreed in Geneva",
            # "talks in Oslo": where they met is no party (but a visit's host is)
            return []
        where_at = [p for f in around for p in sx.prep_objects(f, ("in",))
                    if p.i not in skip and p.ent_type_ in ("GPE", "LOC") and self._coded_place(p)]
        return where_at or things

    @staticmethod
    def _places(tok: Token, own: bool = True, content: bool = False) -> list[Token]:
        """The words whose slots may hold the recipient of the event word ``tok``.

        A noun trigger: itself, the head of its compound ("a mediation effort between X
        and Y"), the measure it is counted in ("25,000 tons of aid for X") and the verb
        governing it. A verb trigger: itself, its objects and their "of" phrases ("lifted
        a state of emergency in Darfur"), a verb it shares its object with ("donated and
        delivered goods to X") and the verb of its complement ("threatened to deliver
        blows to X"), or with ``content`` the verb of the clause it announces ("warned
        that troops would enter X"); not for a complement the trigger absorbed (``own``
        False), whose own complements are about something else ("agreed that they
        cooperate to help X").
        """
        places: list[Token] = [tok]
        if tok.pos_ not in ("VERB", "AUX"):
            if tok.dep_ == "compound" and tok.head.pos_ in sx.NOUN_POS:
                places.append(tok.head)
            measure = tok.head.head if tok.dep_ == "pobj" and tok.head.lower_ == "of" else None
            if measure is not None and measure.pos_ in sx.NOUN_POS and (
                    measure.lemma_.lower() in sx.MEASURE_NOUNS or any(c.dep_ == "nummod" for c in measure.children)):
                places.append(measure)
            verb, _ = sx.governing_verb(tok)
            if verb is not None:
                places.append(verb)
            return places
        if own and not any(c.dep_ in sx.OBJ for c in tok.children):
            places += [c for c in tok.children if c.dep_ == "conj" and c.pos_ == "VERB"
                       and not any(s.dep_ in sx.SUBJ + sx.PASS_SUBJ for s in c.children)]
        if own:
            deps = ("xcomp", "ccomp") if content else ("xcomp",)
            places += [c for c in tok.children if c.dep_ in deps and c.pos_ in ("VERB", "AUX")]
        objects = [o for p in places for o in sx.direct_objects(p) if o.pos_ == "NOUN"]
        return places + objects + [p for o in objects for p in sx.prep_objects(o, ("of",)) if p.pos_ == "NOUN"]

    def _owner_of_thing(self, tok: Token) -> Token:
        """A thing's possessor stands for it ("against the government's media law": the government):
        a common noun that is no agent noun, with a possessive that names an actor."""
        if tok.pos_ != "NOUN" or tok.ent_type_ or self.kb.is_agent_noun(tok.lemma_.lower()):
            return tok
        owners = [c for c in tok.children if c.dep_ == "poss" and c.pos_ != "PRON"
                  and (m := self.kb.resolve(c.doc[slice(*sx.core_span(c))].text, None)) is not None
                  and (m.code or m.sector)]
        return owners[0] if len(owners) == 1 else tok

    def _coded_place(self, tok: Token) -> bool:
        """A place name the actor knowledge base gives a country code ("East Jerusalem", not an unknown town)."""
        lo, hi = sx.core_span(tok)
        match = self.kb.resolve(tok.doc[lo:hi].text, None)
        return match is not None and bool(match.code)

    def _uncoded_place(self, tok: Token) -> bool:
        """A place name (gazetteer) the actor knowledge base gives no code: "the city of Eilat"."""
        if tok.pos_ != "PROPN" or self._coded_place(tok):
            return False
        lo, hi = sx.core_span(tok)
        return self.places.resolve(tok.doc[lo:hi].text) is not None

    def _names_actor(self, tok: Token) -> bool:
        """Whether a slot filler can stand for an actor: a pronoun, a name of a person, group or
        country, an agent noun, or a phrase the actor knowledge base codes ("voting", "the bridge" cannot)."""
        if tok.pos_ == "PRON" or tok.lower_ in PRONOUNS or tok.lower_ in RELATIVE:
            return True
        if tok.lemma_.lower() in self.lex.partitive_nouns and not tok.ent_type_:
            inner = sx.prep_objects(tok, ("of",))  # "a state of emergency", "part of the army"
            if inner:
                return any(self._names_actor(i) for i in inner)
        if tok.ent_type_ in ("GPE", "LOC", "FAC", "ORG") and self._uncoded_place(tok):
            return False  # "the city of <a town the actor KB does not know>": a place, and the event's location
        if tok.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or self.kb.is_agent_noun(tok.lemma_.lower()):
            return True
        lo, hi = sx.core_span(tok)
        match = self.kb.resolve(tok.doc[lo:hi].text, None)
        if match is not None and (match.code or match.sector):
            return True
        return any((m := self.kb.resolve(p.text, None)) is not None and m.code
                   for p in sx.prep_objects(tok, ("from", "of")))  # not "voting in Jerusalem"

    def _event_noun(self, tok: Token) -> bool:
        """Whether a noun is an event word of the lexicon as a noun ("signed an agreement"); "ships" is
        not, though "ship" is a trigger verb."""
        return any(tok.pos_ in e.pos or "NOUN" in e.pos for e in self.lex.triggers.get(tok.lemma_.lower(), ()))

    def _coded_head(self, tok: Token) -> bool:
        """Whether a noun and the words before it name a coded actor ("Chinese coast guard ships"),
        not counting its complements ("the return of UN inspectors" is an event, not the UN)."""
        match = self.kb.resolve(tok.doc[tok.left_edge.i:tok.i + 1].text, None)
        return match is not None and bool(match.code)

    @staticmethod
    def _owners(tok: Token) -> list[Token]:
        """Who a thing belongs to: "the computers of army officers", "Iraq's oil fields"."""
        owners = [c for c in tok.children if c.dep_ == "poss" and c.pos_ != "PRON"] + [
            p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]
        # whom a thing goes to or is shared with: "opened its borders to peacekeepers", "the delivery of
        # grain to X", "air links with X"; who did a deed: "crimes by extremists", "a rally staged by X"
        return owners + [p for c in tok.children if c.dep_ in ("prep", "agent") and c.lower_ in ("to", "for", "with", "by")
                         for p in c.children if p.dep_ == "pobj"] + _participle_agents(tok)

    def _objects(self, where: Token, event_type: str | None) -> list[Token]:
        """What ``where`` acts upon: its direct objects, or what a stance participle is held about."""
        return (event_type and self._stance_objects(where, event_type)) or sx.direct_objects(where)

    def _slot(self, slot: str, where: Token, tok: Token, event_type: str | None = None) -> list[Token]:
        if slot == "dobj":  # not an event noun ("signed an agreement"), but people are ("arrested protesters")
            return [o for o in self._objects(where, event_type) if o.lemma_.lower() not in self.lex.triggers
                    or self.kb.is_agent_noun(o.lemma_.lower()) or (not self._event_noun(o) and self._coded_head(o))]
        if slot == "dobj_target":  # "lifted the blockade on Palestinian lorries", "eased curbs on Gaza"
            objects = self._objects(where, event_type)
            objects += [p for o in objects for p in sx.prep_objects(o, ("of",))]
            # "reneged on its commitment to X": an event noun in a phrase of the verb
            objects += [p for c in where.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"]
            events = [o for o in objects if o.lemma_.lower() in self.lex.triggers or o.lemma_.lower() in self.lex.event_heads]
            found = [p for o in events for p in sx.prep_objects(o, ("on", "against", "to", "for", "in"))]
            if not found and any(o.i in {d.i for d in sx.direct_objects(where)} for o in events):
                found = sx.prep_objects(where, ("on", "against", "to"))  # "refused entry to X": the phrase on the verb
            return found
        if slot == "poss":
            return [c for c in where.children if c.dep_ == "poss"] if where.i == tok.i else []
        if slot == "ccomp_subj":  # "demanded that the US cancel ...": the one asked; not "..., diplomats said"
            return [t for c in where.children if c.dep_ in ("ccomp", "acl") and c.pos_ in ("VERB", "AUX")
                    and not (c.i > where.i and c.lemma_.lower() in self.lex.speech_verbs | {"quote", "report"})
                    for s in c.children if s.dep_ in sx.SUBJ + sx.PASS_SUBJ for t in sx.conjuncts(s)]
        if slot == "condition_subj":  # "will halt talks if the US deploys missiles": whom a threat is aimed at
            marks = _role_words("condition_marks")
            return [t for c in where.children if c.dep_ == "advcl" and any(
                m.dep_ == "mark" and m.lower_ in marks for m in c.children)
                for s in c.children if s.dep_ in sx.SUBJ + sx.PASS_SUBJ for t in sx.conjuncts(s)]
        if slot == "dobj_owner":  # "rejected an Australian ultimatum", "an appeal from Gbagbo"
            out: list[Token] = []
            for obj in self._objects(where, event_type):
                out += [c for c in obj.children if c.dep_ == "poss" or (
                    c.dep_ in ("amod", "compound") and c.ent_type_ in ("NORP", "GPE", "ORG"))]
                out += sx.prep_objects(obj, ("from", "by"))
            return out
        return sx.prep_objects(where, (slot,))


    def _resolve_all(self, tokens: list[Token], base: int, story: StoryContext,
                     article: Article) -> list[Actor]:
        out: list[Actor] = []
        seen: set[tuple[str | None, str | None, str]] = set()
        first_code: str | None = None
        if tokens:
            story.sentence_doc = tokens[0].doc
        for tok in tokens:
            actor = self._resolve(tok, base, story, article)
            if actor is None:
                continue
            if actor.code is None and actor.sector is not None and first_code and tok.dep_ == "conj":
                actor.code = first_code  # "Israeli helicopters and tanks": the tanks are Israeli too
            first_code = first_code or actor.code
            for one in [actor] + self._coordinated_nationalities(tok, actor, base, article):
                key = (one.code, one.sector, one.text)
                if key not in seen:
                    seen.add(key)
                    out.append(one)
        return out

    def _coordinated_nationalities(self, tok: Token, actor: Actor, base: int, article: Article) -> list[Actor]:
        """ "Hungarian and Romanian officials": one phrase, an actor for each country it names;
        also through a count ("scores of Nigerien and Chadian migrants")."""
        out: list[Actor] = []
        if actor.code is None or tok.pos_ not in ("NOUN", "PROPN"):
            return out
        heads = [tok]
        if tok.lemma_.lower() in self.lex.partitive_nouns | self.lex.quantity_nouns:
            heads = sx.prep_objects(tok, ("of",)) or heads
        mods = [m for h in heads for m in h.children if m.dep_ in ("amod", "compound") and m.ent_type_ in ("NORP", "GPE")]
        others: list[Token] = [h for h in heads[1:] if h.ent_type_ in ("NORP", "GPE")]
        frontier = list(mods)
        while frontier:  # "Israeli, Jordanian and Egyptian officials"
            for child in frontier.pop().children:
                if child.dep_ == "conj" and child.ent_type_ in ("NORP", "GPE"):
                    others.append(child)
                    frontier.append(child)
        if len(heads) > 1:
            others += mods
        for other in others:
            match = self.kb.resolve(other.text, article.published)
            if match is not None and match.code and match.code != actor.code and match.kind in (
                    "country", "metonym") and all(o.code != match.code for o in out):
                start = base + other.idx
                out.append(Actor(text=other.text, code=match.code, sector=actor.sector, name=match.name,
                                 start=start, end=start + len(other.text)))
        return out

    def _resolve(self, tok: Token, base: int, story: StoryContext, article: Article) -> Actor | None:
        """Noun phrase -> Actor: knowledge base, then the story's memory, then pronouns."""
        line = story.dateline
        if line is not None and line.start <= base + tok.idx < line.end:
            return None  # "GDANSK, 3 March -" says where the story was filed, not who acted
        if tok.lower_ in RELATIVE and tok.head.dep_ in ("relcl", "acl"):
            tok = tok.head.head
        if tok.dep_ == "attr" and tok.head.lemma_ == "be":  # "X is the first diplomat ...": X
            subjects = [c for c in tok.head.children if c.dep_ in sx.SUBJ]
            if subjects:
                tok = subjects[0]
        speaker = _speaker(tok, self.lex.speech_verbs)
        if speaker is not None:  # "Japan said it had halted aid": "it" is Japan
            tok = speaker
        if tok.lower_ in PRONOUNS or tok.pos_ == "PRON":
            found = story.antecedent(tok.lower_, _own_subject_range(tok, base))
            if found is None:
                return None
            return Actor(text=tok.text if tok.lower_ not in ("latter", "former") else "the " + tok.lower_,
                         code=found.code, sector=found.sector, name=found.name,
                         start=base + tok.idx, end=base + tok.idx + len(tok.text))
        lo, hi = sx.core_span(tok)
        doc = tok.doc
        phrase = doc[lo:hi]
        text = phrase.text
        start, end = base + phrase.start_char, base + phrase.end_char
        match = self.kb.resolve(text, article.published)
        names = [t.text for t in phrase if t.pos_ == "PROPN"]
        if match is None or (match.code is None and names):
            prior = story.person(names) if names else None
            if prior is not None:
                actor = Actor(text=text, code=prior.code, sector=prior.sector, name=prior.name,
                              start=start, end=end)
                story.remember(actor, "person", names, tok.dep_ in sx.SUBJ, _plural(tok))  # later "he"
                return actor
        if match is None:
            # "officials from Ukraine", "protesters in Minsk": the country in a modifier
            for pobj in sx.prep_objects(tok, ("from", "of", "in")):
                inner = self.kb.resolve(pobj.text, article.published)
                if inner is not None and inner.code:
                    match = inner
                    break
            if match is None:
                if tok.ent_type_ in ENTITY_ACTOR_LABELS and tok.pos_ == "PROPN":
                    return Actor(text=text, start=start, end=end)
                return None
        code, sector = match.code, match.sector
        if match.kind != "person" and code is None:
            for pobj in sx.prep_objects(tok, ("from", "of", "in")):
                inner = self.kb.resolve(pobj.text, article.published)
                if inner is not None and inner.code:
                    code = inner.code
                    break
        actor = Actor(text=text, code=code, sector=sector, name=match.name, start=start, end=end)
        story.remember(actor, match.kind, names, tok.dep_ in sx.SUBJ, _plural(tok))
        return actor

    def _domestic_target(self, actors: list[Actor], location: Place | None, story: StoryContext) -> list[Actor]:
        """A protest with no named target is aimed at the government where it happens (PLOVER)."""
        country = (location.country if location else None) or next(
            (a.code for a in actors if a.code and len(a.code) == 3 and a.code.isalpha()
             and a.code not in self.lex.non_state_codes), None) or story.main_country
        if not country:
            return []
        text = location.text if location is not None and location.country == country else country
        start = location.start if location is not None and location.country == country else None
        end = location.end if location is not None and location.country == country else None
        return [Actor(text=text, code=country, sector="GOV", start=start, end=end, inferred=True)]

    def _unidentified_actor(self, event_type: str, mode: str | None, actors: list[Actor],
                            location: Place | None) -> list[Actor]:
        """The actors of an event, or when it names none an actor implied by what was done,
        of the country where it happened and marked inferred (roles.json ``implied_actors``,
        sector by type and mode): a bombing nobody is named for has an unidentified actor
        (PLOVER sector UNK: "two civilians were killed by a bomb"). Not for fighting or an
        attack told without a side: that side is usually named elsewhere in the story."""
        if actors or location is None or not location.country:
            return actors
        table = _implied_actors().get(event_type, {})
        sector = table.get(mode or "", table.get("*"))
        if sector is None:
            return actors
        return [Actor(text=location.text, code=location.country, sector=sector, start=location.start,
                      end=location.end, inferred=True)]

    def _default_countries(self, actors: list[Actor], location: Place | None, story: StoryContext) -> None:
        """A sector without a country ("protesters") is taken to be domestic to the event.

        Not for a named person the knowledge base does not know ("President Jean Dupont")
        when the other party of the event is named as that very country: "welcomed the
        South African leader" says nothing of the host being South African."""
        country = (location.country if location else None) or story.main_country
        local = None  # the sentence's places, only for people ("fighters", not "military equipment")
        if country is None and any(a.code is None and a.sector is not None for a in actors):
            local = self._sentence_country(story)
        named = {a.code for a in actors if a.code}
        for actor in actors:
            if actor.code is not None or actor.sector is None:
                continue
            found = country or (local if local and self.kb.names_people(actor.text) else None)
            if found and not (actor.name is not None and found in named):
                actor.code = found


    def _sentence_country(self, story: StoryContext) -> str | None:
        """The one country the places of the sentence being coded lie in ("gunmen seized a priest
        in Enugu state": Nigeria), as the geoparser reads them: it finds towns the entity tagger
        misses or takes for a person or a company, which the event's location does not see.
        None when the sentence names no place or places in several countries."""
        doc = story.sentence_doc
        if doc is None:
            return None
        if doc.text not in story.sentence_countries:
            codes = {p.country for p in geoparse(doc.text, doc, resolver=self.places) if p.country}
            story.sentence_countries[doc.text] = codes.pop() if len(codes) == 1 else None
        return story.sentence_countries[doc.text]


def _bound_to_subject(filler: Token, slot: str) -> bool:
    """Whether a slot filler most likely stands for the actor itself: the possessive pronoun
    of "mounted its invasion", "offered its troops", or an object the pronoun owns ("threatened
    to send its fighters"). Such a filler is used only when no later slot names another party
    ("rejected their demands" still has "their")."""
    if slot in ("poss", "dobj_owner"):
        return filler.tag_ == "PRP$"
    return slot == "dobj" and any(c.dep_ == "poss" and c.tag_ == "PRP$" for c in filler.children)


def _next_by_phrase(noun: Token) -> list[Token]:
    """ "used tear gas to break up a protest by 400 youths": the "by" phrase the parser hung on the
    active verb whose object the event noun is, right after the noun. An active verb has no
    agent, so the phrase is the noun's."""
    if noun.dep_ not in sx.OBJ or noun.head.pos_ not in ("VERB", "AUX") or sx.is_passive(noun.head):
        return []
    after = noun.right_edge.i + 1
    return [t for c in noun.head.children if c.dep_ in ("prep", "agent") and c.lower_ == "by" and c.i == after
            for p in c.children if p.dep_ == "pobj" for t in sx.conjuncts(p)]


def _participle_agents(noun: Token) -> list[Token]:
    """ "the demonstration staged by students", "sanctions imposed by the EU": the "by" agent
    of a participle describing an event noun is who carried the event out."""
    return [t for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBN" for t in sx.passive_agents(c)]


def same_span(actor: Actor, others: list[Actor]) -> bool:
    """Whether ``actor`` is the very phrase of one of ``others`` (an actor is never its own recipient)."""
    return any(o.start == actor.start and o.end == actor.end for o in others)


def _plural(tok: Token) -> bool:
    """A plural noun phrase ("protesters", "police", "X and Y"), which "he" or "her" cannot stand for."""
    return tok.tag_ in ("NNS", "NNPS") or tok.lemma_.lower() in ("police", "people") or any(
        c.dep_ == "conj" for c in tok.children)


def _own_subject_range(tok: Token, base: int) -> tuple[int, int] | None:
    """Characters of the subject of the clause an object pronoun sits in, which the pronoun
    cannot stand for ("him", "them"; reflexives are not in ``PRONOUNS``)."""
    if tok.dep_ not in ("dobj", "dative", "pobj") or tok.lower_ not in ("him", "her", "them", "it"):
        return None
    verb = tok.head.head if tok.dep_ == "pobj" else tok.head
    subjects = [c for c in verb.children if c.dep_ in sx.SUBJ]
    if not subjects:
        return None
    lo, hi = sx.core_span(subjects[0])
    return base + tok.doc[lo].idx, base + tok.doc[hi - 1].idx + len(tok.doc[hi - 1].text)


def _speaker(tok: Token, speech_verbs: frozenset[str]) -> Token | None:
    """For a pronoun subject of a reported clause, the one who reports it."""
    if tok.pos_ != "PRON" or tok.dep_ not in ("nsubj", "nsubjpass"):
        return None
    verb = tok.head
    for _ in range(3):  # "X said it is willing to ...", "X says it will ..."
        if verb.dep_ == "ccomp" and verb.head.lemma_.lower() in speech_verbs:
            subjects = [c for c in verb.head.children if c.dep_ in ("nsubj",) and c.pos_ != "PRON"]
            return subjects[0] if subjects else None
        if verb.dep_ not in ("xcomp", "conj", "acomp") or verb.head.i == verb.i:
            return None
        verb = verb.head
    return None
