"""The site's navigation. Each entry names a URL; entries whose app is not installed yet, or
whose URL does not exist, are skipped, so apps can land in any order."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

PUBLIC_NAV = [
    ("directory:search", _("Find support")),
    ("entitlements:start", _("What can we get?")),
    ("allowances:compare", _("Allowances")),
    ("advice:ask", _("Ask for help")),
]

CASEWORK = {"adviser", "council_worker", "kinship_coordinator", "partner_worker", "org_admin"}

# (url name, label, roles allowed or None for any, organisation kinds allowed or None for any).
# Only a convenience: every page checks permission itself.
STAFF_NAV = [
    ("advice_staff:queue", _("Enquiries"), {"adviser", "org_admin"}, {"national_advice"}),
    ("referrals_staff:inbox", _("Referrals"), CASEWORK, None),
    ("families_staff:list", _("Families"), CASEWORK, None),
    ("directory_staff:services", _("Our services"), CASEWORK, None),
    ("allowances_staff:publications", _("Allowance rates"),
     {"council_worker", "kinship_coordinator", "org_admin"}, {"council_kinship_team"}),
    ("accounts:audit_search", _("Audit trail"), {"org_admin", "platform_admin"}, None),
]


def _resolve(name):
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def public_nav():
    return [{"url": u, "label": label} for name, label in PUBLIC_NAV if (u := _resolve(name))]


def staff_nav(user):
    items = []
    kind = getattr(getattr(user, "organisation", None), "kind", None)
    for name, label, roles, kinds in STAFF_NAV:
        if not user.is_superuser and (
            (roles and user.role not in roles) or (kinds and kind not in kinds)
        ):
            continue
        if url := _resolve(name):
            items.append({"url": url, "label": label})
    return items
