"""Reflow and zoom (WCAG 2.2 1.4.10 and 1.4.4) and axe, in a real browser, on every public page
the URL resolver knows (issue 21): no horizontal scrolling at 320 CSS px (data tables scroll in
their own box), none at 200% zoom (1280 px seen as 640), and no axe violation. Text-only
resizing is not emulated: setting the root font size by script leaves the design system's media
queries (in em of the browser's default size) behind, so it measures a layout no reader gets.
Pages with an object in the URL are not walked yet (see test_pseudo_locale.py)."""

import pytest

from kinship.testing.browser import assert_accessible
from kinship.web.tests.test_pseudo_locale import pages_to_check

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser, pytest.mark.slow]

NOT_PAGES = (".csv", ".json", ".pdf", ".ics", "/clear/", "/download/", "/estimate/")


def public_pages() -> list[str]:
    pages = [
        p
        for p in pages_to_check()
        if not p.startswith(("/staff/", "/accounts/", "/join/")) and not p.endswith(NOT_PAGES)
    ]
    # In Gàidhlig too: longer words, and the draft notice in the header.
    return pages + ["/gd" + p for p in pages]


def page_width(page) -> int:
    # Wider content inside a scrolling box (a data table) does not count: 1.4.10 allows it.
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("path", public_pages())
def test_public_page_reflows_zooms_and_is_accessible(page, live_server, path):
    page.set_viewport_size({"width": 320, "height": 640})
    response = page.goto(live_server.url + path)
    if response is None or response.status != 200:
        pytest.skip(f"{path}: {response and response.status}")
    assert page_width(page) <= 320, (path, "320 px")
    assert_accessible(page)
    page.set_viewport_size({"width": 640, "height": 400})  # 1280 x 800 at 200% zoom
    assert page_width(page) <= 640, (path, "200% zoom")
