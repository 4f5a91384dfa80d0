"""Words around a place name that say which feature it is (tocsin.resolve.places cue handling).

Sentences here are written for these tests, not taken from any evaluation set."""
from __future__ import annotations

import pytest

from tocsin.resolve.places import PlaceResolver, geoparse


@pytest.fixture(scope="module")
def resolver() -> PlaceResolver:
    return PlaceResolver.default()


def _by_text(text: str, resolver: PlaceResolver) -> dict[str, tuple[str | None, str | None]]:
    return {p.text: (p.country, p.feature) for p in geoparse(text, resolver=resolver)}


def test_state_word_after_name_means_the_state(resolver: PlaceResolver) -> None:
    got = _by_text("Inspectors visited a Washington state orchard on Friday.", resolver)
    assert got.get("Washington") == ("USA", "admin1")
    got = _by_text("The apples were grown in the state of Washington last year.", resolver)
    assert got.get("Washington") == ("USA", "admin1")


def test_list_of_states_is_not_town_within_state(resolver: PlaceResolver) -> None:
    got = _by_text("Cases were found in Kansas, Oklahoma, Pennsylvania and Ohio.", resolver)
    assert got.get("Oklahoma") == ("USA", "admin1")


def test_direction_spelt_the_official_way(resolver: PlaceResolver) -> None:
    got = _by_text("Doctors flew to the province of Western Kasai in Congo.", resolver)
    assert got.get("Western Kasai") == ("COD", "admin1")
    got = _by_text("Nurses arrived in Kasai Occidental province on Monday.", resolver)
    assert got.get("Kasai Occidental") == ("COD", "admin1")


def test_direction_before_a_hamlet_alias_is_no_place(resolver: PlaceResolver) -> None:
    got = _by_text("Farmers in West Prince were told to keep their birds inside.", resolver)
    assert "Prince" not in got


def test_settlement_noun_makes_an_organisation_tag_a_place(resolver: PlaceResolver) -> None:
    got = _by_text("Vets culled ducks in the village of Kisumu and in Nakuru.", resolver)
    assert got.get("Kisumu", (None,))[0] == "KEN"


def test_country_after_comma_places_a_name(resolver: PlaceResolver) -> None:
    got = _by_text("Officials in Krasnodar, Russia said the birds were wild.", resolver)
    assert got.get("Krasnodar", (None,))[0] == "RUS"


def test_people_listed_together_are_not_towns(resolver: PlaceResolver) -> None:
    got = _by_text("Doctors told Kristina Lopez and Tim to wait. Kristina and Tim agreed.", resolver)
    assert "Tim" not in got


def test_hyphenated_country_is_one_name(resolver: PlaceResolver) -> None:
    places = geoparse("Aid reached Guinea-Bissau last week.", resolver=resolver)
    assert [p.country for p in places] == ["GNB"]


def test_kind_word_after_a_misread_name() -> None:
    from tocsin.resolve.places import geoparse
    got = {p.text: p for p in geoparse("Officials evacuated people from parts of the Punjab province of Pakistan.")}
    assert "Punjab" in got and got["Punjab"].feature == "admin1" and got["Punjab"].country == "PAK"


def test_state_after_comma_places_a_first_word_and_a_town_without_population() -> None:
    from tocsin.resolve.places import geoparse
    got = [p.text for p in geoparse("Officials said so. Buffalo, New York was ready.")]
    assert got[:2] == ["Buffalo", "New York"]
    got = [p.text for p in geoparse("The trader from Sukoharjo, Central Java, died on Friday.")]
    assert "Sukoharjo" in got
    assert geoparse("Officials said so. Harmony is good, he said.") == []


def test_name_listed_among_states_is_the_state() -> None:
    from tocsin.resolve.places import geoparse
    got = {p.text: p for p in geoparse("Cases were found in Texas, Utah, Virginia, Washington, West Virginia and Wyoming.")}
    assert got["Washington"].feature == "admin1"
    got = {p.text: p for p in geoparse("He flew from Washington to Virginia.")}
    assert got["Washington"].feature == "city"


def test_list_of_countries_with_an_article() -> None:
    from tocsin.resolve.places import geoparse
    got = {p.text: p for p in geoparse("Observers came from China, Japan, and the United Kingdom for the vote.")}
    assert got["China"].feature == "country" and got["China"].country == "CHN"
