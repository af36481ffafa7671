"""Project-wide pytest fixtures: the browser harness and staff helpers (see kinship/testing)."""

import os

import pytest
from hypothesis import settings as hypothesis_settings

# Shared build machines are noisy: no per-example deadline, and no example database on disk.
hypothesis_settings.register_profile("kinship", deadline=None, database=None)
hypothesis_settings.load_profile("kinship")

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from the
# test body are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session", autouse=True)
def _urls_imported():
    """Import the URL map (and every view module) once up front, so the first page a browser
    test loads is not slowed by imports into Playwright's timeout."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - the access is the import


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    from kinship.testing.browser import CHROMIUM, CHROMIUM_ARGS

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def _new_page(chromium, javascript: bool):
    context = chromium.new_context(java_script_enabled=javascript, locale="en-GB",
                                   viewport={"width": 1024, "height": 800})
    context.set_default_timeout(15_000)
    return context, context.new_page()


@pytest.fixture
def page(chromium, live_server):
    """A fresh browser page with JavaScript on. Use `live_server.url` as the base address."""
    context, page = _new_page(chromium, javascript=True)
    yield page
    context.close()


@pytest.fixture
def page_nojs(chromium, live_server):
    """A fresh browser page with JavaScript switched off."""
    context, page = _new_page(chromium, javascript=False)
    yield page
    context.close()


@pytest.fixture
def new_page(chromium, live_server):
    """A factory of independent pages (e.g. two advisers at once)."""
    contexts = []

    def make(javascript: bool = True):
        context, page = _new_page(chromium, javascript)
        contexts.append(context)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(autouse=True)
def _reference_data_after_flush(request):
    """Transactional tests (browser tests with live_server) empty every table when they end,
    including the reference data that migrations loaded. Put it back before each one."""
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        request.getfixturevalue("transactional_db")
        from kinship.web.reference import ensure_reference_data

        ensure_reference_data()
