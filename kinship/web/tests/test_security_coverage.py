"""Every /staff/ and /api/ URL pattern that names an object has a generated cross-organisation
check in some app's tests/test_security.py (or is exempt here, with the reason). Adding a page
without one fails this test."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps

from kinship.testing.security import object_patterns

EXEMPT = {
    # Open Referral UK: the public service directory, open data by design (no organisation's
    # private record; writes are not offered).
    "oruk:service": "public open data",
    "oruk:organization": "public open data",
    "oruk:service_at_location": "public open data",
    "oruk:taxonomy": "public open data",
    "oruk:taxonomy_term": "public open data",
    # Guidance articles are the advice service's shared knowledge base, not a family's record
    # or an organisation's private data.
    "advice_staff:article": "shared guidance, no personal data",
    # Insight releases are national, disclosure-controlled aggregates, worked on by analysts of
    # any organisation (by role, with a two-person rule), never one organisation's record; the
    # role refusals are tested in kinship/insights/tests.
    "insights_staff:release": "national aggregates, access by role",
    "insights_staff:approve": "national aggregates, access by role",
    # The national delivery plan is run by platform staff (Scottish Government analysts and
    # administrators, platform administrators), and anonymous feedback is moderated by analysts:
    # no organisation owns these objects, access is by role (delivery/permissions.py), and the
    # role refusals are tested in kinship/delivery/tests/test_staff.py and test_voice.py.
    **{
        f"delivery_staff:{name}": "national plan and anonymous feedback, access by role"
        for name in (
            "commitment",
            "add_milestone",
            "milestone",
            "enter_reading",
            "moderate",
            "decide",
            "theme",
        )
    },
}


def declared_checks() -> dict[str, str]:
    declared = {}
    for config in apps.get_app_configs():
        module = f"{config.name}.tests.test_security"
        if (
            config.name.startswith("kinship.")
            and find_spec(f"{config.name}.tests")
            and find_spec(module)
        ):
            for name in import_module(module).OBJECT_URLS:
                declared[name] = module
    return declared


def test_every_object_url_has_a_cross_organisation_check():
    patterns = object_patterns()
    declared = declared_checks()
    missing = sorted(set(patterns) - set(declared) - set(EXEMPT))
    assert not missing, f"No cross-organisation check for: {missing}"
    stale = sorted((set(declared) | set(EXEMPT)) - set(patterns))
    assert not stale, f"Checks for URL names that no longer exist: {stale}"
