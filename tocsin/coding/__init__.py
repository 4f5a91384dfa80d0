"""tocsin: coding."""
