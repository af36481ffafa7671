"""Benchmarks. Run them all with `make bench` (or `uv run python -m bench`), or one with
`uv run python -m bench.<module>`. Each reports ratios measured within one run."""
