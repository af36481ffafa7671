"""Councils' published foster and kinship allowances and the SRA."""
