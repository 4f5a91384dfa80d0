"""Actor knowledge added for the PLOVER gold's actor/recipient codes (issue #3): what a phrase
resolves to when it names an armed movement, a generic aid or rights body, an unnamed
international body, an ethnic group, or starts with a quantity."""
from __future__ import annotations

from datetime import date

import pytest

from tocsin.resolve.actors import ActorKB

WHEN = date(2005, 6, 1)


@pytest.fixture(scope="module")
def kb() -> ActorKB:
    return ActorKB.default()


@pytest.mark.parametrize("phrase, code, sector", [
    # armed movements rooted in one country carry its code
    ("Lord's Resistance Army fighters", "UGA", "REB"),
    ("the LRA", "UGA", "REB"),
    ("a Unita commander", "AGO", "MIL"),
    ("Tamil Tigers", "LKA", "REB"),
    ("FARC guerrillas", "COL", "REB"),
    ("the Polisario Front", "ESH", "REB"),
    ("Khmer Rouge soldiers", "KHM", "MIL"),
    # NATO and its missions are intergovernmental: PLOVER 2.0 has no NATO code
    ("NATO", "IGO", None),
    ("NATO warplanes", "IGO", "MIL"),
    ("KFOR troops", "IGO", "MIL"),
    # historical names of organisations we know
    ("the European Economic Community", "EUR", None),
    ("the CSCE", "IGO", None),
    ("the Warsaw Pact", "IGO", "MIL"),
])
def test_movements_and_organisations(kb: ActorKB, phrase: str, code: str, sector: str | None) -> None:
    match = kb.resolve(phrase, WHEN)
    assert match is not None, phrase
    assert (match.code, match.sector) == (code, sector), phrase


def test_american_and_british_spellings_of_a_name_match(kb: ActorKB) -> None:
    for phrase in ("the Organisation of African Unity", "the Organization of African Unity"):
        assert kb.resolve(phrase, WHEN).code == "IGO", phrase
    assert kb.resolve("International Labor Office", WHEN).code == kb.resolve("International Labour Office", WHEN).code


def test_generic_rights_and_aid_bodies_are_ngos_unless_a_country_is_named(kb: ActorKB) -> None:
    assert kb.resolve("a rights watchdog", WHEN).code == "NGO"
    assert kb.resolve("foreign relief agencies", WHEN).code == "NGO"
    assert kb.resolve("the charity", WHEN).code == "NGO"
    assert kb.resolve("a Kenyan human rights organization", WHEN).code == "KEN"


def test_an_unknown_international_body_is_an_ngo(kb: ActorKB) -> None:
    match = kb.resolve("the World Federation of Beekeepers", WHEN)
    assert match is not None and match.code == "NGO"
    match = kb.resolve("delegates of the Arab Society of Engineers", WHEN)
    assert match is not None and match.code == "NGO"
    # lower-case words are not a name; a named country still wins
    assert kb.resolve("international aid workers", WHEN).code is None
    assert kb.resolve("the Egyptian Society of Surgeons", WHEN).code == "EGY"
    # known intergovernmental bodies keep their own codes
    assert kb.resolve("the African Union", WHEN).code == "IGO"
    assert kb.resolve("the World Health Organization", WHEN).code == "UNO"


def test_ethnic_names_a_people_not_a_nationality(kb: ActorKB) -> None:
    match = kb.resolve("ethnic Hungarians", WHEN)
    assert (match.code, match.sector) == (None, "CVL")
    match = kb.resolve("ethnic Serb militiamen", WHEN)
    assert match.code is None and match.sector == "PRM"
    assert kb.resolve("ethnic Greeks in Albania", WHEN).code == "ALB"
    assert kb.resolve("Hungarians", WHEN).code == "HUN"


def test_a_quantity_before_the_head_does_not_end_the_phrase(kb: ActorKB) -> None:
    assert kb.resolve("up to 300 Chilean miners", WHEN).code == "CHL"
    assert kb.resolve("close to 2,000 Bolivian farmers", WHEN).sector == "AGR"
    assert kb.resolve("more than a dozen Peruvian soldiers", WHEN).code == "PER"
    # "to" before a place still ends the head: the envoy is not Peruvian
    assert kb.resolve("the envoy to Peru", WHEN).code is None


