"""Test helpers every app reuses: data factories, staff sign-in, Playwright and axe-core."""
