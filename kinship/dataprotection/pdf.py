"""The access export as a PDF, drawn by WeasyPrint (as the assessments' written record) from
our own template. No base URL and a fetcher that refuses everything: drawing never makes a
network request, whatever anyone typed."""

from __future__ import annotations

import json

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

SECTIONS = [
    ("family", _("The family")),
    ("carers", _("Carers")),
    ("children", _("Children")),
    ("held_by", _("Organisations holding the record")),
    ("consents", _("Consents and their history")),
    ("enquiries", _("Enquiries")),
    ("referrals", _("Referrals and their history")),
    ("assessment_requests", _("Assessment requests")),
    ("assessments", _("Assessments and written records")),
    ("caseload", _("Caseload: who held the family, the team around it, planned orders, moves")),
    ("mentoring", _("Mentoring requests, matches and contacts")),
    ("legal_holds", _("Legal holds")),
    ("requests", _("Requests under data protection law")),
    ("access_log", _("Who viewed or changed these records, and when")),
]


def _text(value) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, indent=1)
    return str(value)


def sections(data: dict) -> list[dict]:
    """[{title, items: [[(field, text), ...], ...]}]: every field of every record, as text."""
    out = []
    for key, title in SECTIONS:
        value = data.get(key)
        records = value if isinstance(value, list) else [value or {}]
        items = [[(name, _text(v)) for name, v in rec.items()] for rec in records]
        out.append({"title": title, "items": items})
    return out


def _refuse(url: str, *args, **kwargs):
    raise ValueError(f"the export loads nothing from outside: {url[:80]}")


def export_html(data: dict) -> str:
    return render_to_string(
        "dataprotection/export_pdf.html", {"d": data, "sections": sections(data)}
    )


def export_pdf(data: dict) -> bytes:
    from weasyprint import HTML  # imported here: slow to import and rarely needed

    return HTML(string=export_html(data), url_fetcher=_refuse).write_pdf()
