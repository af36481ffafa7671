"""Shared page layout, public home and information pages, form rendering."""
