"""Offline language detection, restricted to the languages tocsin codes plus "other".

``lingua-language-detector`` (models shipped inside its wheel, no network) decides
between the supported languages and a set of common news languages that stand
for "other" (a Ukrainian or German story must not be forced into Russian or
French). Its models are loaded only for those languages, once per process.
Without lingua, a script-and-stopword heuristic answers for en/ru/fr/other.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

SUPPORTED = ("en", "ru", "fr")
# languages lingua may answer with, besides the supported ones; all become "other"
_OTHERS = ("GERMAN", "SPANISH", "ITALIAN", "PORTUGUESE", "UKRAINIAN", "POLISH", "BELARUSIAN", "DUTCH",
           "TURKISH", "ARABIC", "CHINESE", "PERSIAN", "BULGARIAN", "SERBIAN")
_ISO = {"ENGLISH": "en", "RUSSIAN": "ru", "FRENCH": "fr"}
MIN_CHARS = 12
MIN_CONFIDENCE = 0.5
_SAMPLE = 2000  # the first characters decide: enough for any detector, and bounded cost


@lru_cache(maxsize=1)
def _lingua() -> Any:
    try:
        from lingua import Language, LanguageDetectorBuilder
    except ImportError:
        return None
    langs = [Language.ENGLISH, Language.RUSSIAN, Language.FRENCH] + [getattr(Language, n) for n in _OTHERS]
    return LanguageDetectorBuilder.from_languages(*langs).with_preloaded_language_models().build()


_WORD = re.compile(r"[^\W\d_]+")
_STOP = {
    "en": {"the", "and", "of", "to", "in", "on", "was", "were", "said", "with", "by", "for", "that", "is"},
    "fr": {"le", "la", "les", "des", "du", "de", "et", "un", "une", "est", "a", "ont", "dans", "sur", "pour", "avec"},
}


def _heuristic(text: str) -> str:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return "other"
    cyr = sum("\u0400" <= c <= "\u04ff" for c in letters) / len(letters)
    if cyr > 0.5:
        return "other" if any(c in text for c in "ієїґўІЄЇҐЎ") else "ru"
    words = [w.lower() for w in _WORD.findall(text)]
    scores = {lang: sum(w in stop for w in words) for lang, stop in _STOP.items()}
    best = max(scores, key=scores.__getitem__)
    return best if scores[best] >= 2 else "other"


def detect_language(text: str) -> str:
    """"en", "ru", "fr" or "other" for ``text`` (too short or unsure is "other")."""
    sample = text[:_SAMPLE]
    if len(sample.strip()) < MIN_CHARS:
        return "other"
    detector = _lingua()
    if detector is None:
        return _heuristic(sample)
    values = detector.compute_language_confidence_values(sample)
    if not values:
        return "other"
    top = values[0]
    code = _ISO.get(top.language.name, "other")
    if code != "other" and top.value < MIN_CONFIDENCE:
        return "other"
    return code


__all__ = ["SUPPORTED", "detect_language"]
