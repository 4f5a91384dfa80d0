"""Behaviour of the date/time resolver, anchored on a Sunday publication date (2020-08-16)."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tocsin.resolve.dates import DATA_PATH, DateResolver, Timex, split_sentences, timexes_for_article

PUB = date(2020, 8, 16)  # a Sunday


@pytest.fixture(scope="module")
def r() -> DateResolver:
    return DateResolver.default()


def one(r: DateResolver, text: str, published: date | None = PUB, **kw) -> Timex:
    found = r.find(text, published, **kw)
    assert len(found) == 1, found
    t = found[0]
    assert text[t.start:t.end] == t.text
    return t


def test_default_is_cached_and_data_file_is_json() -> None:
    assert DateResolver.default() is DateResolver.default()
    data = json.loads(DATA_PATH.read_text(encoding="utf-8"))
    assert data["weekdays"]["Sunday"] == 6 and data["months"]["August"] == 8


def test_past_weekday_is_most_recent_past(r: DateResolver) -> None:
    t = one(r, "On Saturday, thousands of workers marched through the old town.")
    assert (t.text, t.type, t.value, t.date) == ("Saturday", "DATE", "2020-08-15", date(2020, 8, 15))
    assert one(r, "Riot police dispersed the crowd on Wednesday.").value == "2020-08-12"


def test_future_weekday_same_as_published_is_that_day(r: DateResolver) -> None:
    assert one(r, "Students plan to demonstrate on Sunday outside the ministry.").value == "2020-08-16"
    assert one(r, "They will rally on Sunday", tense="future").value == "2020-08-16"
    assert one(r, "The union will strike on Tuesday.").value == "2020-08-18"


def test_weekday_equal_to_published_in_past_is_a_week_ago_only_with_last(r: DateResolver) -> None:
    assert one(r, "Crowds gathered on Sunday.", tense="past").value == "2020-08-16"
    assert one(r, "Crowds gathered last Sunday.", tense="past").value == "2020-08-09"
    assert one(r, "They meet again next Sunday.").value == "2020-08-23"


def test_absolute_dates(r: DateResolver) -> None:
    assert one(r, "Sunday 16 August was the largest day of protest.").value == "2020-08-16"
    assert one(r, "He claimed victory in the re-election on August 10.").value == "2020-08-10"
    assert one(r, "Ballots were counted on Aug. 10, 2020 in the capital.").date == date(2020, 8, 10)
    assert one(r, "The decree dated 3rd of March 2019 was annulled.").value == "2019-03-03"
    assert one(r, "The treaty took effect in May 2010.").value == "2010-05"
    assert one(r, "A report filed on 2020-07-01 was leaked.").value == "2020-07-01"


def test_year_of_dates_without_one_follows_tense(r: DateResolver) -> None:
    new_year = date(2021, 1, 2)
    assert one(r, "Strikers walked out on December 31.", new_year).value == "2020-12-31"
    assert one(r, "The summit will open on January 5.", date(2020, 12, 20)).value == "2021-01-05"
    assert one(r, "Talks open in February.", date(2020, 12, 20)).value == "2021-02"  # nearest reading
    assert one(r, "Growth stalled in mid-2019.").value == "2019"


def test_numeric_dates_prefer_reading_near_publication(r: DateResolver) -> None:
    assert one(r, "The letter is dated 10/08/2020.").value == "2020-08-10"  # not 8 October
    assert one(r, "The letter is dated 08/14/2020.").value == "2020-08-14"  # only MDY is valid


def test_years_months_and_relative_periods(r: DateResolver) -> None:
    assert one(r, "The party was founded in 2019.").value == "2019"
    assert one(r, "Prices rose last month.").value == "2020-07"
    assert one(r, "Turnout fell last year.").value == "2019"
    assert one(r, "Talks broke down last week.").value == "2020-W32"
    assert one(r, "Talks resume this week.").value == "2020-W33"
    assert one(r, "Talks resume next week.").value == "2020-W34"
    assert one(r, "The assembly was dissolved in March.").value == "2020-03"
    assert one(r, "Elections were held in October.").value == "2019-10"  # past: the latest October
    assert one(r, "Elections will be held in October.").value == "2020-10"
    assert one(r, "The miners walked out last June.").value == "2020-06"


def test_relative_days_and_narrative_reference(r: DateResolver) -> None:
    assert one(r, "The day before, police detained dozens.", reference=date(2020, 8, 15)).value == "2020-08-14"
    assert one(r, "A day later the curfew was lifted.", reference=date(2020, 8, 12)).value == "2020-08-13"
    assert one(r, "The minister resigned yesterday.").value == "2020-08-15"
    assert one(r, "The talks collapsed two days ago.").value == "2020-08-14"
    assert one(r, "The dock strike began three years ago.").value == "2017"
    # anchored on an event, not on the narrative date: unresolved
    assert one(r, "Leaflets appeared the day before the referendum.").value is None


def test_durations_and_refs(r: DateResolver) -> None:
    t = one(r, "The sit-in lasted three days.")
    assert (t.type, t.value) == ("DURATION", "P3D")
    assert one(r, "Their leader was jailed for a week.").value == "P1W"
    assert one(r, "The blockade went on for two years.").value == "P2Y"
    assert one(r, "The standoff over the past two years hurt trade.").value == "P2Y"
    assert one(r, "Traders are currently shut out.").value == "PRESENT_REF"
    assert one(r, "Now the border is closed.").value == "PRESENT_REF"


def test_clock_times(r: DateResolver) -> None:
    t = one(r, "Marchers set off at 2 p.m. from the station.")
    assert (t.type, t.time, t.value) == ("TIME", "14:00", "2020-08-16T14:00")
    assert one(r, "The curfew starts at 9 pm.").time == "21:00"
    assert one(r, "The curfew starts at 21:30.").time == "21:30"
    assert one(r, "Voting closed at 20h.").time == "20:00"
    assert one(r, "They gathered at noon.").time == "12:00"
    assert one(r, "Shots were heard at 2 p.m. (local hour).").time == "14:00"
    found = r.find("On Saturday at 4 p.m. riot police moved in.", PUB)
    assert [(t.type, t.value) for t in found] == [("DATE", "2020-08-15"), ("TIME", "2020-08-15T16:00")]


def test_unknown_publication_date(r: DateResolver) -> None:
    assert one(r, "Protesters gathered on Saturday.", None).value is None
    assert one(r, "Talks broke down last week.", None).value is None
    assert one(r, "The minister resigned yesterday.", None).value is None
    assert one(r, "The strike began on 16 August 2020.", None).value == "2020-08-16"
    assert one(r, "The accord was signed on Aug. 10, 2020.", None).date == date(2020, 8, 10)
    assert one(r, "The sit-in lasted three days.", None).value == "P3D"


def test_not_dates(r: DateResolver) -> None:
    assert r.find("Officials may resign if the vote is annulled.", PUB) == []
    assert r.find("Thousands of people will march on the capital.", PUB) == []
    assert r.find("March on the capital, the organisers urged.", PUB) == []
    assert r.find("Theresa May met union leaders.", PUB) == []
    assert r.find("More than 2,000 people and nearly 1500 troops were there.", PUB) == []
    assert r.find("Some 1800 demonstrators were detained.", PUB) == []


def test_tense_inference(r: DateResolver) -> None:
    assert r.infer_tense("The opposition intends to rally") == "future"
    assert r.infer_tense("Police arrested ten people") == "past"
    assert r.infer_tense("The company has identified partners") == "present"
    assert r.infer_tense("Officials say the talks continue") == "present"


def test_as_dict_shape(r: DateResolver) -> None:
    t = one(r, "Crowds gathered on Saturday.")
    assert t.as_dict() == {"start": 19, "end": 27, "text": "Saturday", "type": "DATE", "value": "2020-08-15"}


def test_article_walk_uses_reference_chain() -> None:
    text = ("Opposition supporters rallied in the capital on Thursday. The day before, two organisers\n"
            "were arrested at 6 p.m. near the station.\n\n"
            "A day later the police withdrew. The next rally is on Aug. 23.")
    out = timexes_for_article(text, PUB)
    assert [(d["text"], d["value"]) for d in out] == [
        ("Thursday", "2020-08-13"), ("The day before", "2020-08-12"),
        ("6 p.m.", "2020-08-12T18:00"), ("A day later", "2020-08-13"), ("Aug. 23", "2020-08-23")]
    for d in out:
        assert text[d["start"]:d["end"]] == d["text"]


def test_sentence_split_keeps_abbreviations() -> None:
    text = "Curfew in Gomel\n\nThey met at 2 p.m. Sunday in the\nsquare. Then Mr. Ivanov spoke."
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "Curfew in Gomel", "They met at 2 p.m. Sunday in the\nsquare.", "Then Mr. Ivanov spoke."]


@pytest.mark.shared
def test_te3_dev_scores() -> None:
    gold = Path(__file__).resolve().parents[2] / "shared" / "eval" / "timex-te3.dev.jsonl"
    if not gold.exists():
        pytest.skip("../shared is absent")
    import importlib.util

    script = Path(__file__).parents[1] / "scripts" / "eval_timex.py"
    spec = importlib.util.spec_from_file_location("eval_timex", script)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    result = mod.score(gold)
    assert result["found"] >= 0.85 and result["exact"] >= 0.80


def test_letters_that_fold_to_ascii_do_not_crash_the_rules(r):
    # re's IGNORECASE lets the long s match "s": "the ſame day" matched a rule whose table
    # only knows "the same day" and raised KeyError; now such letters are folded first
    text = "Talks resumed on the ſame day in İzmir, at 5 PM on Sunday."
    found = r.find(text, PUB)
    assert [t.text for t in found][0] == "the same day"
    for t in found:  # spans still point into the text as given
        assert len(text[t.start:t.end]) == len(t.text)
