"""Households, carers, children, legal arrangements and consent."""
