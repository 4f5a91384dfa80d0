"""tocsin: eval."""
