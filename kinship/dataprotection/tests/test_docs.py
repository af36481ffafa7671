"""docs/data-protection.md lists every field of every model holding personal data, and every
model linking to a family, carer or child has a section: a new field or model fails here until
it is documented."""

import re
from pathlib import Path

from django.apps import apps
from django.conf import settings

from kinship.families.models import Carer, Child, Household

DOC = Path(settings.BASE_DIR) / "docs" / "data-protection.md"
PERSONAL = {
    "accounts.User",
    "audit.AuditEvent",
    "delivery.Response",
    "families.Household",
    "families.ConsentChange",
    "advice.AdviceNote",
    "advice.Callback",
    "referrals.ReferralEvent",
    "referrals.WebhookDelivery",
    "assessments.AgreedAction",
    "assessments.RecordVersion",
    "dataprotection.Anonymisation",
    "mentors.MatchContact",
    "mentors.ProfessionalReferral",
    "practice.SignUp",
}


def sections() -> dict[str, str]:
    text = DOC.read_text(encoding="utf-8")
    parts = re.split(r"^### `([a-z]+\.[A-Za-z]+)`\s*$", text, flags=re.M)
    return {parts[i]: parts[i + 1].split("\n## ")[0] for i in range(1, len(parts), 2)}


def personal_models() -> set[str]:
    found = set(PERSONAL)
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model in (Household, Carer, Child):
                found.add(model._meta.label)
    return found


def test_every_model_with_personal_data_has_a_section():
    missing = personal_models() - set(sections())
    assert not missing, f"document these models in docs/data-protection.md: {sorted(missing)}"


def test_every_field_is_listed():
    docs = sections()
    missing = {}
    for label in personal_models():
        model = apps.get_model(label)
        names = [f.name for f in model._meta.concrete_fields + model._meta.many_to_many]
        absent = [n for n in names if f"`{n}`" not in docs.get(label, "")]
        if absent:
            missing[label] = absent
    assert not missing, f"fields not in docs/data-protection.md: {missing}"


def test_every_app_with_an_anonymiser_is_in_the_job_and_the_docs():
    from kinship.dataprotection import retention_schedule as schedule

    text = DOC.read_text(encoding="utf-8")
    assert "Not yet in the retention job" not in text
    base = Path(settings.BASE_DIR) / "kinship"
    apps_with_anonymiser = sorted(p.parent.name for p in base.glob("*/retention.py"))
    for app in apps_with_anonymiser:
        assert f"`{app}/retention.py`" in text, app
    covered = {label for rule in schedule.RULES for label in rule.models}
    for label in covered:
        apps.get_model(label)  # every model a rule names exists
    for label in PERSONAL - {"accounts.User", "dataprotection.Anonymisation"}:
        assert label in covered, f"{label} is in no retention rule"
