"""The staff navigation offers exactly the pages a person can open: for every role in every kind
of organisation, each section in STAFF_NAV is listed if and only if opening it answers 200, and
every staff page that takes no argument answers without a server error."""

import itertools

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from kinship.accounts.models import OrganisationKind, Role
from kinship.testing.factories import make_organisation, make_staff
from kinship.web.navigation import STAFF_NAV, _resolve

pytestmark = pytest.mark.django_db


def staff_pages(patterns=None, prefix=""):
    """Every URL under /staff/ that takes no argument (the pages a menu could link to)."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from staff_pages(entry.url_patterns, route)
        elif (
            isinstance(entry, URLPattern)
            and route.startswith("staff/")
            and not any(mark in route for mark in ("<", "(?P", "^", "$"))
        ):
            yield "/" + route


def nav_links(html: str) -> set[str]:
    return {
        url
        for _name, _label, _perm in STAFF_NAV
        if (url := _resolve(_name)) and f'href="{url}"' in html
    }


def test_every_navigation_entry_is_a_staff_page():
    pages = set(staff_pages())
    for name, _label, _perm in STAFF_NAV:
        assert _resolve(name) in pages, name


@pytest.mark.parametrize(
    "role, kind", list(itertools.product(Role.values, OrganisationKind.values))
)
def test_navigation_shows_exactly_what_the_role_can_open(client, role, kind):
    user = make_staff(role, make_organisation(kind))
    client.force_login(user)
    home = client.get("/staff/")
    assert home.status_code == 200
    shown = nav_links(home.content.decode())
    for name, _label, _perm in STAFF_NAV:
        url = _resolve(name)
        status = client.get(url).status_code
        assert status in (200, 403), (url, status)
        assert (url in shown) == (status == 200), (role, kind, url, status)


@pytest.mark.parametrize("role", Role.values)
def test_no_staff_page_fails_for_any_role(client, role):
    client.force_login(make_staff(role))
    for url in staff_pages():
        response = client.get(url)
        assert response.status_code in (200, 302, 403, 404, 405), (role, url, response.status_code)
