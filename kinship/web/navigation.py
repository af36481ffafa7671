"""The site's navigation. Each entry names a URL; entries whose app is not installed yet, or
whose URL does not exist, are skipped, so apps can land in any order."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

PUBLIC_NAV = [
    ("directory:search", _("Find support")),
    ("entitlements:start", _("What can we get?")),
    ("allowances:compare", _("Allowances")),
    ("advice:ask", _("Ask for help")),
    ("assessments:ask", _("Family assessment")),
]

# Public pages that are not a family's task: in the footer, so a phone's header stays short.
FOOTER_NAV = [
    ("voice:start", _("Have your say")),
    ("delivery:index", _("Delivery plan")),
    ("insights:index", _("Figures")),
    ("practice:index", _("Learning and events")),
    ("mentors:professionals", _("For professionals")),
    ("dataprotection:retention", _("How long we keep records")),
]

# (url name, label, permission). The permission is the one the page itself checks (declared in
# the app's permissions.py), so the navigation offers exactly the pages a person can open.
STAFF_NAV = [
    ("advice_staff:queue", _("Enquiries"), "advice.use_console"),
    ("referrals_staff:inbox", _("Referrals"), "referrals.work_on_referrals"),
    ("assessments_staff:queue", _("Assessments"), "assessments.assess"),
    ("families_staff:list", _("Families"), "families.open_records"),
    ("directory_staff:services", _("Our services"), "directory.edit_own_services"),
    ("allowances_staff:publications", _("Allowance rates"), "allowances.publish"),
    ("onboarding:organisations", _("Organisations"), "onboarding.manage_organisations"),
    ("onboarding:team", _("Our staff"), "onboarding.manage_staff"),
    ("insights_staff:releases", _("Insight releases"), "insights.prepare_release"),
    ("delivery_staff:plan", _("Delivery plan"), "delivery.edit_plan"),
    ("delivery_staff:responses", _("Have your say"), "delivery.moderate_feedback"),
    ("accounts:audit_search", _("Audit trail"), "accounts.search_audit"),
    ("caseload_staff:caseload", _("Caseload"), "caseload.view_caseload"),
    ("directory_staff:feeds", _("Partner feeds"), "directory.manage_feeds"),
    ("practice_staff:hub", _("Practice hub"), "practice.use_hub"),
    ("practice_staff:guidance", _("Guidance editing"), "practice.edit_guidance"),
    ("mentors_staff:scheme", _("Mentoring scheme"), "mentors.coordinate"),
    ("mentors_staff:mine", _("My families"), "mentors.mentor"),
    ("dataprotection_staff:overview", _("Data protection"), "dataprotection.manage_retention"),
]


def _resolve(name):
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def public_nav():
    return [{"url": u, "label": label} for name, label in PUBLIC_NAV if (u := _resolve(name))]


def footer_nav():
    return [{"url": u, "label": label} for name, label in FOOTER_NAV if (u := _resolve(name))]


def staff_nav(user):
    return [{"url": url, "label": label} for name, label, perm in STAFF_NAV
            if user.has_perm(perm) and (url := _resolve(name))]
