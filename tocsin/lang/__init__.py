"""Languages: offline detection and routing of articles to the coder of their language."""
from __future__ import annotations

from tocsin.lang.detect import SUPPORTED, detect_language
from tocsin.lang.router import LanguageRouter, RouterStats

__all__ = ["SUPPORTED", "detect_language", "LanguageRouter", "RouterStats"]
