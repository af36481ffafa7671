"""Generated cross-organisation checks (issue 11): every /staff/ and /api/ URL pattern that
names an object is tried, as each role of other organisations and as someone signed out, with
an object belonging to an organisation they do not work with.

Each app's `tests/test_security.py` declares `OBJECT_URLS`: for each of its URL names, how to
fill the URL's arguments from a victim's objects. `kinship/web/tests/test_security_coverage.py`
fails if a pattern under /staff/ or /api/ with arguments is declared by no app (or exempt with a
reason), so a new page cannot be added without an object-level check.
"""

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from kinship.accounts.models import Role
from kinship.audit.models import AuditAction, AuditEvent

from .factories import make_staff

PROTECTED_PREFIXES = ("/staff/", "/api/")
ALL_ROLES = tuple(Role.values)


def object_patterns() -> dict[str, str]:
    """{url name: route} for every pattern under /staff/ or /api/ that takes arguments."""
    found = {}

    def walk(patterns, prefix, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{namespace}:{p.namespace}".strip(":") if p.namespace else namespace
                walk(p.url_patterns, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern) and p.pattern.regex.groupindex:
                route = prefix + str(p.pattern)
                if route.startswith(PROTECTED_PREFIXES):
                    found[f"{namespace}:{p.name}".strip(":")] = route

    walk(get_resolver().url_patterns, "/", "")
    return found


def outsiders() -> list:
    """Staff in every role, each in an organisation of its own (none the victim's)."""
    return [make_staff(role) for role in ALL_ROLES]


def check_refused(client, user, url: str, *, personal: list[str], method: str = "get"):
    """The outsider gets 403/404 (or, signed out, the sign-in page / 401), never personal
    data, and a signed-in refusal leaves an audit row. A 405 (the page does not take that
    method at all, whoever asks) says nothing about the object and is allowed. Returns the
    status."""
    if user is None:
        client.logout()
    else:
        client.force_login(user)
    before = AuditEvent.objects.filter(action=AuditAction.DENIED).count()
    response = getattr(client, method)(url)
    body = response.content.decode(errors="replace")
    who = getattr(user, "role", "anonymous")
    if user is None:
        assert response.status_code in (302, 401, 403, 404, 405), (
            url,
            method,
            who,
            response.status_code,
        )
        if response.status_code == 302:
            assert "/login/" in response["Location"], (url, response["Location"])
    elif response.status_code != 405:
        assert response.status_code in (401, 403, 404), (url, method, who, response.status_code)
        assert AuditEvent.objects.filter(action=AuditAction.DENIED).count() > before, (
            url,
            method,
            who,
            "refusal not audited",
        )
    for text in personal:
        assert text not in body, (url, method, who, text)
    return response.status_code


def check_all_refused(
    client, url: str, *, personal: list[str], cross_organisation_roles: tuple[str, ...] = ()
) -> None:
    """Every role of other organisations and a signed-out visitor, with GET and POST; at least
    one of the two methods must reach the object-level check (403/404).

    `cross_organisation_roles`: roles whose job is this object across organisations (the
    platform administrator curating shared reference data), declared by the app with why."""
    for user in [*outsiders(), None]:
        if user is not None and user.role in cross_organisation_roles:
            continue
        codes = {
            check_refused(client, user, url, personal=personal, method=m) for m in ("get", "post")
        }
        assert codes != {405}, (url, "no method reaches an object-level check")


def url_for(name: str, kwargs: dict) -> str:
    return reverse(name, kwargs=kwargs)
