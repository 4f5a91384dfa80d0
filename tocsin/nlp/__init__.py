"""tocsin: nlp."""
