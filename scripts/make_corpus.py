"""A reproducible synthetic news corpus for speed and scale benchmarks.

    python scripts/make_corpus.py -n 2000 --seed 8 -o /tmp/corpus.jsonl

Each line is an input record of ``shared/eval/FORMAT.md`` (``id``, ``text``,
``published``, ``source``). Stories are written from templates in this file
(no third-party text): a headline, a dateline lead, then body paragraphs of one
to three sentences, wire-story length (default 12-32 sentences, about 300-800
words). The mix follows real news: most stories are about business, sport,
weather, health or culture, and even in political stories most sentences are
background, quotes and figures, not events. Trigger words also appear in
non-event uses ("shares hit a record", "the storm cut power", "fans called on
the coach"), which is what makes triage hard in real text.

The same ``--seed`` and ``-n`` give byte-identical output on every machine.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from datetime import date, timedelta

COUNTRIES = [
    # (country, demonym, capital, another city, leader title, leader name)
    ("Poland", "Polish", "Warsaw", "Gdansk", "Prime Minister", "Mateusz Morawiecki"),
    ("Kenya", "Kenyan", "Nairobi", "Mombasa", "President", "William Ruto"),
    ("Peru", "Peruvian", "Lima", "Cusco", "President", "Dina Boluarte"),
    ("France", "French", "Paris", "Marseille", "President", "Emmanuel Macron"),
    ("India", "Indian", "New Delhi", "Mumbai", "Prime Minister", "Narendra Modi"),
    ("Brazil", "Brazilian", "Brasilia", "Sao Paulo", "President", "Luiz Inacio Lula da Silva"),
    ("Nigeria", "Nigerian", "Abuja", "Lagos", "President", "Bola Tinubu"),
    ("Japan", "Japanese", "Tokyo", "Osaka", "Prime Minister", "Fumio Kishida"),
    ("Germany", "German", "Berlin", "Hamburg", "Chancellor", "Olaf Scholz"),
    ("Ukraine", "Ukrainian", "Kyiv", "Kharkiv", "President", "Volodymyr Zelensky"),
    ("Colombia", "Colombian", "Bogota", "Medellin", "President", "Gustavo Petro"),
    ("Pakistan", "Pakistani", "Islamabad", "Karachi", "Prime Minister", "Shehbaz Sharif"),
    ("Indonesia", "Indonesian", "Jakarta", "Surabaya", "President", "Joko Widodo"),
    ("Egypt", "Egyptian", "Cairo", "Alexandria", "President", "Abdel Fattah al-Sisi"),
    ("Mexico", "Mexican", "Mexico City", "Guadalajara", "President", "Andres Manuel Lopez Obrador"),
    ("Turkey", "Turkish", "Ankara", "Istanbul", "President", "Recep Tayyip Erdogan"),
]
AGENCIES = ["Reuters", "AP", "AFP", "Xinhua", "DPA", "Bernama"]
SOURCES = ["wire-a", "wire-b", "daily-c", "portal-d"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
FIRST = ["Ana", "Jan", "Maria", "David", "Amina", "Kenji", "Sofia", "Omar", "Lucia", "Peter", "Grace", "Ivan",
         "Nadia", "Carlos", "Mei", "Tomas", "Fatima", "Ravi", "Elena", "Samuel"]
LAST = ["Novak", "Kowalski", "Otieno", "Silva", "Tanaka", "Dubois", "Sharma", "Mendes", "Adeyemi", "Weber",
        "Petrenko", "Rojas", "Khan", "Santoso", "Hassan", "Garcia", "Yilmaz", "Moreau", "Okafor", "Nowak"]
COMPANIES = ["Northgate Holdings", "Baltic Freight", "Sunrise Telecom", "Meridian Foods", "Atlas Mining",
             "Bluewater Energy", "Crescent Bank", "Orion Motors", "Harbor Logistics", "Pioneer Pharma"]
TEAMS = ["United", "City", "Rovers", "Athletic", "Wanderers", "Dynamo", "Sporting", "Olympic"]
NUM_WORDS = ["two", "three", "four", "five", "six", "dozens of", "hundreds of", "thousands of", "about 200", "more than 50"]

# --- sentences with no political event (the bulk of news) -------------------------------
BACKGROUND = {
    "business": [
        "{company} said quarterly revenue rose {pct} percent to {money}, beating analyst forecasts.",
        "Shares in {company} hit a {n}-week high in early trading before easing back by the close.",
        "The company expects margins to improve in the second half as input costs stabilise.",
        "Analysts at several brokers raised their price targets after the results.",
        "{company} plans to open {n} new stores in {city} and the surrounding region next year.",
        "Its chief executive, {person}, said demand had been stronger than expected in {month}.",
        "The central bank left its benchmark rate unchanged at {pct} percent for a third month.",
        "Inflation slowed to {pct} percent in {month}, the statistics office said on {weekday}.",
        "Exports of machinery and vehicles accounted for nearly a third of the increase.",
        "The {demonym} currency firmed slightly against the dollar and the euro.",
        "Retail sales were flat compared with the previous month, while online sales grew.",
        "The firm will cut its dividend to fund investment in new production lines.",
        "Bond yields edged lower as investors weighed the outlook for interest rates.",
        "{company} shares have gained {pct} percent since the start of the year.",
        "The merger still requires approval from competition authorities in {country}.",
        "Oil prices climbed after producers signalled they would keep output steady.",
    ],
    "sport": [
        "{team_a} beat {team_b} {score} on {weekday} to move {n} points clear at the top of the table.",
        "{person} scored twice in the second half, taking his tally for the season to {n}.",
        "The visitors took the lead after {n} minutes but could not hold on.",
        "Coach {person} said his players had shown great character after a difficult week.",
        "The club confirmed that its captain will miss the next {n} matches with a knee injury.",
        "Tickets for the final in {city} sold out within hours, organisers said.",
        "The home side hit the post twice before the break.",
        "Fans called for the manager to stay after the team avoided relegation.",
        "The tournament returns to {city} next year for the first time since 2015.",
        "She finished the marathon in two hours and {n} minutes, a national record.",
    ],
    "weather": [
        "Heavy rain is forecast across the north of {country} until at least {weekday}.",
        "The storm cut power to about {big} homes in {city} and nearby towns.",
        "Temperatures are expected to reach {n} degrees Celsius in the capital this week.",
        "Flooding closed several roads and delayed trains between {city} and {city2}.",
        "Forecasters said the dry spell could last into next month.",
        "Farmers in the region have reported lower yields after the drought.",
        "The meteorological service issued a yellow alert for strong winds along the coast.",
    ],
    "health": [
        "Hospitals in {city} reported a rise in flu admissions over the past {n} weeks.",
        "The health ministry said {n} new vaccination centres would open by the end of {month}.",
        "Researchers found that regular exercise lowered the risk of heart disease by {pct} percent.",
        "The study, published in a medical journal, followed {big} adults for ten years.",
        "Doctors advised older people to avoid long periods in the sun.",
        "The new clinic will treat up to {n} patients a day, officials said.",
    ],
    "culture": [
        "The film opened in {n} cinemas across {country} and took {money} in its first weekend.",
        "The museum's new wing, designed by a {demonym} architect, opens to the public in {month}.",
        "More than {big} people attended the festival over three days, organisers said.",
        "The novel, her fourth, is set in a fishing village near {city2}.",
        "The orchestra will tour {n} cities next spring, starting in {city}.",
        "Critics praised the production for its bold staging and strong cast.",
    ],
    "politics": [  # background in political stories: context, figures, quotes without an event
        "The {demonym} parliament has {n} seats and the ruling coalition holds a narrow majority.",
        "{leader_title} {leader} took office in {year} after a closely fought election.",
        "The dispute dates back to a {year} agreement on fishing rights in the area.",
        "Opposition leader {person} is expected to run for the presidency next year.",
        "The region has a population of about {big} and relies heavily on farming.",
        "Turnout in the last election was {pct} percent, the lowest in two decades.",
        "Officials did not give further details.",
        "The ministry did not immediately respond to a request for comment.",
        "The bill is due to be debated in the upper house next month.",
        "Polls suggest the ruling party's support has fallen to {pct} percent.",
        "The city of {city} has been at the centre of the debate over the new law.",
        "It was not clear how many people had taken part.",
        "Both sides have said they want a peaceful solution.",
        "\u201cWe are listening to everyone,\u201d {person} told reporters in {city}.",
        "The figures could not be independently verified.",
        "Local media reported that the talks were expected to last two days.",
    ],
}

# --- sentences that carry a political event ---------------------------------------------
EVENTS = [
    "Police arrested {num} protesters outside the parliament building in {city} on {weekday}.",
    "Thousands of people marched through {city} on {weekday} to demand higher wages.",
    "{leader_title} {leader} met his {demonym2} counterpart in {city} to discuss trade and security.",
    "The European Union imposed new sanctions on {country2} over its treatment of opposition figures.",
    "{country} and {country2} signed an agreement to expand cooperation on energy.",
    "Security forces fired tear gas to disperse demonstrators in {city2}.",
    "Gunmen killed {num} villagers in an attack in the north of {country} on {weekday}.",
    "{country} recalled its ambassador from {country2} after the incident.",
    "The government accused {country2} of interfering in its internal affairs.",
    "Dock workers went on strike in {city2}, halting traffic at the port.",
    "The United Nations urged both sides to return to negotiations.",
    "{country} said it would withdraw its troops from the border area by the end of {month}.",
    "Opposition leader {person} called on supporters to boycott the vote.",
    "The army deployed {num} soldiers to {city2} after the clashes.",
    "{country2} rejected the proposal, saying it ignored its security concerns.",
    "Rebels ambushed a military convoy near {city2}, killing {num} soldiers.",
    "{country} will provide {money} in aid to flood victims in {country2}, the ministry said.",
    "A court in {city} sentenced {person} to {n} years in prison on charges of inciting unrest.",
    "The {demonym} foreign minister condemned the bombing as an act of terror.",
    "Teachers threatened to strike next week unless the government raises pay.",
]
HEADLINES = {
    "business": ["{company} profit beats forecasts", "{demonym} inflation eases in {month}", "Markets steady as investors await rate decision"],
    "sport": ["{team_a} edge {team_b} to stay top", "Record run in {city} marathon", "Captain out for {n} matches"],
    "weather": ["Storm brings floods to {city}", "Heatwave grips {country}", "Rain warning for the north"],
    "health": ["Flu cases rise in {city}", "New clinics to open in {country}", "Study links exercise to heart health"],
    "culture": ["Festival draws record crowds", "{demonym} film tops box office", "Museum wing to open in {month}"],
    "politics": ["Protests spread in {country} as unions dig in", "{country} and {country2} in talks on border",
                 "Sanctions loom over {country2}", "Tensions rise after clashes in {city2}"],
}
CATEGORY_WEIGHTS = {"business": 0.25, "sport": 0.15, "weather": 0.08, "health": 0.1, "culture": 0.1, "politics": 0.32}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


class _Filler(dict):
    """Template slots, drawn lazily from the story's random generator and cast."""

    def __init__(self, rng: random.Random, cast: dict[str, str]) -> None:
        super().__init__(cast)
        self.rng = rng

    def __missing__(self, key: str) -> str:
        r = self.rng
        value = {
            "pct": lambda: f"{r.randint(1, 9)}.{r.randint(0, 9)}",
            "money": lambda: f"{r.randint(2, 900)} million dollars",
            "n": lambda: str(r.randint(2, 40)),
            "big": lambda: f"{r.randint(2, 90)},{r.randint(0, 999):03d}",
            "num": lambda: r.choice(NUM_WORDS),
            "weekday": lambda: r.choice(WEEKDAYS),
            "month": lambda: r.choice(MONTHS),
            "year": lambda: str(r.randint(1995, 2022)),
            "score": lambda: f"{r.randint(1, 4)}-{r.randint(0, 1)}",
            "person": lambda: f"{r.choice(FIRST)} {r.choice(LAST)}",
            "company": lambda: r.choice(COMPANIES),
            "team_a": lambda: r.choice(TEAMS),
            "team_b": lambda: r.choice(TEAMS),
        }[key]()
        return value  # drawn afresh each time: "{person}" twice names two people


