"""tocsin: read the news, code political events (PLOVER 2.0) with their evidence."""

__version__ = "0.1.0"
