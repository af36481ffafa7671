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

# (url name, label, roles allowed or None for every staff role)
STAFF_NAV = [
    ("advice_staff:queue", _("Enquiries"), None),
    ("referrals_staff:inbox", _("Referrals"), None),
    ("families_staff:list", _("Families"), None),
    ("directory_staff:services", _("Our services"), None),
    ("allowances_staff:publications", _("Allowance rates"), None),
    ("accounts:audit_search", _("Audit trail"), {"org_admin", "platform_admin"}),
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
    for name, label, roles in STAFF_NAV:
        if roles and not (user.is_superuser or user.role in roles):
            continue
        if url := _resolve(name):
            items.append({"url": url, "label": label})
    return items
