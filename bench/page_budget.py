"""A Lighthouse-style budget for the public pages (issue 21), with nothing downloaded at run
time: Lighthouse itself is not installed, so this checks the budget items it would, from the
pages the server sends and the static files they reference.

    uv run python -m bench.page_budget

For every public page without an object in its URL (the same walk as the pseudo-locale test):
the bytes of the HTML as the server sends it to a browser that accepts gzip (the page is
requested with `Accept-Encoding: gzip`; since issue 20 the server compresses it, and a page
sent uncompressed counts at its full size and is reported), the gzip bytes of every same-site
stylesheet, script, image and icon it references (WhiteNoise serves the pre-compressed copies),
the number of requests, third-party hosts (must be none) and cookies set (none but csrftoken on
pages with a form, which the cookies page declares).
Exits 1 if any page is over budget.
"""

import gzip
import re
import sys
from urllib.parse import urlparse

from bench._common import create_test_database, setup_django

BUDGET = {"total_gzip_kb": 120, "requests": 8}
REFS = re.compile(r"""<(?:link|script|img)\b[^>]*?(?:href|src)=["']([^"']+)["']""", re.I)
NOT_PAGES = (".csv", ".json", ".pdf", "/clear/", "/download/", "/estimate/")


def main() -> int:
    setup_django()
    teardown = create_test_database()
    try:
        from django.contrib.staticfiles import finders
        from django.test import Client

        from kinship.web.reference import ensure_reference_data
        from kinship.web.tests.test_pseudo_locale import pages_to_check

        ensure_reference_data()
        client = Client()
        pages = [
            p
            for p in pages_to_check()
            if not p.startswith(("/staff/", "/accounts/", "/join/")) and not p.endswith(NOT_PAGES)
        ]
        over = uncompressed = raw_total = sent_total = 0
        print(
            f"{'page':40} {'html kB':>8} {'sent kB':>8} {'total kB':>9} {'requests':>9} "
            f"{'3rd party':>10} {'cookies':>8}  verdict"
        )
        for path in pages:
            response = client.get(path, HTTP_ACCEPT_ENCODING="gzip")
            if response.status_code != 200:
                continue
            sent = len(response.content)
            compressed = response.get("Content-Encoding") == "gzip"
            html = gzip.decompress(response.content) if compressed else response.content
            raw_total += len(html)
            sent_total += sent
            uncompressed += not compressed
            total = sent
            refs = [r for r in REFS.findall(html.decode()) if not r.startswith("data:")]
            third = sorted({urlparse(r).netloc for r in refs if urlparse(r).netloc})
            for ref in refs:
                found = finders.find(urlparse(ref).path.removeprefix("/static/"))
                if found:
                    with open(found, "rb") as f:
                        total += len(gzip.compress(f.read()))
            requests = 1 + len(refs)
            ok = (
                total / 1024 <= BUDGET["total_gzip_kb"]
                and requests <= BUDGET["requests"]
                and not third
                and not set(response.cookies) - {"csrftoken"}
            )
            over += not ok
            print(
                f"{path:40} {len(html) / 1024:8.1f} {sent / 1024:8.1f}"
                f"{'' if compressed else '*'} {total / 1024:{9 if compressed else 8}.1f} "
                f"{requests:9} {len(third):10} {','.join(response.cookies) or '-':>10}  "
                f"{'ok' if ok else 'OVER'}"
            )
        print(
            f"HTML of all pages: {raw_total / 1024:.1f} kB raw, {sent_total / 1024:.1f} kB sent; "
            f"pages sent uncompressed (*): {uncompressed}"
        )
        print(f"budget: {BUDGET}; pages over budget: {over}")
        return 1 if over else 0
    finally:
        teardown()


if __name__ == "__main__":
    sys.exit(main())
