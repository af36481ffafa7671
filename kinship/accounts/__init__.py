"""Organisations, staff, roles and two-factor sign-in."""
