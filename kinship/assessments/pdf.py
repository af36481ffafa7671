"""The family's written record as a PDF, drawn by WeasyPrint from our own template and the
version's snapshot (so a stored version always redraws the same words).

WeasyPrint gets no base URL and a fetcher that refuses everything: drawing a PDF never makes a
network request, whatever a worker or a child typed.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

PDF_CSS = Path(__file__).with_name("static") / "assessments" / "record-pdf.css"


def _refuse(url: str, *args, **kwargs):
    raise ValueError(f"the written record loads nothing from outside: {url[:80]}")


def record_html(snapshot: dict) -> str:
    return render_to_string(
        "assessments/pdf/record.html",
        {
            "r": snapshot,
            "advice_line": settings.KINSHIP.get("NATIONAL_ADVICE_LINE", ""),
            "service_name": settings.KINSHIP.get("SERVICE_NAME", "Kinship Hub"),
        },
    )


def record_pdf(snapshot: dict) -> bytes:
    from weasyprint import CSS, HTML  # imported here: slow to import and rarely needed

    stylesheet = CSS(string=PDF_CSS.read_text(encoding="utf-8"), url_fetcher=_refuse)
    return HTML(string=record_html(snapshot), url_fetcher=_refuse).write_pdf(
        stylesheets=[stylesheet]
    )