@pytest.mark.parametrize("phrase, sector", [
    ("village elders", "CVL"),
    ("defence lawyers", "JUD"),
    ("a missionary", "REL"),
    ("armed tribesmen", "CVL"),
    ("jewish settlers", "CVL"),
])
def test_more_agent_nouns(kb: ActorKB, phrase: str, sector: str) -> None:
    match = kb.resolve(phrase, WHEN)
    assert match is not None and match.sector == sector, phrase


def test_east_jerusalem_is_palestinian_territory_not_the_israeli_government(kb: ActorKB) -> None:
    assert kb.resolve("East Jerusalem", WHEN).code == "PSE"
    assert kb.resolve("Jerusalem", WHEN).code == "ISR"


def test_a_stance_noun_keeps_its_sector_against_its_complement():
    from tocsin.resolve.actors import ActorKB

    kb = ActorKB.default()
    assert kb.resolve("thousands of opponents of the junta").sector == "OPP"
    assert kb.resolve("critics of the government").sector == "OPP"
    assert kb.resolve("members of the army").sector == "MIL"  # no stance: the complement names them


@pytest.mark.parametrize("phrase, sector", [
    ("About 300 teachers", "EDU"), ("over 200 students", "EDU"), ("at least 20 people", "CVL"),
    ("well over 100 workers", "LAB"),
])
def test_a_word_qualifying_a_count_does_not_end_the_phrase(kb: ActorKB, phrase: str, sector: str) -> None:
    match = kb.resolve(phrase)
    assert match is not None and match.sector == sector
    assert kb.resolve("talks about 300 teachers") is None  # a cut word after the head still cuts


@pytest.mark.parametrize("phrase, code, sector", [
    # a member noun takes the sector of the state or armed body it belongs to, not of a company
    ("officers of the FSB", "RUS", "SPY"), ("members of the Karen National Union", "MMR", "REB"),
    ("employees of Amazon", "MNC", "LAB"),
    # named bodies whose generic head word ("union", "congress", "militia") says otherwise
    ("the Nigeria Labour Congress", "NGA", "LAB"), ("the Fano militia", "ETH", "REB"),
    ("the Arakan Army", "MMR", "REB"), ("supporters of Tehreek-e-Labbaik", "PAK", None),
    # South Asian district officials
    ("the district collector", None, "GOV"), ("the SHO", None, "COP"),
])
def test_members_armed_civilians_and_named_bodies(kb: ActorKB, phrase: str, code: str | None, sector: str) -> None:
    match = kb.resolve(phrase, WHEN)
    assert match is not None and (match.code, match.sector) == (code, sector) if sector else match.code == code


@pytest.mark.parametrize("phrase", ["defence chiefs", "the chief of defence staff", "chiefs of the general staff"])
def test_defence_chiefs_are_military(kb: ActorKB, phrase: str) -> None:
    match = kb.resolve(phrase)
    assert match is not None and match.sector == "MIL"


@pytest.mark.parametrize("phrase, code, sector", [
    # a generic word before a known body's name takes the body's sector
    ("the movement M23", "COD", "REB"), ("the group Hamas", "PSE", "REB"),
    ("a group of students", None, "EDU"),
    ("the Episcopal Conference of Colombia", "COL", "REL"), ("the bishops' conference", None, "REL"),
])
def test_generic_words_before_names_and_church_bodies(kb: ActorKB, phrase: str, code: str | None, sector: str) -> None:
    match = kb.resolve(phrase, WHEN)
    assert match is not None and (match.code, match.sector) == (code, sector)


def test_a_capital_named_by_common_words_needs_its_capitals(kb: ActorKB) -> None:
    # Anguilla's capital is "The Valley"; "withdrew from the valley" names no government
    assert kb.resolve("The Valley", "2020-01-01").code == "AIA"
    assert kb.resolve("the valley", "2020-01-01") is None