def story(rng: random.Random, n: int, start: date, sentences: tuple[int, int]) -> dict:
    category = rng.choices(list(CATEGORY_WEIGHTS), weights=list(CATEGORY_WEIGHTS.values()))[0]
    home, other = rng.sample(COUNTRIES, 2)
    published = start + timedelta(days=rng.randint(0, 364))
    cast = {
        "country": home[0], "demonym": home[1], "city": home[2], "city2": home[3],
        "leader_title": home[4], "leader": home[5],
        "country2": other[0], "demonym2": other[1],
    }
    fill = _Filler(rng, cast)
    target = rng.randint(*sentences)
    # political stories: 15-35% event sentences; others: an occasional one (a strike hits a firm)
    event_share = rng.uniform(0.15, 0.35) if category == "politics" else (0.04 if rng.random() < 0.3 else 0.0)
    pool = BACKGROUND[category] + (BACKGROUND["politics"] if category != "politics" and rng.random() < 0.2 else [])
    body: list[str] = []
    for i in range(target):
        if (i == 0 and category == "politics") or rng.random() < event_share:
            body.append(rng.choice(EVENTS).format_map(fill))
        else:
            body.append(rng.choice(pool).format_map(fill))
    city = cast["city"] if rng.random() < 0.6 else cast["city2"]
    dateline = f"{city.upper()}, {published.day} {MONTHS[published.month - 1]} {published.year} ({rng.choice(AGENCIES)}) - "
    paras, i = [], 0
    while i < len(body):
        k = 1 if i == 0 else rng.choice((1, 1, 2, 2, 3))
        paras.append(" ".join(body[i:i + k]))
        i += k
    paras[0] = dateline + paras[0]
    headline = rng.choice(HEADLINES[category]).format_map(fill)
    return {"id": f"syn-{n:07d}", "text": headline + "\n\n" + "\n\n".join(paras),
            "published": published.isoformat(), "source": rng.choice(SOURCES), "category": category}


def generate(count: int, seed: int = 8, sentences: tuple[int, int] = (12, 32), start: date = date(2021, 1, 1)):
    """Yield ``count`` story records; each story has its own generator so any prefix is stable."""
    for n in range(count):
        yield story(random.Random(f"{seed}:{n}"), n, start, sentences)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", "--count", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--min-sentences", type=int, default=12)
    ap.add_argument("--max-sentences", type=int, default=32)
    ap.add_argument("-o", "--output", default="-")
    args = ap.parse_args()
    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")  # noqa: SIM115 - closed below
    try:
        for record in generate(args.count, args.seed, (args.min_sentences, args.max_sentences)):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()


if __name__ == "__main__":
    main()
