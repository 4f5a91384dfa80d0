"""Writers for coded output (JSONL now; CSV/Parquet/GeoJSON exporters come with the store)."""
