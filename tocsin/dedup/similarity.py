"""Small, dependency-free similarity measures used to decide whether two reports tell one event."""
from __future__ import annotations

import math
import re
from collections.abc import Iterable
from functools import lru_cache

_WORD = re.compile(r"[^\W_]+", re.UNICODE)

# Function words and reporting verbs: they say nothing about which event a sentence tells.
STOPWORDS = frozenset(["a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "from", "by", "for", "with", "without", "into", "onto", "over", "under", "about", "after", "before", "during", "since", "until", "as", "than", "then", "that", "this", "these", "those", "there", "here", "it", "its", "it's", "is", "are", "was", "were", "be", "been", "being", "am", "has", "have", "had", "having", "do", "does", "did", "done", "will", "would", "shall", "should", "can", "could", "may", "might", "must", "not", "no", "yes", "he", "she", "they", "them", "their", "his", "her", "him", "we", "us", "our", "you", "your", "i", "me", "my", "who", "whom", "whose", "which", "what", "when", "where", "why", "how", "said", "says", "say", "saying", "told", "tell", "tells", "according", "reported", "reports", "report", "also", "just", "very", "more", "most", "some", "any", "all", "both", "each", "other", "another", "such", "only", "own", "same", "so", "too", "s", "t", "one", "two", "three", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday", "today", "tomorrow", "week", "weekend", "day", "night", "morning", "afternoon", "evening", "last", "next", "earlier", "later", "new"])

_SUFFIXES = ("ations", "ation", "ings", "ing", "ers", "ies", "ied", "ers", "ed", "es", "er", "s")


def stem(token: str) -> str:
    """A crude suffix stripper: 'protesters' and 'protested' and 'protest' meet at 'protest'."""
    for suffix in _SUFFIXES:
        if len(token) > len(suffix) + 3 and token.endswith(suffix):
            token = token[: -len(suffix)]
            break
    return token[:7]


def _words(text: str, ignore: frozenset[str] = frozenset()) -> list[str]:
    return [w for w in _WORD.findall(text.lower())
            if len(w) > 1 and w not in STOPWORDS and w not in ignore and not w.isdigit()]


# A stored event's evidence is compared with every new report filed in its block: cached,
# its words are split and stemmed once, not once per comparison (ingest profile: 14% -> ~3%).
@lru_cache(maxsize=8192)
def content_tokens(text: str, ignore: frozenset[str] = frozenset()) -> frozenset[str]:
    """Lower-cased, stemmed content words of a text (stop words, ``ignore`` and single letters dropped)."""
    return frozenset(stem(word) for word in _words(text, ignore))


@lru_cache(maxsize=8192)
def char_ngrams(text: str, n: int = 3, ignore: frozenset[str] = frozenset()) -> frozenset[str]:
    """Character n-grams of the content words (joined by one space), padded at word edges."""
    words = _words(text, ignore)
    joined = " " + " ".join(words) + " "
    return frozenset(joined[i:i + n] for i in range(len(joined) - n + 1))


def jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    sa, sb = set(a), set(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


def text_similarity(a: str, b: str, ignore: frozenset[str] = frozenset()) -> dict[str, float]:
    """Token Jaccard, character-trigram Jaccard, and their mean as ``score`` (all in [0, 1]).

    Words in ``ignore`` (lower case) are left out: the place name, judged separately.
    """
    tok = jaccard(content_tokens(a, ignore), content_tokens(b, ignore))
    ch = jaccard(char_ngrams(a, ignore=ignore), char_ngrams(b, ignore=ignore))
    return {"token_jaccard": round(tok, 3), "char3_jaccard": round(ch, 3), "score": round((tok + ch) / 2, 3)}


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))
