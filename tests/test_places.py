"""Offline gazetteer, resolver and geoparser (tocsin.resolve.places)."""
from __future__ import annotations

import pytest

from tocsin.resolve.places import PlaceResolver, geoparse, haversine_km


@pytest.fixture(scope="module")
def resolver() -> PlaceResolver:
    return PlaceResolver.default()


def test_default_is_cached(resolver: PlaceResolver) -> None:
    assert PlaceResolver.default() is resolver


def test_minsk(resolver: PlaceResolver) -> None:
    p = resolver.resolve("Minsk")
    assert p is not None and p.country == "BLR" and p.geonameid == "625144" and p.feature == "city"


def test_paris_default_and_in_texas(resolver: PlaceResolver) -> None:
    p = resolver.resolve("Paris")
    assert p is not None and p.country == "FRA"
    near = [resolver.resolve("Dallas"), resolver.resolve("Texas")]
    p = resolver.resolve("Paris", countries=["USA"], near=[q for q in near if q])
    assert p is not None and p.country == "USA"
    assert haversine_km(p.lat, p.lon, 33.66, -95.56) < 20  # Paris, Texas
    p = resolver.resolve("Paris, Texas")
    assert p is not None and p.country == "USA" and p.text == "Paris, Texas"


def test_demonym_is_the_country_point(resolver: PlaceResolver) -> None:
    p = resolver.resolve("Belarusian")
    assert p is not None and (p.country, p.geonameid, p.lat, p.lon) == ("BLR", "630336", 53.0, 28.0)
    assert p.text == "Belarusian" and p.feature == "country"
    t = resolver.resolve("Turkish")
    assert t is not None and (t.country, t.lat, t.lon) == ("TUR", 39.0, 35.0)


def test_country_place_and_abbreviations(resolver: PlaceResolver) -> None:
    tur = resolver.country_place("TUR")
    assert tur is not None and (tur.geonameid, tur.lat, tur.lon) == ("298795", 39.0, 35.0)
    assert resolver.country_place("XXX") is None
    for name, iso3 in (("U.S.", "USA"), ("UK", "GBR"), ("Britain", "GBR"), ("USA", "USA")):
        p = resolver.resolve(name)
        assert p is not None and p.country == iso3 and p.feature == "country", name


def test_georgia_by_context(resolver: PlaceResolver) -> None:
    p = resolver.resolve("Georgia")
    assert p is not None and p.country == "GEO" and p.feature == "country"
    p = resolver.resolve("Georgia", countries=["RUS"])
    assert p is not None and p.country == "GEO"
    p = resolver.resolve("Georgia", countries=["USA"])
    assert p is not None and p.country == "USA" and p.feature == "admin1"
    atlanta = resolver.resolve("Atlanta")
    p = resolver.resolve("Georgia", near=[atlanta] if atlanta else [])
    assert p is not None and p.country == "USA"


def test_not_places(resolver: PlaceResolver) -> None:
    assert resolver.resolve("Xqzvbrrtown") is None
    assert resolver.resolve("the capital") is None
    assert resolver.resolve("") is None


def test_candidates(resolver: PlaceResolver) -> None:
    cands = resolver.candidates("Springfield")
    assert len(cands) > 5 and all(c.name for c in cands)
    assert {c.country for c in cands} >= {"USA"}


@pytest.mark.model
def test_geoparse_offsets() -> None:
    text = ("Police in Minsk detained dozens on Sunday, Belarusian media said. "
            "Later, Turkish diplomats flew from Ankara to Paris, Texas, for talks.")
    places = geoparse(text)
    got = {p.text: p for p in places}
    for p in places:
        assert text[p.start:p.end] == p.text
    assert got["Minsk"].geonameid == "625144"
    assert got["Belarusian"].country == "BLR" and got["Belarusian"].feature == "country"
    assert got["Turkish"].country == "TUR"
    assert got["Ankara"].country == "TUR"
    assert got["Paris"].country == "USA"
    assert got["Texas"].feature == "admin1"
    assert "Sunday" not in got
