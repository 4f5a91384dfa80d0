"""tocsin: sources."""
