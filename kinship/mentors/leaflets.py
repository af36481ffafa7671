"""Outreach leaflets and posters that stay true: PDFs (A4 and A5, English and Gàidhlig) drawn
per council from the product's own data (the council's local offer, its kinship team's
contact, the national advice service's entry in the directory), with a QR code to the
council's page.

They are drawn on request and kept in the shared cache under a fingerprint of exactly the data
drawn (plus the layout's version): when the team's phone, the offer or the advice line changes,
the fingerprint changes and the next request draws a new PDF, so a stale leaflet is never
served. WeasyPrint gets no base URL and a fetcher that refuses everything, like every other PDF
in the product: drawing never makes a network request.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation

from kinship.accounts.models import Organisation, OrganisationKind
from kinship.core.email import absolute_url
from kinship.directory import selectors as directory_selectors
from kinship.directory.models import KindOfSupport, Service, ServiceStatus
from kinship.places.models import Council

KINDS = ("leaflet", "poster")
SIZES = ("A4", "A5")
LANGUAGES = ("en", "gd")
# Bump when the templates change, so cached PDFs drawn by the old layout are not served.
LAYOUT_VERSION = "1"
CACHE_SECONDS = 7 * 24 * 3600
INTRODUCTION_CHARS = 400


@dataclass(frozen=True)
class LeafletData:
    """Everything a leaflet shows that comes from data (its fingerprint is made of this)."""

    council_name: str
    council_slug: str
    team_name: str = ""
    team_phones: tuple[str, ...] = ()
    team_email: str = ""
    introduction: str = ""
    kinds_offered: tuple[str, ...] = ()
    advice_name: str = ""
    advice_phone: str = ""
    page_url: str = ""
    page_url_gd: str = ""


def _team_service(council: Council) -> Service | None:
    return (
        Service.objects.filter(council=council, is_local_offer=True, status=ServiceStatus.ACTIVE)
        .prefetch_related("phones")
        .first()
    )


def _advice_service() -> Service | None:
    return (
        Service.objects.filter(
            organization__account_organisation__kind=OrganisationKind.NATIONAL_ADVICE,
            is_national=True,
            status=ServiceStatus.ACTIVE,
        )
        .prefetch_related("phones")
        .order_by("-is_specialist_kinship_team", "name")
        .first()
    )


def leaflet_data(council: Council) -> LeafletData:
    """Read fresh from the database (not the directory's in-process cache), so the fingerprint
    always describes what is true now."""
    offer = directory_selectors.get_local_offer(council)
    current = offer.current if offer else None
    team = (offer.team if offer and offer.team_id else None) or Organisation.objects.filter(
        kind=OrganisationKind.COUNCIL_KINSHIP_TEAM, home_council=council
    ).order_by("pk").first()
    service = _team_service(council)
    phones = tuple(p.number for p in service.phones.all()) if service else ()
    if not phones and team and team.phone:
        phones = (team.phone,)
    email = (service.email if service else "") or (team.email if team else "")
    team_name = service.name if service else (team.name if team else "")
    kinds = []
    if current:
        for kind in KindOfSupport:
            if (current.by_kind or {}).get(kind.value):
                kinds.append(kind.value)
    introduction = (current.introduction if current else "").strip()
    if len(introduction) > INTRODUCTION_CHARS:
        introduction = introduction[: INTRODUCTION_CHARS - 1].rsplit(" ", 1)[0] + "…"
    advice = _advice_service()
    advice_phone = ""
    if advice is not None:
        numbers = [p.number for p in advice.phones.all()]
        advice_phone = numbers[0] if numbers else ""
    with translation.override("en"):
        page_url = absolute_url("directory:local_offer", council.slug)
    with translation.override("gd"):
        page_url_gd = absolute_url("directory:local_offer", council.slug)
    return LeafletData(
        council_name=council.name,
        council_slug=council.slug,
        team_name=team_name,
        team_phones=phones,
        team_email=email,
        introduction=introduction,
        kinds_offered=tuple(kinds),
        advice_name=advice.name if advice else "",
        advice_phone=advice_phone or settings.KINSHIP["NATIONAL_ADVICE_LINE"],
        page_url=page_url,
        page_url_gd=page_url_gd,
    )


def fingerprint(data: LeafletData, kind: str, size: str, language: str) -> str:
    payload = {
        "data": asdict(data),
        "kind": kind,
        "size": size,
        "language": language,
        "layout": LAYOUT_VERSION,
        "draft": translation_is_draft(language),
    }
    encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(encoded).hexdigest()


def translation_is_draft(language: str) -> bool:
    """The same rule as the site's banner (web.context_processors, which apps do not import):
    a language other than English is a draft until TRANSLATION_REVIEWS signs it off."""
    if language == settings.LANGUAGE_CODE:
        return False
    review = settings.TRANSLATION_REVIEWS.get(language) or {}
    return not (review.get("reviewer") and review.get("date"))


def qr_svg(url: str) -> str:
    import segno

    return segno.make(url, error="m").svg_inline(scale=4, border=2, omitsize=True)


def _refuse(url: str, *args, **kwargs):
    raise ValueError(f"a leaflet loads nothing from outside: {url[:80]}")


def leaflet_html(data: LeafletData, kind: str, size: str, language: str) -> str:
    url = data.page_url_gd if language == "gd" else data.page_url
    with translation.override(language):
        kind_labels = [str(KindOfSupport(k).label) for k in data.kinds_offered]
        return render_to_string(
            f"mentors/leaflets/{kind}.html",
            {
                "d": data,
                "kind": kind,
                "size": size,
                "language": language,
                "url": url,
                "qr": qr_svg(url),
                "kind_labels": kind_labels,
                "draft": translation_is_draft(language),
                "service_name": settings.KINSHIP["SERVICE_NAME"],
            },
        )


def draw(data: LeafletData, kind: str, size: str, language: str) -> bytes:
    from weasyprint import HTML  # imported here: slow to import and rarely needed

    html = leaflet_html(data, kind, size, language)
    return HTML(string=html, url_fetcher=_refuse).write_pdf()


def leaflet_pdf(council: Council, kind: str, size: str, language: str) -> tuple[bytes, str]:
    """The PDF and its fingerprint (the response's ETag). Drawn at most once per version of
    the data: kept in the shared cache under the fingerprint."""
    if kind not in KINDS or size not in SIZES or language not in LANGUAGES:
        raise ValueError("no such leaflet")
    data = leaflet_data(council)
    key = fingerprint(data, kind, size, language)
    cache_key = f"mentors:leaflet:{key}"
    pdf = cache.get(cache_key)
    if pdf is None:
        pdf = draw(data, kind, size, language)
        cache.set(cache_key, pdf, CACHE_SECONDS)
    return pdf, key


def filename(council: Council, kind: str, size: str, language: str) -> str:
    return f"{council.slug}-{kind}-{size.lower()}-{language}.pdf"
