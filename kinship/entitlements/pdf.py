"""The results as a PDF the family can keep, drawn by WeasyPrint from our own template.

WeasyPrint is given no base URL and a fetcher that refuses everything, so drawing a PDF never
makes a network request, whatever ends up in the text.
"""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string

PDF_CSS = Path(__file__).with_name("static") / "entitlements" / "results-pdf.css"


def _refuse(url: str, *args, **kwargs):
    raise ValueError(f"the results PDF loads nothing from outside: {url[:80]}")


def results_html(results) -> str:
    return render_to_string("entitlements/results_pdf.html", {"results": results})


def render_document(html: str):
    from weasyprint import CSS, HTML  # imported here: it is slow to import and rarely needed

    stylesheet = CSS(string=PDF_CSS.read_text(encoding="utf-8"), url_fetcher=_refuse)
    return HTML(string=html, url_fetcher=_refuse).render(stylesheets=[stylesheet])


def document_text(document) -> str:
    """All the text laid out in a rendered document (for tests: the PDF's own text)."""
    parts: list[str] = []

    def walk(box) -> None:
        text = getattr(box, "text", None)
        if isinstance(text, str):
            parts.append(text)
        for child in getattr(box, "children", ()) or ():
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return " ".join(parts)


def results_pdf(results) -> bytes:
    return render_document(results_html(results)).write_pdf()
