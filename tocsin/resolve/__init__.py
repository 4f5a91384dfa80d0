"""tocsin: resolve."""
