"""Append-only record of every access to personal data."""
