"""The quick exit never covers the page: at 320, 390 and 1280 px wide, with and without
JavaScript, every link in the header can be clicked and nothing overlaps the quick exit."""

import re

import pytest
from playwright.sync_api import expect

from kinship.testing.browser import assert_accessible

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

WIDTHS = [320, 390, 1280]
QUICK_EXIT = re.compile("^(Quick exit|Fàg gu luath)")  # English, Gàidhlig
PAGES = ["/", "/gd/", "/support/", "/ask/"]


def overlaps(a: dict, b: dict) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
@pytest.mark.parametrize("width", WIDTHS)
def test_every_header_link_can_be_clicked_and_the_quick_exit_covers_nothing(
    new_page, live_server, width, javascript
):
    page = new_page(javascript=javascript)
    page.set_viewport_size({"width": width, "height": 844})
    for path in PAGES:
        page.goto(live_server.url + path)
        quick_exit = page.locator(".ds_hide-page")
        expect(quick_exit.get_by_role("link", name=QUICK_EXIT)).to_be_visible()
        box = quick_exit.bounding_box()
        links = page.locator("header[role=banner] a")
        assert links.count() >= 3
        for i in range(links.count()):
            link = links.nth(i)
            link.scroll_into_view_if_needed()
            # A trial click fails if anything else would receive the click.
            link.click(trial=True, timeout=3000)
            link_box = link.bounding_box()
            assert not overlaps(box, link_box), (path, width, link.inner_text())
        heading = page.get_by_role("heading", level=1)
        assert not overlaps(box, heading.bounding_box()), (path, width)
        if javascript:  # evaluating script in a page with JavaScript off never returns
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (path, width)
    if javascript:
        assert_accessible(page)
